import type { ApprovalStepInput } from '../../modules/timesheets/index.ts';

/**
 * The time of the reference world, per firm (SCENARIO.md people and clients): the projects booked
 * on (rows until the projects module seeds its own), who leads which practice, which contracts the
 * client approves and who approves for the client, the staffing, the approval chain, closed months
 * and weeks of time in every state.
 */

export interface WeekSpec {
  readonly key: string;
  readonly person: string;
  readonly weekStartsOn: string;
  readonly entries: readonly {
    readonly project: string;
    readonly task?: string;
    readonly date: string;
    readonly minutes: number;
    readonly note: string;
  }[];
  readonly submit?: boolean;
  /** Booked by another person's import (a person without a sign-in of their own). */
  readonly importedBy?: string;
  /** Decisions after submitting: the step of a project, decided by a person (key). */
  readonly decisions?: readonly {
    readonly project: string;
    readonly approver: 'project_manager' | 'practice_lead' | 'client';
    readonly by: string;
    readonly reject?: string;
  }[];
}

export interface TimeSpec {
  readonly projects: readonly {
    readonly key: string;
    readonly code: string;
    readonly name: string;
    readonly contract: string;
    readonly practice: string;
    readonly portfolio: string | null;
    readonly manager: string;
    readonly tasks: readonly { readonly name: string; readonly billable: boolean }[];
  }[];
  readonly leads: readonly { readonly practice: string; readonly person: string }[];
  /** Contracts whose client approves the time. */
  readonly clientApproval: readonly string[];
  /** Client contacts (by key) linked to a client approver persona's membership. */
  readonly approvers: readonly { readonly contact: string; readonly persona: string }[];
  readonly assignments: readonly { readonly person: string; readonly project: string }[];
  readonly chain: readonly ApprovalStepInput[];
  readonly closedMonths: readonly string[];
  readonly weeks: readonly WeekSpec[];
}

const CHAIN: readonly ApprovalStepInput[] = [
  { approver: 'project_manager' },
  { approver: 'practice_lead', condition: 'week_over_threshold', thresholdMinutes: 2400 },
  { approver: 'client', condition: 'contract_requires_client' },
];

/** Per tenant slug (Osprey has no people yet, so no time). */
export const WORLD_TIME: Readonly<Record<string, TimeSpec>> = Object.freeze({
  'brightpath-consulting': {
    projects: [
      {
        key: 'globex',
        code: 'TIME-GLOBEX',
        name: 'Globex pricing review',
        contract: 'globex',
        practice: 'pricing',
        portfolio: 'growth',
        manager: 'omar',
        tasks: [{ name: 'Discovery', billable: true }],
      },
      {
        key: 'initech',
        code: 'TIME-INITECH',
        name: 'Initech cloud migration',
        contract: 'initech',
        practice: 'cloud',
        portfolio: 'run',
        manager: 'priya',
        tasks: [{ name: 'Migration', billable: true }],
      },
    ],
    leads: [{ practice: 'strategy', person: 'elena' }],
    clientApproval: ['globex'],
    approvers: [
      { contact: 'globex', persona: 'ava' },
      { contact: 'initech', persona: 'ben' },
    ],
    assignments: [
      { person: 'jin', project: 'globex' },
      { person: 'jin', project: 'initech' },
      { person: 'elena', project: 'globex' },
      { person: 'lee', project: 'initech' },
      { person: 'omar', project: 'globex' },
    ],
    chain: CHAIN,
    closedMonths: ['2026-01'],
    weeks: [
      {
        key: 'jin-feb',
        person: 'jin',
        weekStartsOn: '2026-02-23',
        entries: [
          {
            project: 'initech',
            task: 'Migration',
            date: '2026-02-24',
            minutes: 420,
            note: 'Cutover rehearsal',
          },
        ],
        submit: true,
        decisions: [{ project: 'initech', approver: 'project_manager', by: 'priya' }],
      },
      {
        key: 'jin-march',
        person: 'jin',
        weekStartsOn: '2026-03-02',
        entries: [
          {
            project: 'globex',
            task: 'Discovery',
            date: '2026-03-03',
            minutes: 240,
            note: 'Pricing interviews',
          },
          { project: 'initech', date: '2026-03-04', minutes: 300, note: 'Landing zone review' },
        ],
        submit: true,
      },
      {
        key: 'elena-march',
        person: 'elena',
        weekStartsOn: '2026-03-02',
        entries: [{ project: 'globex', date: '2026-03-05', minutes: 360, note: 'Steering committee' }],
        submit: true,
        decisions: [
          {
            project: 'globex',
            approver: 'project_manager',
            by: 'omar',
            reject: 'Book the workshop on its task',
          },
        ],
      },
      {
        key: 'lee-march',
        person: 'lee',
        importedBy: 'priya',
        weekStartsOn: '2026-03-02',
        entries: [{ project: 'initech', date: '2026-03-06', minutes: 180, note: 'Data mapping' }],
      },
    ],
  },
  'kestrel-it-services': {
    projects: [
      {
        key: 'stark',
        code: 'TIME-STARK',
        name: 'Stark warehouse rollout',
        contract: 'stark',
        practice: 'projects',
        portfolio: null,
        manager: 'rachel',
        tasks: [],
      },
    ],
    leads: [],
    clientApproval: [],
    approvers: [],
    assignments: [{ person: 'jin', project: 'stark' }],
    chain: [{ approver: 'project_manager' }],
    closedMonths: [],
    weeks: [
      {
        key: 'jin-march',
        person: 'jin',
        weekStartsOn: '2026-03-02',
        entries: [{ project: 'stark', date: '2026-03-03', minutes: 480, note: 'Scanner rollout' }],
        submit: true,
      },
    ],
  },
  'halden-partners': {
    projects: [
      {
        key: 'fjordkraft',
        code: 'TIME-FJORD',
        name: 'Fjordkraft arbitration',
        contract: 'fjordkraft',
        practice: 'litigation',
        portfolio: 'disputes',
        manager: 'kari',
        tasks: [{ name: 'Hearing', billable: true }],
      },
    ],
    leads: [],
    clientApproval: ['fjordkraft'],
    approvers: [],
    assignments: [{ person: 'kari', project: 'fjordkraft' }],
    chain: CHAIN,
    closedMonths: [],
    weeks: [
      {
        key: 'kari-march',
        person: 'kari',
        weekStartsOn: '2026-03-02',
        entries: [
          {
            project: 'fjordkraft',
            task: 'Hearing',
            date: '2026-03-04',
            minutes: 450,
            note: 'Hearing preparation',
          },
        ],
      },
    ],
  },
});
