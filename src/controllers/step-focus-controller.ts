import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Where the keyboard and the eye go when the step of a visit changes: to the new step's heading (the room's frame,
 * or the step's message where there is no heading), scrolled into view. On a phone the next step may open below the
 * fold while the user's finger is still on a Join button elsewhere on the page; without this, pressing Join looks
 * like nothing happened, and when the step's buttons vanish the focus falls back to the top of the page.
 *
 * It follows the steps once the user took part: the visit was opened for them (the join button) or the focus was
 * in the element when its step changed. A page that merely shows the element never has its focus taken away.
 */
export class StepFocusController implements ReactiveController {
  private shown?: string;
  private engaged = false;
  private pending = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly step: () => string,
  ) {
    host.addController(this);
  }

  /** The user started the visit from outside the element: from now on the focus follows every step. */
  engage(): void {
    this.engaged = true;
  }

  hostUpdate(): void {
    // Before rendering: the focused button of the old step is still there to tell that the user was in it.
    const step = this.step();
    if (step === this.shown) return;
    const first = this.shown === undefined;
    this.shown = step;
    this.engaged ||= this.host.matches(':focus-within');
    this.pending = this.engaged && !(first && step === 'idle');
  }

  hostUpdated(): void {
    if (!this.pending) return;
    this.pending = false;
    const root = this.host.shadowRoot;
    const target = root?.querySelector<HTMLElement>('h2, [part~="frame"], [part~="status"]');
    if (!root || !target) return;
    // The room's frame has its `src` from this update on: its focus and scroll, which read the layout (the frame's
    // included), wait for the next frame, so that they never hold up the navigation (bench/frame-profile.mjs).
    if (target.localName === 'iframe')
      requestAnimationFrame(() => target.isConnected && this.reveal(root, target));
    else this.reveal(root, target);
  }

  /** Focuses the new step's `target` and scrolls the step into view where it is not. */
  private reveal(root: ShadowRoot, target: HTMLElement): void {
    target.focus({ preventScroll: true });
    const base = root.querySelector<HTMLElement>('[part~="base"]') ?? target;
    const view = document.documentElement.clientHeight;
    const [step, mark] = [base.getBoundingClientRect(), target.getBoundingClientRect()];
    // Scroll when the heading is out of sight, or when more of the step hides below the fold than needs to.
    if (mark.top < 0 || mark.bottom > view || (step.top > 0 && step.bottom > view)) {
      base.scrollIntoView({ block: 'start', inline: 'nearest' });
      if (target.getBoundingClientRect().top < 0)
        target.scrollIntoView({ block: 'start', inline: 'nearest' });
    }
  }
}
