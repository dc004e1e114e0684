/**
 * A stateful fake of the Apizee REST API, built from the doc (vendor-docs/apizee-rest-api.md) and, for
 * `/token`, Apizee's authentication reference: POST /token (grant_type=password) -> {access_token,
 * created_at, expires_in}; POST /conferences and POST /tickets with their parameters in the query string;
 * GET /conferences?search= (keyword match) and GET /tickets?reference= in the doc's list shapes (tickets
 * without agent_url/sso_url/button_id). Every call but /token needs a Bearer token it issued. A conference's
 * `status` ("scheduled", "ongoing", …) and a ticket's `state` ("invited", "done", …) are set by the test.
 */
import { HttpResponse, type HttpHandler } from 'msw';
import { randomBytes } from 'node:crypto';
import { bearerOf, fakeJwt } from '../support/fake-token.js';
import { FakeKit, type RouteInfo } from '../support/fake-kit.js';

export const APIZEE_API = 'https://cloud.apizee.com/api';
export const APIZEE_ACCOUNT = { username: 'api@klinik.example', password: 'apizee-pass-456' };
export const MEET_ORIGIN = 'https://meet.apizee.com';
export const DIAG_ORIGIN = 'https://diag.apizee.com';
export const CLOUD_ORIGIN = 'https://cloud.apizee.com';
export const BUTTON_ID = 223;

export interface FakeConference {
  id: number;
  name: string | null;
  participants: string[];
  moderation: string | null;
  moderator: string | null;
  invite: string | null;
  url: string;
  status: string;
}

export interface FakeTicket {
  id: number;
  reference: string | null;
  agent: string;
  email: string | null;
  phone: string | null;
  requestorUrl: string;
  ssoUrl: string;
  state: string;
}

const hex = (n: number) => randomBytes(n).toString('hex');
const badRequest = (message: string) => HttpResponse.json({ code: 400, message }, { status: 400 });
const unauthorized = () => HttpResponse.json({ code: 401, message: 'Invalid JWT Token' }, { status: 401 });
const isContact = (value: string) => /^[^@\s]+@[^@\s]+$/.test(value) || /^\+?\d{6,15}$/.test(value);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

