import type { NotFoundHandler } from 'hono';
import { ProblemError } from '../problem-error.js';
import { problemResponse } from './problem.js';

interface Route {
  method: string;
  path: string;
}

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const rank = (m: string) => (ORDER.includes(m) ? ORDER.indexOf(m) : ORDER.length);

/** `/v1/rooms/:id` -> a RegExp matching one concrete path of that pattern. */
const toRegExp = (pattern: string) =>
  new RegExp(
    `^${pattern
      .split('/')
      .map((part) =>
        part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/')}$`,
  );

/**
 * The not-found handler, aware of the route table: a path that exists with other methods answers 405
 * `method-not-allowed` with `Allow` (RFC 9110 §15.5.6), anything else 404 `not-found`. `routes` is read
 * on each miss (cached by its length), so routes mounted after creation (the demo site) count too.
 */
export function notFoundOrMethodNotAllowed(routes: () => readonly Route[]): NotFoundHandler {
  let cached: { count: number; table: { match: RegExp; methods: Set<string> }[] } | undefined;
  const table = () => {
    const all = routes().filter((r) => r.method !== 'ALL');
    if (cached?.count !== all.length) {
      const byPath = new Map<string, Set<string>>();
      for (const { method, path } of all) {
        const methods = byPath.get(path) ?? new Set<string>();
        methods.add(method);
        // Hono answers HEAD with the GET handler.
        if (method === 'GET') methods.add('HEAD');
        byPath.set(path, methods);
      }
      cached = {
        count: all.length,
        table: [...byPath].map(([path, methods]) => ({ match: toRegExp(path), methods })),
      };
    }
    return cached.table;
  };

  return (c) => {
    const allowed = new Set<string>();
    for (const { match, methods } of table()) {
      if (match.test(c.req.path)) for (const m of methods) allowed.add(m);
    }
    if (allowed.size === 0 || allowed.has(c.req.method)) {
      return problemResponse(c, new ProblemError('not-found', 'There is nothing at this address.'));
    }
    const allow = [...allowed].sort((a, b) => rank(a) - rank(b));
    return problemResponse(
      c,
      new ProblemError('method-not-allowed', `This address answers ${allow.join(', ')} only.`, { allow }),
    );
  };
}
