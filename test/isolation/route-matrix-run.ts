import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { RouteEntry } from '../../src/platform/http/route-table.ts';
import { systemContext } from '../../src/platform/tenancy/tenant-context.ts';
import {
  type BuildInput,
  COLLECTION_KINDS,
  classOf,
  pathSlots,
  planOf,
  type RoutePlan,
  reachOf,
  type Slot,
  type SlotContext,
  sees,
  type Variant,
  withValueParams,
} from './route-matrix-plan.ts';
import type { Caller, MatrixWorld, PoolObject } from './route-matrix-world.ts';
import { CONFIDENTIAL_CANARY_FIELDS, canRead, inScope, seesCost } from './world-expectations.ts';

/**
 * Runs every route of the route table as every caller against the objects each may and may not
 * see, and collects what went wrong as findings with stable keys (no ids), so that a test can
 * compare them with the list of known ones.
 */

/**
 * The canary marker of the isolation world (`canary:<tenant>:<kind>:<key>[:<field>]`). The same
 * pattern as persona-matrix.test.ts: world-expectations.ts does not export one to import.
 */
export const CANARY = /canary:([a-z-]+):([a-z_]+):([a-z-]+)(?::([a-z-]+))?/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export type TargetClass = 'visible' | 'foreign' | 'out-of-scope' | 'nonexistent' | 'plain';
export type FindingCategory =
  | 'oracle'
  | 'canary'
  | 'foreign-id'
  | 'listed'
  | 'changed'
  | 'status'
  | '5xx'
  | 'session';
/** Findings that are leaks: something about an object the caller may not see got out, or changed. */
export const LEAKS: ReadonlySet<FindingCategory> = new Set([
  'oracle',
  'canary',
  'foreign-id',
  'listed',
  'changed',
]);

export interface Answer {
  readonly status: number;
  readonly code: string | null;
  readonly body: string;
}

export interface Finding {
  readonly category: FindingCategory;
  /** Stable across runs: route, caller, object keys, statuses and codes; never an id. */
  readonly key: string;
  /** The exact request (with this run's ids) and the answer, for the report. */
  readonly request: string;
  readonly answer: string;
}

export interface RouteCoverage {
  /** Callers holding the route's permission (every caller for a public route). */
  holders: number;
  /** A holder got an answer other than 400: the request passed validation. */
  beyondValidation: boolean;
  /** Path slots: a holder reached an object it may see with an answer other than 404. */
  visibleReached: boolean;
  pathSlots: number;
}

interface Request {
  readonly caller: Caller;
  readonly label: string;
  readonly method: string;
  readonly url: string;
  readonly payload: unknown;
  /** Headers of the request beyond the caller's (an Idempotency-Key). */
  readonly headers: Readonly<Record<string, string>>;
  readonly slot: Slot | null;
  readonly object: PoolObject | null;
  readonly targetClass: TargetClass;
  answer?: Answer;
}

interface Group {
  readonly caller: Caller;
  readonly slot: Slot | null;
  readonly requests: Request[];
}

type Fingerprint = Map<string, { rows: number; hash: string }>;

/** `ROUTE_MATRIX_TRACE=<file>` writes one line per request: route, caller, target, answer. */
const TRACE = process.env.ROUTE_MATRIX_TRACE;
const routeKey = (route: RouteEntry) => `${route.method} ${route.url}`;
const objectKey = (request: Request) => request.object?.key ?? request.targetClass;
const said = (answer: Answer | undefined) => `${answer?.status} ${answer?.code ?? '-'}`;

/** The routes of the matrix: every route of the table but HEAD twins and the docs UI. */
export function matrixRoutes(table: readonly RouteEntry[]): RouteEntry[] {
  return table.filter((route) => route.method !== 'HEAD' && !route.url.startsWith('/docs'));
}

export class RouteMatrix {
  requests = 0;
  serverErrors = 0;
  /** Requests by the class of their target. */
  readonly byClass = new Map<TargetClass, number>();
  /** The URLs each support grant caller requested, by tenant: its grant's use log records them. */
  private readonly underGrant = new Map<string, Set<string>>();
  readonly findings = new Map<string, Finding>();
  readonly coverage = new Map<string, RouteCoverage>();
  private counter = 0;
  private businessTables: string[] | null = null;

  constructor(private readonly world: MatrixWorld) {}

