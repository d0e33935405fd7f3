import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/index.ts';
import { toAppError } from './error-mapping.ts';
import { sendProblem } from './problem-details.ts';

/**
 * Makes every error and every unknown route answer with a problem+json body. Server errors are
 * logged with their stack and answered generically; client errors are logged at info.
 */
export function installProblemResponses(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error, request);
    const logged = { code: appError.code, context: appError.context };
    if (appError.status >= 500) {
      request.log.error({ ...logged, err: appError.cause ?? appError }, 'request failed');
    } else {
      request.log.info(logged, 'request refused');
    }
    return sendProblem(reply, appError);
  });

  app.setNotFoundHandler((request, reply) => {
    const context = { method: request.method, url: request.url };
    return sendProblem(
      reply,
      new AppError('ROUTE_NOT_FOUND', context, { detail: 'No route matches this method and path.' }),
    );
  });
}
