import { ConsultError } from './consult-error.js';

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
