import { expect, fixture, html } from '@open-wc/testing';
import { http } from 'msw';
import { declaredLanguage, matchLocale } from '../../src/internal/localization.js';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import type { VideoConsultRoom } from '../../src/components/video-consult-room/video-consult-room.js';
import '../../src/components/video-consult-room/define.js';
import { JOIN, problem, useMockServer, worker } from './mock-server.js';
import { alertText, clickAndSettle, label } from './call-join-button.helpers.js';
import { SERVER, part, until } from './support.js';

useMockServer();

describe('localization', () => {
  it('matches language tags to the supported locales', () => {
    expect(matchLocale('de')).to.equal('de');
    expect(matchLocale('de-CH')).to.equal('de');
    expect(matchLocale('DE-at')).to.equal('de');
    expect(matchLocale('en-GB')).to.equal('en');
    expect(matchLocale('fr-BE')).to.equal('fr');
    expect(matchLocale('nl')).to.equal('nl');
    expect(matchLocale('it-CH')).to.equal('it');
    expect(matchLocale('es')).to.equal('en');
    expect(matchLocale('')).to.equal('en');
  });

  it('finds the declared language through shadow roots', async () => {
    const outer = await fixture<HTMLElement>(html`<section lang="de-CH"><div></div></section>`);
    const inner = document.createElement('span');
    outer.querySelector('div')!.attachShadow({ mode: 'open' }).append(inner);
    expect(declaredLanguage(inner)).to.equal('de-CH');
    const orphan = await fixture<HTMLElement>(html`<span></span>`);
    expect(declaredLanguage(orphan)).to.equal(document.documentElement.lang);
  });

  it('renders German under lang="de", errors included, and is accessible', async () => {
    worker.use(http.post(JOIN, () => problem(500, 'internal')));
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="de">
        <call-join-button server=${SERVER} appointment="a" .ticket=${'t'}></call-join-button>
      </div>`,
    );
    const el = wrapper.querySelector('call-join-button')!;
    await until(() => label(el) === 'Videosprechstunde beitreten', 'no German label');
    const event = await clickAndSettle(el);
    const german = 'Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es gleich noch einmal.';
    expect((event as CustomEvent).detail.message).to.equal(german);
    expect(alertText(el)).to.equal(german);
    expect(part(el, '[part~="retry"]')!.textContent).to.equal('Erneut versuchen');
    await expect(wrapper).to.be.accessible();
  });

  it('renders the room in German under lang="de-CH"', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="de-CH"><video-consult-room></video-consult-room></div>`,
    );
    const room = wrapper.querySelector<VideoConsultRoom>('video-consult-room')!;
    const status = () => part(room, '[part~="status"]')!.textContent!.trim();
    await until(() => status() === 'Ihre Videosprechstunde wird hier angezeigt.', 'no German placeholder');
    await expect(wrapper).to.be.accessible();
  });

  // One page, one active locale: each language in turn, as a page in that language would show it.
  for (const [lang, wanted, placeholder] of [
    ['nl', 'Deelnemen aan videoconsult', 'Uw videoconsult verschijnt hier.'],
    ['it', 'Partecipa alla visita video', 'La sua visita video apparirà qui.'],
    ['fr-FR', 'Rejoindre la consultation vidéo', 'Votre consultation vidéo s’affichera ici.'],
    ['de-AT', 'Videosprechstunde beitreten', 'Ihre Videosprechstunde wird hier angezeigt.'],
  ]) {
    it(`renders both elements in ${lang}, accessibly`, async () => {
      const wrapper = await fixture<HTMLElement>(
        html`<div lang=${lang}>
          <call-join-button></call-join-button><video-consult-room></video-consult-room>
        </div>`,
      );
      const button = wrapper.querySelector('call-join-button')!;
      const room = wrapper.querySelector<VideoConsultRoom>('video-consult-room')!;
      await until(() => label(button) === wanted, `no ${lang} label`);
      await until(
        () => part(room, '[part~="status"]')!.textContent!.trim() === placeholder,
        `no ${lang} text`,
      );
      await expect(wrapper).to.be.accessible();
    });
  }

  it('goes back to English for an element under an English or undeclared language', async () => {
    const german = await fixture<HTMLElement>(
      html`<div lang="de"><call-join-button></call-join-button></div>`,
    );
    await until(() => label(german.querySelector('call-join-button')!) === 'Videosprechstunde beitreten');
    const el = await fixture<CallJoinButton>(html`<call-join-button lang="en"></call-join-button>`);
    await until(() => label(el) === 'Join video visit', 'still German');
  });
});
