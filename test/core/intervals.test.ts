import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  firstEndingAfter,
  intersectIntervals,
  mergeIntervals,
  overlaps,
  overlapsAny,
  sortIntervals,
} from '../../src/core/intervals.ts';
import type { Interval } from '../../src/core/intervals.ts';

const iv = (start: number, end: number): Interval => ({ start, end });

describe('intervals', () => {
  it('treats intervals as half-open', () => {
    assert.equal(overlaps(iv(0, 10), iv(10, 20)), false);
    assert.equal(overlaps(iv(0, 11), iv(10, 20)), true);
    assert.equal(overlaps(iv(5, 5), iv(0, 10)), false);
  });

  it('sorts without mutating the input', () => {
    const input = [iv(5, 6), iv(1, 3), iv(1, 2)];
    assert.deepEqual(sortIntervals(input), [iv(1, 2), iv(1, 3), iv(5, 6)]);
    assert.deepEqual(input, [iv(5, 6), iv(1, 3), iv(1, 2)]);
  });

  it('merges overlapping and touching intervals, drops empty ones', () => {
    assert.deepEqual(
      mergeIntervals([iv(20, 30), iv(0, 10), iv(5, 12), iv(12, 15), iv(40, 40), iv(50, 45), iv(25, 26)]),
      [iv(0, 15), iv(20, 30)],
    );
    assert.deepEqual(mergeIntervals([iv(0, 10), iv(10, 20)], false), [iv(0, 10), iv(10, 20)]);
    assert.deepEqual(mergeIntervals([iv(0, 10), iv(9, 20)], false), [iv(0, 20)]);
    assert.deepEqual(mergeIntervals([]), []);
  });

  it('finds overlaps by binary search', () => {
    const busy = mergeIntervals([iv(10, 20), iv(30, 40), iv(50, 60)]);
    assert.equal(firstEndingAfter(busy, 0), 0);
    assert.equal(firstEndingAfter(busy, 20), 1);
    assert.equal(firstEndingAfter(busy, 60), 3);
    assert.equal(overlapsAny(busy, 0, 10), false);
    assert.equal(overlapsAny(busy, 20, 30), false);
    assert.equal(overlapsAny(busy, 19, 30), true);
    assert.equal(overlapsAny(busy, 25, 31), true);
    assert.equal(overlapsAny(busy, 0, 100), true);
    assert.equal(overlapsAny(busy, 60, 100), false);
    assert.equal(overlapsAny(busy, 35, 35), false);
    assert.equal(overlapsAny([], 0, 100), false);
  });

  it('agrees with a linear scan on random data', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const raw: Interval[] = [];
      for (let i = 0; i < rnd(30); i++) {
        const s = rnd(1000);
        raw.push(iv(s, s + rnd(60)));
      }
      const merged = mergeIntervals(raw);
      for (let q = 0; q < 50; q++) {
        const s = rnd(1100) - 50;
        const e = s + rnd(80);
        const naive = raw.some((r) => r.start < r.end && s < e && overlaps(r, iv(s, e)));
        assert.equal(overlapsAny(merged, s, e), naive, `[${s},${e})`);
      }
    }
  });

  it('intersects two sorted lists', () => {
    assert.deepEqual(
      intersectIntervals([iv(0, 10), iv(20, 30), iv(40, 50)], [iv(5, 25), iv(28, 45)]),
      [iv(5, 10), iv(20, 25), iv(28, 30), iv(40, 45)],
    );
    assert.deepEqual(intersectIntervals([iv(0, 10)], [iv(10, 20)]), []);
    assert.deepEqual(intersectIntervals([], [iv(0, 1)]), []);
  });
});
