import type { VideoProvider } from '../../src/server/providers/types.js';

/** A provider whose join link takes `ms` milliseconds (Infinity: never answers); for timeout tests. */
export const slowProvider = (ms: number): VideoProvider => ({
  name: 'slow',
  capabilities: {
    cancel: true,
    clinicianLink: true,
    waitingArea: false,
    postsMessages: false,
    roomNeedsParticipants: false,
    minLinkTtlSeconds: 0,
  },
  allowedOrigins: ['https://slow.test'],
  iframeAllow: [],
  createRoom: async () => ({ vendorRoomId: 'v1' }),
  joinLink: async () => {
    await new Promise((resolve) => {
      if (Number.isFinite(ms)) setTimeout(resolve, ms);
    });
    return { url: 'https://slow.test/room?t=1', expiresAt: new Date(Date.now() + 60_000) };
  },
  cancelRoom: async () => {},
  roomState: async () => ({ phase: 'open' }),
});
