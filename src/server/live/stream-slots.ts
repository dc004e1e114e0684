import { ProblemError } from '../problem-error.js';

export interface StreamSlots {
  /** Takes a slot for one open stream; throws 429 when the address or the subject has too many. */
  acquire(ip: string, subject: string): () => void;
}

/**
 * Caps concurrent event streams per client address and per ticket subject. The request rate limits count
 * how often streams are opened; this counts how many stay open, since each holds a connection and a
 * watcher for up to the stream lifetime.
 */
export function createStreamSlots(limits: { perIp: number; perSubject: number }): StreamSlots {
  const open = new Map<string, number>();
  const take = (key: string, limit: number) => {
    const count = open.get(key) ?? 0;
    if (count >= limit) {
      throw new ProblemError('rate-limited', 'Too many open live connections. Close another tab and retry.', {
        retryAfter: 5,
        reason: `stream cap ${key.split(':')[0]}`,
      });
    }
    open.set(key, count + 1);
  };
  const give = (key: string) => {
    const count = (open.get(key) ?? 1) - 1;
    if (count > 0) open.set(key, count);
    else open.delete(key);
  };
  return {
    acquire(ip, subject) {
      const ipKey = `ip:${ip}`;
      const subjectKey = `sub:${subject}`;
      take(ipKey, limits.perIp);
      try {
        take(subjectKey, limits.perSubject);
      } catch (error) {
        give(ipKey);
        throw error;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        give(ipKey);
        give(subjectKey);
      };
    },
  };
}
