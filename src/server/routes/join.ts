import { Hono } from 'hono';
import { JoinRequestSchema, type JoinResponse } from '../../protocol/join.js';
import type { JoinRole } from '../../protocol/ticket.js';
import type { Audit } from '../audit.js';
import type { Authenticate } from '../auth/authenticate.js';
import type { JoinPhase } from '../live/join-phase.js';
import type { AppEnv } from '../env.js';
import { readJsonBody } from '../internal/read-json.js';
import { requestSignal } from '../internal/request-signal.js';
import { ProblemError } from '../problem-error.js';
import type { RoomService } from '../rooms.js';
import { assertJoinable, toVisitInfo, type JoinWindow } from '../visits/visit-window.js';

export interface JoinRouteDeps {
  authenticate: Authenticate;
  rooms: RoomService;
  audit: Audit;
  joinLinkTtlSeconds: number;
  allowedOrigins: readonly string[];
  joinWindow: JoinWindow;
  now: () => Date;
  /** The room's phase for the caller, sent with the link so the browser need not wait for the event stream. */
  phase?: JoinPhase;
}

/**
 * `POST /v1/join`: verifies the ticket, finds the room, checks the visit window for the caller's role,
 * mints a one-time join link for the caller.
 */
export function joinRoutes(deps: JoinRouteDeps) {
  return new Hono<AppEnv>().post('/v1/join', async (c) => {
    const caller = await deps.authenticate(c);
    const body = await readJsonBody(c, JoinRequestSchema);
    const signal = requestSignal(c);

    if (caller.role === 'staff')
      throw new ProblemError('forbidden-role', 'Staff tickets cannot join a visit.');
    const role: JoinRole = body.role ?? caller.role;
    if (role !== caller.role) {
      throw new ProblemError('forbidden-role', `This ticket cannot ask for a ${role} link.`);
    }
    if (
      caller.appointment !== undefined &&
      body.appointment !== undefined &&
      caller.appointment !== body.appointment
    ) {
      throw new ProblemError('forbidden-scope', 'This ticket is for another appointment.');
    }
    const participant = { id: caller.actor, role, name: caller.name, language: body.lang };
    const { room, created } =
      body.room !== undefined
        ? { room: await deps.rooms.byId(body.room), created: false }
        : await deps.rooms.forJoin(body.appointment!, participant, signal);
    if (caller.appointment !== undefined && caller.appointment !== room.appointment) {
      throw new ProblemError('forbidden-scope', 'This ticket is for another appointment.');
    }
    const requestId = c.get('requestId');
    if (created)
      await deps.audit('room.created', {
        actor: caller.actor,
        roomId: room.id,
        provider: room.provider,
        requestId,
      });
    assertJoinable(room, role, deps.joinWindow, deps.now());

    // Asked alongside the vendor's link, not after it: the answer waits for the slower of the two only.
    const phase = deps.phase?.(room, role, signal);
    const provider = deps.rooms.providerOf(room.provider);
    const origin = c.req.header('origin');
    const embedOrigin = origin !== undefined && deps.allowedOrigins.includes(origin) ? origin : undefined;
    const link = await provider.joinLink(
      { room, participant, ttlSeconds: deps.joinLinkTtlSeconds, embedOrigin, dir: body.dir },
      signal,
    );
    // A vendor answering with a URL outside its own origins is refused, not forwarded.
    if (!URL.canParse(link.url) || !provider.allowedOrigins.includes(new URL(link.url).origin)) {
      throw new ProblemError('vendor-bad-response', 'The video service answered with an unexpected link.');
    }
    await deps.audit('join.minted', {
      actor: caller.actor,
      role,
      roomId: room.id,
      provider: provider.name,
      requestId,
    });

    const response: JoinResponse = {
      url: link.url,
      expiresAt: link.expiresAt.toISOString(),
      provider: provider.name,
      roomId: room.id,
      allowedOrigins: [...provider.allowedOrigins],
      allow: [...provider.iframeAllow],
      postsMessages: provider.capabilities.postsMessages,
      ...withPhase(await phase),
      visit: toVisitInfo(room, role, deps.joinWindow, deps.now()),
    };
    c.header('Cache-Control', 'no-store');
    return c.json(response);
  });
}

const withPhase = (phase: JoinResponse['phase']) => (phase === undefined ? {} : { phase });
