import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/index.ts';
import { toAppError } from './error-mapping.ts';
import { sendProblem } from './problem-details.ts';
import type { WebApp } from './web-app.ts';

/**
 * Makes every error and every unknown route answer with a problem+json body (but a browser
 * navigation, which the web app routes itself). Server errors are logged with their stack and
 * answered generically; client errors are logged at info.
 */
export function installProblemResponses(app: FastifyInstance, webApp: WebApp | null = null): void {
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

  app.setNotFoundHandler(async (request, reply) => {
    if (await webApp?.serveNavigation(request, reply)) return reply;
    const context = { method: request.method, url: request.url };
    return sendProblem(
      reply,
      new AppError('ROUTE_NOT_FOUND', context, { detail: 'No route matches this method and path.' }),
    );
  });
}