  /** Reads first, then changes, then the routes that end sessions. */
  async run(routes: readonly RouteEntry[]): Promise<void> {
    const endsSession = (route: RouteEntry) => planOf(route).endsSession === true;
    const reads = routes.filter((route) => route.method === 'GET');
    const changes = routes.filter((route) => route.method !== 'GET' && !endsSession(route));
    for (const route of [...reads, ...changes, ...routes.filter(endsSession)]) await this.runRoute(route);
  }

  private holds(caller: Caller, route: RouteEntry): boolean {
    return route.permission === 'public' || caller.access.permissions.has(route.permission);
  }

  private async runRoute(route: RouteEntry): Promise<void> {
    const plan = planOf(route);
    const mutating = route.method !== 'GET';
    const { slots: path } = pathSlots(route.url);
    const coverage: RouteCoverage = {
      holders: this.world.callers.filter((caller) => this.holds(caller, route)).length,
      beyondValidation: false,
      visibleReached: path.length === 0,
      pathSlots: path.length,
    };
    this.coverage.set(routeKey(route), coverage);
    for (const variant of plan.variants) {
      const slots = [...path, ...variant.refs];
      const groups = this.world.callers.flatMap((caller) =>
        this.groupsOf(route, plan, variant, slots, caller),
      );
      const label = `${routeKey(route)}${variant.label}`;
      // Requests at objects the caller may not see (and at none), then at those it may see.
      const negative = (r: Request) => r.targetClass !== 'visible' && r.targetClass !== 'plain';
      // A change is checked after each allowed caller's requests per slot (as the owner, all firms).
      let before = mutating && slots.length > 0 ? await this.fingerprint() : null;
      for (const caller of this.world.callers) {
        for (const group of groups.filter((g) => g.caller === caller)) {
          for (const request of group.requests.filter(negative)) await this.send(request, plan);
          if (!before || !this.holds(caller, route)) continue;
          before = group.slot?.lenient
            ? await this.fingerprint()
            : await this.compare(before, label, `${caller.key}, ${group.slot?.name ?? 'no target'}`);
        }
      }
      if (before) await this.compare(before, label, 'callers without the permission');
      for (const group of groups)
        for (const request of group.requests.filter((r) => !negative(r))) await this.send(request, plan);
      for (const group of groups) this.evaluate(route, group, coverage);
    }
    if (mutating) await this.checkSessions(routeKey(route));
  }

  /** The requests of one caller: per slot, the hidden objects, an id that exists nowhere, the visible ones. */
  private groupsOf(
    route: RouteEntry,
    plan: RoutePlan,
    variant: Variant,
    slots: readonly Slot[],
    caller: Caller,
  ): Group[] {
    const label = `${routeKey(route)}${variant.label}`;
    const mutating = route.method !== 'GET';
    if (slots.length === 0) {
      return [
        { caller, slot: null, requests: [this.build(route, variant, label, caller, [], null, 'plain')] },
      ];
    }
    const groups: Group[] = [];
    slots.forEach((slot, index) => {
      const chosen = new Map<string, PoolObject | null>();
      for (const earlier of slots.slice(0, index)) {
        const anchor = this.anchor(route, earlier, caller, chosen, mutating);
        if (anchor === undefined) return;
        chosen.set(earlier.name, anchor);
      }
      const context: SlotContext = { route, slot, chosen };
      const candidates = this.world.pool.filter((object) => object.kind === slot.kind);
      const visible = candidates.filter((object) => sees(caller, object, context, this.world));
      let hidden = candidates
        .filter((object) => !visible.includes(object))
        .map((object) => ({ object, targetClass: classOf(caller, object, this.world) as TargetClass }));
      if (slot.lenient) hidden = hidden.filter((h) => h.object.tenant === caller.tenant);
      if (plan.sample !== undefined) {
        const sample = plan.sample;
        hidden = (['foreign', 'out-of-scope'] as const).flatMap((c) =>
          hidden.filter((h) => h.targetClass === c).slice(0, sample),
        );
      }
      const inScope = mutating
        ? [this.anchor(route, slot, caller, chosen, mutating)].filter((o): o is PoolObject => !!o)
        : visible;
      const targets = [
        ...hidden,
        { object: null, targetClass: 'nonexistent' as TargetClass },
        ...inScope.map((object) => ({ object, targetClass: 'visible' as TargetClass })),
      ];
      groups.push({
        caller,
        slot,
        requests: targets.map(({ object, targetClass }) => {
          const values: [Slot, string][] = [...chosen].map(([name, o]) => [
            slots.find((s) => s.name === name) as Slot,
            o?.id ?? randomUUID(),
          ]);
          values.push([slot, object?.id ?? randomUUID()]);
          const after = new Map(chosen).set(slot.name, object);
          for (const later of slots.slice(index + 1)) {
            const anchor = this.anchor(route, later, caller, after, mutating) ?? null;
            after.set(later.name, anchor);
            values.push([later, anchor?.id ?? randomUUID()]);
          }
          return this.build(route, variant, label, caller, values, object, targetClass, slot);
        }),
      });
    });
    return groups;
  }

