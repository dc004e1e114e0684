/**
 * A stateful fake of the Auvious appointments API, built from the doc (vendor-docs/auvious-appointments-
 * api.md): appointments in the doc's GetAppointmentResponse shape (durations `PT5M0s`, instants
 * `2022-01-31T19:00:00.0Z`, `interaction.state` PENDING), Find all with `range` and paging, Find, Delete,
 * End, Add agent (409 when present), Add customer, Reassign, Reschedule, Activate ({expires, type, url}),
 * and the overlap count (no authorization). Every other call needs a Bearer JWT the fake issued, holding
 * the role the doc names for that endpoint (403 otherwise).
 * Not in the doc, and marked as our assumptions: the agent's schedule `POST /api/appointments/` (the doc
 * has only the customer's OTP `POST /basic`), the OAuth 2 token endpoint, the `ENDED` state after End,
 * and the ticket's `expires` (the appointment's end; the doc's one sample equals the start).
 */
import { HttpResponse, type HttpHandler } from 'msw';
import { randomBytes, randomUUID } from 'node:crypto';
import { bearerOf } from '../support/fake-token.js';
import { FakeKit, type RouteInfo } from '../support/fake-kit.js';

export const AUVIOUS_API = 'https://auvious.example.org';
export const AUVIOUS_TOKEN_URL = 'https://login.auvious.example.org/security/oauth/token';
export const AUVIOUS_JOIN_ORIGIN = 'https://video.auvious.com';
export const APPLICATION_ID = 'bf8215e5-a39e-490a-a0e2-07df6a3d8c1f';
export const AGENT_ID = '36c1e718-9ab5-48c9-aeab-fa55f37b0ec4';
export const OTHER_AGENT_ID = '5a0c2f9e-1d7b-4c1e-9b8a-2f4e6d8c0a1b';
export const CLIENT = { clientId: 'consult-server', clientSecret: 'auvious-client-secret-123' };
export const ALL_ROLES = ['ROLE_AGENT', 'ROLE_CLIENT_SERVICE'];

export interface FakeAppointment {
  id: string;
  applicationId: string;
  start: number;
  durationMs: number;
  timezone: string;
  locale: string;
  title: string;
  metadata: Record<string, unknown>;
  notificationsActive: boolean;
  organizer: { id: string; type: string };
  participants: { id: string; type: 'AGENT' | 'CUSTOMER'; customer?: unknown }[];
  state: string;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const message = (status: number, text: string) => HttpResponse.json({ message: text }, { status });
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)[sS])?$/;

/** Instants as the doc prints them: one fraction digit. */
export const docInstant = (ms: number) => new Date(ms).toISOString().replace(/\.(\d)\d\dZ$/, '.$1Z');
/** Durations as the doc prints them in answers: `PT5M0s`, `PT1H30M0s`. */
const docDuration = (ms: number) => {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return `PT${hours > 0 ? `${hours}H` : ''}${minutes % 60}M${Math.floor((ms % 60_000) / 1000)}s`;
};
const parseDuration = (value: unknown): number | undefined => {
  const match = typeof value === 'string' ? DURATION.exec(value) : null;
  if (!match || value === 'PT') return undefined;
  return ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000;
};
const parseInstant = (value: unknown): number | undefined =>
  typeof value === 'string' && INSTANT.test(value) ? Date.parse(value) : undefined;

