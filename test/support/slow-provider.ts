import type { VideoProvider } from '../../src/server/providers/types.js';
import { TEST_CAPABILITIES } from './test-capabilities.js';

/** A provider whose join link takes `ms` milliseconds (Infinity: never answers); for timeout tests. */
export const slowProvider = (ms: number): VideoProvider => ({
  name: 'slow',
  capabilities: TEST_CAPABILITIES,
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