  /**
   * The object a slot names when another slot varies (and the in-scope target of a mutation): the
   * first the caller may see; for a change, one that is not the world's or the matrix's own.
   */
  private anchor(
    route: RouteEntry,
    slot: Slot,
    caller: Caller,
    chosen: ReadonlyMap<string, PoolObject | null>,
    mutating: boolean,
  ): PoolObject | undefined {
    const visible = this.world.pool.filter(
      (object) => object.kind === slot.kind && sees(caller, object, { route, slot, chosen }, this.world),
    );
    if (!mutating) return visible[0];
    return visible.find((object) => !object.protected) ?? (slot.where === 'body' ? visible[0] : undefined);
  }

  private build(
    route: RouteEntry,
    variant: Variant,
    label: string,
    caller: Caller,
    values: readonly [Slot, string][],
    object: PoolObject | null,
    targetClass: TargetClass,
    slot: Slot | null = null,
  ): Request {
    this.counter += 1;
    const byName = Object.fromEntries(values.map(([s, id]) => [s.name, id]));
    const input: BuildInput = {
      caller,
      slot: slot?.name ?? null,
      values: byName,
      target: object,
      visible: targetClass === 'visible',
      n: this.counter,
      world: this.world,
    };
    let url = withValueParams(route.url);
    for (const [s, id] of values) if (s.where === 'path') url = url.replace(`:${s.name}`, id);
    const query = variant.query?.(input);
    if (query) url = `${url}?${new URLSearchParams(query)}`;
    const payload = route.method === 'GET' ? undefined : (variant.body?.(input) ?? {});
    const headers = variant.headers?.(input) ?? {};
    return { caller, label, method: route.method, url, payload, headers, slot, object, targetClass };
  }

  private async send(request: Request, plan: RoutePlan): Promise<void> {
    const headers = {
      ...(plan.endsSession ? await request.caller.fresh() : request.caller.headers),
      ...request.headers,
    };
    this.requests += 1;
    this.byClass.set(request.targetClass, (this.byClass.get(request.targetClass) ?? 0) + 1);
    if (request.caller.via === 'support-grant') {
      const urls = this.underGrant.get(request.caller.tenant as string) ?? new Set<string>();
      this.underGrant.set(request.caller.tenant as string, urls.add(request.url));
    }
    const response = await this.world.app.inject({
      method: request.method as 'GET',
      url: request.url,
      // A text body is CSV (the time import); every other body is JSON.
      headers: typeof request.payload === 'string' ? { ...headers, 'content-type': 'text/csv' } : headers,
      ...(request.payload === undefined ? {} : { payload: request.payload as object }),
    });
    let code: string | null = null;
    if (response.statusCode >= 400) {
      try {
        code = (response.json() as { code?: string }).code ?? null;
      } catch {
        code = null;
      }
    }
    request.answer = { status: response.statusCode, code, body: response.body };
    if (TRACE) {
      const target = request.slot
        ? `${request.slot.name}=${objectKey(request)} [${request.targetClass}]`
        : '';
      appendFileSync(TRACE, `${request.label}\t${request.caller.key}\t${target}\t${said(request.answer)}\n`);
    }
    if (response.statusCode >= 500) this.serverErrors += 1;
    this.scan(request);
  }

