import { expect, fixture, html } from '@open-wc/testing';
import type { CallJoinButton } from '../../src/components/call-join-button/call-join-button.js';
import { seen, useMockServer } from './mock-server.js';
import { clickAndSettle } from './call-join-button.helpers.js';
import { SERVER, record } from './support.js';

useMockServer();

/** A button (appointment `appt-1`, one ticket) inside a wrapper with the given `lang` and `dir`. */
const inPage = async (lang: string, dir: 'ltr' | 'rtl' = 'ltr') => {
  const wrapper = await fixture<HTMLElement>(html`
    <div lang=${lang} dir=${dir}>
      <call-join-button server=${SERVER} appointment="appt-1" .ticket=${'ticket-1'}></call-join-button>
    </div>
  `);
  return wrapper.querySelector<CallJoinButton>('call-join-button')!;
};

describe("<call-join-button> and the page's language", () => {
  it("sends the page's language and direction with the join, not in vc-join-request", async () => {
    const el = await inPage('nl-BE', 'rtl');
    const requests = record(el, 'vc-join-request');
    await clickAndSettle(el);
    expect(seen.joins[0]!.body).to.deep.equal({ appointment: 'appt-1', lang: 'nl-BE', dir: 'rtl' });
    expect(requests[0]!.detail).to.deep.equal({ appointment: 'appt-1' });
  });

  it('leaves out a lang the server would refuse, rather than fail the join', async () => {
    const el = await inPage('Nederlands (België)');
    await clickAndSettle(el);
    expect(seen.joins[0]!.body).to.deep.equal({ appointment: 'appt-1' });
  });
});
