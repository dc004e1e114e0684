/**
 * The attribute a consult ticket must never travel in. A page rendered on a server, or by a framework before the
 * elements were defined, may write `ticket="…"` into the markup, where it is copied, cached and logged with the
 * HTML. The elements never read it as a credential: they remove it and tell the developer (without the value).
 */
export const CREDENTIAL_ATTRIBUTE = 'ticket';

/**
 * Removes a credential attribute (`ticket`, or `name`) from `el` if present, with a console warning that names no
 * value, only the property to set instead.
 */
export const dropCredentialAttribute = (
  el: Element,
  name = CREDENTIAL_ATTRIBUTE,
  property = 'ticket',
): void => {
  if (!el.hasAttribute(name)) return;
  el.removeAttribute(name);
  console.warn(
    `<${el.localName}>: removed a "${name}" attribute without reading it. It is a credential: set the ` +
      `\`${property}\` property from script${name === CREDENTIAL_ATTRIBUTE ? ', or use `ticket-url`' : ''}.`,
  );
};
