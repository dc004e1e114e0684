import { HttpResponse } from 'msw';

/**
 * Failures a fake vendor can be told to produce on its next matching request(s):
 * - `status-500`, `status-503`, `status-429` (with `Retry-After`), `network-error`
 * - `hang`: never answers (until the client aborts), nothing happens on the vendor side
 * - `hang-after-effect`: the vendor does the work (e.g. creates the call) but the answer never arrives
 * - `malformed-json`: 200 with a truncated JSON body
 * - `redirect`: 302 to another host
 * - `wrong-origin`: the normal answer, with every vendor origin in it swapped for `https://evil.test`
 */
export type FaultKind =
  | 'status-500'
  | 'status-503'
  | 'status-429'
  | 'network-error'
  | 'hang'
  | 'hang-after-effect'
  | 'malformed-json'
  | 'redirect'
  | 'wrong-origin';

export interface Fault {
  kind: FaultKind;
  method?: string;
  /** Exact path or a pattern; absent: any path. */
  path?: string | RegExp;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** For `status-429`. */
  retryAfter?: string;
}

export const EVIL_ORIGIN = 'https://evil.test';

const untilAborted = (request: Request): Promise<void> =>
  new Promise((resolve) => {
    if (request.signal.aborted) resolve();
    request.signal.addEventListener('abort', () => resolve(), { once: true });
  });

export class FaultQueue {
  #faults: (Fault & { left: number })[] = [];

  inject(fault: Fault): void {
    this.#faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.#faults = [];
  }

  take(method: string, path: string): Fault | undefined {
    const fault = this.#faults.find(
      (f) =>
        f.left > 0 &&
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.path === undefined || (typeof f.path === 'string' ? f.path === path : f.path.test(path))),
    );
    if (fault === undefined) return undefined;
    fault.left -= 1;
    this.#faults = this.#faults.filter((f) => f.left > 0);
    return fault;
  }
}

/** Produces the faulty answer; `normal` runs the fake's real behaviour (for the kinds that need it). */
export const applyFault = async (
  fault: Fault,
  request: Request,
  normal: () => Promise<Response>,
  vendorOrigins: readonly string[],
): Promise<Response> => {
  switch (fault.kind) {
    case 'status-500':
    case 'status-503':
      return HttpResponse.json(
        { message: 'Server Error' },
        { status: fault.kind === 'status-500' ? 500 : 503 },
      );
    case 'status-429':
      return HttpResponse.json(
        { message: 'Too Many Requests' },
        { status: 429, headers: { 'retry-after': fault.retryAfter ?? '7' } },
      );
    case 'network-error':
      return HttpResponse.error();
    case 'hang':
      await untilAborted(request);
      return HttpResponse.error();
    case 'hang-after-effect':
      await normal();
      await untilAborted(request);
      return HttpResponse.error();
    case 'malformed-json':
      return new HttpResponse('{"data": {"id": 1, "us', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    case 'redirect':
      return new HttpResponse(null, { status: 302, headers: { location: `${EVIL_ORIGIN}/steal` } });
    case 'wrong-origin': {
      const answer = await normal();
      let text = await answer.text();
      for (const origin of vendorOrigins) text = text.replaceAll(origin, EVIL_ORIGIN);
      return new HttpResponse(text, { status: answer.status, headers: answer.headers });
    }
  }
};
