import type { Milestone, Project } from '../api-types.ts';

const PROJECT: Record<Project['status'], { text: string; tone: string }> = {
  planned: { text: 'Planned', tone: 'badge' },
  active: { text: 'Active', tone: 'badge badge-ok' },
  on_hold: { text: 'On hold', tone: 'badge badge-warn' },
  completed: { text: 'Completed', tone: 'badge' },
  cancelled: { text: 'Cancelled', tone: 'badge badge-danger' },
};

const MILESTONE: Record<Milestone['status'], { text: string; tone: string }> = {
  planned: { text: 'Planned', tone: 'badge' },
  ready: { text: 'Ready for the client', tone: 'badge badge-warn' },
  accepted: { text: 'Accepted', tone: 'badge badge-ok' },
  rejected: { text: 'Rejected', tone: 'badge badge-danger' },
};

/** A project's status as a labelled badge. */
export function ProjectStatus({ status }: { status: Project['status'] }) {
  const label = PROJECT[status] ?? { text: status, tone: 'badge' };
  return <span className={label.tone}>{label.text}</span>;
}

/** A milestone's status as a labelled badge. */
export function MilestoneStatus({ status }: { status: Milestone['status'] }) {
  const label = MILESTONE[status] ?? { text: status, tone: 'badge' };
  return <span className={label.tone}>{label.text}</span>;
}

export const PROJECT_STATUSES = Object.keys(PROJECT) as Project['status'][];
export const projectStatusText = (status: Project['status']) => PROJECT[status]?.text ?? status;
