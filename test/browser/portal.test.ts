import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../web/src/ui/format.ts';
import { apiAs } from './support/demo-api.ts';
import {
  BROWSER_TEST_TIMEOUT,
  browserMissing,
  screenshot,
  signIn,
  startWebDemo,
  TABLET,
  type WebDemo,
} from './support/web-demo.ts';

interface Step {
  readonly id: string;
  readonly timesheetId: string;
  readonly projectId: string;
  readonly approver: string;
  readonly weekStartsOn: string;
  readonly status: string;
}

describe.skipIf(browserMissing)('client portal', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let demo: WebDemo;

  beforeAll(async () => {
    demo = await startWebDemo('portal');
  }, 240_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('lets Ava Brooks approve the Globex time waiting for her, and the API shows it approved', {
    timeout: 120_000,
  }, async () => {
    // Omar Haddad, the project manager, approves first: the week then waits for Globex.
    const omar = await apiAs(demo, 'omar.haddad@brightpath.example');
    const priya = await apiAs(demo, 'priya.raman@brightpath.example');
    const everyStep = (await priya<{ items: Step[] }>('/api/v1/time-approvals?status=pending&limit=200'))
      .items;
    const clientStep = everyStep.find((step) => step.approver === 'client');
    const managerStep = everyStep.find(
      (step) => step.timesheetId === clientStep?.timesheetId && step.approver === 'project_manager',
    );
    if (!clientStep || !managerStep)
      throw new Error('the reference world has no Globex week waiting for its manager');
    await omar(`/api/v1/time-approvals/${managerStep.id}/approve`, 'POST');
    const ava = await apiAs(demo, 'ava.brooks@globex.example');
    const inbox = await ava<{ items: Step[] }>('/api/v1/time-approvals?decidableByMe=true&limit=200');
    expect(inbox.items.map((step) => step.id)).toContain(clientStep.id);

    const { page, context } = await demo.newPage();
    await signIn(page, demo.url, 'ava.brooks@globex.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'To approve' }).click();
    const waiting = page.getByRole('table', { name: 'Time waiting for your approval' });
    await waiting.waitFor();
    expect(await waiting.getByRole('row').count()).toBe(inbox.items.length + 1);
    await screenshot(page, 'portal-approvals');
    await page
      .getByRole('table', { name: 'Milestones waiting for your acceptance' })
      .getByRole('cell', { name: 'Pricing recommendations' })
      .first()
      .waitFor();

    const approve = waiting.getByRole('button', {
      name: `Approve: time on Globex pricing review, week of ${formatDay(clientStep.weekStartsOn)}`,
    });
    await approve.click();
    await approve.waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await ava<Step>(`/api/v1/time-approvals/${clientStep.id}`)).status)
      .toBe('approved');
    await context.close();
  });

  it('lets Ava Brooks accept a ready milestone of a Globex project', { timeout: 120_000 }, async () => {
    const { page, context } = await demo.newPage();
    await signIn(page, demo.url, 'ava.brooks@globex.example');
    await page.getByRole('heading', { name: 'My projects' }).waitFor();
    await screenshot(page, 'portal-projects');
    await page
      .getByRole('row', { name: /GLX-PRICING/ })
      .getByRole('link')
      .click();
    await page.getByRole('heading', { name: 'Milestones' }).waitFor();
    await screenshot(page, 'portal-project');
    await page.getByRole('button', { name: 'Accept: milestone Pricing recommendations' }).click();
    await page
      .getByRole('row', { name: /Pricing recommendations/ })
      .getByText('accepted')
      .waitFor();

    const ava = await apiAs(demo, 'ava.brooks@globex.example');
    const milestones = await ava<{ items: { name: string; status: string }[] }>(
      '/api/v1/milestones?limit=200',
    );
    expect(milestones.items.find((m) => m.name === 'Pricing recommendations')?.status).toBe('accepted');
    await context.close();
  });

  it('shows Ava Brooks "not found" for an Initech project typed into the URL, and nothing of the workspace', {
    timeout: 120_000,
  }, async () => {
    const priya = await apiAs(demo, 'priya.raman@brightpath.example');
    const projects = await priya<{ items: { id: string; code: string }[] }>('/api/v1/projects?limit=200');
    const initech = projects.items.find((project) => project.code === 'TIME-INITECH');
    expect(initech).toBeDefined();

    const { page, context } = await demo.newPage({ viewport: TABLET });
    await signIn(page, demo.url, 'ava.brooks@globex.example');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'My projects' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['My projects', 'To approve', 'Invoices']);
    await page.getByRole('table', { name: 'Your projects' }).waitFor();
    await screenshot(page, 'portal-projects-tablet');

    await page.goto(`${demo.url}/portal/projects/${initech?.id}`);
    await page.getByText('This page does not exist, or you do not have access to it.').waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain('Initech');

    // A workspace or console address does not exist for a client approver either.
    await page.goto(`${demo.url}/partner/tenants`);
    await page.getByText('This page does not exist, or you do not have access to it.').waitFor();
    await context.close();
  });
});
