import type { CalendarInput, HostPriority } from '../../../services/calendars.ts';
import type { DateOverride, IntervalInput, WeeklyHours } from '../../../services/schedules.ts';
import type { BookingWindow, Calendar, CalendarKind, PeriodUnit } from '../../../store/repositories/calendars.ts';
import type { StoredSchedule } from '../../../store/repositories/schedules.ts';
import { ValidationError } from '../../../services/errors.ts';
import { withoutNulls } from '../wire.ts';
import { configurationsToLc, LOCATIONS_EXTENSION, storedLocationsOf, type LcLocationConfiguration, type StoredLocations } from './meeting-location.ts';

const KIND_OF: Record<string, CalendarKind> = {
  round_robin: 'round_robin',
  event: 'event',
  class_booking: 'class',
  collective: 'collective',
  service_booking: 'service',
  personal: 'personal',
};
const TYPE_OF: Record<CalendarKind, string> = {
  round_robin: 'round_robin',
  event: 'event',
  class: 'class_booking',
  collective: 'collective',
  service: 'service_booking',
  personal: 'personal',
};
const MODE_OF: Record<string, 'availability' | 'equal_distribution'> = {
  RoundRobin_OptimizeForAvailability: 'availability',
  RoundRobin_OptimizeForEqualDistribution: 'equal_distribution',
};
const PRIORITY_OF = (value: number | undefined): HostPriority => (value === undefined ? 'medium' : value >= 1 ? 'high' : value <= 0 ? 'low' : 'medium');
const PRIORITY_VALUE: Record<number, number> = { 0: 0, 1: 0.5, 2: 1 };
/** HighLevel's daysOfTheWeek: 0 = Sunday. */
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
/** The fields HighLevel's calendars carry that Slotbase keeps and returns without acting on them. */
const PASS_THROUGH = [
  'widgetSlug', 'widgetType', 'formId', 'notes', 'pixelId', 'formSubmitType', 'formSubmitRedirectURL', 'formSubmitThanksMessage',
  'guestType', 'consentLabel', 'calendarCoverImage', 'lookBusyConfig', 'stickyContact', 'isLivePaymentMode', 'enableRecurring', 'recurring',
  'shouldSendAlertEmailsToAssignedMember', 'alertEmail', 'googleInvitationEmails', 'shouldAssignContactToTeamMember',
  'shouldSkipAssigningContactForExisting', 'notifications', 'availabilityType',
] as const;

interface Hour {
  openHour: number;
  openMinute: number;
  closeHour: number;
  closeMinute: number;
}
export interface LcCalendarBody {
  locationId?: string;
  groupId?: string;
  isActive?: boolean;
  name?: string;
  description?: string;
  slug?: string;
  calendarType?: string;
  eventType?: string;
  eventTitle?: string;
  eventColor?: string;
  meetingLocation?: string;
  locationConfigurations?: LcLocationConfiguration[];
  teamMembers?: Array<{ userId: string; priority?: number; isPrimary?: boolean; locationConfigurations?: LcLocationConfiguration[] }>;
  slotDuration?: number;
  slotDurationUnit?: 'mins' | 'hours';
  slotInterval?: number;
  slotIntervalUnit?: 'mins' | 'hours';
  slotBuffer?: number;
  slotBufferUnit?: 'mins' | 'hours';
  preBuffer?: number;
  preBufferUnit?: 'mins' | 'hours';
  appoinmentPerSlot?: number;
  appoinmentPerDay?: number;
  allowBookingAfter?: number;
  allowBookingAfterUnit?: 'hours' | 'days' | 'weeks' | 'months';
  allowBookingFor?: number;
  allowBookingForUnit?: 'days' | 'weeks' | 'months';
  openHours?: Array<{ daysOfTheWeek: number[]; hours: Hour[] }>;
  availabilities?: Array<{ date: string; hours: Hour[]; deleted?: boolean }>;
  autoConfirm?: boolean;
  allowReschedule?: boolean;
  allowCancellation?: boolean;
  [passThrough: string]: unknown;
}

const minutes = (amount: number, unit: 'mins' | 'hours' | undefined) => Math.round(unit === 'hours' ? amount * 60 : amount);
const pad = (n: number) => String(n).padStart(2, '0');
const wall = (hour: number, minute: number) => `${pad(hour)}:${pad(minute)}`;
const intervalOf = (h: Hour): IntervalInput => ({ start: wall(h.openHour, h.openMinute), end: h.closeHour === 24 || (h.closeHour === 0 && h.closeMinute === 0 && h.openHour > 0) ? '24:00' : wall(h.closeHour, h.closeMinute) });
const hourOf = (i: IntervalInput): Hour => {
  const [openHour, openMinute] = i.start.split(':').map(Number) as [number, number];
  const [closeHour, closeMinute] = i.end.split(':').map(Number) as [number, number];
  return { openHour, openMinute, closeHour, closeMinute };
};

