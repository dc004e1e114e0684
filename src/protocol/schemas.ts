// The wire contract's valibot schemas (package export `video-consult-server/protocol`), with the plain
// types and codes of `video-consult-elements/protocol` (index.ts), so that a backend needs one import.
export * from './index.js';
export * from './problem.js';
export * from './join.js';
export * from './rooms.js';
export * from './booking.js';
export * from './slots.js';
