import { expect } from '@open-wc/testing';
import { http, HttpResponse, delay } from 'msw';
import { fetchTicket, join } from '../../src/client/consult-client.js';
import { ConsultError } from '../../src/client/consult-error.js';
import { JOIN, JOINED, problem, useMockServer, worker } from './mock-server.js';
import { SERVER } from './support.js';

useMockServer();

/** The rejection of `promise` (fails the test when it resolves). */
const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('consult client', () => {
  it('resolves with the parsed join response', async () => {
    expect(await join(SERVER, { appointment: 'appt-1' }, 'ticket-1')).to.deep.equal(JOINED);
  });

  it('turns a problem+json into a ConsultError with code, status, detail and request id', async () => {
    worker.use(http.post(JOIN, () => problem(404, 'room-not-found')));
    const error = await rejection(join(SERVER, { room: 'r' }, 't'));
    expect(error).to.be.instanceOf(ConsultError);
    expect(error).to.include({
      code: 'room-not-found',
      status: 404,
      detail: 'for developers',
      requestId: 'req-1',
    });
  });

  it('gives up with `timeout` after its deadline', async () => {
    worker.use(http.post(JOIN, async () => (await delay(2000), HttpResponse.json(JOINED))));
    const error = await rejection(join(SERVER, { room: 'r' }, 't', undefined, { timeoutMs: 50 }));
    expect(error).to.include({ code: 'timeout' });
  });

  it("rejects with the caller's own abort reason, not a ConsultError", async () => {
    worker.use(http.post(JOIN, async () => (await delay(2000), HttpResponse.json(JOINED))));
    const controller = new AbortController();
    const pending = join(SERVER, { room: 'r' }, 't', controller.signal);
    controller.abort();
    const error = await rejection(pending);
    expect(error).to.not.be.instanceOf(ConsultError);
    expect((error as DOMException).name).to.equal('AbortError');
  });

  it('refuses a ticket that would break the Authorization header', async () => {
    const error = await rejection(join(SERVER, { room: 'r' }, 'two words\r\nX-Evil: 1'));
    expect(error).to.include({ code: 'ticket-invalid' });
  });

  it('reads a ticket from an application/*+json body', async () => {
    worker.use(
      http.get('/ticket', () =>
        HttpResponse.json(
          { ticket: 'ticket-json' },
          { headers: { 'Content-Type': 'application/vnd.portal+json' } },
        ),
      ),
    );
    expect(await fetchTicket('/ticket')).to.equal('ticket-json');
  });

  it('refuses a ticket-url on another origin, even a relative-looking one', async () => {
    for (const url of [
      '//portal.example.test/ticket',
      'https://portal.example.test/ticket',
      'data:text/plain,t',
    ]) {
      expect(await rejection(fetchTicket(url))).to.include({ code: 'ticket-unavailable' });
    }
  });

  it('reports a slow ticket-url as ticket-unavailable', async () => {
    worker.use(http.get('/ticket', async () => (await delay(2000), HttpResponse.text('late'))));
    const error = await rejection(fetchTicket('/ticket', undefined, { timeoutMs: 50 }));
    expect(error).to.include({ code: 'ticket-unavailable' });
  });
});
