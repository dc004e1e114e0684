import { useEffect, useRef, useState } from 'react';
import type { CallJoinButton, RoomJoinedEvent } from 'video-consult-elements';

export interface AppProps {
  /** Base URL of the consult server. */
  server: string;
  /** The appointment, when the page knows it (else the demo server books one). */
  appointment?: string;
  /** A consult ticket the page already holds (else the button fetches one from `ticket-url`). */
  ticket?: string;
}

/**
 * A clinician's page: books a demo visit (demo server only), then shows the join button and the room. The
 * framework's own binding (`onvc-joined`) receives the room's events.
 */
export function App({ server, ticket, ...props }: AppProps) {
  const [appointment, setAppointment] = useState(props.appointment);
  const [joined, setJoined] = useState(false);
  const [renders, setRenders] = useState(0);
  const button = useRef<CallJoinButton>(null);

  useEffect(() => {
    if (appointment) return;
    // Demo only: the consult server's demo mode books a visit starting now.
    void fetch(`${server}/demo/visits?startsInSeconds=0`, { method: 'POST' })
      .then((res) => res.json() as Promise<{ appointment: string }>)
      .then(({ appointment }) => setAppointment(appointment));
  }, [server]);

  // A ticket is a credential: a property set on the client, never a JSX prop (server rendering would write
  // it into the HTML as an attribute).
  useEffect(() => {
    if (ticket && button.current) button.current.ticket = ticket;
  }, [ticket, appointment]);

  return (
    <main>
      <h1>Video visit (React {renders > 0 ? `, re-rendered ${renders}×` : ''})</h1>
      {appointment && (
        <call-join-button
          ref={button}
          server={server}
          appointment={appointment}
          join-role="clinician"
          ticket-url={`/demo/ticket?role=clinician&appointment=${appointment}`}
          target="room"
        >
          Start the visit
        </call-join-button>
      )}
      {/* Re-applied on every render (a new array each time): the visit opened by the button is kept. */}
      <video-consult-room
        id="room"
        label="Video visit"
        src=""
        allowed-origins={[]}
        onvc-joined={(e: RoomJoinedEvent) => setJoined(Boolean(e.detail))}
      />
      <p id="status">{joined ? 'Joined' : 'Not joined'}</p>
      <button id="rerender" type="button" onClick={() => setRenders((n) => n + 1)}>
        Re-render
      </button>
    </main>
  );
}
