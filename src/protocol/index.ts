// Public entry point of the wire contract's types (package export `video-consult-elements/protocol`):
// plain types, codes and browser-side guards, without the schema library. The server's valibot schemas for
// the same shapes are `video-consult-server/protocol` (src/protocol/schemas.ts).
export * from './errors.js';
export * from './problem-types.js';
export * from './join-types.js';
export * from './join-guard.js';
export * from './page-language.js';
export * from './visits.js';
export * from './ticket.js';
export * from './room-messages.js';
