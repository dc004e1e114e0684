import type { Participant } from '../types.js';

/** The `name` Apizee shows for a participant who skips its login card. */
export const displayName = (participant: Participant): string =>
  participant.name?.trim() || (participant.role === 'patient' ? 'Patient' : 'Clinician');
