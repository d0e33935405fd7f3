/**
 * The demo's professional-services dataset for Brightpath Consulting, on top of the reference
 * world (SCENARIO.md): more people in both legal entities, clients, a contract of each billing
 * model, projects with tasks and milestones, staffing, and thirteen weeks of time and expenses.
 * Keys of the world (legal entities `inc`/`ltd`, regions, practices, portfolios, people such as
 * `omar`) are used as they are there. Money is in minor units of the contract's currency.
 */

export const DATASET_TENANT = 'brightpath-consulting';
export const DATASET_SEED = 20261130;

/** The Mondays of the thirteen weeks of time; the last one is submitted and awaits approval. */
export const DATASET_FIRST_WEEK = '2026-08-31';
export const DATASET_WEEKS = 13;

export interface DatasetPerson {
  readonly key: string;
  readonly name: string;
  readonly kind: 'employee' | 'subcontractor';
  readonly legalEntity: 'inc' | 'ltd';
  readonly practice: string;
  readonly role: string;
  readonly skills: readonly string[];
  readonly supplier?: string;
  /** Hourly cost in minor units of the entity's currency (USD for inc, GBP for ltd). */
  readonly hourlyCostMinor: number;
}

export const DATASET_PEOPLE: readonly DatasetPerson[] = [
  {
    key: 'ana',
    name: 'Ana Lima',
    kind: 'employee',
    legalEntity: 'inc',
    practice: 'pricing',
    role: 'senior-consultant',
    skills: ['pricing', 'analytics'],
    hourlyCostMinor: 7200,
  },
  {
    key: 'bruno',
    name: 'Bruno Costa',
    kind: 'employee',
    legalEntity: 'inc',
    practice: 'strategy',
    role: 'manager',
    skills: ['strategy', 'go-to-market'],
    hourlyCostMinor: 9000,
  },
  {
    key: 'chloe',
    name: 'Chloe Martin',
    kind: 'employee',
    legalEntity: 'ltd',
    practice: 'strategy',
    role: 'consultant',
    skills: ['research', 'strategy'],
    hourlyCostMinor: 5200,
  },
  {
    key: 'dev',
    name: 'Dev Patel',
    kind: 'employee',
    legalEntity: 'ltd',
    practice: 'data',
    role: 'senior-consultant',
    skills: ['data-engineering', 'sql'],
    hourlyCostMinor: 6400,
  },
  {
    key: 'felix',
    name: 'Felix Wagner',
    kind: 'subcontractor',
    legalEntity: 'ltd',
    practice: 'cloud',
    role: 'senior-consultant',
    skills: ['kubernetes', 'aws'],
    supplier: 'Northwind Contracting Ltd',
    hourlyCostMinor: 8000,
  },
  {
    key: 'grace',
    name: 'Grace Okafor',
    kind: 'subcontractor',
    legalEntity: 'inc',
    practice: 'data',
    role: 'consultant',
    skills: ['machine-learning', 'python'],
    supplier: 'Contoso Talent Inc.',
    hourlyCostMinor: 7800,
  },
  {
    key: 'hugo',
    name: 'Hugo Laurent',
    kind: 'employee',
    legalEntity: 'inc',
    practice: 'strategy',
    role: 'consultant',
    skills: ['market-sizing'],
    hourlyCostMinor: 5600,
  },
  {
    key: 'ivy',
    name: 'Ivy Chen',
    kind: 'employee',
    legalEntity: 'inc',
    practice: 'pricing',
    role: 'analyst',
    skills: ['excel', 'pricing'],
    hourlyCostMinor: 4200,
  },
  {
    key: 'kai',
    name: 'Kai Nakamura',
    kind: 'employee',
    legalEntity: 'inc',
    practice: 'cloud',
    role: 'consultant',
    skills: ['azure', 'terraform'],
    hourlyCostMinor: 6000,
  },
  {
    key: 'mia',
    name: 'Mia Johansson',
    kind: 'employee',
    legalEntity: 'inc',
    practice: 'data',
    role: 'analyst',
    skills: ['dashboards', 'sql'],
    hourlyCostMinor: 4500,
  },
  {
    key: 'nina',
    name: 'Nina Kowalski',
    kind: 'employee',
    legalEntity: 'ltd',
    practice: 'cloud',
    role: 'senior-consultant',
    skills: ['migration', 'gcp'],
    hourlyCostMinor: 6100,
  },
];

