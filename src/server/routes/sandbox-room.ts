import { Hono } from 'hono';
import { hashToken, randomToken } from '../internal/crypto.js';
import { newNonce, pageHeaders } from '../middleware/page-headers.js';
import { renderSandboxNotice, renderSandboxRoom } from '../providers/sandbox-room-page.js';
import { ProblemError } from '../problem-error.js';
import type { ConsultStore } from '../store/types.js';
import type { Logger } from '../logger.js';
import type { SandboxPresence } from '../providers/sandbox-presence.js';

/**
 * The sandbox provider's room page. A join token opens it once, before it expires; the page then
 * talks to `/state` and `/end` with a session bound to that token (a header, so no CSRF by cookie).
 */
export function sandboxRoomRoutes({
  store,
  logger,
  now,
  presence,
}: {
  store: ConsultStore;
  logger: Logger;
  now: () => Date;
  /** The page's state polls double as its heartbeat: the room is live while someone's page polls. */
  presence?: SandboxPresence;
}) {
  const session = async (roomId: string, value: string | undefined) => {
    const grant = value ? await store.findSession(roomId, hashToken(value)) : undefined;
    if (!grant) throw new ProblemError('ticket-invalid', 'This room session is not valid.');
    return grant;
  };

  return new Hono()
    .get('/sandbox/rooms/:id', async (c) => {
      const roomId = c.req.param('id');
      const token = c.req.query('token') ?? '';
      const nonce = newNonce();
      const room = await store.findRoom(roomId);
      const sessionToken = randomToken();
      const grant =
        room && /^[A-Za-z0-9_-]{20,100}$/.test(token)
          ? await store.consumeGrant(hashToken(token), now(), hashToken(sessionToken))
          : undefined;
      if (!room || !grant || grant.roomId !== room.id) {
        logger.info({ room: room?.id }, 'sandbox join refused');
        const html = renderSandboxNotice(
          'This link cannot be used',
          'A join link works once and only for a few minutes. Go back to the page you came from and press the join button again.',
          nonce,
        );
        return c.body(html, 410, pageHeaders({ nonce }));
      }
      const headers = pageHeaders({ nonce, frameAncestors: grant.embedOrigin ? [grant.embedOrigin] : [] });
      if (room.status !== 'open') {
        return c.body(
          renderSandboxNotice('The visit has ended', 'You can close this page.', nonce),
          410,
          headers,
        );
      }
      logger.info(
        { room: room.id, role: grant.role, participant: grant.participantId },
        'sandbox room joined',
      );
      // Present from the first load, not only from the page's first state poll 3 s later.
      presence?.touch(room.id, grant.participantId, grant.role);
      const html = renderSandboxRoom({
        roomId: room.id,
        role: grant.role,
        parentOrigin: grant.embedOrigin,
        session: sessionToken,
        nonce,
      });
      return c.body(html, 200, headers);
    })
    .get('/sandbox/rooms/:id/state', async (c) => {
      const grant = await session(c.req.param('id'), c.req.header('x-sandbox-session'));
      const room = await store.findRoom(c.req.param('id'));
      if (room?.status === 'open') presence?.touch(grant.roomId, grant.participantId, grant.role);
      c.header('Cache-Control', 'no-store');
      return c.json({ status: room?.status ?? 'ended' });
    })
    .post('/sandbox/rooms/:id/end', async (c) => {
      const grant = await session(c.req.param('id'), c.req.header('x-sandbox-session'));
      if (grant.role !== 'clinician')
        throw new ProblemError('forbidden-role', 'Only the clinician ends the visit.');
      await store.setRoomStatus(grant.roomId, 'ended');
      logger.info({ room: grant.roomId }, 'sandbox room ended');
      return c.body(null, 204);
    });
}
