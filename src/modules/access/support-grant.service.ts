import type { Kysely, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Principal, TenantPrincipal } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { WithTenant } from '../../platform/http/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import { FULL_SCOPE, type SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import type { AccessTokens } from '../identity/access-token.ts';
import { ACCESS_TOKEN_TTL_SECONDS } from '../identity/access-token.ts';
import { actorOf, recordAdminEvent, recordInTenant, recordingContext } from './membership-admin.events.ts';
import { grantPermissionsOf, SUPPORT_REQUEST_TTL_MS } from './support-grant.policy.ts';
import type { SupportGrantStatus } from './support-grant.tables.ts';
import './support-grant.tables.ts';
import { type GrantRow, presentGrant, type SupportGrant, scopeRecord } from './support-grant.records.ts';

export interface SupportGrantRequest {
  readonly tenantId: string;
  readonly reason: string;
  readonly scope?: SegmentScope;
  readonly permissions?: readonly string[];
  readonly durationMinutes?: number;
  readonly breakGlass?: boolean;
}

export interface SupportGrantDeps {
  readonly control: Kysely<ControlTables>;
  readonly withTenant: WithTenant;
  readonly tokens: AccessTokens;
  readonly now?: () => Date;
}

type Page = { limit: number; cursor: string | null };

const notFound = (id: string) => new AppError('NOT_FOUND', { resource: 'support_grant', id });
const conflict = (id: string, detail: string) =>
  new AppError('CONFLICT', { resource: 'support_grant', id }, { detail });

/**
 * Support grants: an engineer asks for time-boxed, read-only access to one tenant; a tenant
 * admin approves or denies; break-glass grants start at once and alert the tenant; either side
 * revokes. Every step is recorded in the control plane and in the tenant's audit chain.
 */
export class SupportGrantService {
  private readonly now: () => Date;

