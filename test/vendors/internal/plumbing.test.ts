import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/server/providers/internal/circuit-breaker.js';
import { resolveDeps } from '../../../src/server/providers/internal/deps.js';
import { parseRetryAfter } from '../../../src/server/providers/internal/retry-after.js';
import { TokenCache } from '../../../src/server/providers/internal/token-cache.js';
import { createVendorHttp } from '../../../src/server/providers/internal/vendor-http.js';
import { vendorPath } from '../../../src/server/providers/internal/vendor-path.js';
import { ProblemError } from '../../../src/server/problem-error.js';
import { testClock } from '../support/clock.js';

const seen: string[] = [];
const server = setupServer(
  http.get('https://vendor.test/api/items/:id', ({ request }) => {
    seen.push(new URL(request.url).pathname);
    return HttpResponse.json({ ok: true });
  }),
  http.get('https://vendor.test/api/huge', () =>
    HttpResponse.json({ ok: true }, { headers: { 'content-length': '50000000' } }),
  ),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const breakerAt = (clock: ReturnType<typeof testClock>) =>
  new CircuitBreaker({ vendor: 'v', failureThreshold: 1, coolDownMs: 1_000, now: clock.now });
const unavailable = () => Promise.reject(new ProblemError('vendor-unavailable'));

describe('vendor plumbing', () => {
  it('reads Retry-After as seconds or an HTTP date, clamped', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('0', now)).toBe(1);
    expect(parseRetryAfter('999999', now)).toBe(3600);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('lets exactly one probe through a half-open circuit', async () => {
    const clock = testClock();
    const breaker = breakerAt(clock);
    await expect(breaker.run(unavailable)).rejects.toThrow();
    clock.advance(1_000);
    let release!: () => void;
    const probe = breaker.run(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(breaker.run(async () => 'second')).rejects.toMatchObject({ code: 'vendor-circuit-open' });
    release();
    await probe;
    expect(breaker.state).toBe('closed');
  });

  it('frees the probe slot when the probing caller gives up (its abort is not a vendor failure)', async () => {
    const clock = testClock();
    const breaker = breakerAt(clock);
    await expect(breaker.run(unavailable)).rejects.toThrow();
    clock.advance(1_000);
    await expect(breaker.run(() => Promise.reject(new DOMException('gone', 'AbortError')))).rejects.toThrow();
    expect(breaker.state).toBe('half-open');
    await breaker.run(async () => undefined);
    expect(breaker.state).toBe('closed');
  });

  it('lets one waiter abort without failing the shared login for the others', async () => {
    let logins = 0;
    let finish!: (value: { value: string; expiresAt: number }) => void;
    const cache = new TokenCache({
      now: Date.now,
      refreshMarginMs: 0,
      login: () => {
        logins += 1;
        return new Promise((resolve) => (finish = resolve));
      },
    });
    const quitter = new AbortController();
    const a = cache.get(quitter.signal);
    const b = cache.get(new AbortController().signal);
    quitter.abort(new Error('caller left'));
    await expect(a).rejects.toThrow('caller left');
    finish({ value: 'tok', expiresAt: Date.now() + 60_000 });
    await expect(b).resolves.toBe('tok');
    expect(logins).toBe(1);
  });

  it('encodes vendor ids as one path segment and keeps the base path', async () => {
    expect(vendorPath`/calls/${'a/b?c#d'}`).toEqual({
      path: '/calls/a%2Fb%3Fc%23d',
      template: '/calls/{id}',
    });
    expect(() => vendorPath`/calls/${'..'}`).toThrow(ProblemError);
    const clock = testClock();
    const client = createVendorHttp({
      vendor: 'v',
      baseUrl: 'https://vendor.test/api',
      timeoutMs: 500,
      getRetries: 0,
      retryBaseDelayMs: 1,
      breaker: breakerAt(clock),
      deps: resolveDeps({ now: clock.now }),
    });
    await client.json(
      { method: 'GET', path: vendorPath`/items/${'x y'}`, signal: AbortSignal.timeout(1_000) },
      v.any(),
    );
    expect(seen).toEqual(['/api/items/x%20y']);
    await expect(
      client.json({ method: 'GET', path: vendorPath`/huge`, signal: AbortSignal.timeout(1_000) }, v.any()),
    ).rejects.toMatchObject({ code: 'vendor-bad-response' });
  });
});

describe('secret option names', () => {
  it('are the ones the config loader resolves from { "env": NAME } and refuses as literals', async () => {
    const { resolveSecrets } = await import('../../../src/server/config-file.js');
    const problems: string[] = [];
    const literal = {
      providers: {
        arztkonsultation: { clientSecret: 'x' },
        kaleyra: { apiKey: 'x' },
        apizee: { password: 'x' },
      },
    };
    resolveSecrets(literal, {}, problems);
    expect(problems).toHaveLength(3);
  });
});
