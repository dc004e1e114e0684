import { nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { JoinController, type JoinArgs } from './join-controller.js';
import { RetryController } from './retry-controller.js';
import { RoomFollowerController } from './room-follower-controller.js';
import { TicketPrefetchController } from './ticket-prefetch-controller.js';
import type { VisitWindowController } from './visit-window-controller.js';
import { ConsultError } from '../client/consult-error.js';
import { JoinReadyEvent } from '../events/join-ready.js';
import { ConsultErrorEvent } from '../events/error.js';
import { errorMessage } from '../internal/error-messages.js';
import { pageLanguage } from '../internal/page-language.js';
import type { ConsultEvent } from '../internal/consult-element.js';
import type { JoinRequest, JoinResponse } from '../protocol/join-types.js';
import {
  transition,
  type JoinEffect,
  type JoinEvent,
  type JoinState,
} from '../components/call-join-button/join-states.js';
import {
  buttonView,
  notOpenedText,
  renderLink,
  type ButtonView,
} from '../components/call-join-button/button-view.js';
import { queryRoom, type RoomTarget } from '../components/call-join-button/target-room.js';
import type { JoinClient } from '../components/call-join-button/join-loader.js';

/**
 * How often and how long the button asks again while the clinic has not opened the visit: 5 s, doubling to a
 * minute, 15 times (about 12 minutes), then it says so and offers "Try again".
 */
const NOT_OPENED_RETRY = { firstDelay: 5_000, maxDelay: 60_000, attempts: 15 };

/** What of `<call-join-button>` its join reads: the public properties. */
export interface JoinHost extends ReactiveControllerHost, HTMLElement {
  server: string;
  target?: string;
  ticket?: string;
  ticketUrl?: string;
}

/** What the button lends its join: its visit window, its events, what it joins. */
export interface JoinHostParts {
  visit: VisitWindowController;
  emit: (event: ConsultEvent) => boolean;
  request: () => JoinRequest;
}

/** The target room, or `target-not-found`. */
const findRoom = (from: Node, id: string): RoomTarget => {
  const room = queryRoom(from, id);
  if (room) return room;
  throw new ConsultError('target-not-found', { detail: `no <video-consult-room id="${id}"> here` });
};

/**
 * `<call-join-button>`'s join, made by the element once this code and its network side have loaded (in the script
 * tag's build chunks/button.js beside chunks/client.js, see join-loader.ts): where the button stands (the state
 * table, join-states.ts), the join, the ticket fetched at a press, the automatic retry of a visit not opened yet, the
 * hand-over to a room and following it. The element keeps what its first render needs (the visit window, a press
 * before this code arrived, the failure to load it) and asks this for the rest.
 */
export class ButtonJoinController implements ReactiveController {
  /** Where the button stands with its visit (see `TRANSITIONS`); `send()` renders each change. */
  state: JoinState;
  /** The error behind `failed` and `not-opened`. */
  private failure?: ConsultError;
  private readonly flow: JoinController;
  private readonly retry: RetryController;
  private readonly follower: RoomFollowerController;
  /** The ticket fetched when a press begins (`pointerdown`, Enter or Space), for that press's join. */
  readonly tickets: TicketPrefetchController;

  /** `failure`: a join that failed before this code was there (it could not load): the button starts `failed`. */
  constructor(
    private readonly host: JoinHost,
    private readonly parts: JoinHostParts,
    failure?: ConsultError,
  ) {
    this.state = failure ? 'failed' : 'idle';
    this.failure = failure;
    this.flow = new JoinController(host, {
      args: () => ({
        server: host.server,
        // The page's language goes with the request, not in `vc-join-request`: it is not what is joined.
        request: { ...parts.request(), ...pageLanguage(host) },
        ticket: host.ticket,
        ticketUrl: host.ticketUrl,
      }),
      deliver: (join, args, client) => this.deliver(join, args, client),
      onError: (error) => this.joinFailed(error),
      prefetched: ({ ticketUrl }) => this.tickets.take(ticketUrl),
    });
    this.tickets = new TicketPrefetchController(host);
    this.retry = new RetryController(host, { ...NOT_OPENED_RETRY, onDue: () => this.send('retry-due') });
    this.follower = new RoomFollowerController(host, (type) => this.send(type));
    // After the join's own controller: the join in flight is aborted with the host before this says so.
    host.addController(this);
  }

  hostDisconnected(): void {
    // The join in flight was aborted with the host (JoinController): nothing is on its way any more.
    this.send('aborted');
  }

  /** Moves through the state table and runs the transition's effects. */
  send(event: JoinEvent): void {
    const next = transition(this.state, event);
    if (!next) return;
    this.state = next.to;
    if (next.to !== 'failed' && next.to !== 'not-opened') this.failure = undefined;
    this.host.requestUpdate();
    for (const effect of next.effects ?? []) this.run(effect);
  }

  private run(effect: JoinEffect): void {
    const { visit } = this.parts;
    switch (effect) {
      case 'join':
        void this.flow.start();
        break;
      case 'wait-for-window':
        // A press is a fresh attempt. A window already known answers at once; else its fetch does, when it settles.
        this.retry.reset();
        if (visit.settled) this.send(this.shut ? 'window-shut' : 'window-open');
        break;
      case 'schedule-retry':
        if (!this.retry.schedule()) this.send('gave-up');
        break;
      case 'cancel-retry':
        this.retry.cancel();
        break;
    }
  }

  /** Whether the visit window keeps the button shut: not open yet, or over. */
  get shut(): boolean {
    const { phase } = this.parts.visit;
    return phase === 'scheduled' || phase === 'ended';
  }

  /** The error the alert shows: the join's, else (before any join) a failed fetch of the visit window. */
  get alert(): ConsultError | undefined {
    if (this.state === 'failed') return this.failure;
    return this.state === 'idle' ? this.parts.visit.error : undefined;
  }

  view(): ButtonView {
    return buttonView({ state: this.state, phase: this.parts.visit.phase, alert: this.alert?.code });
  }

  /** The fallback link to a visit opened in a new window. */
  link(): TemplateResult | typeof nothing {
    const url = this.state === 'opened' ? this.flow.value?.url : undefined;
    return url ? renderLink(url) : nothing;
  }

  /** What the page hears: the code, and the message the element shows for it. */
  private report(error: ConsultError, message = errorMessage(error.code)): void {
    this.parts.emit(new ConsultErrorEvent({ code: error.code, message }));
  }

  private joinFailed(error: ConsultError): void {
    const { code } = error;
    if (code === 'room-not-found' && this.parts.request().appointment) {
      // The clinic has not opened the visit yet (patients never create it): ask again by itself, and tell the page
      // once, not at every try.
      if (this.retry.fresh) this.report(error, notOpenedText());
      this.failure = error;
      this.send('not-opened');
      return;
    }
    this.report(error);
    if (code === 'room-ended') return this.send('visit-over');
    this.failure = error;
    this.send('failed');
    // The server's clock says it is too early: fetch the window again, so that the countdown shows it.
    if (code === 'visit-not-open') void this.parts.visit.refetch();
  }

  /**
   * Hands the join on: to the target room, else to a new window. A missing or foreign target, and a URL the room
   * would refuse to frame, are refused before `vc-join-ready`, so the page never gets both that and an error.
   */
  private deliver(join: JoinResponse, args: JoinArgs, client: JoinClient): void {
    const { host } = this;
    const room = host.target === undefined ? undefined : findRoom(host, host.target);
    if (!client.frameableOrigin(join.url, join.allowedOrigins)) {
      throw new ConsultError('url-refused');
    }
    this.parts.emit(
      new JoinReadyEvent({ url: join.url, expiresAt: join.expiresAt, provider: join.provider }),
    );
    if (room) {
      // Listening before the room opens, so that nothing it says on the way is missed.
      this.follower.follow(room);
      this.send('handed');
      room.open(join, client.roomSession(args, host, this.parts.visit.info));
    } else {
      window.open(join.url, '_blank', 'noopener,noreferrer');
      this.send('opened');
    }
  }
}
