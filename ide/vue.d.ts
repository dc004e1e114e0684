import type { DefineComponent, HTMLAttributes } from 'vue';
import type {
  AppointmentPicker,
  SlotSelectEvent,
  SlotHeldEvent,
  HoldExpiringEvent,
  HoldExpiredEvent,
  BookedEvent,
  RescheduledEvent,
  CancelledEvent,
  ConsultErrorEvent,
  CallJoinButton,
  JoinRequestEvent,
  JoinReadyEvent,
  VideoConsultRoom,
  PrecheckCompleteEvent,
  ConsentEvent,
  RoomWaitingEvent,
  RoomReadyEvent,
  RoomJoinedEvent,
  LeaveRequestEvent,
  RoomLeftEvent,
  RoomEndedEvent,
  ReconnectingEvent,
  ReconnectedEvent,
  TokenExpiringEvent,
} from '../dist/esm/index.js';

type AppointmentPickerProps = {
  /** Base URL of the consult server; `https:` only (`http:` on localhost). */
  server?: AppointmentPicker['server'];
  /** Id of the service (visit type) to book. */
  service?: AppointmentPicker['service'];
  /** Id of one clinician, to offer only their times. */
  clinician?: AppointmentPicker['clinician'];
  /** Same-origin URL of the page's endpoint for a fresh consult ticket; none for a public service. */
  ticketUrl?: AppointmentPicker['ticketUrl'];
  /** IANA zone to show times in. Default: the browser's. The patient can switch to the clinic's. */
  timezone?: AppointmentPicker['timezone'];
  /** First day of the week in the month grid, 1 (Monday) to 7 (Sunday). Default: the locale's, else Monday. */
  firstDay?: AppointmentPicker['firstDay'];
  /** First date offered, `YYYY-MM-DD`. */
  minDate?: AppointmentPicker['minDate'];
  /** Last date offered, `YYYY-MM-DD`. */
  maxDate?: AppointmentPicker['maxDate'];
  /** `list`, `month`, or `auto` (the list below 480 px). */
  layout?: AppointmentPicker['layout'];
  /** Show a `<call-join-button>` for the booked visit (the page loads that element). */
  joinButton?: AppointmentPicker['joinButton'];
  /** Id of a booked appointment to show, reschedule or cancel (with `appointmentToken`, or a patient ticket). */
  appointment?: AppointmentPicker['appointment'];
  /** A consult ticket; wins over `ticket-url`. Property only: it is a credential. */
  ticket?: AppointmentPicker['ticket'];
  /** The patient's details from the page's own fields (`form` slot); without it the built-in fields ask. */
  patient?: AppointmentPicker['patient'];
  /** The appointment's capability token (`vca_…`, from `vc-booked`'s `capability`). Property only: it is a credential;
an `appointment-token` attribute is removed unread. */
  appointmentToken?: AppointmentPicker['appointmentToken'];
  /** The patient chose a time. `detail: { start, end }`. */
  onVcSlotSelect?: (e: SlotSelectEvent) => void;
  /** The time is held. `detail: { start, end, holdId, expiresAt }`. */
  onVcSlotHeld?: (e: SlotHeldEvent) => void;
  /** A minute or less is left. `detail: { holdId, expiresAt }`. */
  onVcHoldExpiring?: (e: HoldExpiringEvent) => void;
  /** The hold ran out. `detail: { holdId, expiresAt }`. */
  onVcHoldExpired?: (e: HoldExpiredEvent) => void;
  /** Booked. `detail: { appointment, start, end, joinAvailableFrom, calendarUrl, capability }`, no patient details. */
  onVcBooked?: (e: BookedEvent) => void;
  /** The visit moved. `detail: { appointment, start, end, previousStart, previousEnd }`. */
  onVcRescheduled?: (e: RescheduledEvent) => void;
  /** The visit is cancelled. `detail: { appointment, start, end }`. */
  onVcCancelled?: (e: CancelledEvent) => void;
  /** Loading, holding or booking failed; the element shows `message` too. `detail: { code, message }`. */
  onVcError?: (e: ConsultErrorEvent) => void;
};

