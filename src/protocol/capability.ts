/**
 * An appointment's capability token (`vca_…`): handed out once with the booked appointment, sent as a bearer
 * credential for that one appointment, and good for as long as it stands (unlike a consult ticket, which is spent
 * by the call it is sent with). The prefix tells the two apart.
 */
export const CAPABILITY_PREFIX = 'vca_';

/** Whether `credential` is an appointment's capability token, which may be sent more than once. */
export const isCapabilityToken = (credential: string | undefined): credential is string =>
  credential?.startsWith(CAPABILITY_PREFIX) === true;
