import { ProblemError } from '../problem-error.js';
import type { SharedSubjectSlots } from '../store/pg-stream-slots.js';

export interface StreamSlots {
  /** Takes a slot for one open stream; throws 429 when the address or the subject has too many. */
  acquire(ip: string, subject: string): Promise<() => void>;
}

const capped = (kind: string) =>
  new ProblemError('rate-limited', 'Too many open live connections. Close another tab and retry.', {
    retryAfter: 5,
    reason: `stream cap ${kind}`,
  });

/**
 * Caps concurrent event streams per client address and per ticket subject. The request rate limits count
 * how often streams are opened; this counts how many stay open, since each holds a connection and a
 * watcher for up to the stream lifetime. Per address the count is this process's; per subject it is
 * every instance's when `shared` is given (PostgreSQL), else this process's (SQLite: the only one).
 */
export function createStreamSlots(
  limits: { perIp: number; perSubject: number },
  shared?: SharedSubjectSlots,
): StreamSlots {
  const open = new Map<string, number>();
  const take = (key: string, limit: number) => {
    const count = open.get(key) ?? 0;
    if (count >= limit) throw capped(key.split(':')[0]!);
    open.set(key, count + 1);
  };
  const give = (key: string) => {
    const count = (open.get(key) ?? 1) - 1;
    if (count > 0) open.set(key, count);
    else open.delete(key);
  };
  const takeSubject = async (subject: string): Promise<() => void> => {
    if (shared) {
      const giveBack = await shared.take(subject, limits.perSubject);
      if (!giveBack) throw capped('sub');
      // Not awaited by the stream's end: a failed delete expires with the instance's heartbeat.
      return () => void giveBack().catch(() => {});
    }
    const key = `sub:${subject}`;
    take(key, limits.perSubject);
    return () => give(key);
  };
  return {
    async acquire(ip, subject) {
      const ipKey = `ip:${ip}`;
      take(ipKey, limits.perIp);
      let giveSubject: () => void;
      try {
        giveSubject = await takeSubject(subject);
      } catch (error) {
        give(ipKey);
        throw error;
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        give(ipKey);
        giveSubject();
      };
    },
  };
}
