import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newNonce, pageHeaders } from '../middleware/page-headers.js';
import { ProblemError } from '../problem-error.js';
import { redirectToCanonicalHost } from './canonical-host.js';

const SCRIPT_HEADERS = {
  'Content-Type': 'text/javascript; charset=utf-8',
  'Cache-Control': 'no-cache',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * Serves the pretend hospital page (`demo/index.html`) and the built script-tag files (`dist/video-consult.js`, the
 * chunks and languages it imports beside itself) in demo mode, so the whole demo is one origin and one process.
 * The page answers on `publicUrl`'s host only and redirects there from any other (`127.0.0.1` for `localhost`).
 */
export function demoSiteRoutes(
  root: string,
  { publicUrl, frameOrigins = [] }: { publicUrl: string; frameOrigins?: readonly string[] },
) {
  const frameSrc = ["'self'", ...frameOrigins].join(' ');
  const read = async (path: string) => {
    try {
      return await readFile(join(root, path), 'utf8');
    } catch {
      throw new ProblemError('not-found', `${path} is missing: run npm run build.`);
    }
  };
  const script = async (folder: string, file: string) => {
    if (!/^[A-Za-z0-9_-]+\.js$/.test(file)) throw new ProblemError('not-found', 'No such file.');
    return new Response(await read(`dist/${folder}/${file}`), { status: 200, headers: SCRIPT_HEADERS });
  };
  return (
    new Hono()
      .get('/', redirectToCanonicalHost(publicUrl), async (c) => {
        const nonce = newNonce();
        const html = (await read('demo/index.html')).replaceAll('__NONCE__', nonce);
        // The demo page frames the sandbox room (this origin) or the configured vendor's rooms.
        return c.body(html, 200, pageHeaders({ nonce, extra: [`frame-src ${frameSrc}`] }));
      })
      .get('/video-consult.js', async (c) => c.body(await read('dist/video-consult.js'), 200, SCRIPT_HEADERS))
      // The script imports the room's steps, the picker (chunks/) and a page's language (locales/) beside itself.
      // Two plain patterns rather than one with a regex folder: the 405 answer matches the route table's paths.
      .get('/chunks/:file', (c) => script('chunks', c.req.param('file')))
      .get('/locales/:file', (c) => script('locales', c.req.param('file')))
  );
}
