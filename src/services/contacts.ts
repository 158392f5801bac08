import type { Queryable } from '../store/database.ts';
import { isUniqueViolation } from '../store/errors.ts';
import { inSavepoint } from '../store/savepoint.ts';
import {
  deleteContact,
  findContactByEmail,
  findContactByPhone,
  findContact,
  insertContact,
  listContacts,
  updateContact,
  type Contact,
  type ContactFilter,
  type CustomFieldValue,
} from '../store/repositories/contacts.ts';
import type { Page, PageRequest } from '../store/repositories/scope.ts';
import type { ContactUpdate } from '../store/schema.ts';
import type { ServiceContext } from './context.ts';
import { NotFoundError, ValidationError } from './errors.ts';
import { newPublicId } from './ids.ts';
import { tenantScopeOf, type Principal } from './principal.ts';
import { listScope, targetLocation } from './tenancy.ts';
import { uniquely } from './unique.ts';
import { checkLocalDate, checkTimeZone, FieldChecks, normalizeOptionalEmail, normalizePhone } from './validation.ts';

export interface ContactInput {
  locationId?: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  timeZone?: string | null;
  locale?: string | null;
  companyName?: string | null;
  address1?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
  website?: string | null;
  source?: string | null;
  dateOfBirth?: string | null;
  dnd?: boolean;
  tags?: string[];
  customFields?: CustomFieldValue[];
}

export type ContactPatch = Omit<ContactInput, 'locationId'>;

const DUPLICATE_EMAIL = 'A contact with this e-mail address already exists in this location';

function checkLocale(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  try {
    return Intl.getCanonicalLocales(value)[0]!;
  } catch {
    throw ValidationError.field('locale', `"${value}" is not a BCP 47 language tag`);
  }
}

/** Tags are trimmed, lower-cased and de-duplicated, as HighLevel stores them. */
export function normalizeTags(tags: string[]): string[] {
  return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))];
}

const PLAIN_TEXT = ['firstName', 'lastName', 'companyName', 'address1', 'city', 'state', 'postalCode', 'country', 'website', 'source'] as const;
const COLUMN_OF: Record<(typeof PLAIN_TEXT)[number], keyof ContactUpdate> = {
  firstName: 'first_name',
  lastName: 'last_name',
  companyName: 'company_name',
  address1: 'address1',
  city: 'city',
  state: 'state',
  postalCode: 'postal_code',
  country: 'country',
  website: 'website',
  source: 'source',
};

function columns(input: ContactPatch): ContactUpdate {
  const values: Record<string, unknown> = {};
  for (const field of PLAIN_TEXT) {
    const value = input[field];
    if (value !== undefined) values[COLUMN_OF[field]] = value === null || value.trim() === '' ? null : value.trim();
  }
  const checks = new FieldChecks();
  if (input.email !== undefined) values.email = checks.take(() => normalizeOptionalEmail('email', input.email));
  if (input.phone !== undefined) values.phone = checks.take(() => normalizePhone('phone', input.phone));
  if (input.timeZone !== undefined) values.time_zone = input.timeZone === null ? null : checks.take(() => checkTimeZone('timeZone', input.timeZone!));
  if (input.locale !== undefined) values.locale = checks.take(() => checkLocale(input.locale));
  if (input.dateOfBirth !== undefined) values.date_of_birth = checks.take(() => checkLocalDate('dateOfBirth', input.dateOfBirth));
  checks.throwIfAny();
  if (input.dnd !== undefined) values.dnd = input.dnd ? 1 : 0;
  if (input.tags !== undefined) values.tags = JSON.stringify(normalizeTags(input.tags));
  if (input.customFields !== undefined) values.custom_fields = JSON.stringify(input.customFields);
  return values as ContactUpdate;
}

/** A contact must be reachable or at least named. */
function checkIdentifiable(contact: { first_name?: string | null; last_name?: string | null; email?: string | null; phone?: string | null }) {
  if (!contact.first_name && !contact.last_name && !contact.email && !contact.phone) {
    throw ValidationError.field('email', 'a contact needs at least one of firstName, lastName, email or phone');
  }
}

function insertContactRow(db: Queryable, locationPk: number, values: ContactUpdate, now: number): Promise<Contact> {
  return insertContact(db, {
    dnd: 0,
    tags: '[]',
    custom_fields: '[]',
    ...values,
    public_id: newPublicId(),
    location_id: locationPk,
    created_at: now,
    updated_at: now,
  });
}

