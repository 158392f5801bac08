import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types. Instants are epoch milliseconds; booleans are stored as 0/1 integers and JSON as
 * text so that one migration set serves SQLite and PostgreSQL alike.
 */
export interface OrganizationsTable {
  id: Generated<number>;
  public_id: string;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface LocationsTable {
  id: Generated<number>;
  public_id: string;
  organization_id: number;
  name: string;
  time_zone: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  website: string | null;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  first_name: string;
  last_name: string;
  email: string;
  phone: string | null;
  time_zone: string;
  role: string;
  active: number;
  created_at: number;
  updated_at: number;
}

export interface ContactsTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  time_zone: string | null;
  locale: string | null;
  company_name: string | null;
  address1: string | null;
  city: string | null;
  state: string | null;
  postal_code: string | null;
  country: string | null;
  website: string | null;
  source: string | null;
  date_of_birth: string | null;
  dnd: number;
  /** JSON array of strings. */
  tags: string;
  /** JSON array of {id, value}. */
  custom_fields: string;
  created_at: number;
  updated_at: number;
}

export interface ApiKeysTable {
  id: Generated<number>;
  public_id: string;
  organization_id: number;
  /** null: an organization-wide key that may act on every location of its organization. */
  location_id: number | null;
  name: string;
  prefix: string;
  secret_hash: string;
  /** JSON array of scope names. */
  scopes: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface CalendarGroupsTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  name: string;
  description: string | null;
  slug: string;
  active: Generated<number>;
  position: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface CalendarsTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  group_id: number | null;
  kind: string;
  round_robin_mode: Generated<string>;
  name: string;
  slug: string;
  description: string | null;
  color: Generated<string>;
  position: Generated<number>;
  active: Generated<number>;
  secret: Generated<number>;
  owner_user_id: number | null;
  time_zone: string | null;
  slot_interval_min: number | null;
  pre_buffer_min: Generated<number>;
  post_buffer_min: Generated<number>;
  min_notice_amount: Generated<number>;
  min_notice_unit: Generated<string>;
  booking_window_kind: Generated<string>;
  booking_window_amount: number | null;
  booking_window_unit: string | null;
  booking_window_start_date: string | null;
  booking_window_end_date: string | null;
  daily_limit: number | null;
  daily_limit_scope: Generated<string>;
  seats_per_slot: Generated<number>;
  auto_confirm: Generated<number>;
  allow_cancel: Generated<number>;
  allow_reschedule: Generated<number>;
  cancel_window_min: number | null;
  meeting_location_kind: string | null;
  meeting_location: string | null;
  event_title: string | null;
  /** JSON object: dialect pass-through fields, namespaced by dialect. */
  extensions: Generated<string>;
  deleted_at: number | null;
  /** JSON: a service's price {amount, deposit, depositType} (v3 services). */
  payment: string | null;
  cover_image_url: string | null;
  created_at: number;
  updated_at: number;
}

export interface CalendarVariantsTable {
  id: Generated<number>;
  public_id: string;
  calendar_id: number;
  name: string | null;
  duration_min: number;
  is_default: Generated<number>;
  position: Generated<number>;
  /** A service variation's own buffers; null: the service's. */
  pre_buffer_min: number | null;
  post_buffer_min: number | null;
  /** JSON: a service variation's price. */
  payment: string | null;
}

export interface CalendarHostsTable {
  id: Generated<number>;
  calendar_id: number;
  user_id: number;
  /** 0 low, 1 medium, 2 high. */
  priority: Generated<number>;
  is_primary: Generated<number>;
  position: Generated<number>;
  meeting_location_kind: string | null;
  meeting_location: string | null;
  created_at: number;
}

export interface SchedulesTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  user_id: number | null;
  calendar_id: number | null;
  name: string;
  time_zone: string;
  is_default: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface ScheduleRulesTable {
  id: Generated<number>;
  public_id: string;
  schedule_id: number;
  weekday: number | null;
  date: string | null;
  /** JSON array of {start:'HH:MM', end:'HH:MM'}; [] = closed. */
  intervals: string;
  created_at: number;
  updated_at: number;
}

export interface ScheduleCalendarsTable {
  schedule_id: number;
  calendar_id: number;
  user_id: number;
  created_at: number;
}

export interface BlockedSlotsTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  calendar_id: number | null;
  user_id: number | null;
  title: string | null;
  start_at: number;
  end_at: number;
  created_at: number;
  updated_at: number;
}

export interface BookingQuestionsTable {
  id: Generated<number>;
  public_id: string;
  calendar_id: number;
  label: string;
  type: string;
  required: Generated<number>;
  /** JSON array of option strings. */
  options: Generated<string>;
  position: Generated<number>;
  active: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface BookingSeriesTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  calendar_id: number;
  contact_id: number;
  rrule: string;
  time_zone: string;
  on_conflict: string;
  created_at: number;
  updated_at: number;
}

export interface BookingsTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  calendar_id: number;
  contact_id: number;
  series_id: number | null;
  series_index: number | null;
  status: string;
  title: string | null;
  description: string | null;
  start_at: number;
  end_at: number;
  /** Buffers in force when booked: the booking occupies [start − pre, end + post). */
  pre_buffer_min: Generated<number>;
  post_buffer_min: Generated<number>;
  time_zone: string | null;
  seats: Generated<number>;
  /** Seated calendars: the shared slot this booking holds seats in. */
  seat_slot_id: Generated<number | null>;
  meeting_location_kind: string | null;
  meeting_location: string | null;
  override: Generated<string>;
  idempotency_key: string | null;
  created_via: string;
  created_by_type: string;
  created_by_id: string | null;
  cancel_reason: string | null;
  cancelled_at: number | null;
  extensions: Generated<string>;
  deleted_at: number | null;
  /** v3 service bookings: where the services are given. */
  service_location_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface BookingHostsTable {
  id: Generated<number>;
  booking_id: number;
  user_id: number;
  role: string;
  calendar_id: number;
  start_at: number;
  active: Generated<number>;
  assigned_at: number;
}