  /** What each group's answers must be (ARCHITECTURE.md §3 and §6, API.md "Errors"). */
  private evaluate(route: RouteEntry, group: Group, coverage: RouteCoverage): void {
    const { caller, requests } = group;
    const holds = this.holds(caller, route);
    const mutating = route.method !== 'GET';
    for (const request of requests) {
      const answer = request.answer as Answer;
      if (answer.status >= 500) this.find('5xx', request, `${said(answer)}`);
      if (holds && answer.status !== 400) coverage.beyondValidation = true;
    }
    const forbidden = (answer: Answer | undefined) => answer?.status === 403 && answer.code === 'FORBIDDEN';
    if (!holds) {
      for (const request of requests)
        if (!forbidden(request.answer))
          this.find(
            'status',
            request,
            `${said(request.answer)}, expected 403 FORBIDDEN (no ${route.permission})`,
          );
    }
    const plain = requests.find((r) => r.targetClass === 'plain');
    if (plain) {
      const answer = plain.answer as Answer;
      if (holds && !mutating && answer.status >= 300 && answer.status !== 403)
        this.find('status', plain, `${said(answer)}, expected 2xx (or 403 for a function not open to it)`);
      if (holds && !mutating && answer.status === 200) this.checkList(route, plain);
      // A request that names no object cannot be about one that is not found.
      if (holds && mutating && answer.status === 404)
        this.find('status', plain, `${said(answer)}, expected 2xx, or 403 for what the caller may not do`);
      return;
    }
    const nowhere = requests.find((r) => r.targetClass === 'nonexistent') as Request;
    const visible = requests.filter((r) => r.targetClass === 'visible');
    for (const hidden of requests.filter(
      (r) => r.targetClass === 'foreign' || r.targetClass === 'out-of-scope',
    )) {
      const a = hidden.answer as Answer;
      const n = nowhere.answer as Answer;
      if (a.status !== n.status || a.code !== n.code)
        this.find('oracle', hidden, `${said(a)}, nonexistent → ${said(n)}`, nowhere);
    }
    if (!holds) return;
    const slot = group.slot as Slot;
    const n = nowhere.answer as Answer;
    const forbiddenFunction = forbidden(n) && visible.every((r) => forbidden(r.answer));
    if (slot.where !== 'body') {
      if (!(n.status === 404 && n.code === 'NOT_FOUND') && !forbiddenFunction)
        this.find('status', nowhere, `${said(n)}, expected 404 NOT_FOUND`);
    } else if (n.status < 400) {
      this.find('status', nowhere, `${said(n)}, expected a 4xx for a reference to nothing`);
    }
    for (const request of visible) {
      const a = request.answer as Answer;
      if (slot.where === 'path' && !(a.status === 404 && a.code === 'NOT_FOUND'))
        coverage.visibleReached = true;
      if (forbiddenFunction || slot.lenient) continue;
      if (!mutating || slot.where === 'body') {
        if (a.status >= 300) this.find('status', request, `${said(a)}, expected 2xx for an object in scope`);
      } else if (a.status === 404) {
        this.find('status', request, `${said(a)}, expected the object in scope to be found`);
      }
    }
  }

  /** A list of a known kind (`GET /api/v1/<collection>`, `…/mine`) holds only objects the caller may see. */
  private checkList(route: RouteEntry, request: Request): void {
    const parts = route.url.split('/');
    const kind = COLLECTION_KINDS[parts.at(-1) ?? ''] ?? COLLECTION_KINDS[parts.at(-2) ?? ''];
    if (!kind) return;
    let items: unknown;
    try {
      items = (JSON.parse(request.answer?.body ?? '') as { items?: unknown }).items;
    } catch {
      return;
    }
    if (!Array.isArray(items)) return;
    const slot: Slot = { where: 'path', name: 'id', kind };
    for (const item of items as { id?: unknown }[]) {
      const object = this.world.pool.find((o) => o.kind === kind && o.id === item?.id);
      if (!object || sees(request.caller, object, { route, slot, chosen: new Map() }, this.world)) continue;
      this.find(
        'listed',
        { ...request, slot: null },
        `listed ${object.key} [${classOf(request.caller, object, this.world)}]`,
      );
    }
  }

