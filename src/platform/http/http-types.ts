import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Principal, RoutePermission } from '../auth/principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; null on public routes and before authentication. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** What the route requires; every route must declare it (checked at registration). */
    permission?: RoutePermission;
    /** On a public route: read the caller's credentials when sent, ignoring bad ones (authorization.ts). */
    identifiesCaller?: boolean;
  }
}

/** The Fastify instance Tessera's routes are declared on: TypeBox schemas type the handlers. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A business module's HTTP surface: `register` declares its routes with `defineRoute`. */
export interface HttpModule {
  readonly name: string;
  register(app: HttpApp): void | Promise<void>;
}
