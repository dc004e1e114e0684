import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Serves a stateful vendor fake through msw/node for one test file, reset after each test; returns the
 * msw server for per-test handler overrides (`server.use`).
 */
export function useFake(fake: { handlers: RequestHandler[]; reset(): void }) {
  const server = setupServer(...fake.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    fake.reset();
    server.resetHandlers();
  });
  afterAll(() => server.close());
  return server;
}

/** The abort signal vendor calls get in these tests: long enough never to be the reason a test fails. */
export const signal = () => AbortSignal.timeout(5_000);
