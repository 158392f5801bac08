import { formatInstant } from '../../../core/time-zone.ts';
import type { ServiceBooking, ServiceBookingStatus } from '../../../services/bookings/service-bookings.ts';
import { isoOf } from '../wire.ts';

/** Slotbase's service booking status as HighLevel's (UpdateServiceBookingDTO's values). */
const STATUS: Record<ServiceBookingStatus, string> = {
  pending: 'new',
  confirmed: 'confirmed',
  cancelled: 'cancelled',
  invalid: 'invalid',
  completed: 'showed',
  no_show: 'no_show',
};

/** HighLevel's service booking statuses as Slotbase's. */
export const SERVICE_BOOKING_STATUS: Record<string, ServiceBookingStatus> = {
  new: 'pending',
  confirmed: 'confirmed',
  cancelled: 'cancelled',
  invalid: 'invalid',
  showed: 'completed',
  no_show: 'no_show',
};

/**
 * A service booking as HighLevel's ServiceBookingResponseDTO: instants with the offset of
 * `timeZone` (default: the booking's zone); each service with its staff member and add-ons. An
 * item booked by a variation reads back with the variation's id.
 */
export function serviceBookingToLc(sb: ServiceBooking, timeZone = sb.timeZone) {
  const { booking } = sb;
  const at = (ms: number) => formatInstant(ms, timeZone);
  return {
    bookingId: booking.id,
    locationId: booking.locationId,
    contactId: booking.contactId,
    serviceLocationId: sb.serviceLocationId ?? '',
    title: booking.title ?? '',
    startTime: at(booking.start),
    endTime: at(booking.end),
    services: sb.items.map((item) => ({
      id: item.variantId ?? item.serviceId,
      serviceCategoryId: item.categoryId ?? '',
      serviceStaffId: item.staffId,
      serviceStartTime: at(item.start),
      serviceEndTime: at(item.end),
      serviceResources: item.resourceIds.map((id) => ({ id })),
      serviceAddOns: item.addOns.map((a) => ({ id: a.id, quantity: a.quantity })),
    })),
    timezone: sb.timeZone,
    status: STATUS[sb.status],
    deleted: false,
    dateAdded: isoOf(booking.createdAt),
    dateUpdated: isoOf(booking.updatedAt),
    createdBy: { source: booking.createdVia === 'leadconnector' ? 'third_party' : booking.createdVia },
    ...(sb.meetingLocation === null ? {} : { meetingLocation: sb.meetingLocation }),
  };
}
