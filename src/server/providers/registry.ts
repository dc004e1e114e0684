import * as v from 'valibot';
import { ConfigError, formatIssues } from '../config.js';
import { ApizeeOptionsSchema, createApizeeProvider } from './apizee.js';
import { ArztkonsultationOptionsSchema, createArztkonsultationProvider } from './arztkonsultation.js';
import { AuviousOptionsSchema, createAuviousProvider } from './auvious.js';
import type { ProviderDeps } from './internal/deps.js';
import { createKaleyraProvider, KaleyraOptionsSchema } from './kaleyra.js';
import type { VideoProvider } from './types.js';
import { createWebcamconsultProvider, WebcamconsultOptionsSchema } from './webcamconsult.js';

/** The vendor adapters that can be configured under `providers.<name>`; `sandbox` is always there. */
const VENDORS = {
  arztkonsultation: { schema: ArztkonsultationOptionsSchema, create: createArztkonsultationProvider },
  kaleyra: { schema: KaleyraOptionsSchema, create: createKaleyraProvider },
  apizee: { schema: ApizeeOptionsSchema, create: createApizeeProvider },
  auvious: { schema: AuviousOptionsSchema, create: createAuviousProvider },
  webcamconsult: { schema: WebcamconsultOptionsSchema, create: createWebcamconsultProvider },
} as const;

export const VENDOR_NAMES = Object.keys(VENDORS);

/**
 * Builds the configured vendor providers. Every wrong option of every vendor is reported at once, by
 * path (`providers.kaleyra.baseUrl: …`); the messages never repeat a value, which may be a secret.
 */
export function createConfiguredProviders(
  options: Record<string, unknown>,
  deps?: ProviderDeps,
): VideoProvider[] {
  const problems: string[] = [];
  const providers: VideoProvider[] = [];
  for (const [name, input] of Object.entries(options)) {
    if (name === 'sandbox') continue;
    const vendor = VENDORS[name as keyof typeof VENDORS];
    if (!vendor) {
      problems.push(`providers.${name}: unknown provider (known: sandbox, ${VENDOR_NAMES.join(', ')})`);
      continue;
    }
    const parsed = v.safeParse(vendor.schema, input);
    if (!parsed.success) {
      problems.push(...formatIssues(parsed.issues, `providers.${name}`));
      continue;
    }
    // Each factory re-validates its input; handing it the raw input keeps its defaults in one place.
    providers.push((vendor.create as (i: unknown, d?: ProviderDeps) => VideoProvider)(input, deps));
  }
  if (problems.length) throw new ConfigError(problems);
  return providers;
}
