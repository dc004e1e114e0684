import { msg } from '@lit/localize';

/** Browsers whose ways to unblock the camera differ. `in-app`: an app's built-in browser that never allows it. */
export type BrowserFamily = 'in-app' | 'ios' | 'samsung' | 'android' | 'firefox' | 'chrome' | 'other';

/**
 * The browser family of a user agent string, for the steps that unblock the camera. Order matters: in-app
 * browsers carry their platform's tokens, every iOS browser is WebKit underneath (Safari's settings apply), and
 * Samsung Internet and Edge say `Chrome/`.
 */
export const browserFamily = (ua: string): BrowserFamily =>
  /\b(FBAN|FBAV|FB_IAB|Instagram|LinkedInApp)\b/.test(ua)
    ? 'in-app'
    : /\b(iPhone|iPad|iPod)\b/.test(ua)
      ? 'ios'
      : /SamsungBrowser\//.test(ua)
        ? 'samsung'
        : /Firefox\//.test(ua)
          ? 'firefox'
          : /Android/.test(ua) && /Chrome\//.test(ua)
            ? 'android'
            : /Chrome\//.test(ua)
              ? 'chrome'
              : 'other';

/** What to do, step by step, when `family` blocked the camera or microphone; in the active locale. */
export const recoverySteps = (family: BrowserFamily): string[] => {
  if (family === 'in-app') {
    return [
      msg('This app’s built-in browser cannot use your camera.'),
      msg('Open the app’s menu (⋯) and choose “Open in browser”.'),
      msg('Then join the visit again in that browser.'),
    ];
  }
  const allow = msg('Allow the camera and microphone.');
  const first = {
    ios: [
      msg('Tap “aA” in the address bar, then “Website Settings”.'),
      msg('Set Camera and Microphone to “Allow”.'),
    ],
    samsung: [msg('Tap the icon next to the web address, then “Permissions”.'), allow],
    firefox: [msg('Click the crossed-out camera icon in the address bar.'), allow],
    chrome: [msg('Click the icon next to the web address.'), allow],
    other: [msg('Open your browser’s settings for this website.'), allow],
  };
  return [
    ...first[family === 'android' ? 'samsung' : family],
    msg('Then press “Try again”.'),
    msg('Still blocked? Check that your device’s privacy settings allow this browser to use the camera.'),
  ];
};
