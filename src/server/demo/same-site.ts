import type { Context } from 'hono';
import { ProblemError } from '../problem-error.js';

/**
 * Demo endpoints serve the demo page alone: a browser marks every request with Sec-Fetch-Site, and one
 * from another site (or a page the user was sent to) is refused, so no other page can use them.
 */
export const requireSameSite = (c: Context): void => {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') {
    throw new ProblemError('origin-not-allowed', 'Demo endpoints are for the demo page only.');
  }
};
