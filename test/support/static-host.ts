import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a host answers; `undefined` is a 404. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Handler = (path: string, req: IncomingMessage) => Reply | undefined | Promise<Reply | undefined>;

export interface Host {
  /** `http://<hostname>:<port>`: with `localhost` and `127.0.0.1` two hosts are two origins. */
  origin: string;
  close(): Promise<void>;
}

/** A tiny HTTP server on a free loopback port: a hospital page, or a CDN serving the built bundle. */
export async function startHost(hostname: 'localhost' | '127.0.0.1', handle: Handler): Promise<Host> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    Promise.resolve(handle(new URL(req.url ?? '/', 'http://host').pathname, req)).then(
      (reply) => {
        res.writeHead(reply?.status ?? (reply ? 200 : 404), reply?.headers ?? {});
        res.end(reply?.body ?? '');
      },
      (error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${hostname}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const JS = 'text/javascript; charset=utf-8';

/** A file of the build (`dist/…`) as a script, with extra headers (e.g. CORS). */
export const distFile = async (file: string, headers: Record<string, string> = {}): Promise<Reply> => ({
  headers: { 'Content-Type': JS, ...headers },
  body: await readFile(`dist/${file}`),
});
