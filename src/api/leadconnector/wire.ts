import type { BookingStatus } from '../../store/repositories/bookings.ts';

/**
 * HighLevel's response schemas type most fields as plain strings, not nullable ones: a value
 * Slotbase does not have is left out of the answer rather than sent as null.
 */
export function withoutNulls<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null && value !== undefined)) as Partial<T>;
}

export function isoOf(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Slotbase's booking status as HighLevel's appointmentStatus. */
export const APPOINTMENT_STATUS: Record<BookingStatus, string> = {
  pending: 'new',
  confirmed: 'confirmed',
  cancelled: 'cancelled',
  declined: 'cancelled',
  no_show: 'noshow',
  completed: 'showed',
};
