import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { serveNode } from '../../src/server/node.js';
import { testServer } from '../support/server.js';
import { HS_ISSUER, HS_SECRET, signTicket } from '../support/tickets.js';
import { sleep, spyProvider } from './support/spy-provider.js';

const ticket = () =>
  signTicket(new TextEncoder().encode(HS_SECRET), {
    alg: 'HS256',
    iss: HS_ISSUER,
    sub: `p-${Math.random()}`,
    appointment: 'apt-1',
  });

describe('graceful shutdown with an open event stream', () => {
  it('ends the stream and exits well within the grace period', { timeout: 30_000 }, async () => {
    // The shutdown test's server process, with links minted at once (no slow vendor here).
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/slow-server.ts'], {
      env: { ...process.env, GRACE_MS: '8000', SLOW_MS: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        const m = /listening (\S+)/.exec(String(c));
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });

    const joined = await fetch(`${base}/v1/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await ticket()}` },
      body: JSON.stringify({ appointment: 'apt-1' }),
    });
    const { roomId } = (await joined.json()) as { roomId: string };
    const res = await fetch(`${base}/v1/rooms/${roomId}/events`, {
      headers: { authorization: `Bearer ${await ticket()}` },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toContain('event: state');

    const signalled = Date.now();
    child.kill('SIGTERM');
    // The stream ends (cleanly or by the socket closing), it does not hang.
    const drained = (async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })().catch(() => 'closed');
    expect(['ended', 'closed']).toContain(await drained);
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3000);
  });
});

describe('an event stream over a real socket', () => {
  it('stops polling when the browser drops the connection', async () => {
    const spy = spyProvider();
    const { app, keys } = await testServer(
      { provider: 'spy' },
      { providers: [spy.provider], liveTimings: { pollIntervalMs: 30 } },
    );
    // A short grace: undici may leave a fresh idle socket behind the aborted one, which only the
    // forced close ends.
    const running = await serveNode(app, { port: 0, graceMs: 100 });
    try {
      const clinician = await signTicket(keys.privateKey, { role: 'clinician', sub: 'c-1' });
      const created = await fetch(`${running.url}/v1/rooms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${clinician}` },
        body: JSON.stringify({ appointment: 'apt-1' }),
      });
      const { roomId } = (await created.json()) as { roomId: string };
      const browser = new AbortController();
      const res = await fetch(`${running.url}/v1/rooms/${roomId}/events`, {
        headers: {
          authorization: `Bearer ${await signTicket(keys.privateKey, { appointment: 'apt-1' })}`,
        },
        signal: browser.signal,
      });
      const reader = res.body!.getReader();
      await reader.read();
      await sleep(100);
      expect(spy.control.polls).toBeGreaterThan(1);
      browser.abort();
      await sleep(100);
      const polls = spy.control.polls;
      await sleep(200);
      expect(spy.control.polls).toBe(polls);
    } finally {
      await running.close();
      await app.close();
    }
  });
});
