// Public entry point of the wire contract (package export `video-consult-elements/protocol`).
export * from './errors.js';
export * from './problem.js';
export * from './join.js';
export * from './join-guard.js';
export * from './page-language.js';
export * from './rooms.js';
export * from './visits.js';
export * from './ticket.js';
export * from './room-messages.js';
