/**
 * Messages a provider's room page posts to its parent window. The sandbox room sends them; vendor rooms
 * that post their own vocabulary are mapped onto these by the room element.
 */
export const ROOM_MESSAGE_SOURCE = 'video-consult-room';

export type RoomMessageType = 'ready' | 'joined' | 'left' | 'ended';

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
    (m.type === 'ready' || m.type === 'joined' || m.type === 'left' || m.type === 'ended')
  );
};
