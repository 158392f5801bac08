/** True when a database error is a unique-constraint violation, on either backend. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown };
  if (e.code === '23505') return true; // PostgreSQL unique_violation
  if (e.errcode === 2067 || e.errcode === 1555) return true; // SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY
  return typeof e.message === 'string' && e.message.includes('UNIQUE constraint failed');
}

/** True when a write would make two enforced busy ranges of one host overlap (no double booking). */
export function isBusyOverlap(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown };
  if (e.code === '23P01') return true; // PostgreSQL exclusion_violation
  return typeof e.message === 'string' && e.message.includes('slotbase_busy_overlap');
}