  constructor(private readonly deps: SupportGrantDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Files a request (or, with `breakGlass`, opens a grant at once after alerting the tenant). */
  async request(
    engineer: Principal,
    input: SupportGrantRequest,
    requestId: string | null,
  ): Promise<SupportGrant> {
    if (engineer.kind !== 'platform') throw new AppError('FORBIDDEN', { kind: engineer.kind });
    const reason = input.reason.trim();
    if (reason.length < 10) {
      throw new AppError(
        'VALIDATION_FAILED',
        {},
        {
          fieldProblems: [
            { path: '/body/reason', message: 'must state the reason in at least 10 characters' },
          ],
        },
      );
    }
    const permissions = grantPermissionsOf(input.permissions);
    const tenant = await this.deps.control
      .selectFrom('tenants')
      .select(['id', 'status'])
      .where('id', '=', input.tenantId)
      .executeTakeFirst();
    if (!tenant) {
      throw new AppError(
        'REFERENCE_NOT_FOUND',
        { tenantId: input.tenantId },
        { fieldProblems: [{ path: '/body/tenantId', message: 'no such tenant' }] },
      );
    }
    if (tenant.status !== 'active') throw new AppError('TENANT_NOT_ACTIVE', { tenantId: tenant.id });
    const now = this.now();
    const breakGlass = input.breakGlass === true;
    const duration = input.durationMinutes ?? 60;
    const id = uuidv7();
    const scope = scopeRecord(input.scope ?? FULL_SCOPE);
    const facts = { reason, scope, permissions, durationMinutes: duration, breakGlass };
    const topic = breakGlass ? 'support_grant.break_glass' : 'support_grant.requested';
    const notify = () =>
      recordInTenant(
        this.deps.withTenant,
        recordingContext(tenant.id, engineer, requestId, breakGlass ? id : null),
        {
          action: topic,
          resourceKind: 'support_grant',
          resourceId: id,
          after: { ...facts, requestedBy: engineer.userId },
        },
        {
          topic,
          resourceKind: 'support_grant',
          resourceId: id,
          payload: { grantId: id, requestedBy: engineer.userId, ...facts },
        },
      );
    // A break-glass grant alerts the tenant BEFORE it exists: access is never unannounced.
    if (breakGlass) await notify();
    await this.deps.control.transaction().execute(async (trx) => {
      await trx
        .insertInto('support_grants')
        .values({
          id,
          tenant_id: tenant.id,
          requested_by: engineer.userId,
          requester_membership_id: engineer.membershipId,
          reason,
          scope: JSON.stringify(scope),
          permissions,
          duration_minutes: duration,
          break_glass: breakGlass,
          status: breakGlass ? 'approved' : 'requested',
          requested_at: now,
          decided_by: breakGlass ? engineer.userId : null,
          decided_at: breakGlass ? now : null,
          decision_note: null,
          approved_at: breakGlass ? now : null,
          expires_at: breakGlass ? new Date(now.getTime() + duration * 60_000) : null,
          revoked_by: null,
          revoked_at: null,
        })
        .execute();
      await recordAdminEvent(trx, topic, {
        actor: actorOf(engineer),
        tenantId: tenant.id,
        subject: id,
        detail: facts,
      });
    });
    if (!breakGlass) await notify();
    return presentGrant(this.now(), await this.load(id));
  }

  /** The grants of a tenant, newest first. */
  async listForTenant(
    tenantId: string,
    page: Page,
    status?: SupportGrantStatus,
  ): Promise<{ items: SupportGrant[]; nextCursor: string | null }> {
    let query = this.select().where('g.tenant_id', '=', tenantId);
    if (status) query = query.where('g.status', '=', status);
    return this.page(query, page);
  }

  /** The grants an engineer asked for, newest first. */
  async listOwn(
    engineer: Principal,
    page: Page,
  ): Promise<{ items: SupportGrant[]; nextCursor: string | null }> {
    return this.page(
      this.select()
        .where('g.requested_by', '=', engineer.userId)
        .where('g.requester_membership_id', '=', engineer.membershipId),
      page,
    );
  }

  /** One grant of the tenant; NOT_FOUND for another tenant's. */
  async getForTenant(tenantId: string, id: string): Promise<SupportGrant> {
    return presentGrant(this.now(), await this.loadInTenant(tenantId, id));
  }

  /** A tenant admin approves a pending request: the clock starts now. */
  async approve(
    admin: TenantPrincipal,
    id: string,
    note: string | null,
    requestId: string | null,
  ): Promise<SupportGrant> {
    const grant = await this.pendingFor(admin, id);
    const now = this.now();
    if (now.getTime() - grant.requested_at.getTime() > SUPPORT_REQUEST_TTL_MS) {
      throw conflict(id, 'The request is more than 24 hours old; the engineer must ask again');
    }
    const expiresAt = new Date(now.getTime() + grant.duration_minutes * 60_000);
    await this.decide(admin, grant, 'support_grant.approved', requestId, {
      status: 'approved',
      decided_by: admin.userId,
      decided_at: now,
      decision_note: note,
      approved_at: now,
      expires_at: expiresAt,
    });
    return presentGrant(this.now(), await this.load(id));
  }

  /** A tenant admin denies a pending request: it can never be used. */
  async deny(
    admin: TenantPrincipal,
    id: string,
    note: string | null,
    requestId: string | null,
  ): Promise<SupportGrant> {
    const grant = await this.pendingFor(admin, id);
    await this.decide(admin, grant, 'support_grant.denied', requestId, {
      status: 'denied',
      decided_by: admin.userId,
      decided_at: this.now(),
      decision_note: note,
    });
    return presentGrant(this.now(), await this.load(id));
  }

  /**
   * Ends a grant (or withdraws a request) at once: by an admin of its tenant who may approve
   * grants, or by the engineer who asked. Anyone else gets NOT_FOUND.
   */
  async revoke(principal: Principal, id: string, requestId: string | null): Promise<SupportGrant> {
    const grant = await this.load(id).catch(() => undefined);
    const isRequester =
      grant !== undefined &&
      grant.requested_by === principal.userId &&
      grant.requester_membership_id === principal.membershipId;
    const isTenantAdmin =
      grant !== undefined &&
      principal.kind === 'tenant' &&
      principal.grantId === null &&
      principal.tenantId === grant.tenant_id &&
      principal.permissions.has('approve:support-grants');
    if (!grant || !(isRequester || isTenantAdmin)) throw notFound(id);
    return this.end(principal, grant, requestId);
  }

  /**
   * The platform's kill switch: an operator who oversees support grants ends any grant (or
   * withdraws any request) at once, in every tenant. The tenant's chain records who did it.
   */
  async revokeAsPlatform(operator: Principal, id: string, requestId: string | null): Promise<SupportGrant> {
    if (operator.kind !== 'platform' || !operator.permissions.has('oversee:support-grants')) {
      throw new AppError('FORBIDDEN', { kind: operator.kind });
    }
    return this.end(operator, await this.load(id), requestId);
  }

  private async end(principal: Principal, grant: GrantRow, requestId: string | null): Promise<SupportGrant> {
    if (!this.isOpen(grant)) throw conflict(grant.id, 'The grant has already ended');
    const now = this.now();
    await this.decide(principal, grant, 'support_grant.revoked', requestId, {
      status: 'revoked',
      revoked_by: principal.userId,
      revoked_at: now,
    });
    return presentGrant(this.now(), await this.load(grant.id));
  }

  /**
   * Exchanges the engineer's session for an access token that acts under the grant. The token
   * names the grant; whether the grant still holds is checked again at every request.
   */
  async issueToken(
    engineer: Principal,
    id: string,
  ): Promise<{ accessToken: string; expiresAt: string; grant: SupportGrant }> {
    if (engineer.kind !== 'platform' || !engineer.sessionId) {
      throw new AppError(
        'FORBIDDEN',
        {},
        { detail: 'Only a signed-in support session can take a grant token' },
      );
    }
    const grant = await this.load(id).catch(() => undefined);
    if (
      !grant ||
      grant.requested_by !== engineer.userId ||
      grant.requester_membership_id !== engineer.membershipId
    ) {
      throw notFound(id);
    }
    const now = this.now();
    if (grant.status !== 'approved') throw conflict(id, `The grant is ${grant.status}, not approved`);
    if ((grant.expires_at as Date) <= now) throw conflict(id, 'The grant has expired');
    const tenant = await this.deps.control
      .selectFrom('tenants')
      .select('status')
      .where('id', '=', grant.tenant_id)
      .executeTakeFirstOrThrow();
    if (tenant.status !== 'active') throw new AppError('TENANT_NOT_ACTIVE', { tenantId: grant.tenant_id });
    const remaining = Math.floor(((grant.expires_at as Date).getTime() - now.getTime()) / 1000);
    const { token, expiresAt } = await this.deps.tokens.issue(
      {
        userId: engineer.userId,
        membershipId: engineer.membershipId,
        sessionId: engineer.sessionId,
        apiTokenId: null,
        grantId: grant.id,
      },
      Math.max(1, Math.min(ACCESS_TOKEN_TTL_SECONDS, remaining)),
    );
    await recordAdminEvent(this.deps.control, 'support_grant.token_issued', {
      actor: actorOf(engineer),
      tenantId: grant.tenant_id,
      subject: grant.id,
    });
    return { accessToken: token, expiresAt: expiresAt.toISOString(), grant: presentGrant(this.now(), grant) };
  }

  /** The requests made under a grant of the tenant, newest first. */
  async usesOf(
    tenantId: string,
    id: string,
    page: Page,
  ): Promise<{
    items: { method: string; url: string; requestId: string | null; usedAt: string }[];
    nextCursor: string | null;
  }> {
    await this.loadInTenant(tenantId, id);
    let query = this.deps.control
      .selectFrom('support_grant_uses')
      .selectAll()
      .where('grant_id', '=', id)
      .orderBy('id', 'desc')
      .limit(page.limit + 1);
    if (page.cursor) query = query.where('id', '<', page.cursor);
    const rows = await query.execute();
    const items = rows.slice(0, page.limit);
    return {
      items: items.map((row) => ({
        method: row.method,
        url: row.url,
        requestId: row.request_id,
        usedAt: row.used_at.toISOString(),
      })),
      nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null,
    };
  }

  private async pendingFor(admin: TenantPrincipal, id: string): Promise<GrantRow> {
    const grant = await this.loadInTenant(admin.tenantId, id);
    if (grant.requested_by === admin.userId) {
      throw new AppError('FORBIDDEN', { id }, { detail: 'You cannot decide on your own request' });
    }
    if (grant.status !== 'requested') throw conflict(id, `The grant is ${grant.status}, not pending`);
    return grant;
  }

  /** Applies a decision if the grant is still in the state it was read in, then records it. */
  private async decide(
    principal: Principal,
    grant: GrantRow,
    event: 'support_grant.approved' | 'support_grant.denied' | 'support_grant.revoked',
    requestId: string | null,
    change: Partial<Omit<Selectable<ControlTables['support_grants']>, 'id' | 'scope'>>,
  ): Promise<void> {
    await this.deps.control.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('support_grants')
        .set(change)
        .where('id', '=', grant.id)
        .where('status', '=', grant.status)
        .executeTakeFirst();
      if (updated.numUpdatedRows !== 1n)
        throw conflict(grant.id, 'The grant changed meanwhile; read it again');
      await recordAdminEvent(trx, event, {
        actor: actorOf(principal),
        tenantId: grant.tenant_id,
        subject: grant.id,
        detail: { from: grant.status, to: change.status, note: change.decision_note ?? null },
      });
    });
    const after = {
      status: change.status,
      ...(change.expires_at ? { expiresAt: change.expires_at.toISOString() } : {}),
      ...(change.decision_note ? { note: change.decision_note } : {}),
    };
    await recordInTenant(
      this.deps.withTenant,
      recordingContext(grant.tenant_id, principal, requestId),
      {
        action: event,
        resourceKind: 'support_grant',
        resourceId: grant.id,
        before: { status: grant.status },
        after,
      },
      {
        topic: event,
        resourceKind: 'support_grant',
        resourceId: grant.id,
        payload: { grantId: grant.id, ...after },
      },
    );
  }

  private isOpen(grant: GrantRow): boolean {
    if (grant.status === 'requested') return true;
    return grant.status === 'approved' && (grant.expires_at as Date) > this.now();
  }

  private select() {
    return this.deps.control
      .selectFrom('support_grants as g')
      .innerJoin('users as u', 'u.id', 'g.requested_by')
      .selectAll('g')
      .select(['u.email', 'u.name']);
  }

  private async load(id: string): Promise<GrantRow> {
    const row = await this.select().where('g.id', '=', id).executeTakeFirst();
    if (!row) throw notFound(id);
    return row;
  }

  private async loadInTenant(tenantId: string, id: string): Promise<GrantRow> {
    const row = await this.select()
      .where('g.id', '=', id)
      .where('g.tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!row) throw notFound(id);
    return row;
  }

  private async page(
    query: ReturnType<SupportGrantService['select']>,
    page: Page,
  ): Promise<{ items: SupportGrant[]; nextCursor: string | null }> {
    let paged = query.orderBy('g.id', 'desc').limit(page.limit + 1);
    if (page.cursor) paged = paged.where('g.id', '<', page.cursor);
    const rows = await paged.execute();
    const items = rows.slice(0, page.limit);
    return {
      items: items.map((row) => presentGrant(this.now(), row)),
      nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null,
    };
  }
}
