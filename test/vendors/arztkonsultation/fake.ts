/**
 * A stateful fake of the arztkonsultation API, built from the doc's examples
 * (vendor-docs/arztkonsultation-api-examples.md): client login, authenticateUser, calls (create, list with
 * `meta.last_page`, delete only before the call ran), createScopedToken (`valid_for` read in the unit a
 * test sets: the doc does not say) and call logs (`/api/v2/calllogs`,
 * filtered by `call_id`, an entry per session with `end` unset while it runs). It checks bodies and bearer
 * tokens the way the examples use them and answers in the examples' shapes.
 */
import { HttpResponse, type HttpHandler } from 'msw';
import { randomBytes } from 'node:crypto';
import { bearerOf, fakeJwt } from '../support/fake-token.js';
import { FakeKit, type RouteInfo } from '../support/fake-kit.js';

export const AK_HOST = 'app-sandbox.arztkonsultation.de';
export const AK_ORIGIN = `https://${AK_HOST}`;
export const AK_CLIENT = { clientId: 'hospital-client', clientSecret: 'client-secret-pw' };
export const AK_ORGANIZER = 'dr.muster@klinik.example';
/** The adapter options that talk to this fake (whose scoped tokens count `valid_for` in minutes by default). */
export const AK_OPTIONS = {
  host: AK_HOST,
  ...AK_CLIENT,
  organizerEmail: AK_ORGANIZER,
  scopedTokenValidForUnit: 'minutes',
} as const;
/** ak users of the fake tenant: e-mail -> user id. */
const USERS = new Map([
  [AK_ORGANIZER, 61261],
  ['assistant@klinik.example', 59288],
]);

interface IssuedToken {
  kind: 'client' | 'user';
  exp: number;
  email?: string;
}

interface FakeCall {
  id: number;
  begin: number | null;
  duration: number;
  createdBy: string;
  ran: boolean;
  /** One entry per session, as `/api/v2/calllogs` lists them; `end` is null while the session runs. */
  logs: { id: number; start: number; end: number | null }[];
  users: {
    id: number | null;
    user_name: string;
    role_name: string;
    email: string | null;
    tan: string | null;
  }[];
}

export interface ScopedTokenRecord {
  email: string;
  validFor: number;
  /** How long the token works, reading `valid_for` in the fake's `validForUnit`. */
  lifetimeMs: number;
  scopeType: string;
  scopeId: number;
}

const tan = () => {
  const part = () => randomBytes(3).toString('base64url').slice(0, 4).replace(/[_-]/g, 'x');
  return `${part()}-${part()}-${part()}`;
};

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
const invalid = (errors: Record<string, string[]>) =>
  HttpResponse.json({ message: 'The given data was invalid.', errors }, { status: 422 });
const unauthorized = () => HttpResponse.json({ message: 'Unauthenticated.' }, { status: 401 });

