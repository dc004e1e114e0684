import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HS_ISSUER, HS_SECRET, signTicket } from '../support/tickets.js';

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/slow-server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      const m = /listening (\S+)/.exec(String(c));
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, url, exited };
}

const join = async (url: string) =>
  fetch(`${url}/v1/join`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await signTicket(new TextEncoder().encode(HS_SECRET), { alg: 'HS256', iss: HS_ISSUER, appointment: 'apt-1' })}`,
    },
    body: JSON.stringify({ appointment: 'apt-1' }),
  });

describe('graceful shutdown', () => {
  it(
    'finishes a request in flight on SIGTERM, refuses new ones, and exits within the grace period',
    { timeout: 30_000 },
    async () => {
      const { child, url, exited } = start({ SLOW_MS: '1500', GRACE_MS: '5000' });
      const base = await url;
      const inFlight = join(base);
      await new Promise((r) => setTimeout(r, 300));
      const signalled = Date.now();
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
      await expect(join(base)).rejects.toThrow();
      const res = await inFlight;
      expect(res.status).toBe(200);
      expect((await res.json()).provider).toBe('slow');
      expect(await exited).toBe(0);
      expect(Date.now() - signalled).toBeLessThan(5000);
    },
  );

  it('cuts a request that outlives the grace period and still exits', { timeout: 30_000 }, async () => {
    const { child, url, exited } = start({ SLOW_MS: '20000', GRACE_MS: '500' });
    const base = await url;
    const inFlight = join(base).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(3000);
    expect(await inFlight).toBeInstanceOf(Error);
  });
});
