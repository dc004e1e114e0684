import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/**
 * Serves a vendor fake's msw handlers over real HTTP on 127.0.0.1, for servers in other processes (msw
 * intercepts only in its own process). A request to `http://127.0.0.1:{port}/x` is answered as the
 * fake answers `{base}/x`, `base` being the vendor URL its handlers are written for. Anything no handler
 * answers is a 501, so that a request the fake does not know fails the test instead of passing unseen.
 * `onRequest` sees each request as it arrives, before the fake answers it (to count or time requests).
 */
export async function serveFake(
  handlers: RequestHandler[],
  base: string,
  options: { port?: number; onRequest?: (request: Request) => void } = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const root = base.replace(/\/+$/, '');
  const server = createServer((req, res) => {
    void answer(req).then(
      async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      },
      () => {
        res.writeHead(500).end();
      },
    );
  });
  const answer = async (req: IncomingMessage): Promise<Response> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const request = new Request(`${root}${req.url ?? '/'}`, {
      method: req.method,
      headers,
      ...(body.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? { body } : {}),
    });
    options.onRequest?.(request.clone());
    return (await getResponse(handlers, request)) ?? new Response('no fake route', { status: 501 });
  };
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
