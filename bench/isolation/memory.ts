import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEMO_PASSWORD, PERSONAS } from '../../src/demo/world/world-personas.ts';
import type { Permission } from '../../src/platform/auth/principal.ts';
import { log } from '../lib/log.ts';
import { peakResidentMb, residentMb, type ServerProcess, startServer } from '../lib/server-process.ts';

export interface MemoryOptions {
  /** Seconds of load on each route. */
  readonly durationSeconds: number;
  readonly connections: number;
  /** Seconds the restarted server sits idle before its memory is read. */
  readonly idleSeconds: number;
  readonly startTimeoutSeconds: number;
  /** `email:password` of demo users, comma-separated (one per tenant spreads the load over tenants). */
  readonly logins: string | undefined;
  /** The authenticated tenant route; found in /openapi.json when not given. */
  readonly route: string | undefined;
}

export interface LoadResult {
  readonly route: string;
  /** Tenants whose tokens the connections share out. */
  readonly tenants: number;
  readonly requestsPerSecond: number;
  readonly latencyP99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly peakRssMb: number;
}

export interface Skipped {
  readonly status: 'skipped';
  readonly reason: string;
}

export type MemoryResult =
  | Skipped
  | {
      readonly status: 'ok';
      readonly firstStartSeconds: number;
      readonly restartSeconds: number;
      /** Resident memory of the restarted server (and any child process) after it sat idle. */
      readonly idleRssMb: number;
      /** VmHWM of the restarted server when it became idle: the peak of its start-up. */
      readonly startupPeakRssMb: number | null;
      /** The server's process tree when idle (tsx runs esbuild as a child process). */
      readonly processes: { pid: number; name: string; rssMb: number }[];
      readonly ready: LoadResult;
      readonly tenantRoute: LoadResult | Skipped;
      /** The highest resident memory sampled while idle or under load. */
      readonly peakRssMb: number;
    };

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const CLI = join(ROOT, 'bin/tessera.mjs');

/** Demo personas of tenants on two different cells (Brightpath and Kestrel on us-pool-1, Halden on its own). */
const DEMO_LOGINS = ['priya', 'rachel', 'kari']
  .map((key) => `${PERSONAS.find((persona) => persona.key === key)?.email}:${DEMO_PASSWORD}`)
  .join(',');

/**
 * Resident memory of the embedded server with the demo loaded: a first start creates the demo
 * in a fresh data folder and is stopped; the second start reopens it, idles, then takes load on
 * `GET /ready` and on an authenticated tenant route.
 */
