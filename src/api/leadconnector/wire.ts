import { checkInstantRange } from '../../services/instants.ts';
import { ValidationError } from '../../services/errors.ts';
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

/** HighLevel answers whole lists where Slotbase's services page: every item, page by page. */
export async function allPages<T>(page: (request: { limit: number; offset: number }) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const size = 100;
  const items: T[] = [];
  for (let offset = 0; ; offset += size) {
    const result = await page({ limit: size, offset });
    items.push(...result.items);
    if (offset + size >= result.total || result.items.length === 0) return items;
  }
}

/** An instant from a query or body: epoch milliseconds (as HighLevel sends them) or ISO 8601. */
export function instantMs(field: string, value: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) throw ValidationError.field(field, 'must be epoch milliseconds or a valid ISO 8601 date string');
  return checkInstantRange(field, ms);
}
