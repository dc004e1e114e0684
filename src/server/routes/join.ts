import { Hono } from 'hono';
import { JoinRequestSchema, type JoinResponse } from '../../protocol/join.js';
import type { JoinRole } from '../../protocol/ticket.js';
import { pseudonym } from '../internal/crypto.js';
import { readJson } from '../internal/read-json.js';
import type { TicketVerifier } from '../auth/ticket-verifier.js';
import { ProblemError } from '../problem-error.js';
import type { RoomService } from '../rooms.js';
import type { Logger } from '../logger.js';

export interface JoinRouteDeps {
  verify: TicketVerifier;
  rooms: RoomService;
  pseudonymSecret: Uint8Array;
  joinLinkTtlSeconds: number;
  allowedOrigins: readonly string[];
  logger: Logger;
}

/** `POST /v1/join`: verifies the ticket, finds the room, mints a one-time join link for the caller. */
export function joinRoutes(deps: JoinRouteDeps) {
  return new Hono().post('/v1/join', async (c) => {
    const caller = await deps.verify(c.req.header('authorization'));
    const body = await readJson(c.req.raw, JoinRequestSchema);

    if (caller.role === 'staff') throw new ProblemError('forbidden-role', 'Staff tickets cannot join a visit.');
    const role: JoinRole = body.role ?? caller.role;
    if (role !== caller.role) {
      throw new ProblemError('forbidden-role', `This ticket cannot ask for a ${role} link.`);
    }
    const participantId = pseudonym(deps.pseudonymSecret, caller.issuer, caller.subject);
    const participant = { id: participantId, role, name: caller.name };

    const room =
      body.room !== undefined
        ? await deps.rooms.byId(body.room)
        : await deps.rooms.forAppointment(body.appointment!, participant, c.req.raw.signal);
    if (caller.appointment !== undefined && caller.appointment !== room.appointment) {
      throw new ProblemError('forbidden-scope', 'This ticket is for another appointment.');
    }
    if (room.status !== 'open') throw new ProblemError('room-ended', 'This visit has ended.');

    const provider = deps.rooms.providerOf(room.provider);
    const origin = c.req.header('origin');
    const embedOrigin = origin !== undefined && deps.allowedOrigins.includes(origin) ? origin : undefined;
    const link = await provider.joinLink(
      { room, participant, ttlSeconds: deps.joinLinkTtlSeconds, embedOrigin },
      c.req.raw.signal,
    );
    // A vendor answering with a URL outside its own origins is refused, not forwarded.
    if (!URL.canParse(link.url) || !provider.allowedOrigins.includes(new URL(link.url).origin)) {
      throw new ProblemError('vendor-bad-response', 'The video service answered with an unexpected link.');
    }
    deps.logger.info({ room: room.id, provider: provider.name, role, participant: participantId }, 'join link minted');

    const response: JoinResponse = {
      url: link.url,
      expiresAt: link.expiresAt.toISOString(),
      provider: provider.name,
      roomId: room.id,
      allowedOrigins: [...provider.allowedOrigins],
      allow: [...provider.iframeAllow],
    };
    c.header('Cache-Control', 'no-store');
    return c.json(response);
  });
}
