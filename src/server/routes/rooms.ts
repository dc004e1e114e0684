import { Hono } from 'hono';
import { CreateRoomRequestSchema, type RoomParticipant } from '../../protocol/rooms.js';
import { pseudonym } from '../internal/crypto.js';
import type { Participant } from '../providers/types.js';
import type { Audit } from '../audit.js';
import type { Authenticate, AuthenticatedCaller } from '../auth/authenticate.js';
import type { AppEnv } from '../env.js';
import { idempotent } from '../internal/idempotency.js';
import { readJson } from '../internal/read-json.js';
import { ProblemError } from '../problem-error.js';
import { toRoomResponse, type RoomService } from '../rooms.js';
import type { ConsultStore } from '../store/types.js';

/**
 * The vendor's participant list: the people named in the request, with the same pseudonymous ids their
 * own tickets will yield, plus the calling clinician when not named.
 */
function participantsOf(
  caller: AuthenticatedCaller,
  listed: RoomParticipant[],
  secret: string,
): Participant[] {
  const people: Participant[] = listed.map(({ subject, issuer, ...person }) => ({
    ...person,
    id: pseudonym(secret, issuer ?? caller.issuer, subject),
  }));
  if (caller.role === 'clinician' && !people.some((p) => p.id === caller.actor)) {
    people.push({ id: caller.actor, role: 'clinician', name: caller.name });
  }
  return people;
}

/**
 * The name the patient is shown: the calling clinician's (their entry in the list, else their ticket's
 * `name`), else the first listed clinician with a name.
 */
const clinicianNameOf = (caller: AuthenticatedCaller, people: Participant[]): string | undefined => {
  const named = people.filter((p) => p.role === 'clinician' && p.name?.trim());
  return (named.find((p) => p.id === caller.actor) ?? named[0])?.name?.trim();
};

const requireStaffOrClinician = (caller: AuthenticatedCaller) => {
  if (caller.role === 'patient')
    throw new ProblemError('forbidden-role', 'Only clinicians and staff manage rooms.');
};

const requireScope = (caller: AuthenticatedCaller, appointment: string) => {
  if (caller.appointment !== undefined && caller.appointment !== appointment) {
    throw new ProblemError('forbidden-scope', 'This ticket is for another appointment.');
  }
};

/** `POST /v1/rooms` (create once, `Idempotency-Key` aware) and `DELETE /v1/rooms/:id` (cancel). */
export function roomRoutes(deps: {
  authenticate: Authenticate;
  rooms: RoomService;
  audit: Audit;
  store: ConsultStore;
  now: () => Date;
  pseudonymSecret: string;
}) {
  return new Hono<AppEnv>()
    .post('/v1/rooms', async (c) => {
      const caller = await deps.authenticate(c);
      requireStaffOrClinician(caller);
      const body = await readJson(c.req.raw, CreateRoomRequestSchema);
      requireScope(caller, body.appointment);
      const result = await idempotent(
        deps.store,
        `rooms:${caller.actor}`,
        c.req.header('idempotency-key'),
        body,
        deps.now(),
        async () => {
          const participants = participantsOf(caller, body.participants ?? [], deps.pseudonymSecret);
          const { room, created } = await deps.rooms.open(
            {
              appointment: body.appointment,
              startsAt: body.startsAt === undefined ? undefined : new Date(body.startsAt),
              durationMinutes: body.durationMinutes,
              title: body.title,
              participants,
              clinicianName: clinicianNameOf(caller, participants),
            },
            c.req.raw.signal,
          );
          if (created) {
            await deps.audit('room.created', {
              actor: caller.actor,
              roomId: room.id,
              provider: room.provider,
              requestId: c.get('requestId'),
            });
          }
          return { status: created ? 201 : 200, body: toRoomResponse(room) };
        },
      );
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result.body as object, result.status as 200);
    })
    .delete('/v1/rooms/:id', async (c) => {
      const caller = await deps.authenticate(c);
      requireStaffOrClinician(caller);
      const room = await deps.rooms.byId(c.req.param('id'));
      requireScope(caller, room.appointment);
      // A provider that cannot cancel says so in its capabilities: a 409 the caller can act on, not a
      // vendor failure (502), and the vendor is not asked.
      if (!deps.rooms.providerOf(room.provider).capabilities.cancel) {
        throw new ProblemError(
          'not-supported',
          `Rooms of the ${room.provider} provider cannot be cancelled.`,
        );
      }
      await deps.rooms.cancel(room, c.req.raw.signal);
      await deps.audit('room.cancelled', {
        actor: caller.actor,
        roomId: room.id,
        provider: room.provider,
        requestId: c.get('requestId'),
      });
      return c.body(null, 204);
    });
}
