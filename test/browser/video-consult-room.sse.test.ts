import { expect } from '@open-wc/testing';
import { sseParser } from '../../src/internal/sse-parser.js';

/** Feeds `chunks` to a parser and returns the events it dispatched. */
const parse = (...chunks: string[]) => {
  const events: [string, string][] = [];
  const push = sseParser((type, data) => events.push([type, data]));
  for (const chunk of chunks) push(chunk);
  return events;
};

describe('sseParser', () => {
  it('dispatches named events on a blank line', () => {
    expect(parse('event: state\ndata: {"phase":"open"}\n\n')).to.deep.equal([['state', '{"phase":"open"}']]);
  });

  it('defaults the type to message and joins data lines with LF', () => {
    expect(parse('data: a\ndata: b\n\n')).to.deep.equal([['message', 'a\nb']]);
  });

  it('skips comments (heartbeats) and events without data, and resets the type after each event', () => {
    expect(parse(': ping\n\nevent: state\n\ndata: x\n\n')).to.deep.equal([['message', 'x']]);
  });

  it('holds incomplete lines and events across chunks, whatever the split', () => {
    const text = 'event: state\r\ndata: {"a":1}\r\n\r\nevent: error\rdata: {"code":"x"}\r\r';
    const whole = parse(text);
    expect(whole).to.deep.equal([
      ['state', '{"a":1}'],
      ['error', '{"code":"x"}'],
    ]);
    for (let i = 1; i < text.length; i++) {
      expect(parse(text.slice(0, i), text.slice(i)), `split at ${i}`).to.deep.equal(whole);
    }
    expect(parse(...text)).to.deep.equal(whole);
  });

  it('removes one space after the colon only, and takes a line without colon as a field name', () => {
    expect(parse('data:  two\n\ndata\n\n')).to.deep.equal([
      ['message', ' two'],
      ['message', ''],
    ]);
  });

  it('never dispatches an event the stream did not finish', () => {
    expect(parse('event: state\ndata: {}\n')).to.deep.equal([]);
  });
});
