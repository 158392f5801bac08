import { Type } from 'typebox';

/** The query of HighLevel's event lists (appointments, blocked slots): a location, a range, owners. */
export const EventRangeQuery = Type.Object({
  locationId: Type.String({ minLength: 1 }),
  startTime: Type.String({ minLength: 1 }),
  endTime: Type.String({ minLength: 1 }),
  userId: Type.Optional(Type.String()),
  calendarId: Type.Optional(Type.String()),
  groupId: Type.Optional(Type.String()),
});

export type EventRange = { locationId: string; startTime: string; endTime: string; userId?: string; calendarId?: string; groupId?: string };
