/**
 * The embedding page's language and direction, sent with `POST /v1/join` so that a room page the server builds
 * (the sandbox's) or a vendor that takes a UI language speaks the page's language. Not a secret, not personal.
 * Here without valibot, so that the browser bundle can check a tag before it sends it.
 */
export const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,5}$/;

export const TEXT_DIRECTIONS = ['ltr', 'rtl'] as const;
export type TextDirection = (typeof TEXT_DIRECTIONS)[number];