export const createApizeeFake = () => {
  const kit = new FakeKit([MEET_ORIGIN, DIAG_ORIGIN, CLOUD_ORIGIN]);
  const tokens = new Map<string, number>(); // token -> exp (s)
  const conferences = new Map<number, FakeConference>();
  const tickets = new Map<number, FakeTicket>();
  const knobs = { tokenTtlSeconds: 86_400, rejectAllTokens: false };
  let nextId = 842_199;

  const authorized = (info: RouteInfo) => {
    const exp = tokens.get(bearerOf(info.request.headers) ?? '');
    return !knobs.rejectAllTokens && exp !== undefined && exp > Date.now() / 1000;
  };
  const q = (info: RouteInfo, key: string) => info.url.searchParams.get(key);
  const issueToken = () => {
    const { token } = fakeJwt({ sub: 'user:api', ttlSeconds: knobs.tokenTtlSeconds });
    tokens.set(token, Date.now() / 1000 + knobs.tokenTtlSeconds);
    return token;
  };

  const conferenceJson = (c: FakeConference) => ({
    id: c.id,
    name: c.name,
    created: iso(Date.now()),
    modified: iso(Date.now()),
    start_time: iso(Date.now()),
    end_time: iso(Date.now() + 3_600_000),
    status: c.status,
    room_name: c.url.split('/private/')[1]?.replace('/', ':'),
    url: c.url,
    short_url: `https://apz.fr/${hex(5)}`,
    sip_phone_number: '+33 2 57 57 97 61',
    sip_dtmf_code: '342543',
    organizer: { id: 2888, name: 'Agent 1' },
    created_by: { id: 1234, name: 'API' },
    service_key: 'f7a0300abf044e86bfcc7d9ae906381e',
    moderator: c.moderator ? { id: 2899, name: 'Dr Doe' } : null,
  });

  const ticketListJson = (t: FakeTicket) => ({
    id: t.id,
    state: t.state,
    reference: t.reference,
    created: iso(Date.now()),
    modified: iso(Date.now()),
    start_time: iso(Date.now()),
    end_time: iso(Date.now() + 1_800_000),
    subject: null,
    type: '',
    description: null,
    agent: t.agent,
    requestor_url: t.requestorUrl,
    requestor: t.phone ? { phone: t.phone } : { email: t.email },
    information_page_url: `https://apz.fr/${hex(5)}`,
    service_key: '115f89503138416a242f40fb7d7f338e',
  });

  const url = (path: string) => `${APIZEE_API}${path}`;
  const handlers: HttpHandler[] = [
    kit.route('post', url('/token'), (info) => {
      // Apizee's reference shows query parameters; an OAuth 2 token endpoint reads a form body too.
      const form = (info.body ?? {}) as Record<string, string>;
      const username = q(info, 'username') ?? form.username;
      const password = q(info, 'password') ?? form.password;
      if ((q(info, 'grant_type') ?? form.grant_type) !== 'password')
        return badRequest('grant_type must be password');
      if (username !== APIZEE_ACCOUNT.username || password !== APIZEE_ACCOUNT.password) {
        return HttpResponse.json({ code: 401, message: 'Invalid credentials.' }, { status: 401 });
      }
      const token = issueToken();
      return HttpResponse.json({
        access_token: token,
        created_at: iso(Date.now()),
        expires_in: knobs.tokenTtlSeconds,
      });
    }),

    kit.route('post', url('/conferences'), (info) => {
      if (!authorized(info)) return unauthorized();
      const participants = (q(info, 'participants') ?? '').split(',').filter(Boolean);
      if (participants.length === 0 || !participants.every(isContact))
        return badRequest('participants is required');
      const name = q(info, 'name');
      if (name !== null && (name.length < 2 || name.length > 255))
        return badRequest('name must be 2 to 255 characters');
      const moderation = q(info, 'moderation');
      if (moderation !== null && !['true', 'false', '0', '1'].includes(moderation))
        return badRequest('moderation');
      const conference: FakeConference = {
        id: nextId++,
        name,
        participants,
        moderation,
        moderator: q(info, 'moderator'),
        invite: q(info, 'invite'),
        url: `${MEET_ORIGIN}/private/${hex(16)}/${hex(16)}`,
        status: 'scheduled',
      };
      conferences.set(conference.id, conference);
      return HttpResponse.json(conferenceJson(conference), { status: 201 });
    }),

    kit.route('get', url('/conferences'), (info) => {
      if (!authorized(info)) return unauthorized();
      const search = (q(info, 'search') ?? '').toLowerCase();
      const limit = Number(q(info, 'limit') ?? '10');
      const found = [...conferences.values()]
        .filter((c) => (c.name ?? '').toLowerCase().includes(search))
        .reverse();
      return HttpResponse.json({ total: found.length, data: found.slice(0, limit).map(conferenceJson) });
    }),

    kit.route('post', url('/tickets'), (info) => {
      if (!authorized(info)) return unauthorized();
      const agent = q(info, 'agent');
      if (!agent) return badRequest('agent is required');
      const email = q(info, 'email');
      const phone = q(info, 'phone');
      if (!email && !phone) return badRequest('email or phone is required');
      const ticket: FakeTicket = {
        id: nextId++,
        reference: q(info, 'reference'),
        agent,
        email,
        phone,
        requestorUrl: `${DIAG_ORIGIN}?convId=${hex(14)}&pwd=${Math.floor(Math.random() * 900_000 + 100_000)}`,
        ssoUrl: `${CLOUD_ORIGIN}?access_token=${fakeJwt({ sub: `user:${agent}`, ttlSeconds: 300 }).token}`,
        state: 'invited',
      };
      tickets.set(ticket.id, ticket);
      const sso = q(info, 'scope') === 'sso';
      return HttpResponse.json({
        ...ticketListJson(ticket),
        ...(sso ? { agent_url: CLOUD_ORIGIN, sso_url: ticket.ssoUrl } : {}),
        status: ticket.state,
        name: null,
        button_id: BUTTON_ID,
      });
    }),

    kit.route('get', url('/tickets'), (info) => {
      if (!authorized(info)) return unauthorized();
      const reference = q(info, 'reference');
      const found = [...tickets.values()]
        .filter((t) => reference === null || t.reference === reference)
        .reverse();
      return HttpResponse.json({ total: found.length, data: found.map(ticketListJson) });
    }),
  ];

  return {
    handlers,
    kit,
    knobs,
    conferences,
    tickets,
    expireTokens: () => tokens.clear(),
    /** An access token issued outside the API (e.g. in Apizee's portal), as an operator would configure it. */
    issueToken,
    /** What the next lookup reports for a conference (`status`) or a ticket (`state`). */
    setConferenceStatus: (id: number, status: string) => {
      const conference = conferences.get(id);
      if (conference) conference.status = status;
    },
    setTicketState: (id: number, state: string) => {
      const ticket = tickets.get(id);
      if (ticket) ticket.state = state;
    },
    reset: () => {
      kit.reset();
      tokens.clear();
      conferences.clear();
      tickets.clear();
      Object.assign(knobs, { tokenTtlSeconds: 86_400, rejectAllTokens: false });
    },
  };
};
