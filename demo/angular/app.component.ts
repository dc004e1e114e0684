import { Component, CUSTOM_ELEMENTS_SCHEMA, input, signal, type OnInit } from '@angular/core';
import type { RoomJoinedEvent } from 'video-consult-elements';

/**
 * A clinician's page: books a demo visit (demo server only), then shows the join button and the room. The
 * elements are custom elements (`CUSTOM_ELEMENTS_SCHEMA`); Angular sets their properties (`[appointment]`)
 * and listens to their events with its own binding (`(vc-joined)`).
 */
@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `
    <main>
      <h1>Video visit (Angular{{ renders() > 0 ? ', re-rendered ' + renders() + '×' : '' }})</h1>
      @if (appointment(); as appointment) {
        <call-join-button
          [server]="server()"
          [appointment]="appointment"
          join-role="clinician"
          [ticketUrl]="'/demo/ticket?role=clinician&appointment=' + appointment"
          target="room"
          >Start the visit</call-join-button
        >
      }
      <!-- Re-applied on every change detection (a new array each time): the visit opened by the button is kept. -->
      <video-consult-room
        id="room"
        label="Video visit"
        [src]="''"
        [allowedOrigins]="origins()"
        (vc-joined)="onJoined($event)"
      ></video-consult-room>
      <p id="status">{{ joined() ? 'Joined' : 'Not joined' }}</p>
      <button id="rerender" type="button" (click)="renders.set(renders() + 1)">Re-render</button>
    </main>
  `,
})
export class AppComponent implements OnInit {
  readonly server = input(location.origin);
  readonly appointment = signal<string | undefined>(undefined);
  readonly joined = signal(false);
  readonly renders = signal(0);
  // A new (empty) array whenever `renders` changes.
  readonly origins = () => (this.renders() >= 0 ? [] : []);

  async ngOnInit() {
    // Demo only: the consult server's demo mode books a visit starting now.
    const res = await fetch(`${this.server()}/demo/visits?startsInSeconds=0`, { method: 'POST' });
    this.appointment.set(((await res.json()) as { appointment: string }).appointment);
  }

  onJoined(event: Event) {
    this.joined.set(Boolean((event as RoomJoinedEvent).detail));
  }
}
