/**
 * A stateful fake of the Kaleyra Teleconsultation Service Backend, built from the doc
 * (vendor-docs/kaleyra-teleconsultation-backend.md): POST/GET/PATCH/DELETE /teleconsultation with the
 * documented bodies — 201 {roomId}; 400 "no plus user in room"; 401 {"error": "Unauthorized user"} for a
 * user outside the room or an unauthenticated request; 404 "Room with id … not found on CRUD"; 204s.
 * Requests are authenticated by the `apikey` header and the platform's user headers (`miauserid`,
 * `miausergroups`), as the adapter's header comment explains. The GET's `details` follow the room's state,
 * which a test sets: a call running (`status: "RUNNING"` and `live: true`; else the documented
 * `"NOT_RUNNING"` and `live: false`) and `disabled`.
 */
import { HttpResponse, type HttpHandler } from 'msw';
import { randomBytes } from 'node:crypto';
import { FakeKit, type RouteInfo } from '../support/fake-kit.js';

export const KALEYRA_BASE = 'https://teleconsultation.hospital.example';
export const KALEYRA_JOIN_ORIGIN = 'https://acme.bandyer.com';
export const KALEYRA_API_KEY = 'kaleyra-api-key-123';
/** The adapter options that talk to this fake. */
export const KALEYRA_OPTIONS = {
  baseUrl: KALEYRA_BASE,
  apiKey: KALEYRA_API_KEY,
  joinOrigins: [KALEYRA_JOIN_ORIGIN],
};
/** Groups configured in the backend's `privileges`; `doctor` makes a user "plus". */
const KNOWN_GROUPS = new Set(['doctor', 'patient']);
const PLUS_GROUPS = new Set(['doctor']);

interface FakeRoom {
  id: string;
  participants: { userExternalId: string; groups: string[]; fullName?: string; language?: string }[];
  number: number;
  startDate: string;
  durationSeconds: number;
  trashed: boolean;
  running: boolean;
  disabled: boolean;
}

export interface IssuedLink {
  roomId: string;
  userExternalId: string;
  groups: string;
  language: string | null;
}

const crudError = (status: number, message: string) =>
  HttpResponse.json(
    { statusCode: status, error: status === 400 ? 'Bad Request' : 'Error', message },
    { status },
  );
const unauthorizedUser = () => HttpResponse.json({ error: 'Unauthorized user' }, { status: 401 });

const isIsoDate = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value) &&
  !Number.isNaN(Date.parse(value));

type Body = Record<string, unknown>;

/** Checks a POST (all fields) or PATCH (only those given) body; returns an error message or the parsed parts. */
const readBody = (b: Body, partial: boolean) => {
  const hasParticipants = b.participants !== undefined;
  if (!partial || hasParticipants) {
    const p = b.participants as { number?: unknown; data?: unknown } | undefined;
    if (typeof p !== 'object' || p === null || !Number.isInteger(p.number) || !Array.isArray(p.data)) {
      return { error: 'participants must be an object with number and data' };
    }
    if ((p.data as unknown[]).length > (p.number as number))
      return { error: 'more participants data than number' };
    for (const d of p.data as Body[]) {
      if (typeof d.userExternalId !== 'string' || d.userExternalId === '')
        return { error: 'userExternalId required' };
      // Without the auth0 dependency, as in the doc's example: groups and fullName come with the data.
      if (
        !Array.isArray(d.groups) ||
        d.groups.length === 0 ||
        !d.groups.every((g) => KNOWN_GROUPS.has(g as string))
      ) {
        return { error: 'groups must list configured groups' };
      }
      if (typeof d.fullName !== 'string' || d.fullName === '') return { error: 'fullName required' };
      if (d.language !== undefined && typeof d.language !== 'string')
        return { error: 'language must be a string' };
    }
  }
  if (!partial && !isIsoDate(b.start_date)) return { error: 'start_date must be an ISO 8601 date' };
  if (b.start_date !== undefined && !isIsoDate(b.start_date))
    return { error: 'start_date must be an ISO 8601 date' };
  if (b.end_date !== undefined && b.duration_in_seconds !== undefined) {
    return { error: 'only one of end_date and duration_in_seconds' };
  }
  let duration: number | undefined;
  if (b.duration_in_seconds !== undefined) {
    if (!Number.isInteger(b.duration_in_seconds)) return { error: 'duration_in_seconds must be an integer' };
    duration = b.duration_in_seconds as number;
  } else if (b.end_date !== undefined) {
    if (!isIsoDate(b.end_date) || typeof b.start_date !== 'string')
      return { error: 'end_date must be an ISO 8601 date' };
    duration = (Date.parse(b.end_date) - Date.parse(b.start_date)) / 1000;
  } else if (!partial) {
    return { error: 'one of end_date and duration_in_seconds is required' };
  }
  if (duration !== undefined && duration < 300) return { error: 'the duration must be at least 5 minutes' };
  return { duration };
};

