import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInByApi, UNLABELLED_CONTROLS } from './support/demo-api.ts';
import {
  BROWSER_TEST_TIMEOUT,
  browserMissing,
  screenshot,
  signIn,
  startWebDemo,
  type WebDemo,
} from './support/web-demo.ts';

interface BrandAnswer {
  readonly productName: string;
  readonly primaryColor: string;
}

/** The brand the API resolves for a token (or for no token), to compare with what the page shows. */
async function brandFor(url: string, token?: string): Promise<BrandAnswer> {
  const response = await fetch(`${url}/api/v1/brand`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return (await response.json()) as BrandAnswer;
}

/** Issue 7: the app's frame — sign-in, the session, the membership switcher, sign-out. */
describe.skipIf(browserMissing)('the web app shell in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let demo: WebDemo;
  beforeAll(async () => {
    demo = await startWebDemo('web-shell');
  }, 120_000);
  afterAll(async () => {
    await demo?.close();
  });

  it('sends a visitor to sign-in under the platform brand and names a wrong password', async () => {
    const { context, page } = await demo.newPage();
    await page.goto(`${demo.url}/projects`);
    await page.waitForURL(/\/sign-in$/);
    const brand = await brandFor(demo.url);
    await expect.poll(() => page.locator('.product-name').textContent()).toBe(brand.productName);
    await page.getByLabel('Email').fill('priya.raman@brightpath.example');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/credentials|password|sign/i);
    expect(page.url()).toMatch(/\/sign-in$/);
    await screenshot(page, 'sign-in');
    await context.close();
  });

  it('keyboard users reach a skip link first, and every form control has a label', async () => {
    const { context, page } = await demo.newPage();
    await signIn(page, demo.url, 'priya.raman@brightpath.example');
    // A screen reached inside the app focuses its heading (announced by screen readers)…
    await expect.poll(() => page.evaluate('document.activeElement?.tagName')).toBe('H1');
    // …while after a page load focus stays at the top, where Tab reaches the skip link first.
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator(':focus').textContent()).toBe('Skip to content');
    const unlabelled = await page.evaluate(UNLABELLED_CONTROLS);
    expect(unlabelled).toBe(0);
    await context.close();
  });

  it('switches Jin Park from Brightpath to his Kestrel subcontract, with Kestrel’s brand, and signs out', async () => {
    const { context, page } = await demo.newPage();
    await signIn(page, demo.url, 'jin.park@brightpath.example');
    const signedIn = await signInByApi(demo.url, 'jin.park@brightpath.example');
    const kestrel = signedIn.memberships.find((membership) => membership.name.startsWith('Kestrel'));
    expect(kestrel).toBeDefined();
    const kestrelBrand = await brandFor(
      demo.url,
      (await signInByApi(demo.url, 'jin.park@brightpath.example', kestrel?.id)).accessToken,
    );
    const brightpathBrand = await brandFor(demo.url, signedIn.accessToken);
    expect(kestrelBrand.productName).not.toBe(brightpathBrand.productName);

    await expect.poll(() => page.locator('.product-name').textContent()).toBe(brightpathBrand.productName);
    await page.getByLabel('Acting as').selectOption(kestrel?.id ?? '');
    await expect.poll(() => page.locator('.membership-name').textContent()).toBe(kestrel?.name ?? '');
    await expect.poll(() => page.locator('.product-name').textContent()).toBe(kestrelBrand.productName);
    const body = await page.locator('body').textContent();
    expect(body).not.toContain(brightpathBrand.productName);

    const token = await page.evaluate(
      `JSON.parse(sessionStorage.getItem('tessera.session') ?? '{}').accessToken`,
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await page.evaluate(`sessionStorage.getItem('tessera.session')`)).toBeNull();
    const after = await fetch(`${demo.url}/api/v1/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.status).toBe(401);
    await context.close();
  });
});
