#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createConsultServer, type ConsultServerOptions } from './app.js';
import { ConfigError, type ConsultServerConfigInput } from './config.js';
import { applyEnvOverrides, loadConfigFile } from './config-file.js';
import { demoSetup } from './demo/demo-setup.js';
import { demoSiteRoutes } from './demo/demo-site.js';
import { packageRoot } from './internal/package-root.js';
import { exitOnSignals, serveNode } from './node.js';

const USAGE = `Usage: video-consult-server [--config consult.config.json] [--port 8787] [--host 127.0.0.1] [--demo] [--data-dir .data]

  --config FILE   JSON configuration (see README, "Configuration")
  --port N        port to listen on (default $PORT, else 8787; 0 picks a free one)
  --host ADDR     address to bind (default 127.0.0.1)
  --demo          demo mode: sandbox provider, SQLite and a local ticket key under --data-dir,
                  serves the demo page at / (never use in production)
  --data-dir DIR  where demo mode keeps its files (default ./.data)`;

async function main() {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string', default: process.env.PORT ?? '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      demo: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.data' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError([`--port: not a port: ${values.port}`]);

  let config: ConsultServerConfigInput;
  let options: ConsultServerOptions = {};
  if (values.demo) {
    // Links carry publicUrl, so the port must be known before the server starts.
    if (port === 0) throw new ConfigError(['--demo needs a fixed --port']);
    const publicUrl = `http://localhost:${port}`;
    ({ config, options } = await demoSetup(resolve(values['data-dir']), publicUrl));
    applyEnvOverrides(config as Record<string, unknown>);
  } else if (values.config) {
    config = (await loadConfigFile(values.config)) as ConsultServerConfigInput;
  } else {
    throw new ConfigError(['give --config FILE, or --demo to try it out']);
  }

  const app = await createConsultServer(config, options);
  if (values.demo) app.route('/', demoSiteRoutes(packageRoot(), { publicUrl: app.config.publicUrl }));
  const running = await serveNode(app, { port, hostname: values.host, graceMs: app.config.shutdownGraceMs });
  console.log(
    values.demo
      ? `Demo ready: open ${new URL('/', app.config.publicUrl).href}`
      : `Consult server listening on ${running.url}`,
  );

  exitOnSignals(running, () => app.close());
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
