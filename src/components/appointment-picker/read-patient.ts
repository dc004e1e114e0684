import type { PatientDetails } from './booking-client.js';

/**
 * The built-in form's fields as patient details, or the field errors that keep them from being sent: a name, and
 * an email address or a phone number (an email address must look like one).
 */
export const readPatient = (
  form: HTMLFormElement,
): { patient?: PatientDetails; errors: Record<string, string> } => {
  const value = (name: string) => String(new FormData(form).get(name) ?? '').trim();
  const name = value('name');
  const email = value('email');
  const phone = value('phone');
  const errors: Record<string, string> = {};
  if (!name) errors.name = 'missing';
  const emailInput = form.querySelector<HTMLInputElement>('input[name="email"]');
  if (email && emailInput?.validity.typeMismatch) errors.email = 'invalid';
  if (!email && !phone) errors.email = 'contact-missing';
  if (phone && !/^\+?[\d\s()./-]{5,}$/.test(phone)) errors.phone = 'invalid';
  if (Object.keys(errors).length) return { errors };
  return { patient: { name, ...(email && { email }), ...(phone && { phone }) }, errors };
};