export interface SeatSlotsTable {
  id: Generated<number>;
  location_id: number;
  calendar_id: number;
  user_id: number | null;
  start_at: number;
  end_at: number;
  seats_taken: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** The rows that occupy a host (or a hostless calendar); the database forbids enforced overlaps. */
export interface HostBusyTable {
  id: Generated<number>;
  location_id: number;
  user_id: number | null;
  calendar_id: number | null;
  kind: 'booking' | 'seat_slot' | 'block' | 'external';
  booking_id: number | null;
  seat_slot_id: number | null;
  blocked_slot_id: number | null;
  busy_start: number;
  busy_end: number;
  enforced: Generated<number>;
}

export interface BookingEventsTable {
  id: Generated<number>;
  booking_id: number;
  location_id: number;
  type: string;
  from_status: string | null;
  to_status: string | null;
  before: string | null;
  after: string | null;
  reason: string | null;
  actor_type: string;
  actor_id: string | null;
  via: string;
  occurred_at: number;
}

export interface BookingAnswersTable {
  id: Generated<number>;
  booking_id: number;
  question_id: number | null;
  label: string;
  value: string;
  created_at: number;
}

export interface BookingNotesTable {
  id: Generated<number>;
  public_id: string;
  booking_id: number;
  location_id: number;
  body: string;
  user_id: number | null;
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface IdempotencyKeysTable {
  id: Generated<number>;
  location_id: number;
  api_key_id: number | null;
  key: string;
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
  created_at: number;
  expires_at: number;
}

export interface CalendarNotificationsTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  calendar_id: number;
  receiver_type: string;
  channel: string;
  notification_type: string;
  active: Generated<number>;
  settings: Generated<string>;
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

/** HighLevel calendar resources: equipment (units, some out of service) and rooms (places). */
export interface ResourcesTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  kind: 'equipment' | 'room';
  name: string;
  description: string | null;
  quantity: Generated<number>;
  out_of_service: Generated<number>;
  capacity: Generated<number>;
  active: Generated<number>;
  /** JSON object: dialect pass-through fields, namespaced by dialect. */
  extensions: Generated<string>;
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

/** The calendars whose bookings take a resource. */
export interface CalendarResourcesTable {
  calendar_id: number;
  resource_id: number;
  resource_kind: 'equipment' | 'room';
  created_at: number;
}

/** What a booking takes of a resource, over its padded busy range, while it occupies its time. */
export interface BookingResourcesTable {
  id: Generated<number>;
  booking_id: number;
  resource_id: number;
  units: number;
  use_start: number;
  use_end: number;
}

/** v3 service locations: where services are given (an address, or wherever the booker says). */
export interface ServiceLocationsTable {
  id: Generated<number>;
  public_id: string;
  location_id: number;
  name: string;
  slug: string;
  active: Generated<number>;
  private: Generated<number>;
  cover_image_url: string | null;
  /** offline | ask_booker */
  location_type: Generated<string>;
  address: string | null;
  phone: string | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

/** One item of a v3 service booking: a service, on one staff member, at its time within the booking. */
export interface BookingServicesTable {
  id: Generated<number>;
  public_id: string;
  booking_id: number;
  calendar_id: number;
  variant_id: number | null;
  user_id: number;
  staff_requested: Generated<number>;
  start_at: number;
  end_at: number;
  pre_buffer_min: Generated<number>;
  post_buffer_min: Generated<number>;
  position: number;
  /** JSON array of {id, quantity, duration}. */
  add_ons: Generated<string>;
  created_at: number;
}

export interface Database {
  organizations: OrganizationsTable;
  locations: LocationsTable;
  users: UsersTable;
  contacts: ContactsTable;
  api_keys: ApiKeysTable;
  calendar_groups: CalendarGroupsTable;
  calendars: CalendarsTable;
  calendar_variants: CalendarVariantsTable;
  calendar_hosts: CalendarHostsTable;
  schedules: SchedulesTable;
  schedule_rules: ScheduleRulesTable;
  schedule_calendars: ScheduleCalendarsTable;
  blocked_slots: BlockedSlotsTable;
  booking_questions: BookingQuestionsTable;
  booking_series: BookingSeriesTable;
  bookings: BookingsTable;
  booking_hosts: BookingHostsTable;
  seat_slots: SeatSlotsTable;
  host_busy: HostBusyTable;
  booking_events: BookingEventsTable;
  booking_answers: BookingAnswersTable;
  booking_notes: BookingNotesTable;
  idempotency_keys: IdempotencyKeysTable;
  calendar_notifications: CalendarNotificationsTable;
  resources: ResourcesTable;
  calendar_resources: CalendarResourcesTable;
  booking_resources: BookingResourcesTable;
  service_locations: ServiceLocationsTable;
  booking_services: BookingServicesTable;
}

export type OrganizationRow = Selectable<OrganizationsTable>;
export type LocationRow = Selectable<LocationsTable>;
export type UserRow = Selectable<UsersTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type NewLocation = Insertable<LocationsTable>;
export type LocationUpdate = Updateable<LocationsTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type NewContact = Insertable<ContactsTable>;
export type ContactUpdate = Updateable<ContactsTable>;
export type NewApiKey = Insertable<ApiKeysTable>;
export type NewCalendar = Insertable<CalendarsTable>;
export type CalendarUpdate = Updateable<CalendarsTable>;
