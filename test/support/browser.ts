import { chromium, type Browser } from 'playwright-core';
// @ts-expect-error -- plain .mjs helper shared with the wtr config
import { chromiumPath, CHROMIUM_ARGS, FAKE_MEDIA_ARGS } from '../../scripts/chromium.mjs';

/** Debian's Chromium, headless, with fake camera and microphone granted. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath() as string,
    headless: true,
    args: [...(CHROMIUM_ARGS as string[]), ...(FAKE_MEDIA_ARGS as string[])],
  });
