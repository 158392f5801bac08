/**
 * API key scopes. The names follow HighLevel's OAuth scopes so that one key works in every
 * dialect; `keys.*` is Slotbase's own. A scope grants exactly what it names: `*.write` does not
 * imply `*.readonly`.
 */
export const SCOPES = [
  'locations.readonly',
  'locations.write',
  'users.readonly',
  'users.write',
  'contacts.readonly',
  'contacts.write',
  'calendars.readonly',
  'calendars.write',
  'calendars/events.readonly',
  'calendars/events.write',
  'calendars/groups.readonly',
  'calendars/groups.write',
  'calendars/resources.readonly',
  'calendars/resources.write',
  'keys.readonly',
  'keys.write',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}