export interface DatasetClient {
  readonly key: string;
  readonly name: string;
  readonly legalEntity: 'inc' | 'ltd';
  readonly region: string;
  readonly contact: { readonly name: string; readonly title: string; readonly email: string };
}

export const DATASET_CLIENTS: readonly DatasetClient[] = [
  {
    key: 'acme',
    name: 'Acme Corporation',
    legalEntity: 'inc',
    region: 'us',
    contact: { name: 'Wile Evans', title: 'VP Commercial', email: 'wile.evans@acme.example' },
  },
  {
    key: 'soylent',
    name: 'Soylent Foods',
    legalEntity: 'ltd',
    region: 'uk-eu',
    contact: { name: 'Harriet Moss', title: 'Head of Data', email: 'harriet.moss@soylent.example' },
  },
  {
    key: 'wonka',
    name: 'Wonka Industries',
    legalEntity: 'inc',
    region: 'us',
    contact: {
      name: 'Charles Bucket',
      title: 'Chief Strategy Officer',
      email: 'charles.bucket@wonka.example',
    },
  },
  {
    key: 'tyrell',
    name: 'Tyrell Systems',
    legalEntity: 'ltd',
    region: 'uk-eu',
    contact: { name: 'Rachael Tate', title: 'IT Operations Director', email: 'rachael.tate@tyrell.example' },
  },
];

/** Bill rates by role, per hour, in minor units. */
export type RoleRates = Readonly<Record<string, number>>;

const USD_RATES: RoleRates = {
  partner: 45000,
  manager: 32500,
  'senior-consultant': 25000,
  consultant: 19000,
  analyst: 14000,
};
const GBP_RATES: RoleRates = {
  partner: 38000,
  manager: 27000,
  'senior-consultant': 21000,
  consultant: 16000,
  analyst: 12000,
};

export interface DatasetContract {
  readonly key: string;
  readonly name: string;
  /** A client of this dataset, or one of the world (`globex`). */
  readonly client: string;
  readonly legalEntity: 'inc' | 'ltd';
  readonly practice: string;
  readonly currency: 'USD' | 'GBP';
  readonly billingModel: 'time_and_materials' | 'fixed_fee' | 'retainer' | 'subscription';
  readonly startsOn: string;
  readonly endsOn: string;
  readonly capMinor?: number;
  readonly clientApprovalRequired?: boolean;
  readonly rates?: RoleRates;
}

export const DATASET_CONTRACTS: readonly DatasetContract[] = [
  {
    key: 'acme-pricing',
    name: 'Acme pricing transformation',
    client: 'acme',
    legalEntity: 'inc',
    practice: 'pricing',
    currency: 'USD',
    billingModel: 'time_and_materials',
    startsOn: '2026-07-01',
    endsOn: '2027-06-30',
    capMinor: 45_000_000,
    rates: USD_RATES,
  },
  {
    key: 'soylent-data',
    name: 'Soylent data platform',
    client: 'soylent',
    legalEntity: 'ltd',
    practice: 'data',
    currency: 'GBP',
    billingModel: 'time_and_materials',
    startsOn: '2026-07-01',
    endsOn: '2027-03-31',
    clientApprovalRequired: true,
    rates: GBP_RATES,
  },
  {
    key: 'wonka-gtm',
    name: 'Wonka go-to-market strategy',
    client: 'wonka',
    legalEntity: 'inc',
    practice: 'strategy',
    currency: 'USD',
    billingModel: 'fixed_fee',
    startsOn: '2026-08-15',
    endsOn: '2027-01-31',
  },
  {
    key: 'tyrell-run',
    name: 'Tyrell cloud operations retainer',
    client: 'tyrell',
    legalEntity: 'ltd',
    practice: 'cloud',
    currency: 'GBP',
    billingModel: 'retainer',
    startsOn: '2026-06-01',
    endsOn: '2027-05-31',
    rates: GBP_RATES,
  },
  {
    key: 'acme-analytics',
    name: 'Acme managed analytics',
    client: 'acme',
    legalEntity: 'inc',
    practice: 'data',
    currency: 'USD',
    billingModel: 'subscription',
    startsOn: '2026-07-01',
    endsOn: '2027-06-30',
  },
  {
    key: 'globex-migration',
    name: 'Globex cloud migration',
    client: 'globex',
    legalEntity: 'inc',
    practice: 'cloud',
    currency: 'USD',
    billingModel: 'time_and_materials',
    startsOn: '2026-08-01',
    endsOn: '2027-02-28',
    rates: USD_RATES,
  },
];

