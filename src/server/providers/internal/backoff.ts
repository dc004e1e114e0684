/**
 * "Full jitter" backoff (AWS architecture blog, 2015): a random delay in [0, base * 2^retry). Spreading
 * retries over the whole window keeps many servers that saw the same vendor hiccup from retrying in step.
 */
export const jitteredBackoff = (retry: number, baseDelayMs: number, random: () => number): number =>
  Math.floor(random() * baseDelayMs * 2 ** retry);
