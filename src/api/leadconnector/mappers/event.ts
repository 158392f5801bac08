import type { Booking } from '../../../store/repositories/bookings.ts';
import { APPOINTMENT_STATUS, isoOf } from '../wire.ts';
import { meetingLocationTypeOf } from './meeting-location.ts';

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
    assignedResources: booking.resourceIds,
  };
}

/** A booking as HighLevel's CalendarEventDTO (events lists, get appointment). */
export function calendarEventToLc(booking: Booking, groupId: string | null, rrule: string | null) {
  const status = APPOINTMENT_STATUS[booking.status];
  return {
    id: booking.id,
    title: booking.title ?? '',
    calendarId: booking.calendarId,
    locationId: booking.locationId,
    contactId: booking.contactId,
    groupId: groupId ?? '',
    appointmentStatus: status,
    assignedUserId: booking.hosts.find((h) => h.role === 'primary')?.userId ?? '',
    users: booking.hosts.map((h) => h.userId),
    address: booking.meetingLocation?.value ?? '',
    notes: '',
    description: booking.description ?? '',
    isRecurring: booking.seriesId !== null,
    ...(rrule ? { rrule, masterEventId: booking.seriesId! } : {}),
    startTime: isoOf(booking.start),
    endTime: isoOf(booking.end),
    dateAdded: isoOf(booking.createdAt),
    dateUpdated: isoOf(booking.updatedAt),
    assignedResources: booking.resourceIds,
    createdBy: { source: booking.createdVia === 'leadconnector' ? 'third_party' : booking.createdVia },
  };
}

/** A booking as the answer to creating or editing an appointment (AppointmentSchemaResponse). */
export function appointmentToLc(booking: Booking, rrule: string | null) {
  return {
    id: booking.id,
    calendarId: booking.calendarId,
    locationId: booking.locationId,
    contactId: booking.contactId,
    title: booking.title ?? '',
    startTime: isoOf(booking.start),
    endTime: isoOf(booking.end),
    appointmentStatus: APPOINTMENT_STATUS[booking.status],
    assignedUserId: booking.hosts.find((h) => h.role === 'primary')?.userId ?? '',
    address: booking.meetingLocation?.value ?? '',
    meetingLocationType: meetingLocationTypeOf(booking.meetingLocation),
    isRecurring: booking.seriesId !== null,
    ...(rrule ? { rrule } : {}),
    dateAdded: isoOf(booking.createdAt),
    dateUpdated: isoOf(booking.updatedAt),
  };
}
