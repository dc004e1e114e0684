import * as v from 'valibot';
import { sleep } from './abortable.js';
import { jitteredBackoff } from './backoff.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { ResolvedDeps } from './deps.js';
import { problemForStatus, type MappedRefusal } from './status-problem.js';
import { VendorError } from './vendor-error.js';
import type { VendorPath } from './vendor-path.js';

export interface VendorHttpOptions {
  vendor: string;
  /** https origin plus optional path prefix, fixed by configuration. Requests can only go below it. */
  baseUrl: string;
  /** Per attempt, combined with the caller's signal. */
  timeoutMs: number;
  /** Extra attempts for GET (idempotent) after a network error, timeout or 5xx. Other methods get none. */
  getRetries: number;
  retryBaseDelayMs: number;
  breaker: CircuitBreaker;
  deps: ResolvedDeps;
}

export interface VendorRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: VendorPath;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  bearer?: string;
  headers?: Record<string, string>;
  signal: AbortSignal;
  /**
   * Largest answer accepted, in characters (default 1 000 000). Only for documented lists that have no
   * paging or filter, where the vendor's whole list is the answer.
   */
  maxBodyChars?: number;
  /** Vendor-specific meaning of an error answer; undefined falls back to the default mapping. */
  mapError?: (status: number, body: unknown) => MappedRefusal | undefined;
}

export interface VendorHttp {
  /** A request whose 2xx answer must be JSON matching `schema`; anything else is `vendor-bad-response`. */
  json<T>(request: VendorRequest, schema: v.GenericSchema<unknown, T>): Promise<T>;
  /** A request whose 2xx answer carries nothing we need (e.g. 204). */
  send(request: VendorRequest): Promise<void>;
}

/** Vendor answers we read are small JSON documents; anything bigger is not one of them. */
const MAX_BODY_CHARS = 1_000_000;

interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  tooLarge: boolean;
}

/**
 * The only way adapters talk to a vendor. Per call: the URL is the configured base plus an encoded path;
 * a per-attempt timeout joins the caller's signal; redirects are never followed; GETs are retried with
 * jittered backoff, nothing else is; the status becomes a ProblemError; the body is parsed with a valibot
 * schema; the whole call runs inside the vendor's circuit breaker. Errors never carry the URL (its query
 * may hold an email or a password) or the vendor's body (it may echo personal data).
 */
export const createVendorHttp = (options: VendorHttpOptions): VendorHttp => {
  const { vendor, deps } = options;
  const base = new URL(options.baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');

  const buildUrl = (request: VendorRequest): URL => {
    const url = new URL(prefix + request.path.path, base.origin);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  };

  const attempt = async (request: VendorRequest, label: string): Promise<RawAnswer> => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = AbortSignal.any([request.signal, timeout]);
    const headers = new Headers({ accept: 'application/json', ...request.headers });
    if (request.bearer !== undefined) headers.set('authorization', `Bearer ${request.bearer}`);
    let body: string | undefined;
    if (request.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(request.json);
    } else if (request.form !== undefined) {
      headers.set('content-type', 'application/x-www-form-urlencoded');
      body = new URLSearchParams(request.form).toString();
    }
    try {
      const response = await deps.fetch(buildUrl(request), {
        method: request.method,
        headers,
        body,
        signal,
        redirect: 'manual',
      });
      // Refuse a body announced as too big before buffering it.
      const limit = request.maxBodyChars ?? MAX_BODY_CHARS;
      if (Number(response.headers.get('content-length') ?? 0) > limit) {
        // Best effort, not awaited: a cancel that never settles must not hold the request open.
        response.body?.cancel().catch(() => undefined);
        return { status: response.status, headers: response.headers, text: '', tooLarge: true };
      }
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        text,
        tooLarge: text.length > limit,
      };
    } catch (err) {
      if (request.signal.aborted) throw request.signal.reason;
      // The raw error stays out of `cause`: fetch errors can quote the URL, and ours may carry secrets.
      const kind = err instanceof Error ? err.name : 'unknown';
      if (timeout.aborted) {
        throw new VendorError('vendor-timeout', `${vendor} did not answer in time`, undefined, {
          reason: `${label} timed out after ${options.timeoutMs} ms`,
        });
      }
      throw new VendorError('vendor-unavailable', `${vendor} could not be reached`, undefined, {
        reason: `${label} failed: ${kind}`,
      });
    }
  };

  const parseJson = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  };

  const interpret = <T>(
    request: VendorRequest,
    label: string,
    answer: RawAnswer,
    schema?: v.GenericSchema<unknown, T>,
  ) => {
    const reason = `${label} -> HTTP ${answer.status}`;
    if (answer.status < 200 || answer.status >= 300) {
      const mapped =
        answer.status >= 400 ? request.mapError?.(answer.status, parseJson(answer.text)) : undefined;
      throw problemForStatus(vendor, answer.status, answer.headers, deps.now(), reason, mapped);
    }
    if (schema === undefined) return undefined as T;
    const bad = (why: string) =>
      new VendorError('vendor-bad-response', `${vendor} sent an answer we cannot read`, answer.status, {
        reason: `${reason}: ${why}`,
      });
    if (answer.tooLarge) throw bad('body too large');
    const json = parseJson(answer.text);
    if (json === undefined) throw bad('not JSON');
    const parsed = v.safeParse(schema, json);
    if (!parsed.success) {
      // Paths and messages only: issue inputs are vendor data and may be personal.
      const where = parsed.issues.map(
        (issue) => `${v.getDotPath(issue) ?? '(root)'}: ${issue.kind}/${issue.type}`,
      );
      throw bad(`schema mismatch at ${where.slice(0, 3).join(', ')}`);
    }
    return parsed.output;
  };

  const isRetryable = (err: unknown): boolean =>
    err instanceof VendorError &&
    (err.code === 'vendor-timeout' || (err.code === 'vendor-unavailable' && err.vendorStatus !== 429));

  const run = <T>(request: VendorRequest, schema?: v.GenericSchema<unknown, T>): Promise<T> => {
    const label = `${request.method} ${request.path.template}`;
    const retries = request.method === 'GET' ? options.getRetries : 0;
    return options.breaker.run(async () => {
      for (let retry = 0; ; retry++) {
        try {
          return interpret(request, label, await attempt(request, label), schema);
        } catch (err) {
          if (retry >= retries || !isRetryable(err)) throw err;
          await sleep(jitteredBackoff(retry, options.retryBaseDelayMs, deps.random), request.signal);
        }
      }
    });
  };

  return {
    json: (request, schema) => run(request, schema),
    send: (request) => run(request),
  };
};
