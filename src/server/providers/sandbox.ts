import { randomToken, hashToken } from '../internal/crypto.js';
import type { ConsultStore } from '../store/types.js';
import type { SandboxPresence } from './sandbox-presence.js';
import { sandboxLanguage } from './sandbox-room-text.js';
import type { VideoProvider } from './types.js';

export interface SandboxOptions {
  /** Base URL of this consult server; the room page is served under it. */
  publicUrl: string;
  store: ConsultStore;
  now?: () => Date;
  /** Fed by the room pages' state polls; tells who is in a room. */
  presence?: SandboxPresence;
  /** Minutes before its start that a room can first be entered (the earliest join window). */
  opensMinutesBefore?: number;
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
  presence,
  opensMinutesBefore = 60,
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
    async joinLink({ room, participant, ttlSeconds, embedOrigin, dir }) {
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
      // The room page speaks the embedding page's language (not secret: one of five, and a direction).
      url.searchParams.set('lang', sandboxLanguage(participant.language));
      if (dir === 'rtl') url.searchParams.set('dir', dir);
      return { url: url.href, expiresAt };
    },
    async cancelRoom(room) {
      await store.setRoomStatus(room.id, 'cancelled');
    },
    /**
     * Our own state: over when ended or cancelled; waiting before anyone may enter; live while a room page
     * has polled within the last few seconds; open otherwise. The status is read again, since the room
     * page's "end for everyone" changes it after the caller loaded the room.
     */
    async roomState(room) {
      const status = (await store.findRoom(room.id))?.status ?? 'ended';
      if (status !== 'open') return { phase: 'ended' };
      if (now().getTime() < room.startsAt.getTime() - opensMinutesBefore * 60_000)
        return { phase: 'waiting' };
      const present = (await presence?.count(room.id)) ?? 0;
      const hostPresent = (await presence?.hostPresent(room.id)) ?? false;
      return present > 0
        ? { phase: 'live', participants: present, hostPresent }
        : { phase: 'open', participants: 0, hostPresent };
    },
  };
}

const ensureSlash = (u: URL) => (u.href.endsWith('/') ? u : new URL(`${u.href}/`));
