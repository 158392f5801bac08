import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALWAYS, chooseResources, fullTimes, needsMet, placesLeft, resourceNeeds, type ResourceUse, type SharedResource } from '../../src/core/resources.ts';
import { computeFreeSlots, type FreeSlotsInput } from '../../src/core/slots.ts';

const H = 3_600_000;
const use = (start: number, end: number, units = 1): ResourceUse => ({ start: start * H, end: end * H, units });

describe('core/resources: full times', () => {
  it('is empty while units are left', () => {
    assert.deepEqual(fullTimes([use(9, 10), use(9, 11)], 3, 1), []);
  });

  it('covers exactly the instants where one more unit would not fit', () => {
    assert.deepEqual(fullTimes([use(9, 11), use(10, 12)], 2, 1), [{ start: 10 * H, end: 11 * H }]);
    assert.deepEqual(fullTimes([use(9, 11), use(10, 12)], 1, 1), [{ start: 9 * H, end: 12 * H }]);
  });

  it('does not add up back-to-back uses (half-open)', () => {
    assert.deepEqual(fullTimes([use(9, 10), use(10, 11)], 2, 1), []);
    assert.deepEqual(fullTimes([use(9, 10), use(10, 11)], 1, 1), [{ start: 9 * H, end: 11 * H }]);
  });

  it('counts units and the places asked for', () => {
    assert.deepEqual(fullTimes([use(9, 10, 3)], 5, 2), []);
    assert.deepEqual(fullTimes([use(9, 10, 3)], 5, 3), [{ start: 9 * H, end: 10 * H }]);
  });

  it('is all of time when more is asked than the resource has (nothing usable, out of service)', () => {
    assert.deepEqual(fullTimes([], 0, 1), [ALWAYS]);
    assert.deepEqual(fullTimes([], 2, 3), [ALWAYS]);
  });
});

describe('core/resources: needs and choices', () => {
  const projector: SharedResource<string> = { id: 'projector', kind: 'equipment', available: 1 };
  const small: SharedResource<string> = { id: 'small', kind: 'room', available: 1 };
  const large: SharedResource<string> = { id: 'large', kind: 'room', available: 2 };

  it('needs every piece of equipment and any one room', () => {
    const uses = new Map([['small', [use(9, 10)]], ['large', [use(9, 10, 2)]]]);
    const needs = resourceNeeds([projector, small, large], uses, 1);
    assert.equal(needs.length, 2);
    assert.equal(needsMet(needs, 9 * H, 10 * H), false, 'both rooms are full');
    assert.equal(needsMet(needs, 10 * H, 11 * H), true);
  });

  it('a booking must fit one room for its whole time: two half-full rooms do not make one free room', () => {
    const uses = new Map([['small', [use(9, 10)]], ['large', [use(10, 11, 2)]]]);
    const needs = resourceNeeds([small, large], uses, 1);
    assert.equal(needsMet(needs, 9 * H, 11 * H), false);
    assert.equal(chooseResources([small, large], uses, 1, { start: 9 * H, end: 11 * H }, false), null);
  });

  it('takes 1 unit of each piece of equipment and the seats in the first room with space', () => {
    const uses = new Map([['small', [use(9, 10)]]]);
    assert.deepEqual(chooseResources([projector, small, large], uses, 2, { start: 9 * H, end: 10 * H }, false), [
      { id: 'projector', units: 1 },
      { id: 'large', units: 2 },
    ]);
    assert.equal(chooseResources([projector], new Map([['projector', [use(9, 10)]]]), 1, { start: 9 * H, end: 10 * H }, false), null);
  });

  it('an override takes them anyway', () => {
    const uses = new Map([['projector', [use(9, 10)]], ['small', [use(9, 10)]]]);
    assert.deepEqual(chooseResources([projector, small], uses, 1, { start: 9 * H, end: 10 * H }, true), [
      { id: 'projector', units: 1 },
      { id: 'small', units: 1 },
    ]);
  });
});

describe('core/slots with resource needs', () => {
  const day = Date.parse('2026-06-02T00:00:00Z');
  const input = (needs: FreeSlotsInput['resourceNeeds']): FreeSlotsInput => ({
    now: day - 86_400_000,
    from: day,
    to: day + 86_400_000,
    timeZone: 'UTC',
    durationMs: H,
    postBufferMs: 15 * 60_000,
    hosts: [{ id: 'a', windows: [{ start: day + 9 * H, end: day + 13 * H }] }, { id: 'b', windows: [{ start: day + 9 * H, end: day + 13 * H }] }],
    resourceNeeds: needs,
  });
  const starts = (i: FreeSlotsInput) => computeFreeSlots(i).slots.map((s) => (s.start - day) / H);

  it('drops, for every host, the starts whose padded range meets a full resource', () => {
    assert.deepEqual(starts(input(undefined)), [9, 10, 11, 12]);
    // Full 10:00–11:00: the 09:00 slot's post-buffer reaches into it, 11:00 starts where it ends.
    const full = [{ start: day + 10 * H, end: day + 11 * H }];
    assert.deepEqual(starts(input([{ options: [full] }])), [11, 12]);
    assert.deepEqual(starts(input([{ options: [full, []] }])), [9, 10, 11, 12], 'another room is free');
    assert.deepEqual(starts(input([{ options: [[ALWAYS]] }])), []);
  });
});

describe('core/resources: places left in rooms', () => {
  it('is the most places one room has free for the whole range', () => {
    const rooms = [
      { available: 4, uses: [use(9, 10, 3)] },
      { available: 3, uses: [use(8, 9, 3), use(10, 11, 1)] },
    ];
    assert.equal(placesLeft(rooms, 9 * H, 10 * H), 3, 'the second room is empty from 9 to 10 (its use ends as the range starts)');
    assert.equal(placesLeft(rooms, 9 * H, 11 * H), 2, 'over 9–11: the second room has 2 at its fullest, the first 1');
    assert.equal(placesLeft([{ available: 4, uses: [use(9, 10, 2), use(9.5, 11, 2)] }], 9 * H, 11 * H), 0, 'uses that overlap add up');
    assert.equal(placesLeft([], 9 * H, 10 * H), 0);
  });

  it('caps a seated calendar’s remaining seats at the places its room has free', () => {
    const day = Date.UTC(2026, 5, 2);
    const slots = computeFreeSlots({
      now: day,
      from: day,
      to: day + 24 * H,
      timeZone: 'UTC',
      durationMs: H,
      seatsPerSlot: 10,
      hosts: [{ id: 'a', windows: [{ start: day + 9 * H, end: day + 11 * H }], seatBookings: [{ slotStart: day + 9 * H, seats: 3, start: day + 9 * H, end: day + 10 * H }] }],
      roomPlaces: [{ available: 4, uses: [{ start: day + 9 * H, end: day + 10 * H, units: 3 }] }],
    }).slots;
    assert.deepEqual(slots.map((s) => [(s.start - day) / H, s.remainingSeats, s.hosts[0]!.remainingSeats]), [[9, 1, 1], [10, 4, 4]]);
  });
});

