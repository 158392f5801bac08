import { Type, type TSchema } from 'typebox';
import { DAY_NAMES } from '../../../services/schedules.ts';
import type { StoredSchedule } from '../../../store/repositories/schedules.ts';
import { iso, Timestamp } from './common.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });

const WallTime = (description: string) => Type.String({ maxLength: 5, description });

const IntervalBody = Type.Object({ start: Type.String(), end: Type.String() });
const IntervalInput = Type.Object(
  {
    start: WallTime("'HH:MM', 24-hour clock, 00:00–23:59"),
    end: WallTime("'HH:MM' after start; '24:00' = the end of the day"),
  },
  { additionalProperties: false },
);
const DayInput = Type.Optional(Type.Array(IntervalInput, { maxItems: 48 }));

const days = <T extends TSchema>(day: T) => ({
  monday: day,
  tuesday: day,
  wednesday: day,
  thursday: day,
  friday: day,
  saturday: day,
  sunday: day,
});

const WeeklyHoursInput = Type.Object(days(DayInput), {
  additionalProperties: false,
  description: 'Intervals per day name; a missing or empty day is closed. Intervals of one day must not overlap.',
});

const DateOverrideInput = Type.Object(
  {
    date: Type.String({ maxLength: 10, description: "Local date 'YYYY-MM-DD' in the schedule's time zone" }),
    intervals: Type.Array(IntervalInput, { maxItems: 48, description: "Replace that date's weekly hours; [] = closed all day" }),
  },
  { additionalProperties: false },
);

export const ScheduleBody = Type.Object(
  {
    id: Type.String(),
    locationId: Type.String(),
    userId: Type.Union([Type.String(), Type.Null()]),
    calendarId: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
    timeZone: Type.String(),
    isDefault: Type.Boolean(),
    weeklyHours: Type.Object(days(Type.Array(IntervalBody)), { description: 'Every day is listed; [] = closed' }),
    dateOverrides: Type.Array(Type.Object({ date: Type.String(), intervals: Type.Array(IntervalBody) })),
    appliesTo: Type.Array(Type.String(), { description: 'Calendars this user schedule applies to' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: 'Schedule' },
);

const fields = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Default "Working hours"' })),
  timeZone: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone; defaults to the user’s (or the calendar’s, or its location’s)' }),
  ),
  isDefault: Type.Optional(
    Type.Boolean({ description: 'User schedules only: the user’s default schedule (setting it clears the others)' }),
  ),
  weeklyHours: Type.Optional(WeeklyHoursInput),
  dateOverrides: Type.Optional(Type.Array(DateOverrideInput, { maxItems: 1000 })),
  appliesTo: Type.Optional(
    Type.Array(Id, {
      maxItems: 100,
      description:
        'User schedules only: calendar ids (same location). One schedule per calendar and user: a calendar named here leaves the user’s other schedule it was applied to.',
    }),
  ),
};

export const ScheduleCreate = Type.Object(
  {
    locationId: Type.Optional(Id),
    userId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Owner user (exactly one of userId and calendarId)' })),
    calendarId: Type.Optional(Type.Union([Id, Type.Null()], { description: 'Owner calendar: its own schedule (at most one)' })),
    ...fields,
  },
  { additionalProperties: false },
);
export const SchedulePatch = Type.Object(fields, { additionalProperties: false });

export const ScheduleListQuery = {
  userId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Schedules owned by this user' })),
  calendarId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'The calendar’s own schedule and the user schedules applied to it' }),
  ),
};

export function scheduleToWire(schedule: StoredSchedule) {
  return {
    id: schedule.id,
    locationId: schedule.locationId,
    userId: schedule.userId,
    calendarId: schedule.calendarId,
    name: schedule.name,
    timeZone: schedule.timeZone,
    isDefault: schedule.isDefault,
    weeklyHours: Object.fromEntries(DAY_NAMES.map((day, i) => [day, schedule.weekly[(i + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7] ?? []])),
    dateOverrides: schedule.dateRules.map((rule) => ({ date: rule.date, intervals: rule.intervals })),
    appliesTo: schedule.appliesTo.map((a) => a.calendarId),
    createdAt: iso(schedule.createdAt),
    updatedAt: iso(schedule.updatedAt),
  };
}
