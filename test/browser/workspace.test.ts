import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiCall, apiAs as signInAs, UNLABELLED_CONTROLS } from './support/demo-api.ts';
import {
  BROWSER_TEST_TIMEOUT,
  browserMissing,
  screenshot,
  signIn,
  startWebDemo,
  TABLET,
  type WebDemo,
} from './support/web-demo.ts';

/**
 * The firm staff workspace in real Chromium on the demo: a consultant fills and submits a week, the
 * project manager the approval chain names approves it, and a rejection without a reason is refused
 * by the field. The week is fixed (the demo's dataset assigns Jin Park to GLX-MIG and TYR-RUN until
 * the end of 2026 and leaves this week unbooked), so the test does not depend on today's date.
 */
const WEEK = '2026-11-30';
const JIN = 'jin.park@brightpath.example';
const OMAR = 'omar.haddad@brightpath.example';
const GLX = 'GLX-MIG Globex cloud migration';
const TYR = 'TYR-RUN Tyrell cloud operations';

interface Timesheet {
  id: string;
  status: string;
  totalMinutes: number;
  entries: { projectId: string; date: string; minutes: number; note: string | null; status: string }[];
}
interface Approval {
  id: string;
  projectId: string;
  approver: string;
  status: string;
  decidedAt: string | null;
  reason: string | null;
  personId: string | null;
}

