import pg from 'pg';

export type Unsubscribe = () => void;

/** `LISTEN`/`NOTIFY` on one dedicated connection per instance, shared by every subscriber. */
export interface PgListener {
  /** Calls `fn` with each notification's payload on `channel` (from any instance, this one included). */
  subscribe(channel: string, fn: (payload: string) => void): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/**
 * Opens the connection lazily (at the first subscription) and reconnects after an error, listening
 * again on every channel that still has subscribers. A notification sent while it was down is lost:
 * subscribers must also poll (the job runner does; a live room re-reads its state at each interval).
 */
export function createPgListener(url: string, onError: (error: Error) => void = () => {}): PgListener {
  const channels = new Map<string, Set<(payload: string) => void>>();
  let client: Promise<pg.Client> | undefined;
  let closed = false;
  const quote = (channel: string) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
    return channel;
  };
  const connect = (): Promise<pg.Client> => {
    client ??= (async () => {
      const c = new pg.Client({ connectionString: url, application_name: 'consult-server-listen' });
      c.on('notification', (n) => channels.get(n.channel)?.forEach((fn) => fn(n.payload ?? '')));
      c.on('error', (error) => {
        onError(error);
        client = undefined;
        c.end().catch(() => {});
        if (!closed && channels.size > 0) setTimeout(() => void connect().catch(onError), 1000).unref();
      });
      await c.connect();
      for (const channel of channels.keys()) await c.query(`LISTEN ${quote(channel)}`);
      return c;
    })();
    return client;
  };
  return {
    async subscribe(channel, fn) {
      let set = channels.get(channel);
      if (!set) {
        set = new Set();
        channels.set(channel, set);
        const c = await connect();
        await c.query(`LISTEN ${quote(channel)}`);
      } else await connect();
      set.add(fn);
      return () => {
        set.delete(fn);
      };
    },
    async close() {
      closed = true;
      const c = client;
      client = undefined;
      if (c) await (await c).end();
    },
  };
}
