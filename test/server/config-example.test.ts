import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsultServer } from '../../src/server/app.js';
import { loadConfigFile } from '../../src/server/config-file.js';
import { ConsultServerConfigSchema, type ConsultServerConfigInput } from '../../src/server/config.js';
import { ArztkonsultationOptionsSchema } from '../../src/server/providers/arztkonsultation.js';
import { AuviousOptionsSchema } from '../../src/server/providers/auvious.js';
import { WebcamconsultOptionsSchema } from '../../src/server/providers/webcamconsult.js';

// consult.config.example.json ships with the package: it must start a server as it is (given its secrets),
// show every option, and every option it shows must be documented in the README.

const EXAMPLE = 'consult.config.example.json';
const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), 'vc-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every secret the example names, as its operator would set them. */
const SECRETS = {
  LEGACY_PORTAL_SECRET: 'l'.repeat(40),
  VC_PSEUDONYM_SECRET: 'p'.repeat(40),
  VC_DATABASE_KEY: 'k'.repeat(40),
  AK_CLIENT_SECRET: 'ak-secret',
  AUVIOUS_CLIENT_SECRET: 'auvious-secret',
  WEBCAMCONSULT_API_TOKEN: '38826f79010b41b5aaeb4710debb09db',
  VC_WEBHOOK_SECRET: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
};

interface SchemaLike {
  type: string;
  wrapped?: SchemaLike;
  entries?: Record<string, SchemaLike>;
  item?: SchemaLike;
}
const unwrap = (s: SchemaLike): SchemaLike => (s.type === 'optional' ? unwrap(s.wrapped!) : s);

/** Option paths of a valibot object schema (`live.pollIntervalMs`, `issuers[].jwksUrl`); records are leaves. */
const optionPaths = (schema: SchemaLike, prefix = ''): string[] => {
  const s = unwrap(schema);
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  if (s.entries) return Object.entries(s.entries).flatMap(([key, entry]) => optionPaths(entry, at(key)));
  if (s.type === 'array' && unwrap(s.item!).entries) return optionPaths(s.item!, `${prefix}[]`);
  return [prefix];
};

/** Paths present in a JSON value, arrays merged over their items. */
const valuePaths = (value: unknown, prefix = ''): string[] => {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item) => valuePaths(item, `${prefix}[]`))];
  if (typeof value !== 'object' || value === null) return [prefix];
  return [
    prefix,
    ...Object.entries(value).flatMap(([key, v]) => valuePaths(v, prefix ? `${prefix}.${key}` : key)),
  ];
};

describe(EXAMPLE, () => {
  it('starts a server through the real config loader, with its secrets from the environment', async () => {
    const config = await loadConfigFile(EXAMPLE, {
      ...SECRETS,
      VC_DATABASE_PATH: join(dir, 'consult.sqlite'),
    });
    const app = await createConsultServer(config as ConsultServerConfigInput);
    expect(app.config.provider).toBe('arztkonsultation');
    expect(app.config.issuers.map((i) => i.issuer)).toHaveLength(4);
    await app.close();
  });

  it('writes no secret: every secret field is an { "env": … } reference', async () => {
    // The loader refuses a literal secret; without the environment it names each missing one instead.
    const error = await loadConfigFile(EXAMPLE, {}).catch((e: unknown) => e as { issues: string[] });
    expect((error as { issues: string[] }).issues.map((i) => i.split(':')[0])).toEqual([
      'issuers.3.secret',
      'pseudonymSecret',
      'providers.arztkonsultation.clientSecret',
      'providers.auvious.clientSecret',
      'providers.webcamconsult.apiToken',
      'database.encryptionKey',
      'webhooks.secret',
    ]);
  });

  it('shows every server option and every option of its provider', () => {
    const present = new Set(valuePaths(example));
    const missing = optionPaths(ConsultServerConfigSchema as unknown as SchemaLike).filter(
      (path) => !present.has(path),
    );
    // The example runs on SQLite: `database.url` would switch it to PostgreSQL (README "Several instances").
    expect(missing).toEqual(['database.url']);
    const providers = example.providers as Record<string, object>;
    for (const [name, schema] of [
      ['arztkonsultation', ArztkonsultationOptionsSchema],
      ['webcamconsult', WebcamconsultOptionsSchema],
    ] as const) {
      const vendor = Object.keys(providers[name] ?? {});
      const vendorMissing = Object.keys(schema.entries).filter((k) => !vendor.includes(k));
      expect([name, vendorMissing]).toEqual([name, []]);
    }
    // Auvious takes exactly one of three credentials: the example shows client credentials.
    const auvious = Object.keys(providers.auvious ?? {});
    const auviousMissing = Object.keys(AuviousOptionsSchema.pipe[0].entries).filter(
      (k) => !auvious.includes(k),
    );
    expect(auviousMissing).toEqual(['accessToken', 'accessTokenFile']);
  });

  it('has every server option documented in the README', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Configuration'), readme.indexOf('### Mounting it'));
    expect(section).toContain(EXAMPLE);
    const undocumented = optionPaths(ConsultServerConfigSchema as unknown as SchemaLike).filter((path) => {
      const names = path.replaceAll('[]', '').split('.');
      return !section.includes(`\`${names[0]}`) || !section.includes(names.at(-1)!);
    });
    expect(undocumented).toEqual([]);
  });
});
