import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, UNLABELLED_CONTROLS } from './support/demo-api.ts';
import {
  BROWSER_TEST_TIMEOUT,
  browserMissing,
  screenshot,
  signIn,
  startWebDemo,
  TABLET,
  type WebDemo,
} from './support/web-demo.ts';

interface ResolvedBrand {
  readonly name: string;
  readonly productName: string;
  readonly primaryColor: string;
}

/** "#1f2a44" as the browser reports a computed colour: "rgb(31, 42, 68)". */
function rgbOf(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

async function topBarColour(page: Page): Promise<string> {
  // Evaluated in the page, where getComputedStyle exists.
  return page.evaluate("getComputedStyle(document.querySelector('header.topbar')).backgroundColor");
}

async function productName(page: Page): Promise<string> {
  return (await page.locator('header.topbar .product-name').textContent()) ?? '';
}

describe.skipIf(browserMissing)(
  'partner and platform consoles, and brands',
  { timeout: BROWSER_TEST_TIMEOUT },
  () => {
    let demo: WebDemo;

    beforeAll(async () => {
      demo = await startWebDemo('consoles');
    }, 240_000);

    afterAll(async () => {
      await demo?.close();
    });

    it('lets Ingrid Dahl create a tenant under the Atlas Practice Suite brand, with the API naming a bad slug', {
      timeout: 120_000,
    }, async () => {
      const brand = await (await apiAs(demo, 'ingrid.dahl@atlas.example'))<ResolvedBrand>('/api/v1/brand');
      expect(brand.productName).toBe('Atlas Practice Suite');

      const { page, context } = await demo.newPage();
      await signIn(page, demo.url, 'ingrid.dahl@atlas.example');
      await page.getByRole('heading', { name: 'Tenants' }).waitFor();
      await expect.poll(() => productName(page)).toBe('Atlas Practice Suite');
      expect(await topBarColour(page)).toBe(rgbOf(brand.primaryColor));

      await page.getByRole('button', { name: 'New tenant' }).click();
      await page.getByLabel('Name', { exact: true }).fill('Fjord Law');
      await page.getByLabel('Slug').fill('Fjord Law');
      await page.getByLabel('Home region').fill('eu');
      expect(await page.evaluate(UNLABELLED_CONTROLS)).toBe(0);
      await page.getByRole('button', { name: 'Create tenant' }).click();
      await page.getByText(/must match pattern/).waitFor();
      expect(await page.getByLabel('Slug').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('Slug').fill('fjord-law');
      await page.getByRole('button', { name: 'Create tenant' }).click();
      await page.getByText(/Fjord Law was created on/).waitFor();
      await page.getByRole('table', { name: 'Tenants' }).getByRole('link', { name: 'Fjord Law' }).waitFor();
      await screenshot(page, 'partner-tenants');

      const tenants = await (await apiAs(demo, 'ingrid.dahl@atlas.example'))<{
        items: { slug: string; cell: string | null }[];
      }>('/api/v1/tenants');
      expect(tenants.items.find((tenant) => tenant.slug === 'fjord-law')?.cell).toBeTruthy();

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Brand' }).click();
      await page.getByLabel('Product name').waitFor();
      expect(await page.getByLabel('Product name').inputValue()).toBe('Atlas Practice Suite');
      await page.getByLabel('Primary colour', { exact: true }).fill('#f5f5f5');
      await page.getByText(/Primary colour #f5f5f5 reaches only 1\.1:1 against the white page/).waitFor();
      await screenshot(page, 'partner-brand');
      expect(await page.evaluate(UNLABELLED_CONTROLS)).toBe(0);
      await context.close();
    });

    it('shows Halden (Atlas Nordics) and Kestrel (Northstar) staff different brands, nothing of the other', {
      timeout: 120_000,
    }, async () => {
      const halden = await demo.newPage();
      await signIn(halden.page, demo.url, 'kari.nilsen@halden.example');
      const kestrel = await demo.newPage();
      await signIn(kestrel.page, demo.url, 'rachel.green@kestrel.example');

      for (const [persona, email, expectedName] of [
        [halden, 'kari.nilsen@halden.example', 'Atlas Nordics'],
        [kestrel, 'rachel.green@kestrel.example', 'Northstar Services Cloud'],
      ] as const) {
        const brand = await (await apiAs(demo, email))<ResolvedBrand>('/api/v1/brand');
        expect(brand.productName).toBe(expectedName);
        await expect.poll(() => productName(persona.page)).toBe(expectedName);
        expect(await topBarColour(persona.page)).toBe(rgbOf(brand.primaryColor));
      }
      expect(await topBarColour(halden.page)).not.toBe(await topBarColour(kestrel.page));

      // Once their start pages have loaded, nothing of the other brand is anywhere in the text.
      await halden.page.waitForLoadState('networkidle');
      await kestrel.page.waitForLoadState('networkidle');
      const haldenText = (await halden.page.locator('body').textContent()) ?? '';
      const kestrelText = (await kestrel.page.locator('body').textContent()) ?? '';
      expect(haldenText).not.toMatch(/Northstar/);
      expect(kestrelText).not.toMatch(/Atlas/);
      await screenshot(kestrel.page, 'brand-northstar-workspace');
      await halden.context.close();
      await kestrel.context.close();
    });

    it('shows the Atlas brand on atlas.localhost before anyone signs in', { timeout: 120_000 }, async () => {
      const { page, context } = await demo.newPage();
      await page.goto(`${demo.urlOn('atlas.localhost')}/sign-in`);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      expect(await page.locator('.sign-in-card .product-name').textContent()).toBe('Atlas Practice Suite');
      expect(await page.title()).toBe('Atlas Practice Suite');
      expect((await page.locator('body').textContent()) ?? '').not.toMatch(/Northstar|Meridian/);
      await screenshot(page, 'brand-atlas-sign-in');
      await context.close();
    });

    it('shows Maya Chen the cells with the tenants placed on each, and the brands she administers', {
      timeout: 120_000,
    }, async () => {
      const { page, context } = await demo.newPage();
      await signIn(page, demo.url, 'maya.chen@meridian.example');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cells' }).click();
      const cells = page.getByRole('table', { name: 'Cells and their tenants' });
      await cells.getByRole('link', { name: 'Halden & Partners' }).waitFor();
      const dedicated = cells.getByRole('row', { name: /eu-dedicated-halden/ });
      expect(await dedicated.getByRole('link').allTextContents()).toEqual(['Halden & Partners']);
      const pooled = cells.getByRole('row', { name: /us-pool-1/ });
      expect((await pooled.getByRole('link').allTextContents()).sort()).toEqual([
        'Brightpath Consulting',
        'Kestrel IT Services',
      ]);
      await screenshot(page, 'platform-cells');

      // Her console edits the platform's own look, and any partner's.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Brand' }).click();
      await expect.poll(() => page.getByLabel('Product name').inputValue()).toBe('Meridian Cloud ERP');
      await page.getByLabel('Brand of').selectOption({ label: 'Northstar ERP' });
      await expect.poll(() => page.getByLabel('Product name').inputValue()).toBe('Northstar Services Cloud');
      await context.close();
    });

    it('lets Sam Ortiz ask Halden for support access and verify its audit chain once Kari Nilsen approves', {
      timeout: 120_000,
    }, async () => {
      const maya = await apiAs(demo, 'maya.chen@meridian.example');
      const tenants = await maya<{ items: { id: string; slug: string }[] }>('/api/v1/tenants');
      const halden = tenants.items.find((tenant) => tenant.slug === 'halden-partners');
      expect(halden).toBeDefined();

      const { page, context } = await demo.newPage();
      await signIn(page, demo.url, 'sam.ortiz@meridian.example');
      await page.getByRole('heading', { name: 'Support grants' }).waitFor();
      await page.getByText('Ask a tenant for access').click();
      await page.getByLabel('Tenant id').fill(halden?.id ?? '');
      await page.getByLabel('Reason').fill('too short');
      await page.getByLabel('Permissions').fill('verify:audit');
      await page.getByRole('button', { name: 'Request access' }).click();
      await page.getByText(/must NOT have fewer than 10 characters/).waitFor();
      await page.getByLabel('Reason').fill('Verify the audit chain after the incident of last week');
      await page.getByRole('button', { name: 'Request access' }).click();
      const grants = page.getByRole('table', { name: 'Your support grants' });
      await grants.getByText('requested', { exact: true }).waitFor();

      const sam = await apiAs(demo, 'sam.ortiz@meridian.example');
      const [grant] = (await sam<{ items: { id: string }[] }>('/api/v1/support-grants/mine')).items;
      const kari = await apiAs(demo, 'kari.nilsen@halden.example');
      await kari(`/api/v1/support-grants/${grant?.id}/approve`, 'POST');

      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Audit verification' })
        .click();
      await page.getByRole('button', { name: 'Verify the audit chain' }).click();
      await page.getByText(/^Verified: \d+ events, every link intact\.$/).waitFor();
      await screenshot(page, 'support-audit-verification');
      await context.close();
    });

    it('shows Maya Chen the support-grant queue of every tenant, lets her end a grant, and verify Halden’s chain', {
      timeout: 120_000,
    }, async () => {
      const maya = await apiAs(demo, 'maya.chen@meridian.example');
      const sam = await apiAs(demo, 'sam.ortiz@meridian.example');
      const kari = await apiAs(demo, 'kari.nilsen@halden.example');
      const tenants = await maya<{ items: { id: string; slug: string }[] }>('/api/v1/tenants');
      const halden = tenants.items.find((tenant) => tenant.slug === 'halden-partners')?.id as string;
      const pending = await sam<{ id: string }>('/api/v1/support-grants', 'POST', {
        tenantId: halden,
        reason: 'Customer ticket #5120: a matter does not open',
      });
      const running = await sam<{ id: string }>('/api/v1/support-grants', 'POST', {
        tenantId: halden,
        reason: 'Customer ticket #5121: slow time approvals',
      });
      await kari(`/api/v1/support-grants/${running.id}/approve`, 'POST', {});

      const { page, context } = await demo.newPage();
      await signIn(page, demo.url, 'maya.chen@meridian.example');
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link', { name: 'Audit verification' }).count()).toBe(0);
      await nav.getByRole('link', { name: 'Support grants' }).click();
      const queue = page.getByRole('table', { name: 'Support grants of every tenant' });
      const pendingRow = queue.getByRole('row').filter({ hasText: 'ticket #5120' });
      await pendingRow.waitFor();
      expect(await pendingRow.getByRole('rowheader').textContent()).toContain('Halden & Partners');
      expect(await pendingRow.textContent()).toContain('Sam Ortiz');
      expect(await pendingRow.textContent()).toMatch(/requested.*waiting \d+ min/);
      // Requests still waiting come first.
      const statuses = await queue.locator('tbody tr td:nth-of-type(3) .badge').allTextContents();
      const firstOther = statuses.findIndex((status) => status !== 'requested');
      expect(statuses.slice(firstOther === -1 ? statuses.length : firstOther)).not.toContain('requested');
      expect(await page.evaluate(UNLABELLED_CONTROLS)).toBe(0);
      await screenshot(page, 'platform-support-grants');

      await page.getByLabel('Status').selectOption('requested');
      await queue.getByRole('row').filter({ hasText: 'ticket #5121' }).waitFor({ state: 'detached' });
      await pendingRow.waitFor();
      await page.getByLabel('Status').selectOption('');

      const runningRow = queue.getByRole('row').filter({ hasText: 'ticket #5121' });
      await runningRow
        .getByRole('button', { name: 'Revoke Sam Ortiz’s grant for Halden & Partners' })
        .click();
      await runningRow.getByRole('button', { name: 'Cancel' }).click();
      await runningRow.getByRole('button', { name: /^Revoke / }).click();
      await runningRow.getByRole('button', { name: 'Yes, revoke' }).click();
      await page.getByText('Revoked: Sam Ortiz’s access to Halden & Partners has ended.').waitFor();
      await runningRow.getByText('revoked', { exact: true }).waitFor();
      const revoked = await kari<{ status: string; revokedBy: string }>(
        `/api/v1/support-grants/${running.id}`,
      );
      expect(revoked.status).toBe('revoked');
      expect((await kari<{ status: string }>(`/api/v1/support-grants/${pending.id}`)).status).toBe(
        'requested',
      );

      await nav.getByRole('link', { name: 'Audit', exact: true }).click();
      const chains = page.getByRole('table', { name: 'Audit chains of the tenants' });
      const haldenRow = chains.getByRole('row').filter({ hasText: 'Halden & Partners' });
      await haldenRow.getByRole('button', { name: 'Verify the audit chain of Halden & Partners' }).click();
      await haldenRow.getByText(/\d+ events, every link intact/).waitFor();
      const shown = (await haldenRow.getByRole('status').textContent()) ?? '';
      const result = await maya<{ verified: boolean; eventsChecked: number }>(
        `/api/v1/tenants/${halden}/audit-verification`,
        'POST',
      );
      expect(result.verified).toBe(true);
      expect(result.eventsChecked).toBeGreaterThan(0);
      expect(shown).toBe(`verified ${result.eventsChecked} events, every link intact`);
      await screenshot(page, 'platform-audit');
      await context.close();

      const tablet = await demo.newPage({ viewport: TABLET });
      await signIn(tablet.page, demo.url, 'maya.chen@meridian.example');
      await tablet.page.goto(`${demo.url}/platform/support-grants`);
      await tablet.page.getByRole('table', { name: 'Support grants of every tenant' }).waitFor();
      await screenshot(tablet.page, 'platform-support-grants-tablet');
      await tablet.context.close();
    });

    it('keeps each persona to their own support screens', { timeout: 120_000 }, async () => {
      const { page, context } = await demo.newPage();
      await signIn(page, demo.url, 'sam.ortiz@meridian.example');
      await page.getByRole('heading', { name: 'Support grants' }).waitFor();
      const nav = page.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Support grants', 'Audit verification']);
      expect(new URL(page.url()).pathname).toBe('/platform/my-support-grants');
      await context.close();
    });

    // Last in this file: it changes the Atlas Nordics brand the tests above read.
    it('lets Lars Berg rebrand Atlas Nordics: a bad colour is named by its field, then Halden staff see the new look', {
      timeout: 120_000,
    }, async () => {
      const lars = await demo.newPage();
      await signIn(lars.page, demo.url, 'lars.berg@atlas-nordics.example');
      await lars.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Brand' }).click();
      await lars.page.getByLabel('Product name').fill('Nordics Legal Cloud');
      const primary = lars.page.getByLabel('Primary colour', { exact: true });
      await primary.fill('#12345');
      await lars.page.getByRole('button', { name: 'Save brand' }).click();
      await expect.poll(() => primary.getAttribute('aria-invalid')).toBe('true');
      const kari = await apiAs(demo, 'kari.nilsen@halden.example');
      expect((await kari<ResolvedBrand>('/api/v1/brand')).productName).toBe('Atlas Nordics');

      await primary.fill('#2a2f6b');
      await lars.page.getByRole('button', { name: 'Save brand' }).click();
      await lars.page.getByText('The brand is saved.').waitFor();
      expect(await kari<ResolvedBrand>('/api/v1/brand')).toMatchObject({
        productName: 'Nordics Legal Cloud',
        primaryColor: '#2a2f6b',
      });

      const halden = await demo.newPage();
      await signIn(halden.page, demo.url, 'kari.nilsen@halden.example');
      await expect.poll(() => productName(halden.page)).toBe('Nordics Legal Cloud');
      expect(await topBarColour(halden.page)).toBe(rgbOf('#2a2f6b'));
      // The partner above and the other partners keep their own look.
      const rachel = await apiAs(demo, 'rachel.green@kestrel.example');
      expect((await rachel<ResolvedBrand>('/api/v1/brand')).productName).toBe('Northstar Services Cloud');
      const ingrid = await apiAs(demo, 'ingrid.dahl@atlas.example');
      expect((await ingrid<ResolvedBrand>('/api/v1/brand')).productName).toBe('Atlas Practice Suite');
      await lars.context.close();
      await halden.context.close();
    });
  },
);
