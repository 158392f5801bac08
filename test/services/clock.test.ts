import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockFrom, parseClockSetting } from '../../src/services/clock.ts';

describe('test clock settings (SLOTBASE_CLOCK)', () => {
  it('parses a fixed instant with any offset', () => {
    assert.deepEqual(parseClockSetting('fixed:2026-03-08T09:00:00Z'), { kind: 'fixed', at: Date.parse('2026-03-08T09:00:00Z') });
    assert.deepEqual(parseClockSetting('fixed:2026-03-08T14:45:00+05:45'), { kind: 'fixed', at: Date.parse('2026-03-08T09:00:00Z') });
    assert.equal(clockFrom({ kind: 'fixed', at: 42 }).now(), 42);
  });

  it('parses offsets, short and ISO 8601, forwards and backwards', () => {
    assert.deepEqual(parseClockSetting('offset:+3d'), { kind: 'offset', ms: 3 * 86_400_000 });
    assert.deepEqual(parseClockSetting('offset:-90m'), { kind: 'offset', ms: -90 * 60_000 });
    assert.deepEqual(parseClockSetting('offset:2w'), { kind: 'offset', ms: 14 * 86_400_000 });
    assert.deepEqual(parseClockSetting('offset:P1DT2H'), { kind: 'offset', ms: 26 * 3_600_000 });
    assert.deepEqual(parseClockSetting('offset:-PT30M'), { kind: 'offset', ms: -30 * 60_000 });
    const shifted = clockFrom({ kind: 'offset', ms: 86_400_000 }).now() - Date.now();
    assert.ok(Math.abs(shifted - 86_400_000) < 1_000);
  });

  it('explains what is wrong with a bad setting', () => {
    for (const raw of ['fixed:tomorrow', 'fixed:2026-03-08T09:00:00', 'offset:soon', 'offset:P1M', 'later', 'offset:']) {
      const parsed = parseClockSetting(raw);
      assert.equal(typeof parsed, 'string', raw);
    }
  });
});
