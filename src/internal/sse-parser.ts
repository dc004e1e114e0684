/**
 * A push parser for `text/event-stream` (WHATWG HTML, "Parsing an event stream"): feed it decoded text chunks as
 * they arrive, it calls `onEvent` once per dispatched event. Comments (heartbeats) are skipped; `id` and `retry`
 * are ignored (the caller reconnects on its own schedule and asks for the current state, not a replay).
 */
export const sseParser = (onEvent: (type: string, data: string) => void): ((chunk: string) => void) => {
  let buffer = '';
  let type = '';
  let data: string[] = [];
  let cr = false;
  return (chunk) => {
    // A CRLF split across chunks: its CR ended the line already.
    if (cr && chunk[0] === '\n') chunk = chunk.slice(1);
    if (chunk) cr = chunk.endsWith('\r');
    const lines = (buffer + chunk).split(/\r\n|\r|\n/);
    buffer = lines.pop()!;
    for (const line of lines) {
      if (line === '') {
        if (data.length) onEvent(type || 'message', data.join('\n'));
        type = '';
        data = [];
      } else if (line[0] !== ':') {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + (line[colon + 1] === ' ' ? 2 : 1));
        if (field === 'event') type = value;
        else if (field === 'data') data.push(value);
      }
    }
  };
};
