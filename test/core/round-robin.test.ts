import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CoreValidationError } from '../../src/core/errors.ts';
import { rankRoundRobinHosts } from '../../src/core/round-robin.ts';
import type { RoundRobinHost } from '../../src/core/round-robin.ts';

const hosts: RoundRobinHost[] = [
  { id: 'carol', priority: 0.5, recentBookings: 1 },
  { id: 'alice', priority: 1, recentBookings: 5 },
  { id: 'bob', priority: 0.5, recentBookings: 0 },
  { id: 'dave', priority: 0.5, recentBookings: 0 },
  { id: 'erin', priority: 0, recentBookings: 0 },
];

describe('rankRoundRobinHosts', () => {
  it("'availability': priority first, then fewest recent bookings, then id", () => {
    assert.deepEqual(rankRoundRobinHosts(hosts, 'availability'), ['alice', 'bob', 'dave', 'carol', 'erin']);
  });

  it("'equal_distribution': only the least-booked hosts, by priority then id", () => {
    assert.deepEqual(rankRoundRobinHosts(hosts, 'equal_distribution'), ['bob', 'dave', 'erin']);
    const withPriority = hosts.map((h) => (h.id === 'dave' ? { ...h, priority: 1 } : h));
    assert.deepEqual(rankRoundRobinHosts(withPriority, 'equal_distribution'), ['dave', 'bob', 'erin']);
  });

  it('defaults: priority 0.5, recentBookings 0', () => {
    const list: RoundRobinHost[] = [{ id: 'z', priority: 0 }, { id: 'y' }, { id: 'x', priority: 0.5, recentBookings: 2 }];
    assert.deepEqual(rankRoundRobinHosts(list, 'availability'), ['y', 'x', 'z']);
    assert.deepEqual(rankRoundRobinHosts(list, 'equal_distribution'), ['y', 'z']);
  });

  it('is stable under input order and ignores duplicate ids', () => {
    const reversed = [...hosts].reverse();
    assert.deepEqual(rankRoundRobinHosts(reversed, 'availability'), ['alice', 'bob', 'dave', 'carol', 'erin']);
    assert.deepEqual(rankRoundRobinHosts([{ id: 'a' }, { id: 'a' }], 'availability'), ['a']);
  });

  it('handles empty input and rejects bad values', () => {
    assert.deepEqual(rankRoundRobinHosts([], 'availability'), []);
    assert.deepEqual(rankRoundRobinHosts([], 'equal_distribution'), []);
    assert.throws(() => rankRoundRobinHosts(hosts, 'random' as 'availability'), CoreValidationError);
    assert.throws(() => rankRoundRobinHosts([{ id: 'a', recentBookings: -1 }], 'availability'), CoreValidationError);
    assert.throws(() => rankRoundRobinHosts([{ id: 'a', priority: Number.NaN }], 'availability'), CoreValidationError);
  });
});
