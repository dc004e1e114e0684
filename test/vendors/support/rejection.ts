import { expect } from 'vitest';
import { ProblemError } from '../../../src/server/problem-error.js';

/** Awaits a promise that must reject with a ProblemError, and returns that error for more assertions. */
export const rejection = async (promise: Promise<unknown>): Promise<ProblemError> => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProblemError);
  return err as ProblemError;
};
