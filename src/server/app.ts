import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { randomBytes } from 'node:crypto';
import { createTicketVerifier } from './auth/ticket-verifier.js';
import { parseConfig, type ConsultServerConfig, type ConsultServerConfigInput } from './config.js';
import { demoTicketRoutes, type DemoSigner } from './demo/demo-tickets.js';
import { createLogger, type Logger } from './logger.js';
import { allowlistCors } from './middleware/cors.js';
import { notFound, onError } from './middleware/problem.js';
import { ProblemError } from './problem-error.js';
import { createSandboxProvider } from './providers/sandbox.js';
import type { VideoProvider } from './providers/types.js';
import { createRoomService } from './rooms.js';
import { healthRoutes } from './routes/health.js';
import { joinRoutes } from './routes/join.js';
import { sandboxRoomRoutes } from './routes/sandbox-room.js';
import { createSqliteStore } from './store/sqlite.js';
import type { ConsultStore } from './store/types.js';

export interface ConsultServerOptions {
  /** Defaults to the SQLite store at `config.database.path`. */
  store?: ConsultStore;
  logger?: Logger;
  /** Vendor providers by name, in addition to the built-in sandbox. */
  providers?: VideoProvider[];
  /** Demo mode's local ticket signer (serves `GET /demo/ticket`). */
  demoSigner?: DemoSigner;
  /** Key for pseudonymous ids; random per process when absent (ids then change on restart). */
  pseudonymSecret?: Uint8Array;
  now?: () => Date;
}

/** A Fetch-API app (`app.fetch(request)`), plus `close()` to release the database. */
export type ConsultServer = Hono & { readonly config: ConsultServerConfig; close(): Promise<void> };

const MAX_BODY_BYTES = 16 * 1024;

/** Builds the consult server. Mount `app.fetch` in any Fetch-API host; see `node.ts` for Node. */
export async function createConsultServer(
  input: ConsultServerConfigInput,
  options: ConsultServerOptions = {},
): Promise<ConsultServer> {
  const config = parseConfig(input);
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? createLogger(config.logLevel);
  const store = options.store ?? createSqliteStore(config.database.path);

  const providers = new Map<string, VideoProvider>();
  providers.set('sandbox', createSandboxProvider({ publicUrl: config.publicUrl, store, now }));
  for (const p of options.providers ?? []) providers.set(p.name, p);
  if (!providers.has(config.provider)) {
    throw new Error(`provider "${config.provider}" is not configured (have: ${[...providers.keys()].join(', ')})`);
  }

  const verify = await createTicketVerifier(config, store, now);
  const rooms = createRoomService({
    store,
    providers,
    defaultProvider: config.provider,
    defaultVisitMinutes: config.defaultVisitMinutes,
    now,
  });

  const app = new Hono();
  app.onError(onError(logger));
  app.notFound(notFound);
  app.use(requestId());
  app.use('/v1/*', allowlistCors(config.allowedOrigins));
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ProblemError('payload-too-large', `Bodies are limited to ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );

  app.route('/', healthRoutes(store));
  app.route(
    '/',
    joinRoutes({
      verify,
      rooms,
      pseudonymSecret: options.pseudonymSecret ?? randomBytes(32),
      joinLinkTtlSeconds: config.joinLinkTtlSeconds,
      allowedOrigins: config.allowedOrigins,
      logger,
    }),
  );
  app.route('/', sandboxRoomRoutes({ store, logger, now }));
  if (config.demo && options.demoSigner) app.route('/', demoTicketRoutes(options.demoSigner));

  return Object.assign(app, {
    config,
    close: () => store.close(),
  });
}
