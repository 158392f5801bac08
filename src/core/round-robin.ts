/**
 * Round-robin host choice for a booking (DESIGN.md point 5: "booking picks by priority, then
 * fewest recent bookings").
 *
 * Input: the eligible hosts that are free at the requested slot (e.g. FreeSlot.hosts joined
 * with each host's priority and recent booking count — how "recent" is counted is the service
 * layer's choice). Output: host ids in the order to try; on a booking conflict the caller tries
 * the next one.
 *
 * - 'availability' (RoundRobin_OptimizeForAvailability): every free host, ordered by priority
 *   (higher first), then fewest recent bookings, then host id (code-unit order, stable).
 * - 'equal_distribution' (RoundRobin_OptimizeForEqualDistribution): only the free hosts with the
 *   fewest recent bookings count, ordered by priority, then host id. When all of them conflict
 *   the caller recomputes the free hosts (the conflicting ones are now busy) and asks again, so
 *   the next-least-booked group comes up only then.
 */
import { CoreValidationError } from './errors.ts';

export type RoundRobinMode = 'availability' | 'equal_distribution';

export interface RoundRobinHost {
  readonly id: string;
  /** Higher is preferred. LeadConnector uses 0, 0.5 (default) and 1. */
  readonly priority?: number;
  /** Bookings in the service's look-back period; default 0. */
  readonly recentBookings?: number;
}

/** LeadConnector's default team-member priority. */
export const DEFAULT_PRIORITY = 0.5;

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function rankRoundRobinHosts(freeHosts: readonly RoundRobinHost[], mode: RoundRobinMode): string[] {
  if (mode !== 'availability' && mode !== 'equal_distribution') {
    throw new CoreValidationError('mode', "mode must be 'availability' or 'equal_distribution'");
  }
  const rows = freeHosts.map((h, i) => {
    const priority = h.priority ?? DEFAULT_PRIORITY;
    const recent = h.recentBookings ?? 0;
    if (!Number.isFinite(priority)) throw new CoreValidationError(`hosts[${i}].priority`, 'priority must be a number');
    if (!Number.isFinite(recent) || recent < 0) {
      throw new CoreValidationError(`hosts[${i}].recentBookings`, 'recentBookings must be a non-negative number');
    }
    return { id: h.id, priority, recent };
  });
  let pool = rows;
  if (mode === 'equal_distribution' && rows.length > 0) {
    const least = Math.min(...rows.map((r) => r.recent));
    pool = rows.filter((r) => r.recent === least);
  }
  pool.sort((a, b) => b.priority - a.priority || a.recent - b.recent || compareIds(a.id, b.id));
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of pool) {
    if (!seen.has(r.id)) {
      seen.add(r.id);
      out.push(r.id);
    }
  }
  return out;
}
