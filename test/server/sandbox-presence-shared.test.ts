import { afterEach, describe, expect, it } from 'vitest';
import { PRESENCE_WINDOW_MS } from '../../src/server/providers/sandbox-presence.js';
import { pgInstances, PG_REACHABLE } from './support/engines.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe.skipIf(!PG_REACHABLE)('sandbox presence across instances (PostgreSQL)', () => {
  it('counts a page that polls one instance on the other, once per participant, for the presence window', async () => {
    const { stores, close } = await pgInstances(2, 2);
    cleanup.push(close);
    let t = Date.UTC(2031, 0, 1);
    const [a, b] = stores.map((s) => s.sandboxPresence!(() => t));
    expect(await b!.count('r_1')).toBe(0);
    await a!.touch('r_1', 'patient-a', 'patient');
    await b!.touch('r_1', 'patient-a', 'patient'); // the same page on the other instance: one person
    expect([await b!.count('r_1'), await b!.hostPresent('r_1')]).toEqual([1, false]);
    await a!.touch('r_1', 'clinician-b', 'clinician');
    await a!.touch('r_2', 'someone-else', 'clinician');
    expect([await b!.count('r_1'), await b!.hostPresent('r_1')]).toEqual([2, true]);
    t += PRESENCE_WINDOW_MS - 1000;
    await b!.touch('r_1', 'patient-a', 'patient');
    t += 2000; // the clinician's page stopped polling: gone; the patient's is still fresh
    expect([await a!.count('r_1'), await a!.hostPresent('r_1')]).toEqual([1, false]);
    t += PRESENCE_WINDOW_MS;
    expect(await a!.count('r_1')).toBe(0);
  });
});
