import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { serveNode, type RunningServer } from '../../src/server/node.js';
import type { VideoProvider } from '../../src/server/providers/types.js';
import { PORTAL, testServer } from '../support/server.js';
import { slowProvider } from '../support/slow-provider.js';
import { signTicket } from '../support/tickets.js';

// Under Node the join route reads its body from the socket's stream and takes its abort signal from the
// response, not from a Fetch Request: the limits, errors and aborts must be what they were.
let running: RunningServer | undefined;
let server: Awaited<ReturnType<typeof testServer>> | undefined;
afterEach(async () => {
  await running?.close();
  await server?.app.close();
});

async function start(options: Parameters<typeof testServer>[1] = {}, provider?: string) {
  server = await testServer(provider ? { provider } : {}, options);
  await server.openVisit('apt-1');
  running = await serveNode(server.app, { port: 0 });
  return {
    url: `${running.url}/v1/join`,
    ticket: () => signTicket(server!.keys.privateKey, { appointment: 'apt-1' }),
  };
}

/** POSTs `chunks` over node:http; without `length` the body goes chunked (no Content-Length). */
const post = (url: string, headers: Record<string, string>, chunks: string[], length?: number) =>
  new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          origin: PORTAL,
          ...headers,
          ...(length !== undefined && { 'content-length': String(length) }),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(body) }));
      },
    );
    req.once('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });

const JSON_TYPE = { 'content-type': 'application/json' };
const body = JSON.stringify({ appointment: 'apt-1' });

describe('the join body under Node', () => {
  it('reads a body sent with its length, and one sent chunked', async () => {
    const { url, ticket } = await start();
    const auth = async () => ({ ...JSON_TYPE, authorization: `Bearer ${await ticket()}` });
    expect((await post(url, await auth(), [body], Buffer.byteLength(body))).status).toBe(200);
    const chunked = await post(url, await auth(), [body.slice(0, 5), body.slice(5)]);
    expect(chunked.status).toBe(200);
    expect(chunked.body.roomId).toMatch(/^r_/);
  });

  it('refuses a body over 16 KB with 413, declared or chunked', async () => {
    const { url, ticket } = await start();
    const big = `{"appointment":"apt-1","pad":"${'a'.repeat(17 * 1024)}"}`;
    const auth = async () => ({ ...JSON_TYPE, authorization: `Bearer ${await ticket()}` });
    const declared = await post(url, await auth(), [big], Buffer.byteLength(big));
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('payload-too-large');
    const chunked = await post(url, await auth(), [big.slice(0, 9000), big.slice(9000)]);
    expect(chunked.status).toBe(413);
    expect(chunked.body.code).toBe('payload-too-large');
  });

  it('answers bad JSON with 400 and another media type with 415', async () => {
    const { url, ticket } = await start();
    const bad = await post(
      url,
      { ...JSON_TYPE, authorization: `Bearer ${await ticket()}` },
      ['{"appoint'],
      9,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('bad-request');
    const text = await post(
      url,
      { 'content-type': 'text/plain', authorization: `Bearer ${await ticket()}` },
      [body],
      body.length,
    );
    expect(text.status).toBe(415);
    expect(text.body.code).toBe('unsupported-media-type');
  });

  it("aborts the vendor call's signal when the client goes away", async () => {
    let aborted!: () => void;
    const abortSeen = new Promise<void>((resolve) => (aborted = resolve));
    let called!: () => void;
    const linkAsked = new Promise<void>((resolve) => (called = resolve));
    const hanging: VideoProvider = {
      ...slowProvider(Infinity),
      name: 'hanging',
      joinLink: (_, signal) =>
        new Promise((_, reject) => {
          called();
          signal?.addEventListener('abort', () => {
            aborted();
            reject(new Error('aborted'));
          });
        }),
    };
    const { url, ticket } = await start({ providers: [hanging] }, 'hanging');
    const req = request(url, {
      method: 'POST',
      headers: {
        ...JSON_TYPE,
        authorization: `Bearer ${await ticket()}`,
        'content-length': String(body.length),
      },
    });
    req.on('error', () => {});
    req.end(body);
    await linkAsked;
    req.destroy();
    await abortSeen;
  });
});
