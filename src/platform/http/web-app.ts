import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { declarePublicScope } from './route-guard.ts';

/**
 * The page's Content-Security-Policy: scripts and styles from this origin only (React sets
 * style attributes, hence 'unsafe-inline' for styles), images from here or brand logos given as
 * data URLs, no framing, every fetch to this origin.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Paths the single-page app never answers: the API and the server's own documents. */
const SERVER_PATHS = /^\/(?:api|docs|openapi\.json|health|ready)(?:[/?.]|$)/;

export interface WebApp {
  /** Answers the app's page for a browser navigation the router did not match; false otherwise. */
  serveNavigation(request: FastifyRequest, reply: FastifyReply): Promise<boolean>;
}

/**
 * Serves the built web app (web/dist) from the same port as the API: hashed assets cached for a
 * year, `index.html` for every other browser navigation (the app routes on the client). Returns
 * null when the app has not been built.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<WebApp | null> {
  const indexPath = join(root, 'index.html');
  if (!existsSync(indexPath)) return null;
  const webApp: WebApp = {
    async serveNavigation(request, reply) {
      const wantsPage = request.method === 'GET' || request.method === 'HEAD';
      if (!wantsPage || SERVER_PATHS.test(request.url)) return false;
      if (!(request.headers.accept ?? '').includes('text/html')) return false;
      // Read at each navigation (a few hundred bytes): a rebuilt app is served without a restart.
      const indexHtml = await readFile(indexPath, 'utf8');
      void reply
        .code(200)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('content-security-policy', WEB_APP_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .send(indexHtml);
      return true;
    },
  };
  await app.register(async (scope) => {
    declarePublicScope(scope);
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      // Files are looked up per request, so a rebuilt app is served without a restart.
      wildcard: true,
      index: false,
      setHeaders: (response, path) => {
        const hashed = path.includes(`${join(root, 'assets')}`);
        response.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    // The start page: a directory for the file server, a navigation for the app.
    scope.get('/', async (request, reply) => {
      if (!(await webApp.serveNavigation(request, reply))) return reply.callNotFound();
      return reply;
    });
  });
  return webApp;
}
