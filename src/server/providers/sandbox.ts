import { randomToken, hashToken } from '../internal/crypto.js';
import type { ConsultStore } from '../store/types.js';
import type { VideoProvider } from './types.js';

export interface SandboxOptions {
  /** Base URL of this consult server; the room page is served under it. */
  publicUrl: string;
  store: ConsultStore;
  now?: () => Date;
}

/**
 * The built-in provider: rooms live in our own database and the room page is served by the consult
 * server itself (`/sandbox/rooms/:id`). Join links carry a one-time token, stored hashed, that the room
 * page consumes on first load. Everything works offline, so demos and tests need no vendor account.
 */
export function createSandboxProvider({
  publicUrl,
  store,
  now = () => new Date(),
}: SandboxOptions): VideoProvider {
  const base = new URL(publicUrl);
  return {
    name: 'sandbox',
    capabilities: {
      cancel: true,
      clinicianLink: true,
      waitingArea: false,
      postsMessages: true,
      roomNeedsParticipants: false,
      minLinkTtlSeconds: 30,
    },
    allowedOrigins: [base.origin],
    iframeAllow: [],
    async createRoom(spec) {
      return { vendorRoomId: spec.roomId };
    },
    async joinLink({ room, participant, ttlSeconds, embedOrigin }) {
      const token = randomToken();
      const expiresAt = new Date(now().getTime() + Math.max(ttlSeconds, 30) * 1000);
      await store.insertGrant({
        tokenHash: hashToken(token),
        roomId: room.id,
        role: participant.role,
        participantId: participant.id,
        expiresAt,
        embedOrigin: embedOrigin ?? null,
      });
      const url = new URL(`sandbox/rooms/${encodeURIComponent(room.id)}`, ensureSlash(base));
      url.searchParams.set('token', token);
      return { url: url.href, expiresAt };
    },
    async cancelRoom(room) {
      await store.setRoomStatus(room.id, 'cancelled');
    },
  };
}

const ensureSlash = (u: URL) => (u.href.endsWith('/') ? u : new URL(`${u.href}/`));