function meetingOf(configurations: LcCalendarBody['locationConfigurations'], legacy?: string) {
  const first = configurations?.[0];
  if (first?.kind) return { kind: first.kind, value: first.location ?? null };
  return legacy ? { kind: 'custom', value: legacy } : undefined;
}

/** HighLevel's calendar body as Slotbase's calendar input; `current` fills units and kinds on a partial update. */
export function lcToCalendarInput(body: LcCalendarBody, current?: Calendar): Partial<CalendarInput> {
  const input: Partial<CalendarInput> = {};
  if (body.name !== undefined) input.name = body.name;
  if (body.description !== undefined) input.description = body.description;
  if (body.slug !== undefined) input.slug = body.slug;
  if (body.groupId !== undefined) input.groupId = body.groupId || null;
  if (body.isActive !== undefined) input.active = body.isActive;
  if (body.calendarType !== undefined) input.kind = KIND_OF[body.calendarType];
  else if (!current) input.kind = body.teamMembers?.length ? 'round_robin' : 'event';
  if (body.eventType !== undefined) input.roundRobinMode = MODE_OF[body.eventType];
  if (body.eventTitle !== undefined) input.eventTitle = body.eventTitle;
  if (body.eventColor !== undefined) input.color = body.eventColor;
  const meeting = meetingOf(body.locationConfigurations, body.meetingLocation);
  if (meeting) input.meetingLocation = meeting;
  if (body.teamMembers !== undefined) {
    input.hosts = body.teamMembers.map((m) => ({
      userId: m.userId,
      priority: PRIORITY_OF(m.priority),
      isPrimary: m.isPrimary ?? false,
      meetingLocation: meetingOf(m.locationConfigurations) ?? null,
    }));
  }
  if (body.slotDuration !== undefined) input.durations = [minutes(body.slotDuration, body.slotDurationUnit)];
  if (body.slotInterval !== undefined) input.slotInterval = body.slotInterval > 0 ? minutes(body.slotInterval, body.slotIntervalUnit) : null;
  if (body.slotBuffer !== undefined) input.postBuffer = minutes(body.slotBuffer, body.slotBufferUnit);
  if (body.preBuffer !== undefined) input.preBuffer = minutes(body.preBuffer, body.preBufferUnit);
  if (body.appoinmentPerSlot !== undefined) input.seatsPerSlot = Math.max(1, body.appoinmentPerSlot);
  if (body.appoinmentPerDay !== undefined) input.dailyLimit = body.appoinmentPerDay > 0 ? { max: body.appoinmentPerDay, scope: 'host' } : null;
  if (body.allowBookingAfter !== undefined) input.minimumNotice = { amount: body.allowBookingAfter, unit: (body.allowBookingAfterUnit ?? 'hours') as PeriodUnit };
  if (body.allowBookingFor !== undefined) {
    input.bookingWindow = body.allowBookingFor > 0 ? { kind: 'rolling', amount: body.allowBookingFor, unit: body.allowBookingForUnit ?? 'days' } : { kind: 'unlimited' };
  }
  if (body.autoConfirm !== undefined) input.autoConfirm = body.autoConfirm;
  if (body.allowReschedule !== undefined) input.allowReschedule = body.allowReschedule;
  if (body.allowCancellation !== undefined) input.allowCancel = body.allowCancellation;
  if (body.openHours !== undefined || body.availabilities !== undefined) {
    const hours: { weeklyHours?: WeeklyHours; dateOverrides?: DateOverride[] } = {};
    if (body.openHours !== undefined) {
      const weekly: WeeklyHours = {};
      for (const day of DAYS) weekly[day] = [];
      for (const rule of body.openHours) for (const d of rule.daysOfTheWeek) weekly[DAYS[d]!]!.push(...rule.hours.map(intervalOf));
      hours.weeklyHours = weekly;
    }
    if (body.availabilities !== undefined) {
      hours.dateOverrides = body.availabilities.filter((a) => !a.deleted).map((a) => ({ date: a.date.slice(0, 10), intervals: a.hours.map(intervalOf) }));
    }
    input.hours = hours;
  }
  const kept = { ...((current?.extensions.leadconnector as Record<string, unknown>) ?? {}) };
  let changed = false;
  for (const field of PASS_THROUGH) {
    if (body[field] !== undefined) {
      kept[field] = body[field];
      changed = true;
    }
  }
  const locations = locationsOf(body, current, input.kind ?? current?.kind);
  if (changed || locations) {
    input.extensions = { ...(current?.extensions ?? {}), leadconnector: kept, ...(locations ? { [LOCATIONS_EXTENSION]: locations } : {}) };
  }
  return input;
}

