import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { serveNode, type RunningServer } from '../../src/server/node.js';
import { PORTAL, testServer } from '../support/server.js';
import { signTicket } from '../support/tickets.js';

let running: RunningServer | undefined;
let server: Awaited<ReturnType<typeof testServer>> | undefined;
afterEach(async () => {
  await running?.close();
  await server?.app.close();
});

/** A raw request over node:http, so that headers of any size go out as they are. */
const get = (url: string, headers: Record<string, string>, method = 'GET', body?: string) =>
  new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(url, { headers, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.once('error', reject);
    req.end(body);
  });

describe('the Node adapter', () => {
  it("answers headers over Node's limit (16 KB) with 431 problem+json, not a bare status line", async () => {
    server = await testServer();
    running = await serveNode(server.app, { port: 0 });
    const res = await get(`${running.url}/healthz`, { 'x-padding': 'a'.repeat(20_000) });
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({
      status: 431,
      code: 'headers-too-large',
      type: 'urn:video-consult:problem:headers-too-large',
    });
    // Headers under the limit still pass.
    expect((await get(`${running.url}/healthz`, { 'x-padding': 'a'.repeat(8_000) })).status).toBe(200);
  });

  it('still answers a malformed request with a bare 400 and closes', async () => {
    server = await testServer();
    running = await serveNode(server.app, { port: 0 });
    const { connect } = await import('node:net');
    const url = new URL(running.url);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('NOT HTTP\r\n\r\n'));
      let data = '';
      socket.on('data', (c) => (data += String(c)));
      socket.on('close', () => resolve(data));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('sends a join answer in one piece with its length, CORS and nosniff headers', async () => {
    server = await testServer();
    await server.openVisit('apt-1');
    running = await serveNode(server.app, { port: 0 });
    const ticket = await signTicket(server.keys.privateKey, { appointment: 'apt-1' });
    const res = await get(
      `${running.url}/v1/join`,
      { 'content-type': 'application/json', authorization: `Bearer ${ticket}`, origin: PORTAL },
      'POST',
      JSON.stringify({ appointment: 'apt-1' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.headers['access-control-expose-headers']).toBe('Retry-After,X-Request-Id');
    expect(res.headers.vary).toBe('Origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(res.body)).toMatchObject({ provider: 'sandbox' });
  });
});
