import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './http-test-fixture.ts';
import type { HttpApp } from './http-types.ts';
import { WEB_APP_CSP } from './web-app.ts';

const PAGE =
  '<!doctype html><html><body><div id="root"></div><script src="/assets/app-1a2b.js"></script></body></html>';
const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('the web app on the API port', () => {
  let root: string;
  let app: HttpApp;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tessera-web-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), PAGE);
    await writeFile(join(root, 'assets', 'app-1a2b.js'), 'console.log("app")');
    app = await buildTestApp({ webRoot: root });
  });
  afterAll(async () => {
    await app.close();
    await rm(root, { recursive: true, force: true });
  });

  it.each(['/', '/timesheet', '/projects/0190aaaa-0000-7000-8000-000000000001', '/portal?tab=x'])(
    'answers a browser navigation to %s with the app page, under its content security policy',
    async (url) => {
      const response = await app.inject({ method: 'GET', url, headers: HTML });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.headers['content-security-policy']).toBe(WEB_APP_CSP);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toBe(PAGE);
    },
  );

  it('serves hashed assets for a year', async () => {
    const response = await app.inject({ method: 'GET', url: '/assets/app-1a2b.js' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('console.log("app")');
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it.each([
    ['GET', '/api/v1/nothing-here', HTML],
    ['GET', '/api/v1', HTML],
    ['GET', '/docs/nothing', HTML],
    ['GET', '/timesheet', { accept: 'application/json' }],
    ['POST', '/timesheet', HTML],
    ['GET', '/assets/missing.js', { accept: '*/*' }],
    ['GET', '/', { accept: 'application/json' }],
  ] as const)('still answers %s %s (not a page navigation) with a problem', async (method, url, headers) => {
    const response = await app.inject({ method, url, headers });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it('serves a rebuilt app without a restart', async () => {
    const rebuilt = PAGE.replace('app-1a2b', 'app-3c4d');
    await writeFile(join(root, 'assets', 'app-3c4d.js'), 'console.log("rebuilt")');
    await writeFile(join(root, 'index.html'), rebuilt);
    const page = await app.inject({ method: 'GET', url: '/projects', headers: HTML });
    expect(page.body).toBe(rebuilt);
    const asset = await app.inject({ method: 'GET', url: '/assets/app-3c4d.js' });
    expect(asset.body).toBe('console.log("rebuilt")');
    await writeFile(join(root, 'index.html'), PAGE);
  });

  it('leaves the API routes as they are', async () => {
    const response = await app.inject({ method: 'GET', url: '/health', headers: HTML });
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('serves no app when it has not been built', async () => {
    const bare = await buildTestApp({ webRoot: join(root, 'not-built') });
    const response = await bare.inject({ method: 'GET', url: '/timesheet', headers: HTML });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    await bare.close();
  });
});
