import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  DurationSchema,
  formatDuration,
  formatInstant,
  InstantSchema,
  parseDuration,
} from '../../../src/server/providers/auvious/formats.js';
import { appointmentPhase } from '../../../src/server/providers/auvious/room-state.js';
import { AppointmentSchema } from '../../../src/server/providers/auvious/schemas.js';

describe('auvious formats, as the doc writes them', () => {
  it.each([
    ['PT5M0s', 300_000],
    ['PT5M', 300_000],
    ['PT10H', 36_000_000],
    ['PT1H30M0s', 5_400_000],
    ['PT0.5S', 500],
    ['P1D', 86_400_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '5M', 'PT5X', 'PT-5M', 'P1DT', 'PT5M0s '])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(v.safeParse(DurationSchema, text).success).toBe(false);
  });

  it('writes whole minutes as the doc requests do', () => {
    expect([5, 20, 60, 90].map(formatDuration)).toEqual(['PT5M', 'PT20M', 'PT1H', 'PT1H30M']);
  });

  it('reads the doc instants and refuses offsets it does not use', () => {
    const read = (text: string) => v.safeParse(InstantSchema, text);
    expect(read('2022-01-31T19:00:00.0Z').output).toEqual(new Date('2022-01-31T19:00:00Z'));
    expect(read('2022-01-31T19:00:00Z').success).toBe(true);
    expect(read('2022-01-31T19:00:00.123456Z').success).toBe(true);
    for (const bad of ['2022-01-31T19:00:00+01:00', '2022-01-31', '2022-13-31T19:00:00.0Z'])
      expect(read(bad).success, bad).toBe(false);
    expect(formatInstant(new Date('2022-01-31T19:00:00.250Z'))).toBe('2022-01-31T19:00:00.2Z');
  });

  it("parses the doc's own appointment sample", () => {
    const sample = {
      applicationId: 'bf8215e5-a39e-490a-a0e2-07df6a3d8c1f',
      duration: 'PT5M0s',
      end: '2022-01-31T19:05:00.0Z',
      id: 'f46f165d-383a-4432-9a3e-9c805a152e0c',
      interaction: { customFields: { property1: 'string' }, state: 'PENDING' },
      metadata: { prop1: {} },
      participantIds: [{ id: '2460b086-8d27-4cd3-a7ef-cdc8b4c17f0c', type: 'CUSTOMER' }],
      start: '2022-01-31T19:00:00.0Z',
      timezone: 'Europe/Berlin',
    };
    const parsed = v.parse(AppointmentSchema, sample);
    expect([parsed.duration, parsed.start.toISOString()]).toEqual([300_000, '2022-01-31T19:00:00.000Z']);
    expect(appointmentPhase(parsed)).toEqual({ phase: 'open' });
  });
});

describe('auvious live state', () => {
  const at = (state: string | null | undefined) =>
    appointmentPhase({ id: 'a', start: new Date(0), duration: 0, interaction: { state } });
  it('reads ENDED as ended and PENDING, unknown or missing states as open (never a wrong end)', () => {
    expect(at('ENDED')).toEqual({ phase: 'ended' });
    expect(at('ended')).toEqual({ phase: 'ended' });
    for (const state of ['PENDING', 'ACTIVE', 'SOMETHING', null, undefined])
      expect(at(state), String(state)).toEqual({ phase: 'open' });
  });
});