export interface DatasetProject {
  readonly code: string;
  readonly name: string;
  readonly contract: string;
  readonly practice: string;
  readonly portfolio: 'growth' | 'run';
  /** A person of the world who signs in (their membership decides the seeded approvals). */
  readonly manager: 'omar' | 'elena' | 'priya';
  readonly budgetHours: number;
  readonly tasks: readonly string[];
  /** Fixed-fee milestones: amount in minor units, due date, state. */
  readonly milestones?: readonly {
    name: string;
    amountMinor: number;
    dueOn: string;
    state: 'planned' | 'ready' | 'accepted';
  }[];
  /** Who works on it: person key → allocation percent. */
  readonly staffing: Readonly<Record<string, number>>;
  /** Whether people on it travel (re-billable expenses). */
  readonly travel: boolean;
}

export const DATASET_PROJECTS: readonly DatasetProject[] = [
  {
    code: 'ACME-PRC',
    name: 'Acme pricing transformation',
    contract: 'acme-pricing',
    practice: 'pricing',
    portfolio: 'growth',
    manager: 'omar',
    budgetHours: 3200,
    tasks: ['Discovery', 'Price architecture', 'Rollout support'],
    staffing: { omar: 30, ana: 80, bruno: 30, ivy: 100 },
    travel: false,
  },
  {
    code: 'SOY-DATA',
    name: 'Soylent data platform build',
    contract: 'soylent-data',
    practice: 'data',
    portfolio: 'growth',
    manager: 'elena',
    budgetHours: 4000,
    tasks: ['Ingestion', 'Modelling', 'Dashboards'],
    staffing: { dev: 80, chloe: 30, grace: 100, lee: 50 },
    travel: true,
  },
  {
    code: 'WNK-GTM',
    name: 'Wonka go-to-market strategy',
    contract: 'wonka-gtm',
    practice: 'strategy',
    portfolio: 'growth',
    manager: 'elena',
    budgetHours: 1800,
    tasks: ['Market sizing', 'Segmentation', 'Launch plan'],
    milestones: [
      { name: 'Market assessment', amountMinor: 6_000_000, dueOn: '2026-09-30', state: 'accepted' },
      { name: 'Segmentation and positioning', amountMinor: 9_000_000, dueOn: '2026-11-15', state: 'ready' },
      { name: 'Launch plan', amountMinor: 5_000_000, dueOn: '2027-01-15', state: 'planned' },
    ],
    staffing: { elena: 20, bruno: 60, chloe: 60, hugo: 90 },
    travel: false,
  },
  {
    code: 'TYR-RUN',
    name: 'Tyrell cloud operations',
    contract: 'tyrell-run',
    practice: 'cloud',
    portfolio: 'run',
    manager: 'priya',
    budgetHours: 2600,
    tasks: ['Monitoring', 'Incident response', 'Cost optimisation'],
    staffing: { felix: 100, jin: 40, kai: 50 },
    travel: false,
  },
  {
    code: 'ACME-ANL',
    name: 'Acme managed analytics',
    contract: 'acme-analytics',
    practice: 'data',
    portfolio: 'run',
    manager: 'omar',
    budgetHours: 1500,
    tasks: ['Reporting', 'Data quality'],
    staffing: { lee: 50, dev: 20, mia: 80 },
    travel: false,
  },
  {
    code: 'GLX-MIG',
    name: 'Globex cloud migration',
    contract: 'globex-migration',
    practice: 'cloud',
    portfolio: 'growth',
    manager: 'omar',
    budgetHours: 3000,
    tasks: ['Assessment', 'Migration waves', 'Cutover'],
    staffing: { jin: 60, kai: 50, nina: 100 },
    travel: true,
  },
];

/** What people write on their time, by task. */
export const ENTRY_NOTES: Readonly<Record<string, readonly string[]>> = {
  default: [
    'Working session with the client team',
    'Analysis and write-up',
    'Status meeting and follow-ups',
    'Review of deliverables',
  ],
  Discovery: ['Stakeholder interviews', 'Current-state pricing review'],
  'Price architecture': ['Price waterfall analysis', 'Tiering options workshop'],
  Ingestion: ['Source system connectors', 'Pipeline hardening'],
  Modelling: ['Dimensional model design', 'Data model review with client'],
  Dashboards: ['Executive dashboard build', 'Dashboard feedback round'],
  'Migration waves': ['Wave planning', 'Workload migration and testing'],
  Monitoring: ['Alert tuning', 'Weekly operations report'],
};
