import {
  DATASET_FIRST_WEEK,
  DATASET_PROJECTS,
  DATASET_WEEKS,
  type DatasetProject,
  ENTRY_NOTES,
} from './dataset-spec.ts';
import { SeededRandom } from './seeded-random.ts';

/** One planned block of time: who, on which project and task, when, how long. */
export interface PlannedEntry {
  readonly person: string;
  readonly project: string;
  readonly task: string;
  readonly workDate: string;
  readonly minutes: number;
  readonly billable: boolean;
  readonly note: string;
}

/** One planned expense (re-billable travel on projects with travel). */
export interface PlannedExpense {
  readonly person: string;
  readonly project: string;
  readonly incurredOn: string;
  readonly category: 'travel' | 'lodging' | 'meals';
  readonly amountMinor: number;
  readonly description: string;
}

export interface TimePlan {
  readonly weeks: readonly string[];
  readonly entries: readonly PlannedEntry[];
  readonly expenses: readonly PlannedExpense[];
}

const QUARTER_HOUR = 15;

/**
 * The thirteen weeks of time and expenses of the dataset, from the seed alone: each person
 * works most weekdays (a day off now and then), 7 to 8.5 hours split across their projects by
 * allocation in quarter hours, on a task of the project; about one entry in twelve is internal,
 * non-billable work. People on travelling projects file a few re-billable expenses.
 */
export function planTime(seed: number, projects: readonly DatasetProject[] = DATASET_PROJECTS): TimePlan {
  const random = new SeededRandom(seed);
  const weeks = Array.from({ length: DATASET_WEEKS }, (_, i) => addDays(DATASET_FIRST_WEEK, 7 * i));
  const people = [...new Set(projects.flatMap((project) => Object.keys(project.staffing)))].sort();
  const entries: PlannedEntry[] = [];
  const expenses: PlannedExpense[] = [];
  for (const week of weeks) {
    for (const person of people) {
      const mine = projects.filter((project) => (project.staffing[person] ?? 0) > 0);
      const total = mine.reduce((sum, project) => sum + (project.staffing[person] ?? 0), 0);
      for (let day = 0; day < 5; day += 1) {
        const workDate = addDays(week, day);
        if (random.chance(0.06)) continue; // a day off
        const worked = random.between(28, 34) * QUARTER_HOUR; // 7h to 8.5h
        for (const project of mine) {
          const share = (project.staffing[person] ?? 0) / Math.max(total, 100);
          const minutes = Math.round((worked * share) / QUARTER_HOUR) * QUARTER_HOUR;
          if (minutes < 2 * QUARTER_HOUR) continue;
          const task = random.pick(project.tasks);
          const internal = random.chance(1 / 12);
          entries.push({
            person,
            project: project.code,
            task,
            workDate,
            minutes,
            billable: !internal,
            note: internal
              ? 'Internal review and knowledge sharing'
              : random.pick(ENTRY_NOTES[task] ?? ENTRY_NOTES.default ?? []),
          });
        }
      }
      for (const project of mine.filter((p) => p.travel)) {
        if (!random.chance(0.3)) continue;
        const incurredOn = addDays(week, random.between(0, 3));
        expenses.push({
          person,
          project: project.code,
          incurredOn,
          category: 'travel',
          amountMinor: random.between(80, 450) * 100,
          description: 'Return train to the client site',
        });
        expenses.push({
          person,
          project: project.code,
          incurredOn,
          category: 'lodging',
          amountMinor: random.between(120, 260) * 100,
          description: 'Hotel, one night near the client site',
        });
        if (random.chance(0.5))
          expenses.push({
            person,
            project: project.code,
            incurredOn,
            category: 'meals',
            amountMinor: random.between(20, 60) * 100,
            description: 'Working dinner',
          });
      }
    }
  }
  return { weeks, entries, expenses };
}

/** `date` (YYYY-MM-DD) plus `days`, in UTC. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
