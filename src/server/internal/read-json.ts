import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import * as v from 'valibot';
import type { AppEnv } from '../env.js';
import { MAX_BODY_BYTES, payloadTooLarge } from '../middleware/body-limit.js';
import { ProblemError } from '../problem-error.js';

/**
 * Field errors without the received values: a wrong field may hold personal data (a name typed into
 * an id), and error bodies end up in browser consoles and proxy logs.
 */
export const fieldErrors = (issues: readonly v.BaseIssue<unknown>[]) =>
  issues.map((i) => ({
    path: v.getDotPath(i) ?? '',
    message:
      i.type === 'strict_object'
        ? 'unknown field'
        : /received/i.test(i.message)
          ? `expected ${i.expected ?? i.type}`
          : i.message,
  }));

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function validate<S extends v.GenericSchema>(data: unknown, schema: S): v.InferOutput<S> {
  const result = v.safeParse(schema, data);
  if (!result.success) {
    throw new ProblemError('bad-request', 'Some fields are wrong.', {
      errors: fieldErrors(result.issues),
    });
  }
  return result.output;
}

async function parse(text: () => Promise<string>): Promise<unknown> {
  let body: string;
  try {
    body = await text();
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    throw new ProblemError('bad-request', 'The body is not valid JSON.');
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new ProblemError('bad-request', 'The body is not valid JSON.');
  }
}

/**
 * Reads a JSON request body without validating it (the caller validates with its own field codes); a wrong
 * media type or broken JSON is a 4xx problem, never a 500.
 */
export async function readJsonUnvalidated(request: Request): Promise<unknown> {
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
    throw new ProblemError('unsupported-media-type', 'Send the body as application/json.');
  }
  return parse(() => request.text());
}

/** Reads a JSON request body and validates it; every failure is a 4xx problem, never a 500. */
export async function readJson<S extends v.GenericSchema>(
  request: Request,
  schema: S,
): Promise<v.InferOutput<S>> {
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
    throw new ProblemError('unsupported-media-type', 'Send the body as application/json.');
  }
  return validate(await parse(() => request.text()), schema);
}

/**
 * The body's text from Node's stream, counted against `MAX_BODY_BYTES` as it arrives. Plain listeners: the
 * stream's async iterator costs more than the rest of the reading.
 */
const readIncoming = (incoming: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: unknown) => {
      incoming.off('data', onData).off('end', onEnd).off('error', stop).off('close', onClose);
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) stop(payloadTooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => {
      incoming.off('error', stop).off('close', onClose);
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    const onClose = () => stop(new Error('the client closed the request before its body ended'));
    incoming.on('data', onData).once('end', onEnd).once('error', stop).once('close', onClose);
  });

/**
 * `readJson` for a route's own request: under Node it reads the socket's stream itself while nothing else
 * has (the Fetch Request the adapter would build for `request.text()` cost a join a tenth of its CPU).
 */
export async function readJsonBody<S extends v.GenericSchema>(
  c: Context<AppEnv>,
  schema: S,
): Promise<v.InferOutput<S>> {
  const incoming = c.env?.incoming;
  if (!incoming || incoming.readableFlowing !== null) return readJson(c.req.raw, schema);
  if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    throw new ProblemError('unsupported-media-type', 'Send the body as application/json.');
  }
  return validate(await parse(() => readIncoming(incoming)), schema);
}
