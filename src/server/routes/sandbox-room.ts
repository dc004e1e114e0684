import { Hono } from 'hono';
import { hashToken, randomToken } from '../internal/crypto.js';
import { newNonce, pageHeaders } from '../middleware/page-headers.js';
import { renderSandboxNotice, renderSandboxRoom } from '../providers/sandbox-room-page.js';
import { sandboxDirection, sandboxLanguage } from '../providers/sandbox-room-text.js';
import { ProblemError } from '../problem-error.js';
import type { ConsultStore } from '../store/types.js';
import type { Logger } from '../logger.js';
import type { SandboxPresence } from '../providers/sandbox-presence.js';
import type { EndVisit } from '../visits/end-visit.js';

/**
 * How long a room page's session lasts after its one-time link was redeemed: longer than any visit with its
 * grace period, short enough that a forgotten tab does not keep a room (and its presence) alive for ever.
 * The store keeps used links a day, so this must stay under that.
 */
export const SANDBOX_SESSION_MS = 4 * 3600_000;

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * The sandbox provider's room page. A join token opens it once, before it expires; the page then
 * talks to `/state` and `/end` with a session bound to that token (a header, so no CSRF by cookie).
 */
export function sandboxRoomRoutes({
  store,
  logger,
  now,
  presence,
  endVisit,
  sessionMs = SANDBOX_SESSION_MS,
}: {
  store: ConsultStore;
  logger: Logger;
  now: () => Date;
  /** The page's state polls double as its heartbeat: the room is live while someone's page polls. */
  presence?: SandboxPresence;
  /**
   * The server's end command (`POST /v1/visits/:appointment/end`), which the page's "end for everyone"
   * goes through: the same audit row, webhook and live state. Without it the room is only marked ended.
   */
  endVisit?: EndVisit;
  /** Lifetime of a room page's session, from the moment its link was redeemed. */
  sessionMs?: number;
}) {
  const session = async (roomId: string, value: string | undefined) => {
    const grant = value ? await store.findSession(roomId, hashToken(value)) : undefined;
    if (!grant?.usedAt) throw new ProblemError('ticket-invalid', 'This room session is not valid.');
    if (now().getTime() - grant.usedAt.getTime() >= sessionMs)
      throw new ProblemError('ticket-expired', 'This room session has expired.');
    return grant;
  };

  return new Hono()
    .get('/sandbox/rooms/:id', async (c) => {
      const roomId = c.req.param('id');
      const token = c.req.query('token') ?? '';
      // The embedding page's language and direction (not secret); anything unknown is English, left to right.
      const locale = {
        lang: sandboxLanguage(c.req.query('lang')),
        dir: sandboxDirection(c.req.query('dir')),
      };
      const nonce = newNonce();
      const room = await store.findRoom(roomId);
      const known = room && TOKEN.test(token) ? await store.findGrant(hashToken(token)) : undefined;
      // A token of another room is not spent here: it is unknown to this one.
      const mine = known?.roomId === roomId ? known : undefined;
      const sessionToken = randomToken();
      const grant = mine && (await store.consumeGrant(mine.tokenHash, now(), hashToken(sessionToken)));
      if (!room || !grant) {
        logger.info({ room: room?.id, known: !!mine }, 'sandbox join refused');
        // A link we gave out but that was used or expired: the page that asked for it may frame the notice,
        // which tells that page (the room element shows the way back). A link we never gave: framed by no one.
        const parent = mine?.embedOrigin ? { origin: mine.embedOrigin, roomId } : undefined;
        const html = renderSandboxNotice({ kind: 'link-used', nonce, parent, ...locale });
        return c.body(html, 410, pageHeaders({ nonce, frameAncestors: parent ? [parent.origin] : [] }));
      }
      const headers = pageHeaders({ nonce, frameAncestors: grant.embedOrigin ? [grant.embedOrigin] : [] });
      if (room.status !== 'open') {
        const parent = grant.embedOrigin ? { origin: grant.embedOrigin, roomId } : undefined;
        return c.body(renderSandboxNotice({ kind: 'ended', nonce, parent, ...locale }), 410, headers);
      }
      logger.info(
        { room: room.id, role: grant.role, participant: grant.participantId },
        'sandbox room joined',
      );
      // Present from the first load, not only from the page's first state poll 3 s later.
      await presence?.touch(room.id, grant.participantId, grant.role);
      const html = renderSandboxRoom({
        roomId: room.id,
        role: grant.role,
        parentOrigin: grant.embedOrigin,
        session: sessionToken,
        nonce,
        ...locale,
      });
      return c.body(html, 200, headers);
    })
    .get('/sandbox/rooms/:id/state', async (c) => {
      const grant = await session(c.req.param('id'), c.req.header('x-sandbox-session'));
      const room = await store.findRoom(c.req.param('id'));
      if (room?.status === 'open') await presence?.touch(grant.roomId, grant.participantId, grant.role);
      c.header('Cache-Control', 'no-store');
      return c.json({ status: room?.status ?? 'ended' });
    })
    .post('/sandbox/rooms/:id/end', async (c) => {
      const grant = await session(c.req.param('id'), c.req.header('x-sandbox-session'));
      if (grant.role !== 'clinician')
        throw new ProblemError('forbidden-role', 'Only the clinician ends the visit.');
      const room = await store.findRoom(grant.roomId);
      if (!room) throw new ProblemError('room-not-found', 'There is no such room.');
      if (endVisit) {
        // The session's clinician was authorized for this room when its link was minted.
        await endVisit(room, { actor: grant.participantId }, c.req.raw.signal);
      } else {
        await store.setRoomStatus(grant.roomId, 'ended');
      }
      logger.info({ room: grant.roomId }, 'sandbox room ended');
      return c.body(null, 204);
    });
}