/** Every location configuration sent (HighLevel's rules on how many), or undefined when none was. */
function locationsOf(body: LcCalendarBody, current: Calendar | undefined, kind: CalendarKind | undefined): StoredLocations | undefined {
  if (body.locationConfigurations === undefined && body.teamMembers === undefined) return undefined;
  const stored = storedLocationsOf(current);
  if (body.locationConfigurations !== undefined) stored.calendar = body.locationConfigurations;
  if (body.teamMembers !== undefined) {
    const members: Record<string, LcLocationConfiguration[]> = {};
    for (const m of body.teamMembers) {
      const count = m.locationConfigurations?.length ?? 0;
      if (count > 1 && (kind === 'class' || kind === 'collective')) {
        throw ValidationError.field('teamMembers', 'class booking and collective calendars take one location configuration per team member');
      }
      if (count > 1 && body.teamMembers.length > 1) throw ValidationError.field('teamMembers', 'several location configurations are allowed only with one team member');
      if (count > 0) members[m.userId] = m.locationConfigurations!;
    }
    stored.members = members;
  }
  return stored;
}

function windowFields(window: BookingWindow) {
  return window.kind === 'rolling' ? { allowBookingFor: window.amount, allowBookingForUnit: window.unit } : {};
}

/** Slotbase's calendar as HighLevel's CalendarDTO; `schedule` is its own schedule (openHours, availabilities). */
export function calendarToLc(calendar: Calendar, schedule: StoredSchedule | undefined) {
  const openHours = schedule
    ? ([1, 2, 3, 4, 5, 6, 7] as const)
        .filter((weekday) => (schedule.weekly[weekday]?.length ?? 0) > 0)
        .map((weekday) => ({ daysOfTheWeek: [weekday % 7], hours: schedule.weekly[weekday]!.map(hourOf) }))
    : [];
  const availabilities = schedule ? schedule.dateRules.map((r) => ({ date: `${r.date}T00:00:00.000Z`, hours: r.intervals.map(hourOf), deleted: false })) : [];
  const duration = (calendar.durations.find((d) => d.isDefault) ?? calendar.durations[0])?.minutes ?? 30;
  const location = calendar.meetingLocation;
  const stored = storedLocationsOf(calendar);
  return withoutNulls({
    ...((calendar.extensions.leadconnector as Record<string, unknown>) ?? {}),
    id: calendar.id,
    locationId: calendar.locationId,
    groupId: calendar.groupId,
    isActive: calendar.active,
    name: calendar.name,
    description: calendar.description,
    slug: calendar.slug,
    calendarType: TYPE_OF[calendar.kind],
    eventType: calendar.roundRobinMode === 'equal_distribution' ? 'RoundRobin_OptimizeForEqualDistribution' : 'RoundRobin_OptimizeForAvailability',
    eventTitle: calendar.eventTitle,
    eventColor: calendar.color,
    meetingLocation: location?.value ?? null,
    locationConfigurations: configurationsToLc(stored.calendar, location),
    teamMembers: calendar.hosts.map((h) =>
      withoutNulls({
        userId: h.userId,
        priority: PRIORITY_VALUE[h.priority] ?? 0.5,
        isPrimary: h.isPrimary,
        locationConfigurations: h.meetingLocation ? configurationsToLc(stored.members[h.userId] ?? [], h.meetingLocation) : undefined,
      }),
    ),
    slotDuration: duration,
    slotDurationUnit: 'mins',
    slotInterval: calendar.slotIntervalMin ?? duration,
    slotIntervalUnit: 'mins',
    slotBuffer: calendar.postBufferMin,
    slotBufferUnit: 'mins',
    preBuffer: calendar.preBufferMin,
    preBufferUnit: 'mins',
    appoinmentPerSlot: calendar.seatsPerSlot,
    appoinmentPerDay: calendar.dailyLimit?.max ?? 0,
    // HighLevel counts notice from hours up; minutes (from the native API) read as fractional hours.
    allowBookingAfter: calendar.minNotice.unit === 'minutes' ? calendar.minNotice.amount / 60 : calendar.minNotice.amount,
    allowBookingAfterUnit: calendar.minNotice.unit === 'minutes' ? 'hours' : calendar.minNotice.unit,
    ...windowFields(calendar.bookingWindow),
    openHours,
    availabilities,
    autoConfirm: calendar.autoConfirm,
    allowReschedule: calendar.allowReschedule,
    allowCancellation: calendar.allowCancel,
  });
}
