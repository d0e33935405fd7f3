import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const TOM = 'tom.becker@brightpath.example';
const ELENA = 'elena.rossi@brightpath.example';
const PRIYA = 'priya.raman@brightpath.example';

describe.skipIf(browserMissing)('finance screens on the demo', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let demo: WebDemo;

  beforeAll(async () => {
    demo = await startWebDemo('web-finance');
  }, 180_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('lets Tom bill September for Brightpath Ltd, approve and issue a draft, download its UBL and print it', {
    timeout: 180_000,
  }, async () => {
    const { context, page } = await demo.newPage();
    try {
      await signIn(page, demo.url, TOM);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).click();
      await page.getByLabel('Legal entity').selectOption({ label: 'Brightpath Ltd (GBP)' });
      await page.getByLabel('Period from').fill('2026-09-01');
      // What the user left out is sent as is, and the API's message shows at its field.
      await page.getByLabel('Period to').fill('');
      await page.getByRole('button', { name: 'Start billing run' }).click();
      await page.locator('input[name="periodTo"][aria-invalid="true"]').waitFor();
      const periodToError = page.locator('.field-invalid .field-error');
      expect(await periodToError.count()).toBe(1);
      expect(await periodToError.textContent()).not.toBe('');
      await page.getByLabel('Period to').fill('2026-09-30');
      await page.getByRole('button', { name: 'Start billing run' }).click();
      const outcome = page.getByRole('region', { name: /Billing run done: \d+ draft documents?/ });
      await outcome.waitFor();
      const drafts = outcome.getByRole('link', { name: 'Draft invoice' });
      expect(await drafts.count()).toBeGreaterThan(0);
      // The run is listed from GET /api/v1/billing-runs, newest first, with the invoices it drafted.
      const runs = page.locator('ol.billing-runs > li');
      await runs
        .first()
        .getByRole('heading', { level: 3, name: /^Brightpath Ltd — 1 Sept? 2026 to 30 Sept? 2026$/ })
        .waitFor();
      // Its invoices show once the invoice list has been read again after the run.
      const drafted = await drafts.count();
      await expect
        .poll(() => runs.first().getByRole('link', { name: 'Draft invoice' }).count(), { timeout: 30_000 })
        .toBe(drafted);
      await screenshot(page, 'finance-billing');

      await drafts.first().click();
      await page.getByRole('heading', { level: 1, name: 'Draft invoice' }).waitFor();
      const invoiceId = page.url().split('/invoices/')[1] as string;
      await page.getByRole('button', { name: 'Approve invoice' }).click();
      await page.getByText('Approved. It can now be issued.').waitFor();
      await page.getByRole('button', { name: 'Issue invoice' }).click();
      const heading = page.getByRole('heading', { level: 1, name: /^Invoice \d+$/ });
      await heading.waitFor();
      const number = Number((await heading.textContent())?.replace('Invoice ', ''));
      expect(number).toBeGreaterThan(0);

      const tom = await apiAs(demo, TOM);
      const issued = await tom<{ status: string; number: number }>(`/api/v1/invoices/${invoiceId}`);
      expect(issued).toMatchObject({ status: 'issued', number });

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download UBL (XML)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`invoice-${number}.xml`);
      const xml = await readFile(await download.path(), 'utf8');
      expect(xml).toContain('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"');
      expect(xml.match(/<cbc:ID>([^<]*)<\/cbc:ID>/)?.[1]).toBe(String(number));
      await screenshot(page, 'finance-invoice');

      await page.getByRole('link', { name: 'Printable view' }).click();
      const sheet = page.getByRole('article', { name: `Invoice ${number}` });
      await sheet.waitFor();
      await expect(sheet.getByRole('heading', { name: 'Bill to' }).isVisible()).resolves.toBe(true);
      await expect(sheet.getByText('Brightpath Ltd').first().isVisible()).resolves.toBe(true);
      await expect(sheet.getByRole('table', { name: 'VAT summary' }).isVisible()).resolves.toBe(true);
      // The print dialog cannot be driven headless: record that the button asked for it.
      await page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }");
      await page.getByRole('button', { name: 'Print / Save as PDF' }).click();
      expect(await page.evaluate('document.body.dataset.printed')).toBe('yes');
      await screenshot(page, 'finance-invoice-print');
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Print / Save as PDF' }).isVisible()).toBe(false);
      expect(await sheet.isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
      await page.getByLabel('Status').selectOption('issued');
      await page.getByRole('link', { name: `Invoice ${number}`, exact: true }).waitFor();
      expect(await page.getByRole('link', { name: 'Draft invoice' }).count()).toBe(0);
      await page.getByLabel('Status').selectOption('');
      await page.getByRole('link', { name: 'Draft invoice' }).first().waitFor();
      await screenshot(page, 'finance-invoices');
    } finally {
      await context.close();
    }
  });

  it("shows Tom, scoped to Brightpath Ltd, Brightpath Inc.'s invoice as not found", {
    timeout: 120_000,
  }, async () => {
    const priya = await apiAs(demo, PRIYA);
    const tom = await apiAs(demo, TOM);
    const [ltd] = (await tom<{ items: { id: string }[] }>('/api/v1/legal-entities')).items;
    const all = (await priya<{ items: { id: string; legalEntityId: string }[] }>('/api/v1/invoices')).items;
    const other = all.find((invoice) => invoice.legalEntityId !== ltd?.id);
    expect(other).toBeDefined();

    const { context, page } = await demo.newPage();
    try {
      await signIn(page, demo.url, TOM);
      for (const path of [`/invoices/${other?.id}`, `/invoices/${other?.id}/print`, '/invoices/not-an-id']) {
        await page.goto(`${demo.url}${path}`);
        await page.getByText('This page does not exist, or you do not have access to it.').waitFor();
      }
    } finally {
      await context.close();
    }
  });

  it('shows Priya utilization, projects with their cost and the billing pipeline', {
    timeout: 120_000,
  }, async () => {
    const { context, page } = await demo.newPage();
    try {
      await signIn(page, demo.url, PRIYA);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
      await page.getByRole('img', { name: /^Utilization by person: \d+ people/ }).waitFor();
      await page.getByRole('img', { name: /^Utilization by practice: / }).waitFor();
      await page
        .getByRole('img', { name: /^Pipeline in GBP: Unbilled work £[\d,.]+; Unbilled revenue / })
        .waitFor();
      await page.getByRole('columnheader', { name: 'Margin %' }).waitFor();
      await page.getByRole('columnheader', { name: 'Cost' }).waitFor();
      await screenshot(page, 'finance-dashboards');
    } finally {
      await context.close();
    }
  });

  it('shows Elena, without cost clearance, the dashboards without any margin', {
    timeout: 120_000,
  }, async () => {
    const elena = await apiAs(demo, ELENA);
    const report = await elena<{ projects: object[] }>(
      '/api/v1/reports/projects?from=2026-01-01&to=2026-11-30',
    );
    expect(report.projects.length).toBeGreaterThan(0);
    for (const project of report.projects) expect(project).not.toHaveProperty('margin');

    const { context, page } = await demo.newPage({ viewport: TABLET });
    try {
      await signIn(page, demo.url, ELENA);
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link', { name: 'Billing' }).count()).toBe(0);
      expect(await nav.getByRole('link', { name: 'Invoices' }).count()).toBe(0);
      await nav.getByRole('link', { name: 'Dashboards' }).click();
      await page.getByRole('img', { name: /^Utilization by person: / }).waitFor();
      await page.getByRole('img', { name: /^Billable hours by project: / }).waitFor();
      await page.getByText('Margin is shown to people with cost clearance only').waitFor();
      expect(await page.getByRole('img', { name: /margin/i }).count()).toBe(0);
      expect(await page.getByRole('columnheader', { name: /Margin|Cost/ }).count()).toBe(0);
      expect(await page.getByRole('heading', { name: 'Revenue and billing pipeline' }).count()).toBe(0);
      await screenshot(page, 'finance-dashboards-tablet');
    } finally {
      await context.close();
    }
  });

  it('lets Priya set a subscription’s fee and end date, prorated by the next run, then refused across the billed month', {
    timeout: 180_000,
  }, async () => {
    const priya = await apiAs(demo, PRIYA);
    type Listed = {
      items: { id: string; name: string; legalEntityId?: string; functionalCurrency?: string }[];
    };
    const ltd = (await priya<Listed>('/api/v1/legal-entities')).items.find(
      (e) => e.name === 'Brightpath Ltd',
    );
    if (!ltd) throw new Error('Brightpath Ltd is not in the demo');
    const client = (await priya<Listed>('/api/v1/clients?limit=100')).items.find(
      (c) => c.legalEntityId === ltd.id,
    );
    const [practice] = (await priya<Listed>('/api/v1/practices')).items;
    const contract = await priya<{ id: string }>('/api/v1/contracts', 'POST', {
      name: 'Managed reporting service',
      clientId: client?.id,
      legalEntityId: ltd.id,
      practiceId: practice?.id,
      currency: ltd.functionalCurrency,
      billingModel: 'subscription',
      startsOn: '2027-01-01',
      status: 'active',
    });

    const { context, page } = await demo.newPage();
    try {
      await signIn(page, demo.url, PRIYA);
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contracts' }).click();
      await page.getByRole('link', { name: 'Managed reporting service' }).click();
      await page.getByRole('heading', { level: 1, name: 'Managed reporting service' }).waitFor();
      await page.getByText('No fee yet').waitFor();
      // An amount with more decimals than the currency has is refused before anything is sent.
      await page.getByLabel(/^Amount/).fill('3000.005');
      await page.getByLabel('Effective from').fill('2027-01-01');
      await page.getByRole('button', { name: 'Add the fee change' }).click();
      await page.locator('input[name="amount"][aria-invalid="true"]').waitFor();
      await page.getByLabel(/^Amount/).fill('3,100.00');
      await page.getByRole('button', { name: 'Add the fee change' }).click();
      await page.getByText('£3,100.00 per month from').first().waitFor();
      await page.getByRole('table', { name: 'Fee schedule' }).getByText('£3,100.00 per month').waitFor();

      await page.getByLabel('Last day').fill('2027-01-10');
      await page.getByRole('button', { name: 'Save the end date' }).click();
      await page.getByText('The contract now ends on').waitFor();
      await screenshot(page, 'finance-contract');

      // The January run bills 10 of 31 days: 310000 × 10 / 31 = 100000.
      const run = await priya<{
        invoices: { contractId: string; lines: { description: string; netMinor: number }[] }[];
      }>(
        '/api/v1/billing-runs',
        'POST',
        { legalEntityId: ltd.id, periodFrom: '2027-01-01', periodTo: '2027-01-31' },
        { 'idempotency-key': 'browser-contract-end' },
      );
      const fee = run.invoices.find((invoice) => invoice.contractId === contract.id)?.lines[0];
      expect(fee).toMatchObject({
        description: 'Subscription, 2027-01-01 to 2027-01-31 (10/31 days, contract ends 2027-01-10)',
        netMinor: 100000,
      });

      // January is billed: moving the end across it is refused, by the field, and nothing changes.
      await page.getByLabel('Last day').fill('2027-01-20');
      await page.getByRole('button', { name: 'Save the end date' }).click();
      await page.locator('input[name="endsOn"][aria-invalid="true"]').waitFor();
      await page
        .getByText(/fee period 2027-01-01 to 2027-01-31 of this contract is billed/)
        .first()
        .waitFor();
      expect(await priya(`/api/v1/contracts/${contract.id}`)).toMatchObject({ endsOn: '2027-01-10' });
    } finally {
      await context.close();
    }
  });

  it('lets Tom credit an issued invoice in full and send its time back to billing (credit and rebill)', {
    timeout: 180_000,
  }, async () => {
    const tom = await apiAs(demo, TOM);
    type Line = { originKind: string; originIds: string[] };
    type Drafted = { id: string; lines: Line[] };
    // Tom bills October for Brightpath Ltd and issues the first invoice holding time (through the API).
    const [ltd] = (await tom<{ items: { id: string }[] }>('/api/v1/legal-entities')).items;
    const run = await tom<{ invoices: Drafted[] }>(
      '/api/v1/billing-runs',
      'POST',
      { legalEntityId: ltd?.id, periodFrom: '2026-10-01', periodTo: '2026-10-31' },
      { 'idempotency-key': 'browser-credit-and-rebill' },
    );
    const invoice = run.invoices.find((draft) => draft.lines.some((line) => line.originKind === 'time'));
    if (!invoice) throw new Error('October of Brightpath Ltd drafted no invoice of time');
    await tom(`/api/v1/invoices/${invoice.id}/approve`, 'POST');
    await tom(`/api/v1/invoices/${invoice.id}/issue`, 'POST', { issueDate: '2026-11-02' });
    const timeEntryIds = invoice.lines
      .filter((line) => line.originKind === 'time')
      .flatMap((line) => line.originIds);

    const { context, page } = await demo.newPage();
    try {
      await signIn(page, demo.url, TOM);
      await page.goto(`${demo.url}/invoices/${invoice.id}`);
      await page.getByRole('button', { name: 'Credit this invoice…' }).click();
      // Without a reason the API refuses, and its message shows at the field.
      await page.getByRole('button', { name: 'Draft the credit note' }).click();
      await page.locator('input[name="reason"][aria-invalid="true"]').waitFor();
      await page.getByLabel('Reason').fill('Billed at the default rate instead of the contract rate');
      await page.getByRole('checkbox', { name: /Bill its work again/ }).check();
      await page.getByRole('button', { name: 'Draft the credit note' }).click();
      await page.getByRole('heading', { level: 1, name: 'Draft credit note' }).waitFor();
      await page.getByText('its work goes back to billing when this is issued').waitFor();
      const creditNoteId = page.url().split('/invoices/')[1] as string;
      // Still a draft: the invoice's time is still billed.
      for (const id of timeEntryIds)
        expect(await tom<{ billingState: string }>(`/api/v1/time-entries/${id}`)).toMatchObject({
          billingState: 'billed',
        });

      await page.getByRole('button', { name: 'Approve invoice' }).click();
      await page.getByText('Approved. It can now be issued.').waitFor();
      await page.getByRole('button', { name: 'Issue invoice' }).click();
      await page.getByRole('heading', { level: 1, name: /^Credit note \d+$/ }).waitFor();
      await page.getByText('its work went back to billing').waitFor();
      await screenshot(page, 'finance-credit-note');

      expect(await tom(`/api/v1/invoices/${creditNoteId}`)).toMatchObject({
        kind: 'credit_note',
        status: 'issued',
        rebill: true,
        correctsInvoiceId: invoice.id,
      });
      for (const id of timeEntryIds)
        expect(await tom<{ billingState: string }>(`/api/v1/time-entries/${id}`)).toMatchObject({
          billingState: 'unbilled',
        });
      await page.getByRole('link', { name: /^Invoice \d+$/ }).click();
      await page.getByRole('heading', { level: 1, name: /^Invoice \d+$/ }).waitFor();
      await page.getByText('paid', { exact: true }).waitFor();

      // Billed again and credited in full, this time without rebill (through the API): the time
      // stays billed until Tom sends it back from the credit note's page.
      const again = (
        await tom<{ invoices: Drafted[] }>(
          '/api/v1/billing-runs',
          'POST',
          { legalEntityId: ltd?.id, periodFrom: '2026-10-01', periodTo: '2026-10-31' },
          { 'idempotency-key': 'browser-credit-and-rebill-again' },
        )
      ).invoices.find((draft) => draft.lines.some((line) => line.originKind === 'time'));
      if (!again) throw new Error('the released time was not billed again');
      await tom(`/api/v1/invoices/${again.id}/approve`, 'POST');
      await tom(`/api/v1/invoices/${again.id}/issue`, 'POST', { issueDate: '2026-11-03' });
      const plain = await tom<{ id: string }>(`/api/v1/invoices/${again.id}/credit-notes`, 'POST', {
        reason: 'Engagement cancelled',
        full: true,
      });
      await tom(`/api/v1/invoices/${plain.id}/approve`, 'POST');
      await tom(`/api/v1/invoices/${plain.id}/issue`, 'POST', { issueDate: '2026-11-04' });
      await page.goto(`${demo.url}/invoices/${plain.id}`);
      await page.getByRole('button', { name: "Send the invoice's work back to billing" }).click();
      await page.getByText("The credited invoice's work is unbilled again").waitFor();
      await page.getByText('its work went back to billing').waitFor();
      for (const id of timeEntryIds)
        expect(await tom<{ billingState: string }>(`/api/v1/time-entries/${id}`)).toMatchObject({
          billingState: 'unbilled',
        });
    } finally {
      await context.close();
    }
  });
});
