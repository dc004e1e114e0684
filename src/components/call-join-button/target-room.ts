import type { RoomSession } from '../../client/room-session.js';
import type { JoinResponse } from '../../protocol/join-types.js';

/**
 * What the button needs of a `<video-consult-room>`. Declared here rather than imported, so that this module never
 * pulls in the room's code (nor a second copy of it).
 */
export interface RoomTarget extends HTMLElement {
  /** Absent in a room element older than this button (an app may load two versions). */
  prepare?(): void;
  /** Loads the room's steps ahead of a join (absent in older rooms, whose steps came with the element). */
  preload?(): Promise<unknown>;
  open(join: JoinResponse, session?: RoomSession): void;
}

/** The `<video-consult-room>` with id `id` in the document or shadow root of `from`. */
export const queryRoom = (from: Node, id: string): RoomTarget | undefined => {
  const root = from.getRootNode();
  const found = root instanceof Document || root instanceof ShadowRoot ? root.getElementById(id) : null;
  // By tag name, not `instanceof`: this module must not pull in the room's code (nor a second copy of it).
  return found?.localName === 'video-consult-room' && typeof (found as RoomTarget).open === 'function'
    ? (found as RoomTarget)
    : undefined;
};
