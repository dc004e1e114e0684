import { spawn, type ChildProcess } from 'node:child_process';
import { PORTAL } from '../../support/server.js';

/** One consult-server process (test/server/support/pg-instance.ts) on a shared PostgreSQL database. */
export interface Instance {
  port: number;
  url: string;
  child: ChildProcess;
  exited: Promise<unknown>;
}

/**
 * Starts an instance on `port` (0: any free one) and resolves once it listens. `env` adds to the
 * instance's environment (see pg-instance.ts for what it reads).
 */
export function startInstance(
  port: number,
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/server/support/pg-instance.ts'], {
    env: { ...process.env, ...env, VC_DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += String(c);
      const url = /listening (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ port: Number(new URL(url).port), url, child, exited });
    });
    child.once('exit', (code) => reject(new Error(`instance on ${port} exited early with ${code}`)));
  });
}

/** Whether the instance's process still runs (not exited, not killed). */
export const running = (i: Instance) => i.child.exitCode === null && i.child.signalCode === null;

/** Kills every instance still running (-9) and waits until all have exited. */
export async function stopInstances(instances: Instance[]): Promise<void> {
  for (const i of instances) if (running(i)) i.child.kill('SIGKILL');
  await Promise.all(instances.map((i) => i.exited));
}

export const post = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PORTAL, ...headers },
    body: JSON.stringify(body),
  });
