import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { listRoutes, type RouteEntry } from '../../src/platform/http/route-table.ts';
import { matrixRoutes, RouteMatrix } from './route-matrix-run.ts';
import { type MatrixWorld, openMatrixWorld } from './route-matrix-world.ts';

/**
 * Tests of the isolation suite itself (issue 6): a suite that cannot fail proves nothing. The
 * same route matrix that runs on every build is pointed at a doctored Tessera — first one whose
 * permission checks are removed, then one whose database lost a single RLS policy — and must
 * report the breach, naming the route and the caller.
 */

let mw: MatrixWorld;
let routes: RouteEntry[];

beforeAll(async () => {
  mw = await openMatrixWorld();
  routes = matrixRoutes(listRoutes(mw.app));
}, 240_000);
afterAll(async () => {
  await mw?.app.close();
  await mw?.t.cleanup();
});

const pick = (method: string, url: string) => {
  const found = routes.filter((route) => route.method === method && route.url === url);
  expect(found, `${method} ${url} in the route table`).toHaveLength(1);
  return found;
};

describe('the isolation suite', () => {
  it('catches a removed permission check', async () => {
    const unchecked = await buildApp(mw.t.tessera, {
      logger: false,
      rateLimits: false,
      authorizeEverything: true,
    });
    try {
      const matrix = new RouteMatrix({ ...mw, app: unchecked });
      await matrix.run(pick('GET', '/api/v1/people'));
      const keys = [...matrix.findings.keys()];
      // The client approver holds no read:people: the people list must have been refused.
      expect(
        keys.some(
          (key) =>
            key.startsWith('status: GET /api/v1/people as ava@brightpath-consulting') &&
            key.includes('expected 403 FORBIDDEN (no read:people)'),
        ),
        keys.join('\n'),
      ).toBe(true);
    } finally {
      await unchecked.close();
    }
  }, 120_000);

  it('catches a dropped RLS policy', async () => {
    // Brightpath lives on the us-pool-1 cell; its owner drops one segment policy of contracts.
    const cell = await mw.t.database('us-pool-1');
    await cell.session((session) => session.script('DROP POLICY legal_entity_scope ON contracts'));
    const matrix = new RouteMatrix(mw);
    await matrix.run([...pick('GET', '/api/v1/contracts'), ...pick('GET', '/api/v1/contracts/:id')]);
    const keys = [...matrix.findings.keys()];
    // Tom sees Brightpath Ltd only: Brightpath Inc's contracts now reach him, listed and by id.
    expect(
      keys.some((key) => key.startsWith('listed: GET /api/v1/contracts as tom@brightpath-consulting')),
      keys.join('\n'),
    ).toBe(true);
    expect(
      keys.some((key) => key.includes('GET /api/v1/contracts/:id as tom@brightpath-consulting')),
      keys.join('\n'),
    ).toBe(true);
    // Nothing but that policy's dimension broke: every finding is about a legal-entity-scoped caller.
    expect(keys.filter((key) => !key.includes('tom@brightpath-consulting'))).toEqual([]);
  }, 120_000);
});