export const createAuviousFake = () => {
  const kit = new FakeKit([AUVIOUS_JOIN_ORIGIN]);
  const tokens = new Map<string, { sub: string; roles: string[]; exp: number }>();
  const appointments = new Map<string, FakeAppointment>();
  const tickets = new Map<string, string>(); // ticket url -> appointment id
  const knobs = { tokenTtlSeconds: 3600, roles: ALL_ROLES, rejectAllTokens: false, sendExpiresIn: true };

  const issueToken = (roles = knobs.roles, sub = AGENT_ID) => {
    const exp = Math.floor(Date.now() / 1000) + knobs.tokenTtlSeconds;
    const token = `${b64url({ typ: 'JWT', alg: 'RS256' })}.${b64url({ sub, roles, exp, jti: randomUUID() })}.${randomBytes(16).toString('base64url')}`;
    tokens.set(token, { sub, roles, exp });
    return token;
  };

  /** The token's subject when it is valid and holds one of `roles`; otherwise the refusal. */
  const guard = (info: RouteInfo, roles: string[]): string | Response => {
    const token = tokens.get(bearerOf(info.request.headers) ?? '');
    if (knobs.rejectAllTokens || token === undefined || token.exp <= Date.now() / 1000)
      return message(401, 'Unauthorized');
    if (!roles.some((r) => token.roles.includes(r))) return message(403, 'Forbidden');
    return token.sub;
  };

  const json = (a: FakeAppointment) => ({
    applicationId: a.applicationId,
    duration: docDuration(a.durationMs),
    end: docInstant(a.start + a.durationMs),
    id: a.id,
    interaction: { customFields: {}, state: a.state },
    locale: a.locale,
    metadata: a.metadata,
    notes: '',
    notifications: [],
    notificationsActive: a.notificationsActive,
    organizer: a.organizer,
    participantIds: a.participants.map(({ id, type }) => ({ id, type })),
    start: docInstant(a.start),
    timezone: a.timezone,
    title: a.title,
  });

  const body = (info: RouteInfo) => (info.body ?? {}) as Record<string, unknown>;
  const found = (id: unknown) => (typeof id === 'string' ? appointments.get(id) : undefined);
  const ANY = ['ROLE_AGENT', 'ROLE_SUPERVISOR', 'ROLE_CLIENT_SERVICE'];
  const AGENTS = ['ROLE_AGENT', 'ROLE_SUPERVISOR'];
  const url = (path: string) => `${AUVIOUS_API}${path}`;

  const handlers: HttpHandler[] = [
    kit.route('post', AUVIOUS_TOKEN_URL, (info) => {
      const form = (info.body ?? {}) as Record<string, string>;
      const basic = /^Basic (.+)$/.exec(info.request.headers.get('authorization') ?? '')?.[1];
      const [id, secret] = basic
        ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent)
        : [form.client_id, form.client_secret];
      if (form.grant_type !== 'client_credentials')
        return HttpResponse.json({ error: 'unsupported_grant_type' }, { status: 400 });
      if (id !== CLIENT.clientId || secret !== CLIENT.clientSecret)
        return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
      const token = issueToken();
      return HttpResponse.json({
        access_token: token,
        token_type: 'bearer',
        ...(knobs.sendExpiresIn ? { expires_in: knobs.tokenTtlSeconds } : {}),
      });
    }),

    kit.route('get', url('/api/appointments/overlap/count'), ({ url: u }) => {
      const start = parseInstant(u.searchParams.get('start'));
      const duration = parseDuration(u.searchParams.get('duration'));
      const applicationId = u.searchParams.get('applicationId');
      if (!applicationId || start === undefined || duration === undefined) return message(400, 'Bad Request');
      const count = [...appointments.values()].filter(
        (a) =>
          a.applicationId === applicationId && a.start < start + duration && start < a.start + a.durationMs,
      ).length;
      return HttpResponse.json({ count });
    }),

    kit.route('post', url('/api/appointments/participants/agents/'), (info) => {
      const sub = guard(info, AGENTS);
      if (typeof sub !== 'string') return sub;
      const { id, userId } = body(info);
      const a = found(id);
      if (!a) return message(404, 'StatusNotFound');
      if (typeof userId !== 'string' || userId === '') return message(400, 'Bad Request');
      if (a.participants.some((p) => p.type === 'AGENT' && p.id === userId))
        return message(409, 'StatusConflict');
      a.participants.push({ id: userId, type: 'AGENT' });
      return HttpResponse.json(json(a));
    }),

    kit.route('post', url('/api/appointments/participants/customers/'), (info) => {
      const sub = guard(info, AGENTS);
      if (typeof sub !== 'string') return sub;
      const { id, customer } = body(info) as { id?: string; customer?: { name?: { firstName?: string } } };
      const a = found(id);
      if (!a) return message(404, 'StatusNotFound');
      if (!customer?.name?.firstName) return message(400, 'Bad Request');
      a.participants.push({ id: randomUUID(), type: 'CUSTOMER', customer });
      return HttpResponse.json(json(a));
    }),

    kit.route('put', url('/api/appointments/reschedule/'), (info) => {
      const sub = guard(info, ANY);
      if (typeof sub !== 'string') return sub;
      const b = body(info);
      const a = found(b.id);
      if (!a) return message(404, 'StatusNotFound');
      const start = parseInstant(b.start);
      const duration = parseDuration(b.duration);
      if (start === undefined || duration === undefined) return message(400, 'Bad Request');
      Object.assign(a, { start, durationMs: duration });
      if (typeof b.timezone === 'string') a.timezone = b.timezone;
      if (typeof b.locale === 'string') a.locale = b.locale;
      return HttpResponse.json(json(a));
    }),

    kit.route('put', url('/api/appointments/reassign/'), (info) => {
      const sub = guard(info, AGENTS);
      if (typeof sub !== 'string') return sub;
      const { id, userId } = body(info);
      const a = found(id);
      if (!a) return message(404, 'StatusNotFound');
      if (typeof userId !== 'string' || userId === '') return message(400, 'Bad Request');
      // "replace the current owner and associated AGENT participant with the new AGENT user"
      a.organizer = { id: userId, type: 'AGENT' };
      a.participants = [...a.participants.filter((p) => p.type !== 'AGENT'), { id: userId, type: 'AGENT' }];
      return HttpResponse.json(json(a));
    }),

    kit.route('post', url('/api/appointments/activate/:id'), (info) => {
      const sub = guard(info, ['ROLE_CLIENT_SERVICE']);
      if (typeof sub !== 'string') return sub;
      const a = found(info.params.id);
      if (!a) return message(404, 'StatusNotFound');
      const ticket = `${AUVIOUS_JOIN_ORIGIN}/q/${randomBytes(3).toString('hex')}-${randomBytes(3).toString('hex')}`;
      tickets.set(ticket, a.id);
      return HttpResponse.json({
        expires: docInstant(a.start + a.durationMs),
        type: 'MULTI_USE_TICKET',
        url: ticket,
      });
    }),

    kit.route('put', url('/api/appointments/:id/end'), (info) => {
      const sub = guard(info, ['ROLE_AGENT']);
      if (typeof sub !== 'string') return sub;
      const a = found(info.params.id);
      if (!a) return message(404, 'StatusNotFound');
      a.state = 'ENDED';
      return HttpResponse.json(json(a));
    }),

    kit.route('post', url('/api/appointments/'), (info) => {
      const sub = guard(info, ANY);
      if (typeof sub !== 'string') return sub;
      const b = body(info);
      const start = parseInstant(b.start);
      const duration = parseDuration(b.duration);
      if (typeof b.applicationId !== 'string' || start === undefined || duration === undefined)
        return message(400, 'Bad Request');
      const a: FakeAppointment = {
        id: randomUUID(),
        applicationId: b.applicationId,
        start,
        durationMs: duration,
        timezone: typeof b.timezone === 'string' ? b.timezone : 'UTC',
        locale: typeof b.locale === 'string' ? b.locale : 'en_US',
        title: typeof b.title === 'string' ? b.title : '',
        metadata: (b.metadata ?? {}) as Record<string, unknown>,
        notificationsActive: b.notificationsActive !== false,
        organizer: { id: sub, type: 'AGENT' },
        participants: [],
        state: 'PENDING',
      };
      appointments.set(a.id, a);
      return HttpResponse.json(json(a));
    }),

    kit.route('get', url('/api/appointments/'), (info) => {
      const sub = guard(info, ANY);
      if (typeof sub !== 'string') return sub;
      const q = info.url.searchParams;
      const [from, to] = (q.get('range') ?? '').split(',').map(parseInstant);
      const pageSize = Number(q.get('pageSize') ?? 25);
      const pageNumber = Number(q.get('pageNumber') ?? 1);
      const all = [...appointments.values()]
        .filter(
          (a) => from === undefined || to === undefined || (a.start >= from && a.start + a.durationMs <= to),
        )
        .sort((x, y) => x.start - y.start);
      return HttpResponse.json({
        content: all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(json),
        pageCount: Math.ceil(all.length / pageSize),
        pageNumber,
        pageSize,
        sortField: q.get('sortField') ?? 'start',
        sortOrder: q.get('sortOrder') ?? 'asc',
        total: all.length,
      });
    }),

    kit.route('get', url('/api/appointments/:id'), (info) => {
      const sub = guard(info, ANY);
      if (typeof sub !== 'string') return sub;
      const a = found(info.params.id);
      return a ? HttpResponse.json(json(a)) : message(404, 'StatusNotFound');
    }),

    kit.route('delete', url('/api/appointments/:id'), (info) => {
      const sub = guard(info, ANY);
      if (typeof sub !== 'string') return sub;
      if (!appointments.delete(info.params.id ?? '')) return message(404, 'StatusNotFound');
      return new HttpResponse(null, { status: 204 });
    }),
  ];

  return {
    handlers,
    kit,
    knobs,
    appointments,
    tickets,
    issueToken,
    expireTokens: () => tokens.clear(),
    /** An appointment someone else scheduled in the same application (for overlap and look-alikes). */
    addForeign: (start: Date, minutes: number, metadata: Record<string, unknown> = {}) => {
      const a: FakeAppointment = {
        id: randomUUID(),
        applicationId: APPLICATION_ID,
        start: start.getTime(),
        durationMs: minutes * 60_000,
        timezone: 'Europe/Berlin',
        locale: 'en_US',
        title: 'Other',
        metadata,
        notificationsActive: true,
        organizer: { id: OTHER_AGENT_ID, type: 'AGENT' },
        participants: [],
        state: 'PENDING',
      };
      appointments.set(a.id, a);
      return a;
    },
    reset: () => {
      kit.reset();
      tokens.clear();
      appointments.clear();
      tickets.clear();
      Object.assign(knobs, {
        tokenTtlSeconds: 3600,
        roles: ALL_ROLES,
        rejectAllTokens: false,
        sendExpiresIn: true,
      });
    },
  };
};

/** Provider options against this fake with a client-credentials login. */
export const AUVIOUS_OPTIONS = {
  baseUrl: AUVIOUS_API,
  applicationId: APPLICATION_ID,
  tokenUrl: AUVIOUS_TOKEN_URL,
  ...CLIENT,
  defaultAgentUserId: AGENT_ID,
} as const;
