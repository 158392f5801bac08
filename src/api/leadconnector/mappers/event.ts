import type { Booking } from '../../../store/repositories/bookings.ts';
import { APPOINTMENT_STATUS, isoOf } from '../wire.ts';

/** A booking as HighLevel's event of a contact (GetEventSchema). */
export function contactEventToLc(booking: Booking) {
  const status = APPOINTMENT_STATUS[booking.status];
  return {
    id: booking.id,
    calendarId: booking.calendarId,
    locationId: booking.locationId,
    contactId: booking.contactId,
    title: booking.title ?? '',
    status,
    appointmentStatus: status,
    assignedUserId: booking.hosts.find((h) => h.role === 'primary')?.userId ?? '',
    users: booking.hosts.map((h) => h.userId),
    notes: booking.description ?? '',
    address: booking.meetingLocation?.value ?? '',
    groupId: '',
    startTime: isoOf(booking.start),
    endTime: isoOf(booking.end),
    dateAdded: isoOf(booking.createdAt),
    dateUpdated: isoOf(booking.updatedAt),
    assignedResources: [],
  };
}
