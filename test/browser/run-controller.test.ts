import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, type PropertyDeclarations } from 'lit';
import { RunController } from '../../src/controllers/run-controller.js';
import { ConsultError } from '../../src/client/consult-error.js';
import { until } from './support.js';

/** One call of the run: its arguments and signal, and how the test settles it. */
interface Call {
  args: readonly [string];
  signal: AbortSignal;
  resolve: (value: string | undefined) => void;
  reject: (error: unknown) => void;
}

class RunHost extends LitElement {
  static override properties: PropertyDeclarations = { query: {} };
  query = 'a';
  readonly calls: Call[] = [];
  readonly errors: ConsultError[] = [];
  readonly runs = new RunController(this, {
    args: () => [this.query] as const,
    run: (args, signal) =>
      new Promise<string | undefined>((resolve, reject) =>
        this.calls.push({ args, signal, resolve, reject }),
      ),
    onError: (error) => this.errors.push(error),
  });
}
customElements.define('run-controller-host', RunHost);

const host = () => fixture<RunHost>(html`<run-controller-host></run-controller-host>`);

describe('RunController', () => {
  it('runs at the first update, again when an argument changes, and aborts the run before', async () => {
    const el = await host();
    expect(el.calls.map((c) => c.args)).to.deep.equal([['a']]);
    expect(el.runs.pending).to.equal(true);
    // An update that changes no argument starts nothing.
    el.requestUpdate();
    await el.updateComplete;
    expect(el.calls).to.have.length(1);
    el.query = 'b';
    await el.updateComplete;
    expect(el.calls.map((c) => c.args)).to.deep.equal([['a'], ['b']]);
    expect(el.calls[0]!.signal.aborted).to.equal(true);
    el.calls[1]!.resolve('B');
    await until(() => !el.runs.pending, 'the run settled');
    expect(el.runs.value).to.equal('B');
  });

  it('lets a newer run win over an older one that answers later, also when the older fails', async () => {
    const el = await host();
    el.calls[0]!.resolve('A');
    await until(() => !el.runs.pending, 'the first run');
    // Each run with the arguments of its time, as a retry runs: the update that follows starts no other.
    el.query = 'c';
    const older = el.runs.run();
    el.query = 'd';
    const failing = el.runs.run();
    el.query = 'e';
    const newer = el.runs.run();
    await el.updateComplete;
    expect(el.calls.map((c) => c.args)).to.deep.equal([['a'], ['c'], ['d'], ['e']]);
    el.calls[3]!.resolve('E');
    await newer;
    el.calls[1]!.resolve('C');
    el.calls[2]!.reject(new ConsultError('network'));
    await Promise.all([older, failing]);
    expect(el.runs.value).to.equal('E');
    expect(el.runs.error).to.equal(undefined);
    expect(el.errors).to.deep.equal([]);
  });

  it('keeps the last value while pending and when a run has nothing to do', async () => {
    const el = await host();
    el.calls[0]!.resolve('A');
    await until(() => !el.runs.pending, 'the first run');
    const again = el.runs.run();
    expect(el.runs.pending).to.equal(true);
    expect(el.runs.value).to.equal('A');
    el.calls[1]!.resolve(undefined);
    await again;
    expect(el.runs.pending).to.equal(false);
    expect(el.runs.value).to.equal('A');
  });

  it('reports a failure once as a ConsultError, clears the value, and a retry clears the error', async () => {
    const el = await host();
    el.calls[0]!.resolve('A');
    await until(() => !el.runs.pending, 'the first run');
    const failed = el.runs.run();
    el.calls[1]!.reject(new TypeError('Failed to fetch'));
    await failed;
    expect(el.runs.value).to.equal(undefined);
    expect(el.runs.error).to.be.instanceOf(ConsultError);
    expect(el.errors).to.deep.equal([el.runs.error]);
    const retry = el.runs.run();
    expect(el.runs.error).to.equal(undefined);
    el.calls[2]!.resolve('A2');
    await retry;
    expect(el.runs.value).to.equal('A2');
    expect(el.errors).to.have.length(1);
  });

  it('aborts the run in flight when the host leaves, starts nothing while it is out, runs again when back', async () => {
    const el = await host();
    const parent = el.parentElement!;
    el.remove();
    expect(el.calls[0]!.signal.aborted).to.equal(true);
    el.query = 'z';
    await el.updateComplete;
    expect(el.calls).to.have.length(1);
    parent.append(el);
    await until(() => el.calls.length === 2, 'the run again');
    expect(el.calls[1]!.args).to.deep.equal(['z']);
    el.calls[1]!.resolve('Z');
    await until(() => !el.runs.pending, 'the run settled');
    expect(el.runs.value).to.equal('Z');
  });

  it('moved in the page after its run settled, it does not run again', async () => {
    const el = await host();
    el.calls[0]!.resolve('A');
    await until(() => !el.runs.pending, 'the first run');
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    el.requestUpdate();
    await el.updateComplete;
    expect(el.calls).to.have.length(1);
    expect(el.runs.value).to.equal('A');
  });
});