  private find(category: FindingCategory, request: Request, what: string, also?: Request): void {
    const slot = request.slot ? ` ${request.slot.where}:${request.slot.name}=${objectKey(request)}` : '';
    const target = request.slot ? ` [${request.targetClass}]` : '';
    const key = `${category}: ${request.label} as ${request.caller.key}:${slot}${target} → ${what}`;
    this.findings.set(key, {
      category,
      key,
      request: [request, also]
        .filter((r): r is Request => !!r)
        .map((r) => `${r.method} ${r.url}${r.payload === undefined ? '' : ` ${JSON.stringify(r.payload)}`}`)
        .join('  |  vs  '),
      answer: [request, also]
        .filter((r): r is Request => !!r)
        .map((r) => `${r.answer?.status} ${r.answer?.body.slice(0, 300)}`)
        .join('  |  vs  '),
    });
  }

  /** Canaries and ids of other firms in the answer: only what the caller may see may come back. */
  private scan(request: Request): void {
    const { caller } = request;
    const answer = request.answer as Answer;
    if (answer.body.length === 0) return;
    const sent = `${request.url} ${JSON.stringify(request.payload ?? '')}`;
    for (const [marker, tenant, kind, key, field] of answer.body.matchAll(CANARY)) {
      if (sent.includes(marker)) continue;
      if (!this.mayReceiveCanary(caller, tenant as string, kind as string, key as string, field)) {
        this.find('canary', { ...request, slot: null }, `received ${marker}`);
      }
    }
    if (caller.realm === 'platform') return;
    // A grant's use log records the URLs the engineer asked for, ids of other firms included: the
    // engineer's own words, not data of another firm. Only this firm's grant callers' URLs are dropped.
    let body = answer.body;
    for (const url of this.underGrant.get(caller.tenant ?? '') ?? [])
      body = body.replaceAll(`"url":"${url}"`, '');
    const reach = reachOf(caller, this.world);
    const own = this.world.pool.filter(
      (o) => o.kind === 'membership' && o.membership?.userId === caller.userId,
    );
    for (const o of own) if (o.tenant) reach.add(o.tenant);
    for (const [id] of body.matchAll(UUID)) {
      const lower = (id as string).toLowerCase();
      if (sent.toLowerCase().includes(lower)) continue;
      const object = this.world.pool.find((o) => o.id === lower);
      // A partner's id: only to the admins of a partner above it (or itself).
      if (object?.kind === 'partner') {
        const partners = caller.realm === 'partner' ? this.world.subtree(caller.partner as string) : [];
        if (!partners.includes(object.partner as string))
          this.find('foreign-id', { ...request, slot: null }, `received the id of ${object.key}`);
        continue;
      }
      if (!object || object.tenant === null || reach.has(object.tenant)) continue;
      if (own.includes(object)) continue;
      this.find('foreign-id', { ...request, slot: null }, `received the id of ${object.key}`);
    }
  }

  private mayReceiveCanary(
    caller: Caller,
    tenant: string,
    kind: string,
    key: string,
    field: string | undefined,
  ): boolean {
    const record = this.world.records.find((r) => r.tenant === tenant && r.kind === kind && r.key === key);
    if (!record) return false;
    const access = caller.access;
    if (field === 'cost') return seesCost(access, record);
    if (field !== undefined && CONFIDENTIAL_CANARY_FIELDS.has(field))
      return inScope(access, record) && ['confidential', 'restricted'].includes(access.clearance);
    return canRead(access, record);
  }

