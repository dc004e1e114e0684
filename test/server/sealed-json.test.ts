import * as crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createSealer } from '../../src/server/store/sealed-json.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, createDecipheriv: vi.fn(actual.createDecipheriv) };
});

describe('sealed JSON columns', () => {
  const sealer = createSealer(crypto.randomBytes(32));
  const decrypts = () => vi.mocked(crypto.createDecipheriv).mock.calls.length;

  it('decrypts a sealed value once however often its row is read, and hands each reader its own copy', () => {
    const sealed = sealer.seal({ tan: '123456' }, 'r_1');
    const before = decrypts();
    const first = sealer.open(sealed, 'r_1') as { tan: string };
    first.tan = 'changed by one caller';
    expect(sealer.open(sealed, 'r_1')).toEqual({ tan: '123456' });
    expect(decrypts() - before).toBe(1);
  });

  it('still refuses a value moved to another row, or changed, after the genuine one was opened', () => {
    const sealed = sealer.seal({ tan: '123456' }, 'r_1');
    expect(sealer.open(sealed, 'r_1')).toEqual({ tan: '123456' });
    expect(() => sealer.open(sealed, 'r_2')).toThrow();
    // A character inside the authentication tag, so that every bit of it is significant.
    const flipped = sealed[25] === 'A' ? 'B' : 'A';
    expect(() => sealer.open(sealed.slice(0, 25) + flipped + sealed.slice(26), 'r_1')).toThrow();
  });
});