export async function measureMemory(options: MemoryOptions): Promise<MemoryResult> {
  if (!existsSync(CLI)) return { status: 'skipped', reason: 'bin/tessera.mjs does not exist yet' };
  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-bench-serve-'));
  const start = { cli: CLI, cwd: ROOT, dataDir, timeoutMs: options.startTimeoutSeconds * 1000 };
  let server: ServerProcess | undefined;
  try {
    let began = Date.now();
    log('  memory: first start (creates the demo)…');
    server = await startServer(start);
    const firstStartSeconds = (Date.now() - began) / 1000;
    const route = await findTenantRoute(server.url, options.route);
    await server.stop();

    began = Date.now();
    log('  memory: second start (reopens the data folder)…');
    server = await startServer(start);
    const restartSeconds = (Date.now() - began) / 1000;
    await sleep(options.idleSeconds * 1000);
    const idle = await residentMb(server.pid);
    const startupPeakRssMb = await peakResidentMb(server.pid);
    const tree = idle.processes.map((p) => `${p.name} ${p.rssMb.toFixed(0)} MB`).join(' + ');
    log(`  memory: idle ${idle.rssMb.toFixed(0)} MB (${tree})`);

    const ready = await load(server, '/ready', [], options);
    const tenantAccess = await logIn(server.url, route, options.logins);
    const tenantRoute =
      'status' in tenantAccess ? tenantAccess : await loadWithTokens(server, tenantAccess, options);
    if ('status' in tenantRoute) log(`  memory: tenant route skipped: ${tenantRoute.reason}`);
    return {
      status: 'ok',
      firstStartSeconds,
      restartSeconds,
      idleRssMb: idle.rssMb,
      startupPeakRssMb,
      processes: idle.processes,
      ready,
      tenantRoute,
      peakRssMb: Math.max(
        idle.rssMb,
        ready.peakRssMb,
        'peakRssMb' in tenantRoute ? tenantRoute.peakRssMb : 0,
      ),
    };
  } finally {
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The route to load and the permission it declares, from the running server's OpenAPI document. */
async function findTenantRoute(
  url: string,
  wanted: string | undefined,
): Promise<{ route: string; permission: Permission } | Skipped> {
  const response = await fetch(`${url}/openapi.json`).catch(() => undefined);
  if (!response?.ok) return { status: 'skipped', reason: 'the server has no /openapi.json' };
  const document = (await response.json()) as {
    paths?: Record<string, { get?: { 'x-permission'?: string } }>;
  };
  const routes = Object.entries(document.paths ?? {})
    .filter(([path, item]) => !path.includes('{') && item.get?.['x-permission'] !== undefined)
    .map(([path, item]) => ({ route: path, permission: item.get?.['x-permission'] as Permission }));
  const found = wanted
    ? routes.find((candidate) => candidate.route === wanted.split('?')[0])
    : (routes.find((candidate) => candidate.route.includes('legal-entities')) ?? routes[0]);
  if (!found)
    return { status: 'skipped', reason: `no authenticated GET route ${wanted ?? ''} in /openapi.json` };
  return wanted ? { ...found, route: wanted } : found;
}

/**
 * Access tokens from `POST /api/v1/auth/login` (API.md) on the running server, one per login.
 * The demo's credentials are not known to the benchmark, so they must be given.
 */
async function logIn(
  url: string,
  found: { route: string; permission: Permission } | Skipped,
  logins: string | undefined,
): Promise<{ route: string; tokens: string[] } | Skipped> {
  if ('status' in found) return found;
  const credentials = (logins ?? DEMO_LOGINS).split(',').filter(Boolean);
  if (credentials.length === 0) {
    return {
      status: 'skipped',
      reason: `no demo login for GET ${found.route} (needs ${found.permission}): pass --login email:password`,
    };
  }
  const tokens: string[] = [];
  for (const credential of credentials) {
    const colon = credential.indexOf(':');
    const email = credential.slice(0, colon);
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: credential.slice(colon + 1) }),
    }).catch(() => undefined);
    const body = (await response?.json().catch(() => ({}))) as { accessToken?: unknown } | undefined;
    if (!response?.ok || typeof body?.accessToken !== 'string') {
      return {
        status: 'skipped',
        reason: `POST /api/v1/auth/login as ${email} answered ${response?.status ?? 'nothing'}`,
      };
    }
    tokens.push(body.accessToken);
  }
  return { route: found.route, tokens };
}

/**
 * autocannon on one route, loopback only, sampling the server's resident memory every 100 ms.
 * With tokens, connection n sends token n mod count: the load is spread over the tenants.
 */
async function load(
  server: ServerProcess,
  route: string,
  tokens: readonly string[],
  options: MemoryOptions,
): Promise<LoadResult> {
  log(`  memory: ${options.durationSeconds} s of GET ${route}, ${options.connections} connections…`);
  let peakRssMb = (await residentMb(server.pid)).rssMb;
  let sampling = Promise.resolve();
  const sampler = setInterval(() => {
    sampling = sampling
      .then(() => residentMb(server.pid))
      .then(({ rssMb }) => {
        peakRssMb = Math.max(peakRssMb, rssMb);
      });
  }, 100);
  let connection = 0;
  try {
    const result = await autocannon({
      url: `${server.url}${route}`,
      connections: options.connections,
      duration: options.durationSeconds,
      setupClient: (client) => {
        const token = tokens[connection++ % Math.max(1, tokens.length)];
        if (token) client.setHeaders({ authorization: `Bearer ${token}` });
      },
    });
    const rssMb = Math.round(peakRssMb);
    log(`  memory: ${Math.round(result.requests.average)} req/s, ${result.non2xx} non-2xx, peak ${rssMb} MB`);
    return {
      route,
      tenants: tokens.length,
      requestsPerSecond: result.requests.average,
      latencyP99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      peakRssMb,
    };
  } finally {
    clearInterval(sampler);
    await sampling;
  }
}

/** The tenant route under load, after one request proves that the tokens are accepted. */
async function loadWithTokens(
  server: ServerProcess,
  access: { route: string; tokens: string[] },
  options: MemoryOptions,
): Promise<LoadResult | Skipped> {
  for (const token of access.tokens) {
    const probe = await fetch(`${server.url}${access.route}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!probe.ok)
      return { status: 'skipped', reason: `GET ${access.route} answers ${probe.status} to a given token` };
  }
  return load(server, access.route, access.tokens, options);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
