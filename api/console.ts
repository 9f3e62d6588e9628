/**
 * Serves the web console (web/, built by Vite into web/dist) from the API process, at /console/.
 * Every path under /console/ that is not a file is a screen of the single-page app, so it gets
 * index.html; the app then reads and acts through the JSON API like any other client. The files
 * are public (they hold no data); the API behind them is not.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const CONSOLE_PATH = '/console/';
export const CONSOLE_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'web', 'dist');

const NOT_BUILT =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head><body>' +
  '<p>The web console has not been built. <code>npm start</code> builds it; or run <code>npm run build:console</code>.</p></body></html>';

const hidden = { hide: true };

export async function registerConsole(app: FastifyInstance, options: { dist?: string } = {}): Promise<void> {
  const root = options.dist ?? CONSOLE_DIST;
  const built = fs.existsSync(path.join(root, 'index.html'));
  // Files next to index.html (the icon); everything else at the top level is a screen.
  const topFiles = new Set(
    built ? fs.readdirSync(root).filter((name) => name !== 'index.html' && fs.statSync(path.join(root, name)).isFile()) : [],
  );

  await app.register(async (scope) => {
    // Only for sendFile (our routes below decide what is served); without a build there is nothing to send.
    if (built) await scope.register(fastifyStatic, { root, serve: false });

    const page = (reply: FastifyReply) => {
      if (!built) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
      // The page names the hashed assets of one build: it must be fetched again after an upgrade.
      return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { maxAge: 0, cacheControl: false });
    };

    scope.get('/', { config: { public: true }, schema: hidden }, async (_request, reply) => reply.redirect(CONSOLE_PATH));
    scope.get('/console', { config: { public: true }, schema: hidden }, async (_request, reply) => reply.redirect(CONSOLE_PATH));
    scope.get('/console/assets/*', { config: { public: true }, schema: hidden }, async (request, reply) => {
      if (!built) return page(reply);
      const file = (request.params as { '*': string })['*'];
      // Names carry a content hash: a browser may keep them for good.
      return reply.sendFile(path.posix.join('assets', file), root, { maxAge: '365d', immutable: true });
    });
    scope.get('/console/*', { config: { public: true }, schema: hidden }, async (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      if (built && topFiles.has(rest)) return reply.sendFile(rest, root, { maxAge: '1d' });
      return page(reply);
    });
  });
}
