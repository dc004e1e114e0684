// The booking doubles of the booking benches: one service ('bench', 20 minutes + 5 buffer, capacity 1) of
// one clinician, every start offered (the slot engine has its own bench), no calendar.
const MINUTE = 60_000;

export const benchService = {
  id: 'bench',
  title: 'Bench visit',
  durationMinutes: 20,
  bufferMinutes: 5,
  slotStepMinutes: 25,
  capacity: 1,
  minLeadMinutes: 0,
  horizonDays: 3650,
  changeCutoffMinutes: 0,
  clinicians: ['dr-0'],
  provider: 'sandbox',
  access: 'public',
  patients: 'any',
  asksDateOfBirth: false,
};
export const benchBooking = {
  services: (id) => (id === 'bench' ? benchService : undefined),
  clinicians: () => ({ id: 'dr-0', displayName: 'Dr. Bench', subject: 'dr-0' }),
  slots: {
    offered: async (s, start) => ({
      end: new Date(start.getTime() + s.durationMinutes * MINUTE),
      clinicianIds: s.clinicians,
    }),
  },
  renderCalendar: () => '',
};