  /** After each change, every caller must still be signed in (a session may end only by its own hand). */
  private async checkSessions(label: string): Promise<void> {
    for (const caller of this.world.callers) {
      if (caller.via === 'api-token') continue;
      this.requests += 1;
      const me = await this.world.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: caller.headers,
      });
      if (me.statusCode === 200) continue;
      this.findings.set(`session: ${label} ended the session of ${caller.key}`, {
        category: 'session',
        key: `session: ${label} ended the session of ${caller.key}`,
        request: 'GET /api/v1/auth/me',
        answer: `${me.statusCode} ${me.body.slice(0, 300)}`,
      });
      caller.headers = await caller.fresh();
    }
  }

  private async compare(before: Fingerprint, label: string, who: string): Promise<Fingerprint> {
    const after = await this.fingerprint();
    const changed = [...new Set([...before.keys(), ...after.keys()])]
      .filter((table) => before.get(table)?.hash !== after.get(table)?.hash)
      .map((table) => `${table} (${before.get(table)?.rows ?? 0} → ${after.get(table)?.rows ?? 0} rows)`);
    if (changed.length > 0) {
      const key = `changed: ${label} as ${who} (foreign, out-of-scope and nonexistent targets only): ${changed.join(', ')}`;
      this.findings.set(key, { category: 'changed', key, request: label, answer: changed.join(', ') });
    }
    return after;
  }

  /** Row counts and content hashes, as the owner: every business table of every firm, and the control plane's. */
  async fingerprint(): Promise<Fingerprint> {
    const { t } = this.world;
    const out: Fingerprint = new Map();
    const control = await sql<{ t: string; n: number; h: string }>`
      SELECT 'memberships' AS t, count(*)::int AS n,
        coalesce(md5(string_agg(concat_ws('|', id, status, tenant_id, partner_id), ',' ORDER BY id)), '') AS h
        FROM control.memberships
      UNION ALL SELECT 'membership_roles', count(*)::int,
        coalesce(md5(string_agg(concat_ws('|', membership_id, role_key), ',' ORDER BY membership_id, role_key)), '')
        FROM control.membership_roles
      UNION ALL SELECT 'membership_scopes', count(*)::int,
        coalesce(md5(string_agg(concat_ws('|', id, membership_id, dimension, segment_id, valid_from, valid_until), ',' ORDER BY id)), '')
        FROM control.membership_scopes
      UNION ALL SELECT 'users', count(*)::int,
        coalesce(md5(string_agg(concat_ws('|', id, email, name, status), ',' ORDER BY id)), '') FROM control.users
      UNION ALL SELECT 'tenants', count(*)::int,
        coalesce(md5(string_agg(concat_ws('|', id, slug, name, status, partner_id), ',' ORDER BY id)), '') FROM control.tenants
      UNION ALL SELECT 'tenant_roles', count(*)::int,
        coalesce(md5(string_agg(concat_ws('|', tenant_id, key, permissions::text, clearance), ',' ORDER BY tenant_id, key)), '')
        FROM control.tenant_roles
      UNION ALL SELECT 'api_tokens', count(*)::int,
        coalesce(md5(string_agg(concat_ws('|', id, membership_id, scopes::text, expires_at, revoked_at), ',' ORDER BY id)), '')
        FROM control.api_tokens
      UNION ALL SELECT 'brands', count(*)::int,
        coalesce(md5(string_agg(concat_ws('|', id, owner_kind, partner_id, tenant_id, name, product_name, logo,
          primary_color, accent_color, support_email, support_url, hostnames::text, updated_at), ',' ORDER BY id)), '')
        FROM control.brands
      UNION ALL SELECT 'support_grants', count(*)::int,
        coalesce(md5(string_agg(concat_ws('|', id, status, decided_at, approved_at, expires_at, revoked_at), ',' ORDER BY id)), '')
        FROM control.support_grants`.execute(t.tessera.control.db);
    for (const row of control.rows) out.set(`control.${row.t}`, { rows: row.n, hash: row.h });
    const tenants = await t.tessera.control.db
      .selectFrom('tenants')
      .select(['id', 'slug'])
      .orderBy('id')
      .execute();
    for (const tenant of tenants as { id: string; slug: string }[]) {
      const rows = await t.tessera.withTenant(
        systemContext(tenant.id, 'route-matrix'),
        async (tx) => {
          this.businessTables ??= (
            await sql<{ table_name: string }>`
              SELECT DISTINCT table_name FROM information_schema.columns
              WHERE table_schema = 'public' AND column_name = 'tenant_id'
                AND table_name NOT IN ('audit_events', 'outbox_events', 'outbox_deliveries', 'tenant_chain_heads')
              ORDER BY table_name`.execute(tx.db)
          ).rows.map((row) => row.table_name);
          const parts = this.businessTables.map(
            (table) => sql`SELECT ${table} AS t, count(*)::int AS n,
              coalesce(md5(string_agg(x::text, ',' ORDER BY x::text)), '') AS h
              FROM ${sql.table(table)} x WHERE x.tenant_id = ${tenant.id}`,
          );
          return (
            await sql<{ t: string; n: number; h: string }>`${sql.join(parts, sql` UNION ALL `)}`.execute(
              tx.db,
            )
          ).rows;
        },
        { readOnly: true },
      );
      for (const row of rows) out.set(`${tenant.slug}.${row.t}`, { rows: row.n, hash: row.h });
    }
    return out;
  }
}
