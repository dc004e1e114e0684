/** One server-sent event, or a comment line (`comment` set, the rest empty). */
export interface SseEvent {
  event?: string;
  data?: string;
  comment?: string;
}

/**
 * Reads a `text/event-stream` body event by event, as a browser's fetch-streaming client would.
 * `next()` resolves with the next event or comment, `undefined` when the stream ended, and rejects after
 * `timeoutMs` so that a test waiting for something that never comes fails instead of hanging.
 */
export function readSse(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const ready: SseEvent[] = [];
  let ended = false;
  // A read that lost a race against the timeout is kept for the next call, so no chunk is dropped.
  let pending: Promise<ReadableStreamReadResult<string>> | undefined;

  const parseBlocks = () => {
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event: SseEvent = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) event.comment = line.slice(1).trim();
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: '))
          event.data = (event.data === undefined ? '' : `${event.data}\n`) + line.slice(6);
      }
      ready.push(event);
    }
  };

  const next = async (timeoutMs = 3000): Promise<SseEvent | undefined> => {
    const deadline = Date.now() + timeoutMs;
    while (ready.length === 0 && !ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), left)),
      );
      pending ??= reader.read();
      const chunk = await Promise.race([pending, timeout]);
      clearTimeout(timer);
      if (chunk === 'timeout') throw new Error(`no event within ${timeoutMs} ms`);
      pending = undefined;
      if (chunk.done) ended = true;
      else {
        buffer += chunk.value;
        parseBlocks();
      }
    }
    return ready.shift();
  };

  /** The next event that is not a comment (heartbeats skipped). */
  const nextEvent = async (timeoutMs = 3000): Promise<SseEvent | undefined> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const event = await next(Math.max(1, deadline - Date.now()));
      if (event === undefined || event.comment === undefined) return event;
    }
  };

  /** The next `state` event's RoomState. */
  const nextState = async (timeoutMs = 3000) => {
    const event = await nextEvent(timeoutMs);
    if (event?.event !== 'state') throw new Error(`expected a state event, got ${JSON.stringify(event)}`);
    return JSON.parse(event.data!) as {
      roomId: string;
      phase: string;
      participants?: number;
      observedAt: string;
    };
  };

  return { next, nextEvent, nextState, cancel: () => reader.cancel() };
}
