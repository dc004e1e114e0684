import type { ProviderCapabilities } from '../../src/server/providers/types.js';

/** Capabilities of the test providers: a plain vendor that cancels, with no lobby and no messages. */
export const TEST_CAPABILITIES: ProviderCapabilities = {
  cancel: true,
  clinicianLink: true,
  waitingArea: false,
  postsMessages: false,
  roomNeedsParticipants: false,
  minLinkTtlSeconds: 0,
};
