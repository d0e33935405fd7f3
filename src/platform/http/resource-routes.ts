import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, type TObject, type TSchema, Type } from 'typebox';
import type { Permission } from '../auth/principal.ts';
import type { TenantTransaction } from '../db/tenant-transaction.ts';
import { requireTenantPrincipal } from './authorization.ts';
import { defineRoute } from './define-route.ts';
import type { HttpApp } from './http-types.ts';
import { IdParams, ListOf, ListQuery, pageOf } from './list-query.ts';
import { inRequestTenant, type WithTenant } from './tenant-request.ts';

/** A tenant resource with the four usual operations, each a service function on the tenant transaction. */
export interface ResourceDefinition<
  Item extends TSchema,
  Create extends TSchema,
  Update extends TSchema,
  Filters extends TObject = TObject,
> {
  /** Collection path, e.g. `/api/v1/regions`. */
  readonly path: string;
  /** Singular and plural names for the OpenAPI summaries. */
  readonly noun: string;
  readonly plural: string;
  readonly tags: readonly string[];
  readonly read: Permission;
  readonly write: Permission;
  readonly schemas: { readonly item: Item; readonly create: Create; readonly update: Update };
  /** Optional list filters (`?contractId=…`), declared beside `limit` and `cursor` and handed to `list`. */
  readonly filters?: Filters;
  /**
   * Work a change needs done before its tenant transaction opens (a control-plane look-up, which
   * must not wait inside one); its result is handed to `update`.
   */
  readonly beforeUpdate?: (tenantId: string, patch: Static<Update>) => Promise<unknown>;
  readonly service: {
    list(
      tx: TenantTransaction,
      page: { limit: number; cursor: string | null },
      filters: Static<Filters>,
    ): Promise<{ items: unknown[]; nextCursor: string | null }>;
    create(tx: TenantTransaction, input: Static<Create>): Promise<unknown>;
    get(tx: TenantTransaction, id: string): Promise<unknown>;
    update(tx: TenantTransaction, id: string, patch: Static<Update>, prepared?: unknown): Promise<unknown>;
  };
}

/**
 * Declares `GET` (list, `?limit&cursor`) and `POST` on the collection, `GET` and `PATCH` on
 * `/{id}`: reads in read-only tenant transactions, writes in read-write ones, all under the
 * request's tenant context. Responses are validated against the item schema.
 */
export function defineResourceRoutes<
  Item extends TSchema,
  Create extends TSchema,
  Update extends TSchema,
  Filters extends TObject = TObject,
>(app: HttpApp, withTenant: WithTenant, resource: ResourceDefinition<Item, Create, Update, Filters>): void {
  const { path, noun, plural, read, write, schemas, service } = resource;
  const tags = [...resource.tags];
  const article = /^[aeiou]/i.test(noun) ? 'an' : 'a';
  const listQuery = resource.filters
    ? Type.Object(
        { ...ListQuery.properties, ...resource.filters.properties },
        { additionalProperties: false },
      )
    : ListQuery;
  defineRoute(app, {
    method: 'GET',
    url: path,
    permission: read,
    summary: `List the ${plural} in your scope`,
    tags,
    schema: { querystring: listQuery, response: { 200: ListOf(schemas.item) } },
    handler: (request) => {
      const { limit: _l, cursor: _c, ...filters } = request.query as Record<string, unknown>;
      return inRequestTenant(
        withTenant,
        request,
        (tx) => service.list(tx, pageOf(request.query as never), filters as Static<Filters>),
        { readOnly: true },
      ) as never;
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: path,
    permission: write,
    summary: `Create ${article} ${noun}`,
    tags,
    schema: { body: schemas.create, response: { 201: schemas.item } },
    // The created item has the item schema; generic schemas defeat the reply's inferred type.
    handler: (async (request: FastifyRequest, reply: FastifyReply) => {
      const created = await inRequestTenant(withTenant, request, (tx) =>
        service.create(tx, request.body as Static<Create>),
      );
      return reply.code(201).send(created);
    }) as never,
  });
  defineRoute(app, {
    method: 'GET',
    url: `${path}/:id`,
    permission: read,
    summary: `Read ${article} ${noun}`,
    tags,
    schema: { params: IdParams, response: { 200: schemas.item } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => service.get(tx, request.params.id), {
        readOnly: true,
      }) as never,
  });
  defineRoute(app, {
    method: 'PATCH',
    url: `${path}/:id`,
    permission: write,
    summary: `Change ${article} ${noun}`,
    tags,
    schema: { params: IdParams, body: schemas.update, response: { 200: schemas.item } },
    handler: (async (request: FastifyRequest<{ Params: { id: string } }>) => {
      const patch = request.body as Static<Update>;
      const prepared = resource.beforeUpdate
        ? await resource.beforeUpdate(requireTenantPrincipal(request).tenantId, patch)
        : undefined;
      return inRequestTenant(withTenant, request, (tx) =>
        service.update(tx, request.params.id, patch, prepared),
      );
    }) as never,
  });
}
