import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { msg } from '@lit/localize';
import { ConsultElement } from '../../internal/consult-element.js';
import { errorMessage } from '../../internal/error-messages.js';
import { frameableOrigin } from '../../internal/url-policy.js';
import { iframeAllow } from '../../internal/iframe-allow.js';
import { WindowMessageController } from '../../controllers/window-message-controller.js';
import { ConsultErrorEvent } from '../../events/error.js';
import { RoomReadyEvent } from '../../events/room-ready.js';
import { RoomJoinedEvent } from '../../events/joined.js';
import { RoomLeftEvent } from '../../events/left.js';
import { RoomEndedEvent } from '../../events/ended.js';
import { isRoomMessage } from '../../protocol/room-messages.js';
import type { JoinResponse } from '../../protocol/join.js';
import { styles } from './video-consult-room.styles.js';

const spaceSeparated = {
  fromAttribute: (value: string | null): string[] => value?.split(/\s+/).filter(Boolean) ?? [],
};

/**
 * @tagname video-consult-room
 * @summary Shows a video visit: frames the provider's room page, but only from an allowed origin over https.
 *
 * Give it a join response with `open()` (what `<call-join-button target=…>` does), or set `src` and
 * `allowed-origins` directly. A URL that is not `https:` (`http:` only on localhost), or whose origin is not
 * in `allowed-origins`, is never framed. Moving the element in the DOM reloads the frame (as for any iframe),
 * and a one-time join URL may refuse the second load.
 *
 * @csspart base - The box that holds the frame or the status text.
 * @csspart frame - The `<iframe>` of the room page.
 * @csspart status - The text shown instead of the room: waiting, refused (`role="alert"`), or ended.
 *
 * @cssprop --video-consult-room-height - Height of the room. Default `var(--vc-room-height, min(80vh, 42rem))`.
 * @cssprop --video-consult-room-background - Background behind the status text. Default `var(--vc-color-surface, #f3f5f8)`.
 * @cssprop --video-consult-room-color - Status text colour. Default `var(--vc-color-text, #1d2733)`.
 * @cssprop --video-consult-room-radius - Corner radius. Default `var(--vc-radius, 0.5rem)`.
 *
 * @fires {RoomReadyEvent} vc-room-ready - The room page loaded, once per URL. `detail: { origin, provider? }`.
 * @fires {RoomJoinedEvent} vc-joined - The user entered the call. `detail: { roomId? }`.
 * @fires {RoomLeftEvent} vc-left - The user left the call. `detail: { roomId? }`.
 * @fires {RoomEndedEvent} vc-ended - The visit ended; the frame is removed. `detail: { roomId? }`.
 * @fires {ConsultErrorEvent} vc-error - `src` was refused (`code: 'url-refused'`). `detail: { code, message }`.
 */
export class VideoConsultRoom extends ConsultElement {
  static override styles = styles;

  /** URL of the room page. Not reflected: a join URL is a credential. */
  @property() src = '';

  /** Origins `src` may have (attribute: space-separated), e.g. `https://video.vendor.example`. */
  @property({ attribute: 'allowed-origins', converter: spaceSeparated }) allowedOrigins: string[] = [];

  /** Accessible name of the room's frame. Default: "Video visit", localized. */
  @property() label?: string;

  /** Permission-policy features the provider needs beyond the defaults (from the join response). */
  @state() private allowExtras: readonly string[] = [];
  @state() private provider?: string;
  /** Origin of `src` once it passed the URL policy; undefined while nothing may be framed. */
  @state() private frameOrigin?: string;
  @state() private refused = false;
  @state() private ended = false;
  /** `vc-room-ready` comes once per URL, from the room's own message or the frame's `load`, whichever is first. */
  private readyFired = false;

  @query('[part~="frame"]') private frame?: HTMLIFrameElement;

  constructor() {
    super();
    new WindowMessageController(this, (event) => this.handleMessage(event));
  }

  /** Shows the room of a `POST /v1/join` response (its URL, allowed origins and extra permissions). */
  open(join: JoinResponse): void {
    this.allowExtras = join.allow;
    this.provider = join.provider;
    this.allowedOrigins = join.allowedOrigins;
    this.src = join.url;
    // `willUpdate` resets this when the URL changes; a repeated URL leaves `src` unchanged.
    this.ended = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('src')) {
      this.readyFired = false;
      this.ended = false;
    }
    if (changed.has('src') || changed.has('allowedOrigins')) {
      this.frameOrigin = this.src === '' ? undefined : frameableOrigin(this.src, this.allowedOrigins);
      const refused = this.src !== '' && this.frameOrigin === undefined;
      // Once per refused URL, not again when only the allowed origins change and it stays refused.
      if (refused && (changed.has('src') || !this.refused)) {
        this.emit(new ConsultErrorEvent({ code: 'url-refused', message: errorMessage('url-refused') }));
      }
      this.refused = refused;
    }
  }

  private handleMessage(event: MessageEvent): void {
    // Only the framed room may speak: its exact origin and its own window, not a sibling frame or an ad.
    const frame = this.frame;
    if (!frame || event.origin !== this.frameOrigin || event.source !== frame.contentWindow) return;
    if (!isRoomMessage(event.data)) return;
    const { type, roomId } = event.data;
    if (type === 'ready') this.roomReady();
    else if (type === 'joined') this.emit(new RoomJoinedEvent({ roomId }));
    else if (type === 'left') this.emit(new RoomLeftEvent({ roomId }));
    else {
      this.ended = true;
      this.emit(new RoomEndedEvent({ roomId }));
    }
  }

  private roomReady(): void {
    if (this.readyFired || this.frameOrigin === undefined) return;
    this.readyFired = true;
    this.emit(new RoomReadyEvent({ origin: this.frameOrigin, provider: this.provider }));
  }

  private statusText(): string {
    if (this.ended) return msg('The visit has ended. You can close this page.');
    return msg('Your video visit will appear here.');
  }

  override render() {
    const framed = this.frameOrigin !== undefined && !this.ended;
    return html`
      <div part="base">
        ${
          framed
            ? html`<iframe
                part="frame"
                src=${this.src}
                title=${this.label ?? msg('Video visit')}
                allow=${iframeAllow(this.allowExtras)}
                referrerpolicy="no-referrer"
                @load=${this.roomReady}
              ></iframe>`
            : nothing
        }
        ${
          this.refused
            ? html`<p part="status" role="alert">${errorMessage('url-refused')}</p>`
            : html`<p part="status" role="status">${framed ? nothing : this.statusText()}</p>`
        }
      </div>
    `;
  }
}
