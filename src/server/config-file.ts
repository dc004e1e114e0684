import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './config.js';

type Env = Record<string, string | undefined>;

/**
 * Fields that hold secrets. In a config file they must be a reference (`{ "env": "NAME" }`): the value
 * comes from `$NAME`, or from the file named by `$NAME_FILE` (container secrets). A literal secret in a
 * file that lives next to the code is refused, so it cannot end up in git.
 */
const SECRET_KEYS = new Set([
  'secret',
  'password',
  'pw',
  'apiKey',
  'clientSecret',
  'token',
  'accessToken',
  'apiToken',
  'pseudonymSecret',
  'encryptionKey',
]);

/** Fields that are secrets by where they are, though their name is not (a database URL may carry a password). */
const SECRET_PATHS = new Set(['database.url']);

/** Environment overrides for the fields an operator changes per deployment. */
const ENV_OVERRIDES: [string, string, (v: string) => unknown][] = [
  ['VC_PUBLIC_URL', 'publicUrl', String],
  ['VC_AUDIENCE', 'audience', String],
  [
    'VC_ALLOWED_ORIGINS',
    'allowedOrigins',
    (v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
  ],
  ['VC_PROVIDER', 'provider', String],
  ['VC_DATABASE_PATH', 'database.path', String],
  ['VC_DATABASE_URL', 'database.url', String],
  ['VC_LOG_LEVEL', 'logLevel', String],
  ['VC_JOIN_LINK_TTL_SECONDS', 'joinLinkTtlSeconds', Number],
  ['VC_JOIN_PATIENT_MINUTES_BEFORE', 'joinWindow.patientMinutesBefore', Number],
  ['VC_TRUSTED_PROXY_HEADER', 'trustedProxy.header', String],
  ['VC_PSEUDONYM_SECRET', 'pseudonymSecret', String],
];

function readSecret(name: string, env: Env, where: string, problems: string[]): string | undefined {
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) {
    problems.push(`${where}: env name "${name}" must be UPPER_SNAKE_CASE`);
    return undefined;
  }
  const direct = env[name];
  if (direct !== undefined && direct !== '') return direct;
  const file = env[`${name}_FILE`];
  if (file) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch {
      problems.push(`${where}: ${name}_FILE points to ${file}, which cannot be read`);
      return undefined;
    }
  }
  problems.push(`${where}: set the environment variable ${name} (or ${name}_FILE)`);
  return undefined;
}

/** Replaces `{ env: "NAME" }` references by their values and refuses literal secrets. */
export function resolveSecrets(value: unknown, env: Env, problems: string[], path = ''): unknown {
  if (Array.isArray(value)) return value.map((v, i) => resolveSecrets(v, env, problems, `${path}.${i}`));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const where = path ? `${path.replace(/^\./, '')}.${key}` : key;
    if (SECRET_KEYS.has(key) || SECRET_PATHS.has(where)) {
      if (typeof v === 'object' && v !== null && typeof (v as { env?: unknown }).env === 'string') {
        out[key] = readSecret((v as { env: string }).env, env, where, problems);
      } else if (v !== undefined) {
        problems.push(`${where}: secrets may not be written in the config file; use { "env": "NAME" }`);
      }
      continue;
    }
    out[key] = resolveSecrets(v, env, problems, `${path}.${key}`);
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] = typeof node[key] === 'object' && node[key] !== null ? node[key] : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

/** Applies the `VC_*` environment overrides to a configuration object (in place; returns it). */
export function applyEnvOverrides(
  config: Record<string, unknown>,
  env: Env = process.env,
): Record<string, unknown> {
  for (const [name, field, parse] of ENV_OVERRIDES) {
    const value = env[name];
    if (value !== undefined && value !== '') setPath(config, field, parse(value));
  }
  return config;
}

/** Loads a JSON (or JS/TS module default-export) config file, resolves secrets, applies env overrides. */
export async function loadConfigFile(file: string, env: Env = process.env): Promise<Record<string, unknown>> {
  const path = resolve(file);
  let raw: unknown;
  try {
    raw =
      extname(path) === '.json'
        ? JSON.parse(readFileSync(path, 'utf8'))
        : ((await import(pathToFileURL(path).href)) as { default: unknown }).default;
  } catch (error) {
    throw new ConfigError([`${file}: cannot be read (${(error as Error).message})`]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError([`${file}: must hold one JSON object`]);
  }
  const problems: string[] = [];
  const config = applyEnvOverrides(resolveSecrets(raw, env, problems) as Record<string, unknown>, env);
  if (config.pseudonymSecret === undefined && env.VC_PSEUDONYM_SECRET_FILE) {
    config.pseudonymSecret = readSecret('VC_PSEUDONYM_SECRET', env, 'pseudonymSecret', problems);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
