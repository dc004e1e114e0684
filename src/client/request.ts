import type { Problem } from '../protocol/problem-types.js';
import { parseSecureUrl } from '../internal/url-policy.js';
import { ConsultError, type FieldError } from './consult-error.js';

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface RequestOptions {
  /** Gives up after this long, body included. Default 15 s. */
  timeoutMs?: number;
}

/**
 * `fetch(url, init)` and `read(response)` under one deadline and the caller's `signal`. A caller's abort
 * rejects with its own reason (the caller asked for it: nothing to report); the deadline becomes `timeout`,
 * any other failure to talk to the server `network-error`. `read` reports bad bodies as ConsultErrors itself.
 */
export const request = async <T>(
  url: string | URL,
  init: RequestInit,
  read: (response: Response) => Promise<T>,
  signal: AbortSignal | undefined,
  { timeoutMs = DEFAULT_TIMEOUT_MS }: RequestOptions = {},
): Promise<T> => {
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      ...init,
      signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
    });
    return await read(response);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (error instanceof ConsultError) throw error;
    throw new ConsultError(deadline.aborted ? 'timeout' : 'network-error', { cause: error });
  }
};

/** The body as JSON, or undefined when it is not JSON. */
export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

// RFC 6750 b64token: what fits in `Authorization: Bearer …` without breaking the header.
const BEARER_TOKEN = /^[\w.~+/-]+=*$/;

/** Whether `value` can be sent as a bearer token (a JWT or an opaque capability token). */
export const isBearerToken = (value: string): boolean => value.length <= 8192 && BEARER_TOKEN.test(value);

// The shape ProblemSchema gives `code`.
const PROBLEM_CODE = /^[a-z][a-z0-9-]{1,63}$/;

/**
 * A failed response as a ConsultError: the problem+json fields the browser uses, else `bad-response`. Read by
 * hand rather than with ProblemSchema, whose checks of fields nobody here reads cost ~370 B gzip in the bundle.
 */
const problemError = (response: Response, body: unknown): ConsultError => {
  const { code, detail, requestId, errors } = (body ?? {}) as Partial<
    Record<keyof Problem | 'errors', unknown>
  >;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  // The server's field errors: `{ path, message, code? }` (the path names the field, never its value).
  const fields = Array.isArray(errors)
    ? errors
        .filter((e) => typeof e?.path === 'string')
        .map((e): FieldError => ({ field: e.path, code: typeof e.code === 'string' ? e.code : 'invalid' }))
    : undefined;
  return typeof code === 'string' && PROBLEM_CODE.test(code)
    ? new ConsultError(code, {
        status: response.status,
        detail: text(detail),
        requestId: text(requestId),
        fields,
      })
    : new ConsultError('bad-response', { status: response.status });
};

/**
 * A call to the consult server: `{server}{path}`, with the ticket (or an appointment's capability token) as bearer
 * token, or with no credential at all when `ticket` is null (a public booking service). The server URL must be
 * secure because the credential travels with the request. `read` turns a successful response into the answer; a
 * failed one rejects with its problem+json as a ConsultError (or `bad-response`), or `signal.reason` on abort.
 */
export const serverRequest = async <T>(
  server: string,
  path: string,
  ticket: string | null,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  read: (response: Response) => Promise<T>,
  signal?: AbortSignal,
  options?: RequestOptions,
): Promise<T> => {
  const base = parseSecureUrl(server);
  if (!base) throw new ConsultError('bad-request', { detail: 'server must be an https: URL' });
  if (ticket !== null && !isBearerToken(ticket)) {
    throw new ConsultError(ticket === '' ? 'ticket-missing' : 'ticket-invalid');
  }
  const auth: Record<string, string> = ticket === null ? {} : { Authorization: `Bearer ${ticket}` };
  return request(
    `${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`,
    {
      ...init,
      headers: { Accept: 'application/json', ...init.headers, ...auth },
      // The ticket is the only credential: no cookies to the server, and no answer is ever cached.
      credentials: 'omit',
      cache: 'no-store',
      // A redirected request would carry the ticket somewhere this page never named.
      redirect: 'error',
    },
    async (response) => {
      // 304 answers a conditional request (`If-None-Match`) the caller sent: its `read` keeps what it had.
      if (response.ok || response.status === 304) return read(response);
      throw problemError(response, parseJson(await response.text()));
    },
    signal,
    options,
  );
};

/**
 * An authenticated call to the consult server: `{server}{path}` with the ticket as bearer token, answered with
 * JSON that `isAnswer` accepts. Rejects as `serverRequest` does, and with `bad-response` for an answer `isAnswer`
 * refuses.
 */
export const callServer = async <T>(
  server: string,
  path: string,
  ticket: string | null,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  isAnswer: (data: unknown) => data is T,
  signal?: AbortSignal,
  options?: RequestOptions,
): Promise<T> =>
  serverRequest(
    server,
    path,
    ticket,
    init,
    async (response) => {
      const data = parseJson(await response.text());
      if (!isAnswer(data)) throw new ConsultError('bad-response', { status: response.status });
      return data;
    },
    signal,
    options,
  );
