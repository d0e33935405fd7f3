import { Type } from 'typebox';
import { AppError } from '../errors/index.ts';
import { defineRoute } from './define-route.ts';
import type { HttpApp } from './http-types.ts';
import { sendProblem } from './problem-details.ts';

/** What `/ready` reports: whether the service can take traffic, with one line per check. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, string>>;
}

const Checks = Type.Record(Type.String(), Type.String());

/** Registers `GET /health` (the process answers) and `GET /ready` (its dependencies do). */
export function registerSystemRoutes(app: HttpApp, readiness: () => Promise<Readiness>): void {
  defineRoute(app, {
    method: 'GET',
    url: '/health',
    permission: 'public',
    summary: 'Whether the process is up',
    tags: ['system'],
    schema: { response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/ready',
    permission: 'public',
    summary: 'Whether the databases are reachable and migrated',
    description: 'When not ready, answers 503 with a SERVICE_UNAVAILABLE problem that carries the `checks`.',
    tags: ['system'],
    schema: { response: { 200: Type.Object({ status: Type.Literal('ready'), checks: Checks }) } },
    handler: async (request, reply) => {
      const { ready, checks } = await readiness().catch((error: unknown): Readiness => {
        request.log.error({ err: error }, 'readiness check failed');
        return { ready: false, checks: {} };
      });
      if (ready) return { status: 'ready' as const, checks };
      const detail = 'A dependency of the service is not ready.';
      return sendProblem(reply, new AppError('SERVICE_UNAVAILABLE', { checks }, { detail }), { checks });
    },
  });
}