export const createArztFake = () => {
  const kit = new FakeKit([AK_ORIGIN]);
  const tokens = new Map<string, IssuedToken>();
  const calls = new Map<number, FakeCall>();
  const scopedTokens = new Map<string, ScopedTokenRecord>();
  const knobs = {
    /** Lifetime of issued client/user tokens. */
    tokenTtlSeconds: 3600,
    /** Every API call (not the logins) answers 401, whatever the token. */
    rejectAllTokens: false,
    /** Status of the refusal to delete a call that already ran (undocumented; 403 and 422 are plausible). */
    refuseDeleteStatus: 403,
    /** The unit of `createScopedToken`'s `valid_for`: the doc's only example is `60`, with no unit. */
    validForUnit: 'minutes' as 'minutes' | 'seconds',
  };
  let nextCallId = 24761;
  let nextLogId = 9001;

  const authorize = (info: RouteInfo, kinds: IssuedToken['kind'][]): IssuedToken | undefined => {
    const issued = tokens.get(bearerOf(info.request.headers) ?? '');
    if (knobs.rejectAllTokens || issued === undefined || !kinds.includes(issued.kind)) return undefined;
    return issued.exp > Date.now() / 1000 ? issued : undefined;
  };

  const issue = (kind: IssuedToken['kind'], email?: string) => {
    const { token, exp } = fakeJwt({ sub: email ?? kind, ttlSeconds: knobs.tokenTtlSeconds });
    tokens.set(token, { kind, exp, email });
    return token;
  };

  const callJson = (call: FakeCall) => ({
    id: call.id,
    created_at: Math.floor(Date.now() / 1000),
    updated_at: Math.floor(Date.now() / 1000),
    begin: call.begin,
    duration: call.duration,
    status: call.ran ? 'done' : 'open',
    users: call.users,
  });

  const url = (path: string) => `${AK_ORIGIN}${path}`;
  const handlers: HttpHandler[] = [
    kit.route('post', url('/api/v2/client'), ({ body }) => {
      const b = body as { client_id?: unknown; pw?: unknown } | undefined;
      if (b?.client_id !== AK_CLIENT.clientId || b.pw !== AK_CLIENT.clientSecret) return unauthorized();
      // The OTP example reads `token` from this answer.
      return HttpResponse.json({ token: issue('client') });
    }),

    kit.route('post', url('/api/ext/authenticateUser'), (info) => {
      if (!authorize(info, ['client'])) return unauthorized();
      const email = (info.body as { email?: unknown } | undefined)?.email;
      if (typeof email !== 'string' || !USERS.has(email))
        return invalid({ email: ['The selected email is invalid.'] });
      return HttpResponse.json({ access_token: issue('user', email) });
    }),

    kit.route('post', url('/api/v2/calls'), (info) => {
      const user = authorize(info, ['user']);
      if (!user?.email) return unauthorized();
      const b = (info.body ?? {}) as Record<string, unknown>;
      const errors: Record<string, string[]> = {};
      if (!isInt(b.duration) || b.duration < 1) errors.duration = ['The duration must be an integer.'];
      if (b.begin !== undefined && !isInt(b.begin)) errors.begin = ['The begin must be a timestamp.'];
      if (b.call_type !== 'tan') errors.call_type = ['The call type field is required.'];
      if (b.tan_username !== undefined && typeof b.tan_username !== 'string')
        errors.tan_username = ['Invalid.'];
      const callees = b.additional_callees ?? [];
      const validCallees =
        Array.isArray(callees) &&
        callees.every(
          (c: { user_id?: unknown }) => isInt(c.user_id) && [...USERS.values()].includes(c.user_id),
        );
      if (!validCallees) errors.additional_callees = ['Unknown user.'];
      if (Object.keys(errors).length > 0) return invalid(errors);
      const id = nextCallId++;
      const organizerId = USERS.get(user.email) ?? null;
      const call: FakeCall = {
        id,
        begin: (b.begin as number | undefined) ?? null,
        duration: b.duration as number,
        createdBy: user.email,
        ran: false,
        logs: [],
        users: [
          // "a TAN user will always be created, due to historical reasons"
          {
            id: null,
            user_name: (b.tan_username as string | undefined) ?? 'TAN-User',
            role_name: 'tanuser',
            email: typeof b.tan_email === 'string' ? b.tan_email : null,
            tan: tan(),
          },
          { id: organizerId, user_name: 'Dr. Muster', role_name: 'caller', email: user.email, tan: null },
          ...(callees as { user_id: number }[]).map((c) => ({
            id: c.user_id,
            user_name: `User ${c.user_id}`,
            role_name: 'callee',
            email: [...USERS].find(([, uid]) => uid === c.user_id)?.[0] ?? null,
            tan: null,
          })),
        ],
      };
      calls.set(id, call);
      return HttpResponse.json({ data: callJson(call) }, { status: 201 });
    }),

    kit.route('get', url('/api/v2/calls'), (info) => {
      if (!authorize(info, ['client', 'user'])) return unauthorized();
      const perPage = Number(info.url.searchParams.get('per_page') ?? '15');
      const page = Number(info.url.searchParams.get('page') ?? '1');
      if (!Number.isInteger(perPage) || perPage < 1 || !Number.isInteger(page) || page < 1) {
        return invalid({ page: ['Invalid paging.'] });
      }
      const all = [...calls.values()];
      const lastPage = Math.max(1, Math.ceil(all.length / perPage));
      return HttpResponse.json({
        data: all.slice((page - 1) * perPage, page * perPage).map(callJson),
        meta: { current_page: page, last_page: lastPage, per_page: perPage, total: all.length },
      });
    }),

    kit.route('delete', url('/api/v2/calls/:id'), (info) => {
      if (!authorize(info, ['client', 'user'])) return unauthorized();
      const call = calls.get(Number(info.params.id));
      if (call === undefined) return HttpResponse.json({ message: 'Not found.' }, { status: 404 });
      if (call.ran) {
        return HttpResponse.json(
          { message: 'Call has already been executed.' },
          { status: knobs.refuseDeleteStatus },
        );
      }
      calls.delete(call.id);
      return new HttpResponse(null, { status: 204 });
    }),

    kit.route('get', url('/api/v2/calllogs'), (info) => {
      if (!authorize(info, ['client', 'user'])) return unauthorized();
      const wanted = info.url.searchParams.get('call_id');
      const data = [...calls.values()]
        .filter((call) => wanted === null || String(call.id) === wanted)
        .flatMap((call) =>
          call.logs.map((log) => ({
            id: log.id,
            call_id: call.id,
            start: log.start,
            end: log.end,
            duration: log.end === null ? null : log.end - log.start,
          })),
        );
      return HttpResponse.json({ data, meta: { current_page: 1, last_page: 1, total: data.length } });
    }),

    kit.route('post', url('/api/ext/createScopedToken'), (info) => {
      if (!authorize(info, ['client'])) return unauthorized();
      const b = (info.body ?? {}) as Record<string, unknown>;
      const errors: Record<string, string[]> = {};
      if (typeof b.email !== 'string' || !USERS.has(b.email))
        errors.email = ['The selected email is invalid.'];
      if (!isInt(b.valid_for) || b.valid_for < 1) errors.valid_for = ['The valid for must be at least 1.'];
      if (b.scope_type !== 'call') errors.scope_type = ['The selected scope type is invalid.'];
      if (!isInt(b.scope_id) || !calls.has(b.scope_id))
        errors.scope_id = ['The selected scope id is invalid.'];
      if (Object.keys(errors).length > 0) return invalid(errors);
      const token = randomBytes(24).toString('base64');
      scopedTokens.set(token, {
        email: b.email as string,
        validFor: b.valid_for as number,
        lifetimeMs: (b.valid_for as number) * (knobs.validForUnit === 'minutes' ? 60_000 : 1_000),
        scopeType: 'call',
        scopeId: b.scope_id as number,
      });
      return HttpResponse.json({ token });
    }),
  ];

  return {
    handlers,
    kit,
    knobs,
    calls,
    scopedTokens,
    /** Every token issued so far stops working (as after its expiry). */
    expireTokens: () => tokens.clear(),
    /** The call took place: the vendor will refuse to delete it. */
    markRan: (id: number) => {
      const call = calls.get(id);
      if (call) call.ran = true;
    },
    /** Someone joined: a session starts (a call log entry without `end`), and the call has run. */
    startSession: (id: number) => {
      const call = calls.get(id);
      if (!call) return;
      call.ran = true;
      call.logs.push({ id: nextLogId++, start: Math.floor(Date.now() / 1000), end: null });
    },
    /** Everyone left: the running session gets its `end`. */
    endSession: (id: number) => {
      for (const log of calls.get(id)?.logs ?? []) log.end ??= Math.floor(Date.now() / 1000);
    },
    reset: () => {
      kit.reset();
      tokens.clear();
      calls.clear();
      scopedTokens.clear();
      Object.assign(knobs, {
        tokenTtlSeconds: 3600,
        rejectAllTokens: false,
        refuseDeleteStatus: 403,
        validForUnit: 'minutes',
      });
    },
  };
};
