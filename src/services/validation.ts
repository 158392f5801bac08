import { normalizeTimeZone } from '../core/time-zone.ts';
import { ValidationError, type FieldIssue } from './errors.ts';

/**
 * Collects the failures of several field checks so that one answer names every bad field:
 * `take` runs a check and keeps its ValidationError; `throwIfAny` throws them together.
 */
export class FieldChecks {
  readonly #issues: FieldIssue[] = [];

  take<T>(check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.#issues.push(...error.issues);
      return undefined as T;
    }
  }

  throwIfAny(): void {
    if (this.#issues.length === 0) return;
    throw new ValidationError(this.#issues.map((i) => `${i.field}: ${i.message}`).join('; '), this.#issues);
  }
}

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]{2,}$/;
const PHONE = /^\+?[0-9][0-9 ().-]{2,30}$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Lower-cases and trims an e-mail address; rejects one that is not an address. */
export function normalizeEmail(field: string, value: string): string {
  const email = value.trim().toLowerCase();
  if (!EMAIL.test(email)) throw ValidationError.field(field, `"${value}" is not a valid e-mail address`);
  return email;
}

export function normalizeOptionalEmail(field: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (value.trim() === '') return null;
  return normalizeEmail(field, value);
}

/** The zone's canonical spelling (`utc` → `UTC`, `america/new_york` → `America/New_York`). */
export function checkTimeZone(field: string, value: string): string {
  const id = normalizeTimeZone(value);
  if (id === null) throw ValidationError.field(field, `"${value}" is not an IANA time zone`);
  return id;
}

export function normalizePhone(field: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const phone = value.trim();
  if (phone === '') return null;
  if (!PHONE.test(phone)) throw ValidationError.field(field, `"${value}" is not a valid phone number`);
  return phone;
}

export function checkLocalDate(field: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0));
  if (!LOCAL_DATE.test(value) || date.getUTCDate() !== d || date.getUTCMonth() !== (m ?? 0) - 1) {
    throw ValidationError.field(field, `"${value}" is not a date (YYYY-MM-DD)`);
  }
  return value;
}

export function trimmedName(field: string, value: string): string {
  const name = value.trim();
  if (name === '') throw ValidationError.field(field, 'must not be blank');
  return name;
}
