import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions, LogController } from 'fastify';
import { type ApiInfo, registerApiDocsRoutes, registerOpenApi } from './api-docs.ts';
import { type Authenticate, createPermissionHook } from './authorization.ts';
import { toAppError } from './error-mapping.ts';
import type { HttpApp, HttpModule } from './http-types.ts';
import { ProblemSchema, sendProblem } from './problem-details.ts';
import { installProblemResponses } from './problem-responses.ts';
import { createPublicRateLimitHook, rateLimitedAuthentication } from './rate-limit-hook.ts';
import type { RequestRateLimiter } from './rate-limit-policy.ts';
import { REQUEST_ID_HEADER, requestIdFor } from './request-id.ts';
import { createRouteGuard } from './route-guard.ts';
import { attachRouteTable } from './route-table.ts';
import { type Readiness, registerSystemRoutes } from './system-routes.ts';
import { installTextSafety } from './text-safety.ts';
import { buildValidator } from './validator-compiler.ts';
import { registerWebApp } from './web-app.ts';

/** What the HTTP kernel needs from the rest of Tessera. */
export interface HttpAppOptions {
  /** Pino options, or false for no logs (tests). */
  readonly logger: Extract<FastifyServerOptions['logger'], object> | false;
  readonly authenticate: Authenticate;
  readonly readiness: () => Promise<Readiness>;
  /** Largest accepted request body in bytes; 1 MiB by default. */
  readonly bodyLimit?: number;
  readonly modules: readonly HttpModule[];
  readonly info?: ApiInfo;
  /** Rate limits checked right after authentication (rate-limit-policy.ts); none when left out. */
  readonly rateLimit?: RequestRateLimiter;
  /**
   * TEST ONLY: every authenticated principal passes every route's permission check, so a test
   * can show that tenant and segment isolation still hold when the service layer's checks are
   * gone, because row-level security enforces them. Never set outside tests.
   */
  readonly authorizeEverything?: boolean;
  /** The built web app's folder (web/dist): served on the same port, when it has been built. */
  readonly webRoot?: string;
}

const DEFAULT_INFO: ApiInfo = { title: 'Tessera API', version: '1.0.0' };

/**
 * Builds the ready-to-serve Fastify app: problem+json errors, request ids, per-route permissions
 * enforced before the body is read, system and docs routes, then each module's routes. Rejects
 * when any route is declared without a permission or with an open body schema.
 */
export async function buildHttpApp(options: HttpAppOptions): Promise<HttpApp> {
  const app: HttpApp = Fastify({
    logger: options.logger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: requestIdFor,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    trustProxy: false,
    return503OnClosing: true,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    requestTimeout: 30_000,
    schemaController: { compilersFactory: { buildValidator } },
    // Errors the router raises before any hook (a malformed or over-long path) are problems too.
    frameworkErrors: (error, request, reply) => sendProblem(reply, toAppError(error, request)),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Before any route, so that every route (plugins' included) passes the guard.
  app.addHook('onRoute', createRouteGuard(attachRouteTable(app)));
  app.decorateRequest('principal', null);
  const limiter = options.rateLimit;
  app.addHook(
    'onRequest',
    createPermissionHook(
      limiter ? rateLimitedAuthentication(options.authenticate, limiter) : options.authenticate,
      options.authorizeEverything === true,
    ),
  );
  if (limiter) app.addHook('onRequest', createPublicRateLimitHook(limiter));
  app.addHook('onSend', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    reply.header('x-content-type-options', 'nosniff');
  });
  // JSON only: a text/plain body is refused with 415 instead of reaching a JSON schema.
  app.removeContentTypeParser('text/plain');
  installTextSafety(app);
  const webApp = options.webRoot ? await registerWebApp(app, options.webRoot) : null;
  installProblemResponses(app, webApp);
  app.addSchema(ProblemSchema);

  await registerOpenApi(app, options.info ?? DEFAULT_INFO);
  registerSystemRoutes(app, options.readiness);
  await registerApiDocsRoutes(app);
  for (const module of options.modules) {
    const plugin = async (scope: HttpApp) => module.register(scope);
    // Fastify names a plugin by this symbol in its errors and timeouts.
    Object.assign(plugin, { [Symbol.for('fastify.display-name')]: module.name });
    await app.register(plugin);
  }
  await app.ready();
  return app;
}
