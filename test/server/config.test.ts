import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/server/config-file.js';
import { ConfigError, parseConfig } from '../../src/server/config.js';

const dir = mkdtempSync(join(tmpdir(), 'vc-config-'));
const file = (name: string, data: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof data === 'string' ? data : JSON.stringify(data));
  return path;
};

const base = {
  publicUrl: 'https://consult.hospital.test',
  audience: 'consult',
  allowedOrigins: ['https://portal.hospital.test'],
  issuers: [{ issuer: 'portal', algorithms: ['HS256'], secret: { env: 'PORTAL_SECRET' } }],
  pseudonymSecret: { env: 'VC_PSEUDONYM_SECRET' },
};
const SECRET = 's'.repeat(40);

describe('configuration', () => {
  it('reads secrets from env references and applies env overrides', async () => {
    const config = await loadConfigFile(file('ok.json', base), {
      PORTAL_SECRET: SECRET,
      VC_PSEUDONYM_SECRET: SECRET,
      VC_ALLOWED_ORIGINS: 'https://a.test, https://b.test',
      VC_DATABASE_PATH: '/var/lib/consult.sqlite',
      VC_JOIN_PATIENT_MINUTES_BEFORE: '30',
    });
    const parsed = parseConfig(config);
    expect(parsed.joinWindow.patientMinutesBefore).toBe(30);
    expect(parsed.issuers[0]!.secret).toBe(SECRET);
    expect(parsed.allowedOrigins).toEqual(['https://a.test', 'https://b.test']);
    expect(parsed.database.path).toBe('/var/lib/consult.sqlite');
  });

  it('reads a secret from NAME_FILE', async () => {
    const secretFile = file('secret.txt', `${SECRET}\n`);
    const config = await loadConfigFile(file('f.json', base), {
      PORTAL_SECRET_FILE: secretFile,
      VC_PSEUDONYM_SECRET: SECRET,
    });
    expect(parseConfig(config).issuers[0]!.secret).toBe(SECRET);
  });

  it('refuses an issuer named twice, which would silently replace the first one', () => {
    const twice = {
      ...base,
      issuers: [
        { issuer: 'portal', algorithms: ['HS256'], secret: SECRET },
        { issuer: 'portal', algorithms: ['HS256'], secret: 'y'.repeat(32) },
      ],
      pseudonymSecret: SECRET,
    };
    expect(() => parseConfig(twice)).toThrow(/issuers: each issuer name may appear once/);
    expect(() => parseConfig({ ...twice, issuers: twice.issuers.slice(0, 1) })).not.toThrow();
  });

  it('refuses a literal secret in the file and names every missing one', async () => {
    const literal = { ...base, issuers: [{ issuer: 'p', algorithms: ['HS256'], secret: SECRET }] };
    const error = await loadConfigFile(file('lit.json', literal), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      'issuers.0.secret: secrets may not be written in the config file; use { "env": "NAME" }',
      'pseudonymSecret: set the environment variable VC_PSEUDONYM_SECRET (or VC_PSEUDONYM_SECRET_FILE)',
    ]);
  });

  it('takes the PostgreSQL URL (it may carry a password) from an env reference only', async () => {
    const url = 'postgres://consult:pw@db.internal:5432/consult';
    const ref = { ...base, database: { url: { env: 'VC_DB_URL' }, poolSize: 20 } };
    const parsed = parseConfig(
      await loadConfigFile(file('pg.json', ref), {
        VC_DB_URL: url,
        PORTAL_SECRET: SECRET,
        VC_PSEUDONYM_SECRET: SECRET,
      }),
    );
    expect(parsed.database).toMatchObject({ url, poolSize: 20 });
    const literal = { ...base, database: { url } };
    const error = await loadConfigFile(file('pg-lit.json', literal), {
      PORTAL_SECRET: SECRET,
      VC_PSEUDONYM_SECRET: SECRET,
    }).catch((e: unknown) => e);
    expect((error as ConfigError).issues).toEqual([
      'database.url: secrets may not be written in the config file; use { "env": "NAME" }',
    ]);
    // or from VC_DATABASE_URL; anything but a postgres:// URL is refused
    const fromEnv = await loadConfigFile(file('pg-env.json', base), {
      VC_DATABASE_URL: url,
      PORTAL_SECRET: SECRET,
      VC_PSEUDONYM_SECRET: SECRET,
    });
    expect(parseConfig(fromEnv).database.url).toBe(url);
    expect(() => parseConfig({ ...fromEnv, database: { url: 'mysql://x' } })).toThrow(/postgres/);
  });

  it('treats a vendor access token as a secret: an env reference, never a literal', async () => {
    const apizee = (accessToken: unknown) => ({
      ...base,
      providers: { apizee: { mode: 'conference', accessToken } },
    });
    const env = { PORTAL_SECRET: SECRET, VC_PSEUDONYM_SECRET: SECRET };
    const config = await loadConfigFile(file('token.json', apizee({ env: 'APIZEE_TOKEN' })), {
      ...env,
      APIZEE_TOKEN: 'apizee-ready-made-token',
    });
    expect(parseConfig(config).providers).toEqual({
      apizee: { mode: 'conference', accessToken: 'apizee-ready-made-token' },
    });
    const error = await loadConfigFile(file('token-lit.json', apizee('pasted-token')), env).catch(
      (e: unknown) => e,
    );
    expect((error as ConfigError).issues).toEqual([
      'providers.apizee.accessToken: secrets may not be written in the config file; use { "env": "NAME" }',
    ]);
  });

  it('fails at start on a weak secret with the field named', async () => {
    const config = await loadConfigFile(file('weak.json', base), {
      PORTAL_SECRET: 'short',
      VC_PSEUDONYM_SECRET: SECRET,
    });
    expect(() => parseConfig(config)).toThrow(/issuers\.0\.secret: must be at least 32 bytes/);
  });

  it('names each wrong field', () => {
    const error = (() => {
      try {
        parseConfig({
          ...base,
          publicUrl: 'http://consult.example',
          allowedOrigins: ['*'],
          joinLinkTtlSeconds: 5,
          pseudonymSecret: SECRET,
          issuers: [],
        });
      } catch (e) {
        return e as ConfigError;
      }
    })()!;
    expect(error.issues.map((i) => i.split(':')[0])).toEqual(
      expect.arrayContaining(['publicUrl', 'allowedOrigins.0', 'joinLinkTtlSeconds', 'issuers']),
    );
  });

  it('defaults the visit window and live timings, and refuses a vendor poll faster than once a second', () => {
    const valid = {
      ...base,
      pseudonymSecret: SECRET,
      issuers: [{ issuer: 'p', algorithms: ['HS256'], secret: SECRET }],
    };
    const config = parseConfig(valid);
    expect(config.joinWindow).toEqual({
      patientMinutesBefore: 10,
      clinicianMinutesBefore: 60,
      graceMinutesAfter: 30,
    });
    expect(config.live).toEqual({
      pollIntervalMs: 5000,
      sandboxPollIntervalMs: 1000,
      heartbeatSeconds: 15,
      maxStreamSeconds: 600,
      maxStreamsPerIp: 100,
      maxStreamsPerSubject: 5,
    });
    expect(() => parseConfig({ ...valid, live: { pollIntervalMs: 200 } })).toThrow(/live\.pollIntervalMs/);
    expect(() => parseConfig({ ...valid, joinWindow: { patientMinutesBefore: -1 } })).toThrow(
      /joinWindow\.patientMinutesBefore/,
    );
    expect(() => parseConfig({ ...valid, live: { everySecond: true } })).toThrow(/live/);
  });

  it('reports an unreadable file clearly', async () => {
    await expect(loadConfigFile(join(dir, 'missing.json'))).rejects.toThrow(/cannot be read/);
    await expect(loadConfigFile(file('bad.json', '{ nope'))).rejects.toThrow(/cannot be read/);
  });
});
