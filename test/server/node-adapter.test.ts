import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { serveNode, type RunningServer } from '../../src/server/node.js';
import { testServer } from '../support/server.js';

let running: RunningServer | undefined;
let server: Awaited<ReturnType<typeof testServer>> | undefined;
afterEach(async () => {
  await running?.close();
  await server?.app.close();
});

/** A raw request over node:http, so that headers of any size go out as they are. */
const get = (url: string, headers: Record<string, string>) =>
  new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.once('error', reject);
    req.end();
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
});