type CallJoinButtonProps = {
  /** Base URL of the consult server, e.g. `https://consult.hospital.example`; `https:` only (`http:` on localhost). */
  server?: CallJoinButton['server'];
  /** Id of the appointment to join. Give this or `room`, not both. With `ticket-url` (or the appointment's capability
token as `ticket`), its visit window is shown. */
  appointment?: CallJoinButton['appointment'];
  /** Id of the room to join. Give this or `appointment`, not both. */
  room?: CallJoinButton['room'];
  /** Who joins: `patient` or `clinician`. Default: the role in the consult ticket. (Not `role`: that is the
element's ARIA role, and `role="patient"` would give the host an invalid one.) */
  joinRole?: CallJoinButton['joinRole'];
  /** Same-origin URL of the page's own endpoint that returns a fresh consult ticket for the signed-in user
(`text/plain`, or JSON `{ "ticket": "…" }`). Fetched with cookies before each call to the server (the join,
the visit window, and the room's calls after the join). */
  ticketUrl?: CallJoinButton['ticketUrl'];
  /** Id of a `<video-consult-room>` in the same document (or shadow root) to open the visit in. Without it, a new window. */
  target?: CallJoinButton['target'];
  /** Disables the button. */
  disabled?: CallJoinButton['disabled'];
  /** A consult ticket, for pages that hold one already; wins over `ticket-url`. Property only, never an attribute:
it is a credential (a `ticket` attribute is removed unread, with a console warning; a property set before the
element was defined is taken over). The server accepts each ticket once, so set a fresh one before each join (or use `ticket-url`);
a room opened with `target` reads it again for each of its own calls (live state, link refresh). An appointment's
capability token (`vca_…`, from `vc-booked`) may be sent more than once: with it the visit window is shown too. */
  ticket?: CallJoinButton['ticket'];
  /** The user clicked; cancelable. `detail: { appointment?, room?, role? }`. */
  onVcJoinRequest?: (e: JoinRequestEvent) => void;
  /** A join URL arrived and is being opened. `detail: { url, expiresAt, provider }`. */
  onVcJoinReady?: (e: JoinReadyEvent) => void;
  /** Joining failed, or fetching the visit window did; the element shows `message` too, with "Try again" where trying again can help. Once per failure: the automatic retries of a visit not opened yet report it once. `detail: { code, message }`. */
  onVcError?: (e: ConsultErrorEvent) => void;
};

type VideoConsultRoomProps = {
  /** URL of the room page, for a page that frames a room without the join button. Not reflected: a join URL is a
credential. A link given with `open()` is held inside and never written here, and it wins over an empty `src`. */
  src?: VideoConsultRoom['src'];
  /** Origins `src` may have (attribute: space-separated), e.g. `https://video.vendor.example`. A link given with
`open()` carries its own and ignores these. */
  allowedOrigins?: VideoConsultRoom['allowedOrigins'];
  /** Accessible name of the room's frame. Default: "Video visit", localized. */
  label?: VideoConsultRoom['label'];
  /** Skips the camera and microphone check. */
  noPrecheck?: VideoConsultRoom['noPrecheck'];
  /** Asks for consent before the visit (text from the `consent` slot). */
  consent?: VideoConsultRoom['consent'];
  /** Version of the consent text, passed on in `vc-consent`. */
  consentVersion?: VideoConsultRoom['consentVersion'];
  /** Seconds before a held join link expires that `vc-token-expiring` fires. */
  expiryLead?: VideoConsultRoom['expiryLead'];

  /** The check is done. `detail: { camera, microphone, kinds }`. */
  onVcPrecheckComplete?: (e: PrecheckCompleteEvent) => void;
  /** The user answered the consent question. `detail: { accepted, timestamp, version? }`. */
  onVcConsent?: (e: ConsentEvent) => void;
  /** The live state says the room is not open yet; the waiting room shows (once per stay). `detail: { roomId? }`. */
  onVcWaiting?: (e: RoomWaitingEvent) => void;
  /** The room page loaded, once per framing: it said so itself where the provider's page posts messages (the join response's `postsMessages`, e.g. the sandbox), else its frame fired `load` (which a vendor's error page does too). `detail: { origin, provider? }`. */
  onVcRoomReady?: (e: RoomReadyEvent) => void;
  /** The user entered the call. `detail: { roomId? }`. */
  onVcJoined?: (e: RoomJoinedEvent) => void;
  /** The user pressed Leave; cancelable. `detail: { roomId? }`. */
  onVcLeaveRequest?: (e: LeaveRequestEvent) => void;
  /** The user left the call. `detail: { roomId? }`. */
  onVcLeft?: (e: RoomLeftEvent) => void;
  /** The visit ended (live state or room page, once); the frame is removed. `detail: { roomId? }`. */
  onVcEnded?: (e: RoomEndedEvent) => void;
  /** The live connection dropped; retrying. `detail: { attempt, delay }`. */
  onVcReconnecting?: (e: ReconnectingEvent) => void;
  /** The live connection is back. */
  onVcReconnected?: (e: ReconnectedEvent) => void;
  /** The held join link expires soon. `detail: { expiresAt }`. */
  onVcTokenExpiring?: (e: TokenExpiringEvent) => void;
  /** A URL was refused (`url-refused`), a fresh link could not be had, or the link expired without a session to renew it or the room page said it was used or expired (`link-expired`; with a session, Rejoin asks for a new one). `detail: { code, message }`. */
  onVcError?: (e: ConsultErrorEvent) => void;
};

