import { ProblemError } from '../../problem-error.js';

/**
 * Creating is never retried blindly: when the create timed out, the vendor may have acted anyway. So we
 * look first. Exactly one match: adopt it. None: create once more. Several: we cannot tell which one is
 * ours, so the timeout stands (and nothing more is created).
 */
export const createOrAdopt = async <T>(create: () => Promise<T>, lookup: () => Promise<T[]>): Promise<T> => {
  try {
    return await create();
  } catch (err) {
    if (!(err instanceof ProblemError && err.code === 'vendor-timeout')) throw err;
    const found = await lookup();
    if (found.length > 1) throw err;
    return found[0] ?? (await create());
  }
};
