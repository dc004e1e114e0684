import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { http } from 'msw';
import '../../src/components/call-join-button/define.js';
import '../../src/components/video-consult-room/define.js';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import { JOINED, problem, seen, useMockServer, worker } from './mock-server.js';
import { clickAndSettle } from './call-join-button.helpers.js';
import { frameOf, stageOf } from './video-consult-room.helpers.js';
import { SERVER, record } from './support.js';

useMockServer();

// No live state: the room frames the link at once (the room's own tests cover the live state).
beforeEach(() => worker.use(http.get(`${SERVER}/v1/rooms/:id/events`, () => problem(404, 'not-found'))));

/**
 * `markup` parsed in a document without a browsing context, where no element is upgraded: what a page has before
 * the elements' script ran (server-side rendering, a framework that renders before a lazy import).
 */
const inert = (markup: string) => {
  const doc = document.implementation.createHTMLDocument('');
  doc.body.innerHTML = markup;
  return doc.body.firstElementChild as HTMLElement;
};

/** Puts an element of the inert document into the page, where it upgrades. */
const attach = async <T extends HTMLElement>(el: HTMLElement) => {
  const host = await fixture<HTMLElement>(html`<div></div>`);
  host.append(document.adoptNode(el));
  await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
  return el as T;
};

/** Records `console.warn` calls until `restore()`. */
const spyWarnings = () => {
  const calls: unknown[][] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => calls.push(args);
  return { calls, restore: () => (console.warn = original) };
};

describe('credentials in markup', () => {
  describe('<call-join-button>', () => {
    it('takes a ticket property set before it upgraded, and keeps no own property shadowing it', async () => {
      const pending = inert(`<call-join-button server="${SERVER}" appointment="appt-1"></call-join-button>`);
      (pending as unknown as { ticket: string }).ticket = 'ticket-early';
      const el = await attach<CallJoinButton>(pending);
      expect(customElements.get('call-join-button')).to.equal(el.constructor);
      expect(Object.hasOwn(el, 'ticket')).to.equal(false, 'the accessor is no longer shadowed');
      expect(el.ticket).to.equal('ticket-early');
      expect((await clickAndSettle(el)).type).to.equal('vc-join-ready');
      expect(seen.joins[0]!.authorization).to.equal('Bearer ticket-early');
    });

    it('never reads a ticket attribute, removes it and warns without the value', async () => {
      const warnings = spyWarnings();
      try {
        const el = await fixture<CallJoinButton>(
          html`<call-join-button server=${SERVER} appointment="appt-1" ticket="secret-1"></call-join-button>`,
        );
        expect(el.hasAttribute('ticket')).to.equal(false);
        expect(el.ticket).to.equal(undefined);
        const outcome = await clickAndSettle(el);
        expect(outcome.type).to.equal('vc-error');
        expect((outcome as CustomEvent).detail.code).to.equal('ticket-missing');
        expect(seen.joins).to.have.length(0);

        el.setAttribute('ticket', 'secret-2');
        expect(el.hasAttribute('ticket')).to.equal(false, 'set after the upgrade');
        expect(warnings.calls).to.have.length(2);
        const said = warnings.calls.flat().map(String).join(' ');
        expect(said).to.contain('ticket');
        expect(said).to.not.contain('secret');
      } finally {
        warnings.restore();
      }
    });

    it('removes a ticket attribute the page carried before the upgrade', async () => {
      const warnings = spyWarnings();
      try {
        const el = await attach<CallJoinButton>(
          inert(
            `<call-join-button server="${SERVER}" appointment="appt-1" ticket="secret-1"></call-join-button>`,
          ),
        );
        expect(el.hasAttribute('ticket')).to.equal(false);
        expect(el.ticket).to.equal(undefined);
        expect(el.outerHTML).to.not.contain('secret');
      } finally {
        warnings.restore();
      }
    });
  });

  describe('<video-consult-room>', () => {
    it('removes a ticket attribute, before or after the upgrade', async () => {
      const warnings = spyWarnings();
      try {
        const el = await attach<VideoConsultRoom>(
          inert(`<video-consult-room ticket="secret-1"></video-consult-room>`),
        );
        expect(el.hasAttribute('ticket')).to.equal(false);
        el.setAttribute('ticket', 'secret-2');
        expect(el.hasAttribute('ticket')).to.equal(false);
        expect(warnings.calls).to.have.length(2);
      } finally {
        warnings.restore();
      }
    });

    it('takes src and allowed origins set as properties before it upgraded', async () => {
      const pending = inert(`<video-consult-room no-precheck></video-consult-room>`);
      Object.assign(pending, { src: JOINED.url, allowedOrigins: JOINED.allowedOrigins });
      const el = await attach<VideoConsultRoom>(pending);
      expect(Object.hasOwn(el, 'src')).to.equal(false);
      expect(frameOf(el)!.getAttribute('src')).to.equal(JOINED.url);
    });
  });

  describe('a framework re-applying its props during a visit opened by the button', () => {
    const PAGE_ORIGINS = ['https://page-own.example.test'];

    const visit = async () => {
      const wrapper = await fixture<HTMLElement>(html`
        <div>
          <call-join-button
            server=${SERVER}
            appointment="appt-1"
            target="room"
            .ticket=${'ticket-1'}
          ></call-join-button>
          <video-consult-room id="room" no-precheck .allowedOrigins=${PAGE_ORIGINS}></video-consult-room>
        </div>
      `);
      const el = wrapper.querySelector('call-join-button')!;
      const room = wrapper.querySelector('video-consult-room')!;
      const ready = oneEvent(room, 'vc-room-ready');
      await clickAndSettle(el);
      await ready;
      return room;
    };

    it('leaves the public properties as the page set them', async () => {
      const room = await visit();
      expect(room.src).to.equal('');
      expect(room.allowedOrigins).to.deep.equal(PAGE_ORIGINS);
      expect(frameOf(room)!.getAttribute('src')).to.equal(JOINED.url);
    });

    it('keeps the frame when allowedOrigins and src are set again to the page’s values', async () => {
      const room = await visit();
      const frame = frameOf(room);
      const errors = record(room, 'vc-error');
      room.allowedOrigins = [...PAGE_ORIGINS];
      room.src = '';
      room.setAttribute('allowed-origins', PAGE_ORIGINS.join(' '));
      await room.updateComplete;
      expect(errors).to.have.length(0);
      expect(stageOf(room)).to.equal('room');
      expect(frameOf(room)).to.equal(frame, 'the same frame, not reloaded');
    });
  });
});
