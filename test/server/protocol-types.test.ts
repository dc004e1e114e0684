// The browser package's plain protocol types (no valibot) and the server's schemas describe the same shapes.
// These are compile-time checks: `tsc --noEmit` (npm run lint, npm test) fails when one side drifts.
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import type { JoinRequest, JoinResponse } from '../../src/protocol/join-types.js';
import type { Problem } from '../../src/protocol/problem-types.js';
import { JoinRequestSchema, JoinResponseSchema } from '../../src/protocol/join.js';
import { ProblemSchema } from '../../src/protocol/problem.js';

describe('protocol types without valibot', () => {
  it('JoinRequest is what JoinRequestSchema outputs', () => {
    expectTypeOf<v.InferOutput<typeof JoinRequestSchema>>().toEqualTypeOf<JoinRequest>();
  });
  it('JoinResponse is what JoinResponseSchema outputs', () => {
    expectTypeOf<v.InferOutput<typeof JoinResponseSchema>>().toEqualTypeOf<JoinResponse>();
  });
  it('Problem is what ProblemSchema outputs', () => {
    expectTypeOf<v.InferOutput<typeof ProblemSchema>>().toEqualTypeOf<Problem>();
  });
});
