import { Temporal } from 'temporal-polyfill';

/** The one source of "now" for every time-dependent rule; tests and test deployments replace it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export function fixedClock(instant: number): Clock {
  return { now: () => instant };
}

export function offsetClock(offsetMs: number, base: Clock = systemClock): Clock {
  return { now: () => base.now() + offsetMs };
}

/** How the clock is set: the system's, frozen at an instant, or shifted (like a test clock). */
export type ClockSetting = { kind: 'system' } | { kind: 'fixed'; at: number } | { kind: 'offset'; ms: number };

export function clockFrom(setting: ClockSetting): Clock {
  if (setting.kind === 'fixed') return fixedClock(setting.at);
  if (setting.kind === 'offset') return offsetClock(setting.ms);
  return systemClock;
}

export function describeClock(setting: ClockSetting): string {
  if (setting.kind === 'fixed') return `fixed at ${new Date(setting.at).toISOString()}`;
  if (setting.kind === 'offset') return `system time ${setting.ms >= 0 ? '+' : '-'} ${Math.abs(setting.ms)} ms`;
  return 'system';
}

const SHORT_DURATION = /^([+-]?)(\d+)(ms|s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Parses `fixed:<ISO instant>` or `offset:<±duration>`, the duration either short (`+3d`, `-90m`)
 * or ISO 8601 (`P1DT2H`, `-PT30M`; days count as 24 hours). Returns an error message or the setting.
 */
export function parseClockSetting(raw: string): ClockSetting | string {
  const [kind, ...rest] = raw.split(':');
  const value = rest.join(':');
  if (kind === 'fixed') {
    try {
      return { kind: 'fixed', at: Temporal.Instant.from(value).epochMilliseconds };
    } catch {
      return `fixed: needs an ISO-8601 instant with an offset, e.g. fixed:2026-03-08T09:00:00Z (got "${value}")`;
    }
  }
  if (kind === 'offset') {
    const short = SHORT_DURATION.exec(value);
    if (short) return { kind: 'offset', ms: (short[1] === '-' ? -1 : 1) * Number(short[2]) * UNIT_MS[short[3]!]! };
    try {
      const duration = Temporal.Duration.from(value);
      if (duration.years || duration.months || duration.weeks) throw new RangeError('calendar units');
      return { kind: 'offset', ms: duration.total({ unit: 'millisecond' }) };
    } catch {
      return `offset: needs a duration such as offset:+3d, offset:-90m or offset:PT2H (got "${value}")`;
    }
  }
  return `must be fixed:<ISO instant> or offset:<±duration> (got "${raw}")`;
}