export const createKaleyraFake = () => {
  const kit = new FakeKit([KALEYRA_JOIN_ORIGIN]);
  const rooms = new Map<string, FakeRoom>();
  const links = new Map<string, IssuedLink>();
  const knobs = {
    /**
     * The next this many GETs of a room answer the documented 401 "Unauthorized user" even for a participant
     * (a hiccup of the backend's user lookup, as the platform's auth headers are resolved per request).
     */
    spuriousUnauthorized: 0,
  };

  const authenticated = (info: RouteInfo) => info.request.headers.get('apikey') === KALEYRA_API_KEY;
  const liveRoom = (id: string | undefined) => {
    const room = rooms.get(id ?? '');
    return room && !room.trashed ? room : undefined;
  };
  const notFound = (id: string | undefined) =>
    HttpResponse.json({ error: `Room with id ${id} not found on CRUD` }, { status: 404 });
  const noPlusUser = (room: { participants: { groups: string[] }[] }) =>
    !room.participants.some((p) => p.groups.some((g) => PLUS_GROUPS.has(g)));

  const url = (path: string) => `${KALEYRA_BASE}${path}`;
  const handlers: HttpHandler[] = [
    kit.route('post', url('/teleconsultation'), (info) => {
      if (!authenticated(info)) return unauthorizedUser();
      const b = (info.body ?? {}) as Body;
      const checked = readBody(b, false);
      if ('error' in checked) return crudError(400, checked.error ?? 'invalid');
      const p = b.participants as { number: number; data: FakeRoom['participants'] };
      if (p.data.length === p.number && noPlusUser({ participants: p.data })) {
        return HttpResponse.json(
          { error: 'Failed POST /teleconsultation: no plus user in room' },
          { status: 400 },
        );
      }
      const id = `room_${randomBytes(6).toString('hex')}`;
      rooms.set(id, {
        id,
        participants: p.data,
        number: p.number,
        startDate: b.start_date as string,
        durationSeconds: checked.duration ?? 0,
        trashed: false,
        running: false,
        disabled: false,
      });
      return HttpResponse.json({ roomId: id }, { status: 201 });
    }),

    kit.route('get', url('/teleconsultation/:roomId'), (info) => {
      if (!authenticated(info)) return unauthorizedUser();
      if (knobs.spuriousUnauthorized > 0) {
        knobs.spuriousUnauthorized -= 1;
        return unauthorizedUser();
      }
      const room = liveRoom(info.params.roomId);
      if (!room) return notFound(info.params.roomId);
      const userId = info.request.headers.get('miauserid');
      const user = room.participants.find((p) => p.userExternalId === userId);
      if (!user) return unauthorizedUser();
      const language = info.url.searchParams.get('language');
      const link = `${KALEYRA_JOIN_ORIGIN}/eu/direct-rest-call-handler/${randomBytes(9).toString('base64url')}`;
      links.set(link, {
        roomId: room.id,
        userExternalId: user.userExternalId,
        groups: info.request.headers.get('miausergroups') ?? '',
        language,
      });
      return HttpResponse.json({
        bandyerUserId: `user_${user.userExternalId}`,
        accessLinkURL: link,
        participantsBandyerCall: room.participants.map((p) => ({
          bandyerUserId: `user_${p.userExternalId}`,
          fullName: p.fullName,
        })),
        details: {
          recording: 'none',
          recordingStatus: 'stopped',
          callType: 'audio_video',
          description: 'text',
          status: room.running ? 'RUNNING' : 'NOT_RUNNING',
          disabled: room.disabled,
          creationDate: new Date().toISOString(),
          durationInSeconds: room.durationSeconds,
          durationUsedInSeconds: 0,
          live: room.running,
        },
      });
    }),

    kit.route('patch', url('/teleconsultation/:roomId'), (info) => {
      if (!authenticated(info)) return unauthorizedUser();
      const room = liveRoom(info.params.roomId);
      if (!room) return notFound(info.params.roomId);
      const b = (info.body ?? {}) as Body;
      const checked = readBody(b, true);
      if ('error' in checked) return crudError(400, checked.error ?? 'invalid');
      if (typeof b.start_date === 'string') room.startDate = b.start_date;
      if (checked.duration !== undefined) room.durationSeconds = checked.duration;
      return new HttpResponse(null, { status: 204 });
    }),

    kit.route('delete', url('/teleconsultation/:roomId'), (info) => {
      if (!authenticated(info)) return unauthorizedUser();
      const room = liveRoom(info.params.roomId);
      if (!room) return notFound(info.params.roomId);
      room.trashed = true; // "set the state of that teleconsultation on CRUD to TRASH"
      return new HttpResponse(null, { status: 204 });
    }),
  ];

  /** Changes a room's state as the next GET reports it. */
  const setState = (roomId: string, state: Partial<Pick<FakeRoom, 'running' | 'disabled'>>) => {
    const room = rooms.get(roomId);
    if (!room) throw new Error(`no fake room ${roomId}`);
    Object.assign(room, state);
  };

  return {
    handlers,
    kit,
    knobs,
    rooms,
    links,
    setState,
    reset: () => {
      kit.reset();
      rooms.clear();
      links.clear();
      knobs.spuriousUnauthorized = 0;
    },
  };
};
