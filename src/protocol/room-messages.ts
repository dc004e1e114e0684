/**
 * Messages a provider's room page posts to its parent window. The sandbox room sends them; vendor rooms
 * that post their own vocabulary are mapped onto these by the room element.
 */
export const ROOM_MESSAGE_SOURCE = 'video-consult-room';

/**
 * `ready`: the page loaded (the only sign of it for a provider that posts); `joined`, `left`, `ended`: the visit;
 * `link-expired`: the link was used or expired, so the page cannot open the room (it shows that, and the element
 * takes the user back).
 */
export const ROOM_MESSAGE_TYPES = ['ready', 'joined', 'left', 'ended', 'link-expired'] as const;

export type RoomMessageType = (typeof ROOM_MESSAGE_TYPES)[number];

export interface RoomMessage {
  source: typeof ROOM_MESSAGE_SOURCE;
  type: RoomMessageType;
  roomId: string;
}

export const isRoomMessage = (data: unknown): data is RoomMessage => {
  if (typeof data !== 'object' || data === null) return false;
  const m = data as Record<string, unknown>;
  return (
    m.source === ROOM_MESSAGE_SOURCE &&
    typeof m.roomId === 'string' &&
    (ROOM_MESSAGE_TYPES as readonly unknown[]).includes(m.type)
  );
};
