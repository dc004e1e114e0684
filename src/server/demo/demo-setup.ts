import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsultServerConfigInput } from '../config.js';
import type { ConsultServerOptions } from '../app.js';
import { demoClinic } from './demo-clinic.js';

const DEMO_ISSUER = 'video-consult-demo-portal';
const DEMO_AUDIENCE = 'video-consult-demo';

interface DemoKeyFile {
  privateJwk: JWK;
  publicJwk: JWK;
  pseudonymSecret: string;
}

/** Creates the demo's signing key on first start (file mode 0600) and reuses it afterwards. */
async function loadOrCreateKey(dataDir: string): Promise<DemoKeyFile> {
  const file = join(dataDir, 'demo-key.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoKeyFile;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const key: DemoKeyFile = {
    privateJwk: await exportJWK(privateKey),
    publicJwk: await exportJWK(publicKey),
    pseudonymSecret: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}

/** Everything `--demo` needs: sandbox provider, SQLite under `dataDir`, a local ticket issuer. */
export async function demoSetup(dataDir: string, publicUrl: string) {
  const key = await loadOrCreateKey(dataDir);
  const origin = new URL(publicUrl).origin;
  const config: ConsultServerConfigInput = {
    publicUrl,
    audience: DEMO_AUDIENCE,
    issuers: [
      { issuer: DEMO_ISSUER, algorithms: ['ES256'], publicKeyJwk: key.publicJwk as Record<string, unknown> },
    ],
    allowedOrigins: [origin],
    provider: 'sandbox',
    database: { path: join(dataDir, 'consult.sqlite') },
    pseudonymSecret: key.pseudonymSecret,
    // Demo visits (`POST /demo/visits`) start a minute or two ahead: the patient's countdown then runs
    // to the start itself, while the clinician may already go in.
    joinWindow: { patientMinutesBefore: 0 },
    // The demo page is where a patient books and joins: the calendar file links it (never a join URL).
    appointments: { visitPageUrl: `${origin}/` },
    booking: demoClinic(),
  };
  const options: ConsultServerOptions = {
    demo: true,
    demoSigner: {
      privateKey: (await importJWK(key.privateJwk, 'ES256')) as CryptoKey,
      issuer: DEMO_ISSUER,
      audience: DEMO_AUDIENCE,
    },
  };
  return { config, options };
}