describe.skipIf(browserMissing)('the firm staff workspace', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let demo: WebDemo;
  const personas = new Map<string, Promise<ApiCall>>();

  /** Reads the API as a persona (signed in once per persona). */
  async function apiAs<T>(email: string, path: string): Promise<T> {
    let call = personas.get(email);
    if (!call) {
      call = signInAs(demo, email);
      personas.set(email, call);
    }
    return (await call)<T>(path);
  }

  const projectId = async (code: string) =>
    (await apiAs<{ items: { id: string; code: string }[] }>(OMAR, '/api/v1/projects?limit=200')).items.find(
      (project) => project.code === code,
    )?.id ?? '';

  const jinsWeek = async () =>
    (await apiAs<{ items: Timesheet[] }>(JIN, `/api/v1/timesheets/mine?week=${WEEK}`)).items[0];

  async function pageAs(
    email: string,
    path: string,
    viewport?: { width: number; height: number },
  ): Promise<Page> {
    const { page } = await demo.newPage(viewport ? { viewport } : {});
    await signIn(page, demo.url, email);
    await page.goto(`${demo.url}${path}`);
    return page;
  }

  beforeAll(async () => {
    demo = await startWebDemo('workspace');
  }, 180_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('lets a consultant fill several cells of a week, shows the API refusal by its cell, and submits the week', async () => {
    const page = await pageAs(JIN, `/timesheet?week=${WEEK}`);
    await page.getByRole('heading', { name: 'My timesheet' }).waitFor();
    await expect(page.getByText('2026-W49').isVisible()).resolves.toBe(true);
    await expect(page.evaluate(UNLABELLED_CONTROLS)).resolves.toBe(0);
    await page.getByLabel(`Task for ${GLX}`).selectOption({ label: 'Assessment' });

    // 30 hours in a day: sent as typed, the API's message shows by the cell.
    const sunday = page.getByLabel(`Hours, ${GLX} / Assessment, Sunday 6 December`);
    await sunday.fill('30');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('must be <= 1440').waitFor();
    await expect(sunday.getAttribute('aria-invalid')).resolves.toBe('true');
    await sunday.fill('');

    await page.getByLabel(`Hours, ${GLX} / Assessment, Monday 30 November`).fill('7:30');
    await page.getByLabel(`Hours, ${GLX} / Assessment, Tuesday 1 December`).fill('8');
    await page.getByLabel(`Hours, ${GLX} / Assessment, Wednesday 2 December`).fill('6.5');
    await page.getByLabel(`Note, ${GLX} / Assessment`).fill('Landing zone assessment');
    await page.getByLabel(`Task for ${TYR}`).selectOption({ label: 'Monitoring' });
    await page.getByLabel(`Hours, ${TYR} / Monitoring, Thursday 3 December`).fill('4');
    await expect(page.getByLabel('Week total').textContent()).resolves.toBe('26:00');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    await expect(page.getByText('must be <= 1440').count()).resolves.toBe(0);
    await screenshot(page, 'workspace-timesheet');

    const draft = await jinsWeek();
    expect(draft?.status).toBe('draft');
    expect(draft?.entries.map((entry) => [entry.date, entry.minutes]).sort()).toEqual([
      ['2026-11-30', 450],
      ['2026-12-01', 480],
      ['2026-12-02', 390],
      ['2026-12-03', 240],
    ]);

    await page.getByRole('button', { name: 'Submit week' }).click();
    await page.getByText('Week submitted for approval.').waitFor();
    await page.getByText('Submitted, awaiting approval').waitFor();
    await expect(
      page.getByLabel(`Hours, ${GLX} / Assessment, Monday 30 November (locked)`).isEditable(),
    ).resolves.toBe(false);

    const submitted = await jinsWeek();
    expect(submitted?.status).toBe('submitted');
    expect(submitted?.totalMinutes).toBe(1560);
    const glx = await projectId('GLX-MIG');
    expect(submitted?.entries.filter((entry) => entry.projectId === glx).map((entry) => entry.note)).toEqual([
      'Landing zone assessment',
      'Landing zone assessment',
      'Landing zone assessment',
    ]);
    expect(submitted?.entries.every((entry) => entry.status === 'submitted')).toBe(true);

    const tablet = await pageAs(JIN, `/timesheet?week=${WEEK}`, TABLET);
    await tablet.getByText('Submitted, awaiting approval').waitFor();
    await screenshot(tablet, 'workspace-timesheet-tablet');
  }, 120_000);

  it('shows a day holding several entries read-only, and keeps each entry and its note', async () => {
    // Two entries on one day, as a CSV import or an integration books them.
    const jin = await signInAs(demo, JIN);
    const glx = await projectId('GLX-MIG');
    const tasks = await jin<{ items: { id: string; name: string }[] }>(`/api/v1/tasks?projectId=${glx}`);
    const assessment = tasks.items.find((task) => task.name === 'Assessment')?.id;
    for (const [minutes, note] of [
      [120, 'Workshop'],
      [90, 'Write-up'],
    ] as const) {
      await jin('/api/v1/time-entries', 'POST', {
        projectId: glx,
        taskId: assessment,
        date: '2026-12-07',
        minutes,
        note,
      });
    }
    const page = await pageAs(JIN, '/timesheet?week=2026-12-07');
    const monday = page.getByLabel(`Hours, ${GLX} / Assessment, Monday 7 December (several entries)`);
    await monday.waitFor();
    await expect(monday.inputValue()).resolves.toBe('3:30');
    await expect(monday.isEditable()).resolves.toBe(false);
    await expect(page.getByLabel(`Note, ${GLX} / Assessment`).isEditable()).resolves.toBe(false);

    // Another day of the line is still editable, and saving it leaves both entries as they were.
    await page.getByLabel(`Hours, ${GLX} / Assessment, Tuesday 8 December`).fill('1');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    const week = (await apiAs<{ items: Timesheet[] }>(JIN, '/api/v1/timesheets/mine?week=2026-12-07'))
      .items[0];
    expect(week?.entries.map((entry) => [entry.date, entry.minutes, entry.note]).sort()).toEqual([
      ['2026-12-07', 120, 'Workshop'],
      ['2026-12-07', 90, 'Write-up'],
      ['2026-12-08', 60, null],
    ]);
    await page.context().close();
  });

  it('lets the project manager the approval chain names approve that week in the inbox', async () => {
    const sheet = await jinsWeek();
    const glx = await projectId('GLX-MIG');
    // The chain's first step on GLX-MIG is its project manager; the project names Omar Haddad.
    const steps = await apiAs<{ items: Approval[] }>(OMAR, `/api/v1/time-approvals?timesheetId=${sheet?.id}`);
    const step = steps.items.find((item) => item.projectId === glx && item.status === 'pending');
    expect(step?.approver).toBe('project_manager');
    const project = await apiAs<{ managerPersonId: string }>(OMAR, `/api/v1/projects/${glx}`);
    const manager = await apiAs<{ name: string }>(OMAR, `/api/v1/people/${project.managerPersonId}`);
    expect(manager.name).toBe('Omar Haddad');

    const page = await pageAs(OMAR, '/approvals');
    const row = page.getByLabel(`Select Jin Park, 2026-W49, ${GLX}`);
    await row.check();
    await expect(page.evaluate(UNLABELLED_CONTROLS)).resolves.toBe(0);
    await screenshot(page, 'workspace-approvals');
    await page.getByRole('button', { name: 'Approve selected (1)' }).first().click();
    await page.getByText('Approved 1 week.').waitFor();
    await row.waitFor({ state: 'detached' });

    const decided = await apiAs<Approval>(OMAR, `/api/v1/time-approvals/${step?.id}`);
    expect(decided.status).toBe('approved');
    expect(decided.decidedAt).not.toBeNull();
  }, 120_000);

  it('refuses a rejection without a reason by the reason field, then rejects with one', async () => {
    const glx = await projectId('GLX-MIG');
    const inbox = await apiAs<{ items: Approval[] }>(
      OMAR,
      '/api/v1/time-approvals?status=pending&decidableByMe=true&limit=200',
    );
    const target = inbox.items.find((item) => item.projectId === glx);
    expect(target).toBeDefined();
    const person = await apiAs<{ name: string }>(OMAR, `/api/v1/people/${target?.personId}`);

    const page = await pageAs(OMAR, '/approvals');
    const timeSection = page.getByRole('region', { name: 'Time' });
    await timeSection.getByLabel(`Select ${person.name}, 2026-W48, ${GLX}`).check();
    await timeSection.getByRole('button', { name: 'Reject selected…' }).click();
    await timeSection.getByRole('button', { name: 'Reject 1 selected' }).click();
    const reason = timeSection.getByLabel('Reason for rejecting');
    await timeSection.getByText('must NOT have fewer than 1 characters').waitFor();
    await expect(reason.getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await apiAs<Approval>(OMAR, `/api/v1/time-approvals/${target?.id}`)).status).toBe('pending');

    await reason.fill('Book the workshop on its task');
    await timeSection.getByRole('button', { name: 'Reject 1 selected' }).click();
    await timeSection.getByText('Rejected 1 week.').waitFor();
    const rejected = await apiAs<Approval>(OMAR, `/api/v1/time-approvals/${target?.id}`);
    expect(rejected.status).toBe('rejected');
    expect(rejected.reason).toBe('Book the workshop on its task');
  }, 120_000);

  it('shows a project with its budget burn, milestones and team, and the staffing view', async () => {
    const wonka = await projectId('WNK-GTM');
    const page = await pageAs(OMAR, `/projects/${wonka}`);
    await page.getByRole('heading', { name: 'WNK-GTM Wonka go-to-market strategy' }).waitFor();
    await page.getByRole('cell', { name: 'Segmentation and positioning' }).waitFor();
    await page.getByText('Ready for the client').waitFor();
    await page.getByText(/% · (within|near|over) budget/).waitFor();
    await page.getByRole('cell', { name: 'Hugo Laurent' }).waitFor();
    await screenshot(page, 'workspace-project');

    await page.goto(`${demo.url}/projects/01900000-0000-7000-8000-000000000000`);
    await page.getByText('This page does not exist, or you do not have access to it.').waitFor();

    await page.getByRole('link', { name: 'Staffing' }).click();
    await page.getByRole('heading', { name: 'Staffing' }).waitFor();
    await page.getByRole('rowheader', { name: 'Jin Park' }).waitFor();
    await expect(page.getByText('Over', { exact: true }).count()).resolves.toBeGreaterThan(0);
    await expect(page.evaluate(UNLABELLED_CONTROLS)).resolves.toBe(0);
    await screenshot(page, 'workspace-staffing');
  }, 120_000);
});
