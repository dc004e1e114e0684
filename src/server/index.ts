// Public entry point of the consult server (package `video-consult-server`).
export { createConsultServer, type ConsultServer, type ConsultServerOptions } from './app.js';
export {
  parseConfig,
  ConfigError,
  ConsultServerConfigSchema,
  type ConsultServerConfig,
  type ConsultServerConfigInput,
  type IssuerConfig,
} from './config.js';
export { loadConfigFile } from './config-file.js';
export {
  serveNode,
  exitOnSignals,
  type NodeServeOptions,
  type RunningServer,
  type ServableApp,
} from './node.js';
export { createSqliteStore } from './store/sqlite.js';
export { createPgStore, type PgStore, type PgStoreOptions } from './store/pg.js';
export type { ConsultStore, JoinGrant, AuditEvent, AuditType, IdempotencyRecord } from './store/types.js';
export { ProblemError } from './problem-error.js';
export { createLogger, type Logger } from './logger.js';
export type {
  VideoProvider,
  ProviderCapabilities,
  Participant,
  RoomSpec,
  StoredRoom,
  CreatedRoom,
  JoinLinkRequest,
  JoinLink,
  ProviderRoomState,
} from './providers/types.js';
