import { ProblemError } from '../../problem-error.js';

/** A request path below a vendor's base URL, plus a template of it that is safe to log. */
export interface VendorPath {
  /** e.g. `/api/v2/calls/4711`: every interpolated id is percent-encoded. */
  readonly path: string;
  /** e.g. `/api/v2/calls/{id}`: carries no ids, so it can go into logs and error reasons. */
  readonly template: string;
}

/**
 * Tagged template for vendor paths: `vendorPath\`/teleconsultation/${roomId}\``. Ids come from vendor
 * answers or our database, never straight from a request, and are still encoded as one path segment each,
 * so an id can never add a segment, a query or climb up with `..`.
 */
export const vendorPath = (strings: TemplateStringsArray, ...ids: (string | number)[]): VendorPath => {
  let path = strings[0] ?? '';
  let template = path;
  ids.forEach((id, i) => {
    const segment = String(id);
    if (segment === '' || segment === '.' || segment === '..') {
      throw new ProblemError('internal', undefined, {
        reason: 'refused an empty or dot vendor id in a path',
      });
    }
    const rest = strings[i + 1] ?? '';
    path += encodeURIComponent(segment) + rest;
    template += '{id}' + rest;
  });
  return { path, template };
};
