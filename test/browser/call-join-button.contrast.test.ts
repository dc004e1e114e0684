import { expect, fixture, html } from '@open-wc/testing';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { useMockServer } from './mock-server.js';
import { button } from './call-join-button.helpers.js';
import { MINUTE, serveVisit, visitAt, windowSettled } from './call-join-button.window-helpers.js';
import { SERVER } from './support.js';

useMockServer();

type Rgba = [number, number, number, number];

const parse = (css: string): Rgba => {
  const [r = 0, g = 0, b = 0, a = 1] = css.match(/[\d.]+/g)!.map(Number);
  return [r, g, b, css.startsWith('rgba') ? a : 1];
};

/** `top` painted over the opaque `bottom` with `top`'s alpha times `opacity`. */
const over = ([r, g, b, a]: Rgba, [R, G, B]: Rgba, opacity = 1): Rgba => {
  const k = a * opacity;
  return [r * k + R * (1 - k), g * k + G * (1 - k), b * k + B * (1 - k), 1];
};

/** WCAG 2.x relative luminance and contrast ratio. */
const luminance = ([r, g, b]: Rgba) => {
  const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
};
const contrast = (a: Rgba, b: Rgba) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** The opaque colour behind `el`: the first ancestor's background that is not transparent, else white. */
const surroundings = (el: Element): Rgba => {
  for (let node: Element | null = el.parentElement; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) return bg;
  }
  return [255, 255, 255, 1];
};

/**
 * What a person sees of the button: its border (what marks it out from the page) and its text, each against what
 * is behind it, with the element's opacity applied (a faded button fades its colours into the page).
 */
const measure = (el: CallJoinButton) => {
  const style = getComputedStyle(button(el));
  const page = surroundings(el);
  const opacity = Number(style.opacity) * Number(getComputedStyle(el).opacity);
  const background = over(parse(style.backgroundColor), page, opacity);
  const border = over(over(parse(style.borderTopColor), parse(style.backgroundColor)), page, opacity);
  const text = over(over(parse(style.color), parse(style.backgroundColor)), page, opacity);
  return {
    boundary: Math.max(contrast(border, page), contrast(background, page)),
    text: contrast(text, background),
  };
};

describe('<call-join-button> contrast while it cannot be used', () => {
  for (const pageColour of ['#ffffff', '#f4f6f8']) {
    it(`disabled: 3:1 against a ${pageColour} page, text 4.5:1`, async () => {
      const wrapper = await fixture<HTMLElement>(
        html`<div style="background: ${pageColour}; padding: 1rem">
          <call-join-button disabled></call-join-button>
        </div>`,
      );
      const el = wrapper.querySelector('call-join-button')!;
      const { boundary, text } = measure(el);
      expect(boundary).to.be.at.least(3);
      expect(text).to.be.at.least(4.5);
      await expect(el).to.be.accessible();
    });

    it(`shut (aria-disabled, before the visit opens): 3:1 against a ${pageColour} page, text 4.5:1`, async () => {
      serveVisit(() => visitAt(12 * MINUTE));
      const wrapper = await fixture<HTMLElement>(
        html`<div style="background: ${pageColour}; padding: 1rem">
          <call-join-button server=${SERVER} appointment="appt-1" ticket-url="/ticket"></call-join-button>
        </div>`,
      );
      const el = wrapper.querySelector('call-join-button')!;
      await windowSettled(el);
      expect(button(el).getAttribute('aria-disabled')).to.equal('true');
      const { boundary, text } = measure(el);
      expect(boundary).to.be.at.least(3);
      expect(text).to.be.at.least(4.5);
    });
  }

  it('looks different from the usable button', async () => {
    const usable = await fixture<CallJoinButton>(html`<call-join-button></call-join-button>`);
    const disabled = await fixture<CallJoinButton>(html`<call-join-button disabled></call-join-button>`);
    const bg = (el: CallJoinButton) => getComputedStyle(button(el)).backgroundColor;
    expect(bg(disabled)).to.not.equal(bg(usable));
  });
});
