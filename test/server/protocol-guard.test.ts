import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { JoinResponseSchema } from '../../src/protocol/join.js';
import { isJoinResponse } from '../../src/protocol/join-guard.js';

const valid = {
  url: 'https://video.vendor.test/room/1?tan=abc',
  expiresAt: '2026-11-22T10:00:00.000Z',
  provider: 'sandbox',
  roomId: 'r_1',
  allowedOrigins: ['https://video.vendor.test'],
  allow: ['geolocation'],
};

const visit = {
  appointment: 'a_1',
  roomId: 'r_1',
  provider: 'sandbox',
  status: 'open',
  startsAt: '2026-11-22T10:00:00.000Z',
  endsAt: '2026-11-22T10:30:00.000Z',
  joinAvailableFrom: '2026-11-22T09:50:00.000Z',
  serverTime: '2026-11-22T09:55:00.000Z',
};

const variants: [string, unknown][] = [
  ['valid', valid],
  ['valid, no millis', { ...valid, expiresAt: '2026-11-22T10:00:00Z' }],
  ['valid, offset', { ...valid, expiresAt: '2026-11-22T10:00:00+01:00' }],
  ['extra field', { ...valid, extra: 1 }],
  ['posts messages', { ...valid, postsMessages: true }],
  ['posts no messages', { ...valid, postsMessages: false }],
  ['postsMessages string', { ...valid, postsMessages: 'yes' }],
  ['phase open', { ...valid, phase: 'open' }],
  ['phase waiting', { ...valid, phase: 'waiting' }],
  ['phase unknown', { ...valid, phase: 'soon' }],
  ['phase number', { ...valid, phase: 1 }],
  ['with visit', { ...valid, visit }],
  ['visit with clinician', { ...valid, visit: { ...visit, clinicianName: 'Dr. Weber' } }],
  ['visit null', { ...valid, visit: null }],
  ['visit status unknown', { ...valid, visit: { ...visit, status: 'later' } }],
  ['visit startsAt not a date', { ...valid, visit: { ...visit, startsAt: 'tomorrow' } }],
  ['visit serverTime missing', { ...valid, visit: { ...visit, serverTime: undefined } }],
  ['visit roomId number', { ...valid, visit: { ...visit, roomId: 1 } }],
  ['visit clinicianName number', { ...valid, visit: { ...visit, clinicianName: 1 } }],
  ['null', null],
  ['array', [valid]],
  ['string', 'https://x.test'],
  ['url missing', { ...valid, url: undefined }],
  ['url not a URL', { ...valid, url: 'not a url' }],
  ['url number', { ...valid, url: 1 }],
  ['expiresAt not a date', { ...valid, expiresAt: 'tomorrow' }],
  ['expiresAt date only', { ...valid, expiresAt: '2026-11-22' }],
  ['expiresAt number', { ...valid, expiresAt: 1_700_000_000 }],
  ['provider missing', { ...valid, provider: undefined }],
  ['roomId number', { ...valid, roomId: 7 }],
  ['allowedOrigins string', { ...valid, allowedOrigins: 'https://x.test' }],
  ['allowedOrigins with number', { ...valid, allowedOrigins: ['https://x.test', 1] }],
  ['allow missing', { ...valid, allow: undefined }],
  ['allow with null', { ...valid, allow: [null] }],
];

describe('isJoinResponse (browser guard)', () => {
  it.each(variants)('agrees with JoinResponseSchema: %s', (_name, data) => {
    expect(isJoinResponse(data)).toBe(v.is(JoinResponseSchema, data));
  });

  it('accepts what the server really sends and refuses the broken variants', () => {
    expect(variants.filter(([, d]) => isJoinResponse(d)).map(([n]) => n)).toEqual([
      'valid',
      'valid, no millis',
      'valid, offset',
      'extra field',
      'posts messages',
      'posts no messages',
      'phase open',
      'phase waiting',
      'with visit',
      'visit with clinician',
    ]);
  });
});
