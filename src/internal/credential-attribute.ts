/**
 * The attribute a consult ticket must never travel in. A page rendered on a server, or by a framework before the
 * elements were defined, may write `ticket="…"` into the markup, where it is copied, cached and logged with the
 * HTML. The elements never read it as a credential: they remove it and tell the developer (without the value).
 */
export const CREDENTIAL_ATTRIBUTE = 'ticket';

/** Removes the credential attribute from `el` if present, with a console warning that names no value. */
export const dropCredentialAttribute = (el: Element): void => {
  if (!el.hasAttribute(CREDENTIAL_ATTRIBUTE)) return;
  el.removeAttribute(CREDENTIAL_ATTRIBUTE);
  console.warn(
    `<${el.localName}>: removed a "${CREDENTIAL_ATTRIBUTE}" attribute without reading it. A consult ticket is a ` +
      'credential: set the `ticket` property from script, or use `ticket-url`.',
  );
};
