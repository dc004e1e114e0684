import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The room's events a button follows once it has handed the visit over: its lifecycle, and the steps and errors
 * that take the visit back to the room's own screen (the check, the consent question, an error it shows).
 */
export const ROOM_LIFECYCLE = [
  'vc-precheck-complete',
  'vc-consent',
  'vc-waiting',
  'vc-joined',
  'vc-left',
  'vc-ended',
  'vc-error',
] as const;
export type RoomLifecycle = (typeof ROOM_LIFECYCLE)[number];

/**
 * Follows the room a visit was handed to, through the lifecycle events it fires on itself, so that the host can
 * say where the visit stands. Listens only while the host is in the document (a button removed for good leaves
 * nothing attached to the room), and only to one room at a time.
 */
export class RoomFollowerController implements ReactiveController {
  private room?: EventTarget;
  private listening?: AbortController;

  constructor(
    host: ReactiveControllerHost,
    private readonly onEvent: (type: RoomLifecycle) => void,
  ) {
    host.addController(this);
  }

  follow(room: EventTarget): void {
    this.room = room;
    this.listen();
  }

  hostConnected(): void {
    this.listen();
  }

  hostDisconnected(): void {
    this.listening?.abort();
  }

  private listen(): void {
    this.listening?.abort();
    const { room } = this;
    if (!room) return;
    const { signal } = (this.listening = new AbortController());
    for (const type of ROOM_LIFECYCLE) {
      // From the room itself: a room nested in the room's slot content would be someone else's visit.
      room.addEventListener(type, (event) => event.target === room && this.onEvent(type), { signal });
    }
  }
}
