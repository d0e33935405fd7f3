import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERSONAS } from '../../src/demo/world/world-personas.ts';
import { listRoutes, type RouteEntry } from '../../src/platform/http/route-table.ts';
import { systemContext } from '../../src/platform/tenancy/tenant-context.ts';
import { COLLECTION_KINDS, PLANS, pathSlots } from './route-matrix-plan.ts';
import { type Finding, LEAKS, matrixRoutes, RouteMatrix } from './route-matrix-run.ts';
import { type MatrixWorld, openMatrixWorld } from './route-matrix-world.ts';

/**
 * The route × persona matrix of the isolation suite (ARCHITECTURE.md §6): every route of the
 * live route table, called as every membership of every persona of the reference world, as a
 * support engineer under an approved grant and as a narrow API token, at objects of other firms,
 * objects of the caller's firm outside its scope, objects in its scope and ids that exist nowhere.
 * A foreign or out-of-scope object must answer exactly like one that does not exist (same status,
 * same code: 404, or 403 where the caller may not use the route at all), change nothing, and no
 * answer may carry a canary or an id the caller may not see.
 */

/**
 * What the matrix finds in `src/` today and nobody has fixed yet. The suite stays green with them,
 * and fails as soon as the set found differs: fix one, then delete its line here.
 */
// Findings of the matrix not fixed yet, each with its reason; the matrix requires the set found to
// equal this list, so a fix (or a new finding) makes the suite fail until the list is updated.
const KNOWN_FINDINGS: readonly string[] = [];

let mw: MatrixWorld;
let routes: RouteEntry[];
let matrix: RouteMatrix;

beforeAll(async () => {
  mw = await openMatrixWorld();
  routes = matrixRoutes(listRoutes(mw.app));
  matrix = new RouteMatrix(mw);
}, 240_000);
afterAll(async () => {
  await mw?.app.close();
  await mw?.t.cleanup();
});

