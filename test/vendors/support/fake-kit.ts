import { http, type HttpHandler } from 'msw';
import { applyFault, FaultQueue } from './faults.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** Parsed JSON or form body; undefined when there was none. */
  body: unknown;
}

export interface RouteInfo {
  request: Request;
  params: Record<string, string>;
  url: URL;
  /** The parsed body (same as recorded). */
  body: unknown;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const readBody = async (request: Request): Promise<unknown> => {
  const text = await request.clone().text();
  if (text === '') return undefined;
  if ((request.headers.get('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/**
 * What every fake vendor shares: a log of the requests it received (tests assert on it, so they fail when
 * the adapter sends something else) and a fault queue applied before the fake's normal behaviour.
 */
export class FakeKit {
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultQueue();

  constructor(private readonly vendorOrigins: readonly string[]) {}

  route(
    method: Method,
    url: string,
    resolver: (info: RouteInfo) => Response | Promise<Response>,
  ): HttpHandler {
    return http[method](url, async ({ request, params }) => {
      const parsed = new URL(request.url);
      const body = await readBody(request);
      this.requests.push({
        method: request.method,
        path: parsed.pathname,
        query: parsed.searchParams,
        headers: new Headers(request.headers),
        body,
      });
      const info: RouteInfo = { request, params: params as Record<string, string>, url: parsed, body };
      const normal = async () => resolver(info);
      const fault = this.faults.take(request.method, parsed.pathname);
      return fault === undefined ? normal() : applyFault(fault, request, normal, this.vendorOrigins);
    });
  }

  /** Requests with this method whose path equals (or matches) `path`. */
  sent(method: string, path: string | RegExp): RecordedRequest[] {
    return this.requests.filter(
      (r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
    );
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.clear();
  }
}
