import type { ServerErrorCode } from '../../../src/protocol/errors.js';
import type { RoomPhase } from '../../../src/protocol/visits.js';
import { ProblemError } from '../../../src/server/problem-error.js';
import type { VideoProvider } from '../../../src/server/providers/types.js';
import { TEST_CAPABILITIES } from '../../support/test-capabilities.js';

/** A provider whose live state the test sets, and which counts how often it was asked. */
export function spyProvider(name = 'spy') {
  const control = {
    phase: 'open' as RoomPhase,
    participants: undefined as number | undefined,
    hostPresent: undefined as boolean | undefined,
    /** While set, roomState fails with this code. */
    fail: undefined as ServerErrorCode | undefined,
    polls: 0,
  };
  const provider: VideoProvider = {
    name,
    capabilities: TEST_CAPABILITIES,
    allowedOrigins: ['https://spy.test'],
    iframeAllow: [],
    createRoom: async (spec) => ({ vendorRoomId: spec.roomId }),
    joinLink: async () => ({ url: 'https://spy.test/room', expiresAt: new Date(Date.now() + 60_000) }),
    cancelRoom: async () => {},
    roomState: async () => {
      control.polls++;
      if (control.fail) throw new ProblemError(control.fail, `${name} is failing`, { reason: 'GET /state' });
      return {
        phase: control.phase,
        ...(control.participants === undefined ? {} : { participants: control.participants }),
        ...(control.hostPresent === undefined ? {} : { hostPresent: control.hostPresent }),
      };
    },
  };
  return { provider, control };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
