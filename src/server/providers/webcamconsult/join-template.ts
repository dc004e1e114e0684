import * as v from 'valibot';

/** What a join URL template may name: the appointment, and for patients the client and its token. */
export const PATIENT_PLACEHOLDERS = ['appointmentId', 'clientId', 'clientToken'] as const;
/** A clinician link never carries the patient's client token. */
export const CLINICIAN_PLACEHOLDERS = ['appointmentId', 'userId'] as const;

export type Placeholder = (typeof PATIENT_PLACEHOLDERS)[number] | (typeof CLINICIAN_PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

const namesIn = (template: string): string[] => [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');

/** The template with every placeholder filled by a harmless sample, as a URL (if it is one). */
const sampleUrl = (template: string): URL | undefined => {
  const filled = template.replace(PLACEHOLDER, 'x');
  return URL.canParse(filled) ? new URL(filled) : undefined;
};

/** The fixed origin of a template that `joinTemplateSchema` accepted. */
export const templateOrigin = (template: string): string => (sampleUrl(template) as URL).origin;

/** Whether the template uses a placeholder (e.g. whether links need the client's token). */
export const usesPlaceholder = (template: string, name: Placeholder): boolean =>
  namesIn(template).includes(name);

/**
 * A join URL template as configured: an https URL whose origin is fixed (placeholders only after the host,
 * so no id can move a link to another site), naming only the given placeholders and at least the
 * appointment. Messages never quote the template (it may be mistaken for a secret-bearing URL).
 */
export const joinTemplateSchema = (allowed: readonly Placeholder[]) =>
  v.pipe(
    v.string(),
    v.check(
      (t) =>
        !/[{}]/.test(t.replace(PLACEHOLDER, '')) &&
        namesIn(t).every((n) => allowed.includes(n as Placeholder)),
      `known placeholders only: ${allowed.map((n) => `{${n}}`).join(', ')}`,
    ),
    v.check((t) => namesIn(t).includes('appointmentId'), 'the template must name {appointmentId}'),
    v.check((t) => sampleUrl(t)?.protocol === 'https:', 'an https URL'),
    v.check((t) => {
      const url = sampleUrl(t);
      return (
        url !== undefined && url.username === '' && url.password === '' && t.startsWith(`${url.origin}/`)
      );
    }, 'start with the https origin as written by URL.origin (lower case, no credentials), then the path; placeholders only after the host'),
  );

/** Fills a validated template; every value is percent-encoded, so it stays within its URL component. */
export const fillTemplate = (template: string, values: Partial<Record<Placeholder, string>>): string =>
  template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name as Placeholder];
    if (value === undefined) throw new Error(`no value for the join URL placeholder {${name}}`);
    return encodeURIComponent(value);
  });
