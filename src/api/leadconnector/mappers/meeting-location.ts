import { ValidationError } from '../../../services/errors.ts';
import type { Calendar, MeetingLocation } from '../../../store/repositories/calendars.ts';
import { withoutNulls } from '../wire.ts';

export interface LcLocationConfiguration {
  kind?: string;
  location?: string;
}

/**
 * Every location configuration HighLevel sent for a calendar, kept in the calendar's extensions:
 * Slotbase's own columns hold only the first one (of the calendar and of each team member).
 */
export interface StoredLocations {
  calendar: LcLocationConfiguration[];
  members: Record<string, LcLocationConfiguration[]>;
}

export const LOCATIONS_EXTENSION = 'leadconnectorLocations';

/** HighLevel's location kinds; Slotbase's own kinds (from the native API) read as the nearest one. */
const LC_KINDS = ['custom', 'zoom_conference', 'google_conference', 'inbound_call', 'outbound_call', 'physical', 'booker', 'ms_teams_conference'];
const NATIVE_KIND: Record<string, string> = { address: 'physical', phone: 'outbound_call', zoom: 'zoom_conference', google_meet: 'google_conference', teams: 'ms_teams_conference' };
export const lcKind = (kind: string) => (LC_KINDS.includes(kind) ? kind : (NATIVE_KIND[kind] ?? 'custom'));

/** An appointment's `meetingLocationType` as a calendar location kind, and back. */
const KIND_OF_TYPE: Record<string, string> = {
  custom: 'custom',
  zoom: 'zoom_conference',
  gmeet: 'google_conference',
  google: 'google_conference',
  phone: 'outbound_call',
  address: 'physical',
  ms_teams: 'ms_teams_conference',
};
const TYPE_OF_KIND: Record<string, string> = {
  zoom_conference: 'zoom',
  google_conference: 'gmeet',
  inbound_call: 'phone',
  outbound_call: 'phone',
  physical: 'address',
  ms_teams_conference: 'ms_teams',
};
export const meetingLocationTypeOf = (location: MeetingLocation | null) => (location ? (TYPE_OF_KIND[lcKind(location.kind)] ?? 'custom') : 'default');

export function storedLocationsOf(calendar: Calendar | undefined): StoredLocations {
  const stored = calendar?.extensions[LOCATIONS_EXTENSION] as StoredLocations | undefined;
  return { calendar: stored?.calendar ?? [], members: stored?.members ?? {} };
}

const same = (config: LcLocationConfiguration | undefined, native: MeetingLocation) =>
  config !== undefined && lcKind(config.kind ?? 'custom') === lcKind(native.kind) && (config.location ?? null) === native.value;

/**
 * The configurations to answer: the stored list while its first entry is still the meeting
 * location in force (the native API may have changed it since), else that location alone.
 */
export function configurationsToLc(stored: LcLocationConfiguration[], native: MeetingLocation | null) {
  if (!native) return [];
  const list = same(stored[0], native) ? stored : [{ kind: native.kind, location: native.value ?? undefined }];
  return list.map((c) => withoutNulls({ kind: lcKind(c.kind ?? 'custom'), location: c.location ?? null }));
}

/** `custom_0`, `physical_1`, …: a configuration's id is its kind and its place in its list. */
const idOf = (config: LcLocationConfiguration, index: number) => `${config.kind ?? 'custom'}_${index}`;

function byId(list: LcLocationConfiguration[] | undefined, id: string): LcLocationConfiguration | undefined {
  return list?.find((config, index) => idOf(config, index) === id);
}

/** Where a booking meets unless it asks otherwise: its host's location on the calendar, else the calendar's. */
export function defaultMeetingLocation(calendar: Calendar, userId: string | undefined): MeetingLocation | null {
  return calendar.hosts.find((h) => h.userId === userId)?.meetingLocation ?? calendar.meetingLocation;
}

export interface AppointmentLocationFields {
  meetingLocationType?: string;
  meetingLocationId?: string;
  overrideLocationConfig?: boolean;
  address?: string;
}

/**
 * The meeting location an appointment asks for: its own type and address (overrideLocationConfig,
 * or no meetingLocationId), or one of the calendar's or the assigned member's configurations by
 * id; undefined leaves the default (the member's location, else the calendar's).
 */
export function requestedMeetingLocation(
  calendar: Calendar,
  body: AppointmentLocationFields,
  userId: string | undefined,
  editing = false,
): MeetingLocation | null | undefined {
  const own = body.meetingLocationType !== undefined || body.address !== undefined;
  if (body.overrideLocationConfig === true || (own && body.meetingLocationId === undefined)) {
    if (!own) throw ValidationError.field('meetingLocationType', 'give meetingLocationType or address with overrideLocationConfig');
    return { kind: KIND_OF_TYPE[body.meetingLocationType ?? 'custom'] ?? 'custom', value: body.address ?? null };
  }
  if (body.meetingLocationId === undefined) return undefined;
  // On an edit, "default" puts the default back; on a create it is what happens anyway.
  if (body.meetingLocationId === 'default') return editing ? defaultMeetingLocation(calendar, userId) : undefined;
  const stored = storedLocationsOf(calendar);
  const lists = [userId ? stored.members[userId] : undefined, stored.calendar, ...Object.values(stored.members)];
  for (const list of lists) {
    const config = byId(list, body.meetingLocationId);
    // An "ask the booker" location takes the address the booker gave.
    if (config) return { kind: config.kind ?? 'custom', value: config.location ?? body.address ?? null };
  }
  throw ValidationError.field('meetingLocationId', `no location configuration ${body.meetingLocationId} on calendar ${calendar.id}`);
}