export type CustomElements = {
  /**
   * Lets a patient pick a free video-visit time and book it, in the page, in their language and zone.
   * ---
   *
   *
   * ### **Events:**
   *  - **vc-slot-select** - The patient chose a time. `detail: { start, end }`.
   * - **vc-slot-held** - The time is held. `detail: { start, end, holdId, expiresAt }`.
   * - **vc-hold-expiring** - A minute or less is left. `detail: { holdId, expiresAt }`.
   * - **vc-hold-expired** - The hold ran out. `detail: { holdId, expiresAt }`.
   * - **vc-booked** - Booked. `detail: { appointment, start, end, joinAvailableFrom, calendarUrl, capability }`, no patient details.
   * - **vc-rescheduled** - The visit moved. `detail: { appointment, start, end, previousStart, previousEnd }`.
   * - **vc-cancelled** - The visit is cancelled. `detail: { appointment, start, end }`.
   * - **vc-error** - Loading, holding or booking failed; the element shows `message` too. `detail: { code, message }`.
   *
   * ### **Slots:**
   *  - **form** - The page's own fields, shown in the booking form; with them set `patient` before the booking.
   *
   * ### **CSS Properties:**
   *  - **--appointment-picker-accent** - Selected time and buttons. Default `var(--vc-color-primary, #0b5cad)`. _(default: undefined)_
   * - **--appointment-picker-on-accent** - Text on the accent. Default `var(--vc-color-on-primary, #fff)`. _(default: undefined)_
   * - **--appointment-picker-radius** - Corner radius. Default `var(--vc-radius, 0.5rem)`. _(default: undefined)_
   * - **--appointment-picker-focus-ring-color** - Focus ring. Default `var(--vc-color-focus, #0b5cad)`. _(default: undefined)_
   * - **--appointment-picker-muted** - Days without times, hints. Default `var(--vc-color-disabled, #4b5563)`. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **base** - The wrapper.
   * - **zone-note** - Which zone the times are in.
   * - **zone** - The time zone selector's label.
   * - **status** - Polite status line (loading, a time that was taken, the hold's last minute).
   * - **error** - A failure (`role="alert"`) with its retry button.
   * - **retry** - "Try again".
   * - **skeleton** - Placeholder while the times load.
   * - **list** - The list layout.
   * - **more** - "Show later dates".
   * - **month** - The month layout.
   * - **month-button** - Previous/next month.
   * - **day** - A day cell of the month grid.
   * - **empty** - No free times (in this month), with a jump to the next free day.
   * - **times** - A day's radio group.
   * - **time** - One time.
   * - **clock-change** - The clocks change that day.
   * - **reserve** - "Reserve this time".
   * - **hold** - The held time, its countdown and the form.
   * - **when** - A chosen or booked time in full.
   * - **countdown** - How long the hold lasts.
   * - **form** - The booking form.
   * - **book** - The form's submit button.
   * - **uncertain** - The booking's answer was lost: "Try again" is safe.
   * - **change** - "Choose another time".
   * - **confirmation** - The booked visit.
   * - **calendar** - Downloads the calendar file.
   * - **google** - Google Calendar link.
   * - **all-times** - "Show all n times" of a long day in the list.
   * - **cancel** - "Cancel visit".
   * - **confirm-cancel** - The cancel's confirmation: the question and its two answers.
   * - **confirm** - "Yes, cancel visit".
   * - **keep** - "Keep my visit as it is" (in the cancel's confirmation and while rescheduling).
   * - **closed** - Past the cut-off, or a held time inside it: changes only by phone.
   * - **current** - While rescheduling: the visit's current time.
   * - **cancelled** - The cancelled visit (with `confirmation`).
   */
  'appointment-picker': DefineComponent<AppointmentPickerProps & HTMLAttributes>;

  /**
   * A button that gets a join link for a video visit from the consult server and opens it: in a
   * `<video-consult-room>` on the page (`target`), else in a new window.
   * ---
   *
   *
   * ### **Events:**
   *  - **vc-join-request** - The user clicked; cancelable. `detail: { appointment?, room?, role? }`.
   * - **vc-join-ready** - A join URL arrived and is being opened. `detail: { url, expiresAt, provider }`.
   * - **vc-error** - Joining failed, or fetching the visit window did; the element shows `message` too, with "Try again" where trying again can help. Once per failure: the automatic retries of a visit not opened yet report it once. `detail: { code, message }`.
   *
   * ### **Slots:**
   *  - _default_ - The button's label. Default: "Join video visit", localized.
   *
   * ### **CSS Properties:**
   *  - **--call-join-button-background** - Button background. Default `var(--vc-color-primary, #0b5cad)`. _(default: undefined)_
   * - **--call-join-button-color** - Button text colour. Default `var(--vc-color-on-primary, #fff)`. _(default: undefined)_
   * - **--call-join-button-radius** - Corner radius. Default `var(--vc-radius, 0.5rem)`. _(default: undefined)_
   * - **--call-join-button-font-size** - Font size. Default `var(--vc-font-size, 1.125rem)`. _(default: undefined)_
   * - **--call-join-button-focus-ring-color** - Focus ring. Default `var(--vc-color-focus, #0b5cad)`. _(default: undefined)_
   * - **--call-join-button-disabled-background** - Background while the button cannot be used. Default `var(--vc-color-disabled-surface, #eef0f3)`. _(default: undefined)_
   * - **--call-join-button-disabled-color** - Text and border while the button cannot be used (keep 4.5:1 on the background above and 3:1 on the page). Default `var(--vc-color-disabled, #4b5563)`. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **base** - The wrapper around button, status line and messages.
   * - **button** - The native `<button>`.
   * - **window** - The visit window: start time and countdown, or that the visit is over. Describes the button.
   * - **status** - The status line, announced politely to screen readers (not in the waiting room, which announces itself).
   * - **error** - The error message (`role="alert"`) with its retry button.
   * - **retry** - The "Try again" button.
   * - **link** - Fallback link to the visit, shown when it opened in a new window (a popup blocker may have eaten that window).
   */
  'call-join-button': DefineComponent<CallJoinButtonProps & HTMLAttributes>;

  /**
   * Takes the user into a video visit: a camera and microphone check, consent if asked for, a live waiting
   * room, then the provider's room page in a frame, but only from an allowed origin over https.
   * ---
   *
   *
   * ### **Events:**
   *  - **vc-precheck-complete** - The check is done. `detail: { camera, microphone, kinds }`.
   * - **vc-consent** - The user answered the consent question. `detail: { accepted, timestamp, version? }`.
   * - **vc-waiting** - The live state says the room is not open yet; the waiting room shows (once per stay). `detail: { roomId? }`.
   * - **vc-room-ready** - The room page loaded, once per framing: it said so itself where the provider's page posts messages (the join response's `postsMessages`, e.g. the sandbox), else its frame fired `load` (which a vendor's error page does too). `detail: { origin, provider? }`.
   * - **vc-joined** - The user entered the call. `detail: { roomId? }`.
   * - **vc-leave-request** - The user pressed Leave; cancelable. `detail: { roomId? }`.
   * - **vc-left** - The user left the call. `detail: { roomId? }`.
   * - **vc-ended** - The visit ended (live state or room page, once); the frame is removed. `detail: { roomId? }`.
   * - **vc-reconnecting** - The live connection dropped; retrying. `detail: { attempt, delay }`.
   * - **vc-reconnected** - The live connection is back.
   * - **vc-token-expiring** - The held join link expires soon. `detail: { expiresAt }`.
   * - **vc-error** - A URL was refused (`url-refused`), a fresh link could not be had, or the link expired without a session to renew it or the room page said it was used or expired (`link-expired`; with a session, Rejoin asks for a new one). `detail: { code, message }`.
   *
   * ### **Methods:**
   *  - **preload(): _Promise<unknown>_** - Loads the visit's steps now (the element does it by itself when it comes near the viewport or a join button
   * targeting it is pressed). Resolves when they are in place; safe to call again.
   * - **prepare(): _void_** - Readies the room for a join that is on its way (what `<call-join-button target=…>` does at a press): a blank,
   * hidden frame is made now, while the join is on the network, so that an `open()` that goes straight to the room
   * only has to give it its `src`. A step that waits for the user (check, consent) or the clinic drops it.
   * - **open(join: _JoinResponse_, session: _RoomSession_): _void_** - Takes the user into the visit of a `POST /v1/join` response (its URL, allowed origins and extra permissions).
   * With a `session` the element follows the room's live state and renews the link when it must.
   * - **leave(): _boolean_** - Leaves the visit as the Leave button does: fires `vc-leave-request` and, unless a listener canceled it, closes
   * the room and the live connection, fires `vc-left` and offers to rejoin. Returns whether it left.
   *
   * ### **Slots:**
   *  - **consent** - The consent text shown when `consent` is set. Default: a short question, localized.
   *
   * ### **CSS Properties:**
   *  - **--video-consult-room-height** - Height of the room. Default `var(--vc-room-height, min(80vh, 42rem))`. _(default: undefined)_
   * - **--video-consult-room-background** - Background. Default `var(--vc-color-surface, #f3f5f8)`. _(default: undefined)_
   * - **--video-consult-room-color** - Text colour. Default `var(--vc-color-text, #1d2733)`. _(default: undefined)_
   * - **--video-consult-room-radius** - Corner radius of the box and buttons. Default `var(--vc-radius, 0.5rem)`. _(default: undefined)_
   * - **--video-consult-room-accent** - Main buttons and the level meter. Default `var(--vc-color-primary, #0b5cad)`. _(default: undefined)_
   * - **--video-consult-room-on-accent** - Text on main buttons. Default `var(--vc-color-on-primary, #fff)`. _(default: undefined)_
   * - **--video-consult-room-focus-ring-color** - Focus ring. Default `var(--vc-color-focus, #0b5cad)`. _(default: undefined)_
   * - **--video-consult-room-danger** - Error text. Default `var(--vc-color-danger, #b3261e)`. _(default: undefined)_
   *
   * ### **CSS Parts:**
   *  - **base** - The box around everything; covers the viewport in the full-screen fallback.
   * - **frame** - The `<iframe>` of the room page.
   * - **status** - The live line: what is happening now (`role="status"`), or an error (`role="alert"`).
   * - **panel** - The panel of a step, also named `check`, `consent` or `waiting`.
   * - **video** - The self-view during the check.
   * - **devices** - The list saying whether camera and microphone work.
   * - **meter** - The microphone level (`<meter>`).
   * - **steps** - How to unblock the camera in this browser, when it is blocked.
   * - **actions** - The row of buttons.
   * - **button** - Every button, also named `continue`, `skip`, `retry`, `agree`, `decline`, `back`, `leave`, `fullscreen` or `rejoin`.
   */
  'video-consult-room': DefineComponent<VideoConsultRoomProps & HTMLAttributes>;
};

declare module 'vue' {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface GlobalComponents extends CustomElements {}
}

declare global {
  namespace JSX {
    // eslint-disable-next-line @typescript-eslint/no-empty-interface
    interface IntrinsicElements extends CustomElements {}
  }
}