/**
 * The contact with this e-mail address in the location, or a new one (for bookings made with an
 * inline contact). An existing contact is not changed. `field` prefixes the names in errors.
 * Runs inside the caller's transaction: when a concurrent request creates the same address
 * first, that contact is used.
 */
export async function findOrCreateContact(db: Queryable, locationPk: number, input: ContactPatch, now: number, field: string): Promise<Contact> {
  let values: ContactUpdate;
  try {
    values = columns(input);
    checkIdentifiable(values);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(`${field}.${error.message}`, error.issues.map((i) => ({ ...i, field: `${field}.${i.field}` })));
    }
    throw error;
  }
  if (!values.email) return insertContactRow(db, locationPk, values, now);
  const email = values.email;
  const existing = await findContactByEmail(db, locationPk, email);
  if (existing) return existing;
  try {
    return await inSavepoint(db, () => insertContactRow(db, locationPk, values, now));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return (await findContactByEmail(db, locationPk, email))!;
  }
}

/** Invitees and customers: the people who book. */
export class ContactsService {
  readonly #ctx: ServiceContext;

  constructor(ctx: ServiceContext) {
    this.#ctx = ctx;
  }

  async list(principal: Principal, filter: ContactFilter & { locationId?: string }, page: PageRequest): Promise<Page<Contact>> {
    const db = this.#ctx.store.db;
    const email = normalizeOptionalEmail('email', filter.email) ?? undefined;
    // A blank filter is not "no filter": it would list every contact.
    if (filter.email !== undefined && email === undefined) throw ValidationError.field('email', 'must not be blank');
    return listContacts(db, await listScope(db, principal, filter.locationId), { ...filter, email }, page);
  }

  async get(principal: Principal, id: string): Promise<Contact> {
    const contact = await findContact(this.#ctx.store.db, tenantScopeOf(principal), id);
    if (!contact) throw new NotFoundError('Contact', id);
    return contact;
  }

  async create(principal: Principal, input: ContactInput): Promise<Contact> {
    const values = columns(input);
    checkIdentifiable(values);
    return this.#ctx.store.transaction(async (trx) => {
      const location = await targetLocation(trx, principal, input.locationId);
      return uniquely('email', DUPLICATE_EMAIL, () => insertContactRow(trx, location.pk, values, this.#ctx.clock.now()));
    });
  }

  /**
   * Updates the location's contact with the same e-mail address (else the same phone number),
   * or creates one: HighLevel's upsert. `created` tells which.
   */
  async upsert(principal: Principal, input: ContactInput): Promise<{ contact: Contact; created: boolean }> {
    const values = columns(input);
    return this.#ctx.store.transaction(async (trx) => {
      const location = await targetLocation(trx, principal, input.locationId);
      const now = this.#ctx.clock.now();
      const existing =
        (values.email ? await findContactByEmail(trx, location.pk, values.email) : undefined) ??
        (values.phone ? await findContactByPhone(trx, location.pk, values.phone) : undefined);
      if (!existing) {
        checkIdentifiable(values);
        return { contact: await insertContactRow(trx, location.pk, values, now), created: true };
      }
      const contact = await uniquely('email', DUPLICATE_EMAIL, () => updateContact(trx, existing.pk, { ...values, updated_at: now }));
      return { contact, created: false };
    });
  }

  async update(principal: Principal, id: string, patch: ContactPatch): Promise<Contact> {
    const values = columns(patch);
    return this.#ctx.store.transaction(async (trx) => {
      const contact = await findContact(trx, tenantScopeOf(principal), id);
      if (!contact) throw new NotFoundError('Contact', id);
      checkIdentifiable({
        first_name: values.first_name !== undefined ? values.first_name : contact.firstName,
        last_name: values.last_name !== undefined ? values.last_name : contact.lastName,
        email: values.email !== undefined ? values.email : contact.email,
        phone: values.phone !== undefined ? values.phone : contact.phone,
      });
      return uniquely('email', DUPLICATE_EMAIL, () => updateContact(trx, contact.pk, { ...values, updated_at: this.#ctx.clock.now() }));
    });
  }

  async delete(principal: Principal, id: string): Promise<void> {
    await this.#ctx.store.transaction(async (trx) => {
      const contact = await findContact(trx, tenantScopeOf(principal), id);
      if (!contact) throw new NotFoundError('Contact', id);
      await deleteContact(trx, contact.pk);
    });
  }
}