describe('the route × persona matrix (generated from the route table)', () => {
  it('can aim every route of the route table at objects of the right kind', () => {
    expect(routes.length).toBeGreaterThan(40);
    // A path parameter the resolver cannot place (a new `/:id` collection, a wildcard) fails here, by name.
    const unresolved = routes
      .map((route) => ({ route, unknown: pathSlots(route.url).unknown }))
      .filter(({ unknown }) => unknown.length > 0)
      .map(({ route, unknown }) => `${route.method} ${route.url} (${unknown.join(', ')}: no kind known)`);
    expect(unresolved, 'routes the matrix cannot exercise: teach COLLECTION_KINDS their prefix').toEqual([]);
    // Every kind a parameter can name has objects in the world, in more than one firm (or partner).
    for (const kind of new Set(Object.values(COLLECTION_KINDS))) {
      const tenants = new Set(mw.pool.filter((o) => o.kind === kind).map((o) => o.tenant ?? o.partner));
      expect(tenants.size, `objects of kind ${kind} in several firms`).toBeGreaterThan(1);
    }
    // A plan for a route that no longer exists is a plan that silently stopped testing.
    const keys = new Set(routes.map((route) => `${route.method} ${route.url}`));
    expect(
      Object.keys(PLANS).filter((key) => !keys.has(key)),
      'plans of routes not in the table',
    ).toEqual([]);
    // Some caller holds every non-public permission, so every route is also tried by someone allowed.
    const unheld = routes.filter(
      (route) =>
        route.permission !== 'public' && !mw.callers.some((c) => c.access.permissions.has(route.permission)),
    );
    expect(
      unheld.map((r) => `${r.method} ${r.url} (${r.permission})`),
      'no caller holds',
    ).toEqual([]);
  });

  it('answers foreign and out-of-scope objects exactly like nonexistent ones, and leaks nothing', async () => {
    const started = Date.now();
    await matrix.run(routes);
    const findings = [...matrix.findings.values()].sort((a, b) => a.key.localeCompare(b.key));
    const leaks = findings.filter((f) => LEAKS.has(f.category));
    const personas = new Set(mw.callers.map((c) => c.persona));
    const known = new Set(KNOWN_FINDINGS);
    const print = (f: Finding) => `  ${f.key}\n      request: ${f.request}\n      answer:  ${f.answer}`;
    console.log(
      [
        `route × persona matrix (${process.env.TESSERA_TEST_PG_URL ? 'PostgreSQL' : 'PGlite'}, ${((Date.now() - started) / 1000).toFixed(1)} s):`,
        `  routes:   ${routes.length} (of ${listRoutes(mw.app).length} in the table; HEAD twins and /docs left out)`,
        `  personas: ${personas.size} (${PERSONAS.length} in SCENARIO.md), as ${mw.callers.length} callers: ${mw.callers.map((c) => c.key).join(', ')}`,
        `  objects:  ${mw.pool.length}`,
        `  requests: ${matrix.requests} (${[...matrix.byClass].map(([c, n]) => `${c} ${n}`).join(', ')}; sessions checked after changes; and ${mw.setupRequests} to build the world)`,
        `  leaks:    ${leaks.filter((f) => !known.has(f.key)).length} new (and ${leaks.filter((f) => known.has(f.key)).length} known, in KNOWN_FINDINGS)`,
        `  5xx:      ${matrix.serverErrors}`,
        `  findings: ${findings.length} (${KNOWN_FINDINGS.length} known)`,
        ...findings.map((f) => `${known.has(f.key) ? '  [known]' : '  [NEW]'}${print(f)}`),
      ].join('\n'),
    );
    expect(personas.size).toBe(PERSONAS.length);
    expect(matrix.requests).toBeGreaterThan(3000);
    expect(leaks.filter((f) => !known.has(f.key)).map(print), 'leaks not in KNOWN_FINDINGS').toEqual([]);
    expect(matrix.serverErrors, '5xx answers').toBe(0);
    expect(
      findings.map((f) => f.key),
      'findings differ from KNOWN_FINDINGS',
    ).toEqual([...KNOWN_FINDINGS].sort());
  }, 300_000);

  it('exercised every route: allowed callers got past validation and reached objects in their scope', () => {
    const missed: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const coverage = matrix.coverage.get(key);
      if (!coverage) missed.push(`${key}: not run`);
      else if (coverage.holders === 0) missed.push(`${key}: no caller holds ${route.permission}`);
      else if (!coverage.beyondValidation)
        missed.push(`${key}: every allowed request was 400 (give it a body in PLANS)`);
      else if (!coverage.visibleReached)
        missed.push(
          `${key}: no allowed caller reached an object in its scope (seed one in route-matrix-world.ts)`,
        );
    }
    expect(missed).toEqual([]);
  });

  it('notices an oracle, a canary, a foreign id, a listed object and a change when the app is doctored to leak them', async () => {
    const slug = (tenant: string, kind: string, key: string) =>
      mw.pool.find((o) => o.key === `${tenant}/${kind}/${key}`)?.id as string;
    const haldenAs = slug('halden-partners', 'legal_entity', 'as');
    const kestrelRegion = slug('kestrel-it-services', 'region', 'us');
    const retainers = slug('kestrel-it-services', 'portfolio', 'retainers');
    const kestrel = mw.tenantIds.get('kestrel-it-services') as string;
    const tom = mw.callers.find((c) => c.key === 'tom@brightpath-consulting') as (typeof mw.callers)[number];
    const priyasToken = mw.pool.find((o) => o.key === 'api-token/spare@priya@brightpath-consulting')?.id;
    const headersOf = (options: object) =>
      (options as { headers?: { authorization?: string } }).headers?.authorization;
    const fake = (statusCode: number, body: string) => ({ statusCode, body, json: () => JSON.parse(body) });
    const inject = async (options: { method: string; url: string }) => {
      const real = await mw.app.inject(options as never);
      // An existence oracle: another firm's legal entity is 403 where a missing one is 404.
      if (options.url === `/api/v1/legal-entities/${haldenAs}` && real.statusCode === 404)
        return fake(403, real.body.replace('"status":404', '"status":403').replace('NOT_FOUND', 'FORBIDDEN'));
      // A canary of another firm in a list, and another firm's id in a record.
      if (options.url === '/api/v1/legal-entities' && real.statusCode === 200)
        return fake(
          200,
          real.body.replace(
            '"items":[',
            '{"x":"canary:kestrel-it-services:client:umbrella"},'.replace('{', '"items":[{'),
          ),
        );
      // Another member's API token in Tom's list of his own.
      if (options.url === '/api/v1/api-tokens' && headersOf(options) === tom.headers.authorization)
        return fake(200, real.body.replace('"items":[', `"items":[{"id":"${priyasToken}"},`));
      if (options.url.startsWith('/api/v1/regions/') && real.statusCode === 200)
        return fake(200, real.body.replace('"name":', `"parent":"${kestrelRegion}","name":`));
      // A write through to another firm's portfolio that still answers 404.
      if (options.method === 'PATCH' && options.url === `/api/v1/portfolios/${retainers}`) {
        await mw.t.tessera.withTenant(systemContext(kestrel, 'route-matrix-doctor'), async (tx) => {
          await tx.db
            .updateTable('portfolios')
            .set({ updated_at: new Date(0) })
            .where('id', '=', retainers)
            .execute();
          tx.audit({ action: 'portfolio.doctored', resourceKind: 'portfolio', resourceId: retainers });
        });
      }
      return real;
    };
    const doctored = {
      ...mw,
      app: new Proxy(mw.app, { get: (app, p) => (p === 'inject' ? inject : Reflect.get(app, p)) }),
    };
    const check = new RouteMatrix(doctored);
    const pick = (method: string, url: string) => routes.filter((r) => r.method === method && r.url === url);
    await check.run([
      ...pick('GET', '/api/v1/legal-entities'),
      ...pick('GET', '/api/v1/api-tokens'),
      ...pick('GET', '/api/v1/legal-entities/:id'),
      ...pick('GET', '/api/v1/regions/:id'),
      ...pick('PATCH', '/api/v1/portfolios/:id'),
    ]);
    const keys = [...check.findings.keys()];
    const has = (prefix: string) => keys.some((key) => key.startsWith(prefix));
    expect(
      has(
        'oracle: GET /api/v1/legal-entities/:id as tom@brightpath-consulting: path:id=halden-partners/legal_entity/as [foreign] → 403 FORBIDDEN, nonexistent → 404 NOT_FOUND',
      ),
      keys.join('\n'),
    ).toBe(true);
    expect(has('canary: GET /api/v1/legal-entities as priya@brightpath-consulting'), keys.join('\n')).toBe(
      true,
    );
    expect(
      has(
        'foreign-id: GET /api/v1/regions/:id as kari@halden-partners: → received the id of kestrel-it-services/region/us',
      ),
      keys.join('\n'),
    ).toBe(true);
    expect(
      has(
        'listed: GET /api/v1/api-tokens as tom@brightpath-consulting: → listed api-token/spare@priya@brightpath-consulting [out-of-scope]',
      ),
      keys.join('\n'),
    ).toBe(true);
    expect(
      has('changed: PATCH /api/v1/portfolios/:id as priya@brightpath-consulting, id'),
      keys.join('\n'),
    ).toBe(true);
    expect(keys.filter((key) => key.startsWith('status') || key.startsWith('5xx'))).toEqual([]);
  });
});
