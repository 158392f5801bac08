import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SCOPES } from '../../../src/services/scopes.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

describe('native API: calendars', () => {
  let t: TestServer;
  let loc: string;
  let host: string;
  let second: string;

  before(async () => {
    t = await startTestServer();
    loc = t.demo.location.id;
    host = t.demo.host.id;
    const user = await t.request('POST', '/v1/users', { body: { locationId: loc, firstName: 'Second', lastName: 'Host', email: 'second@example.com' } });
    second = user.body.id;
  });
  after(() => t.close());

  it('the demo seed has a calendar hosted by the demo host, who has working hours', async () => {
    const res = await t.request('GET', `/v1/calendars/${t.demo.calendar.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.kind, 'personal');
    assert.deepEqual(res.body.hosts.map((h: { userId: string }) => h.userId), [host]);
    const schedules = await t.request('GET', `/v1/schedules?userId=${host}`);
    assert.equal(schedules.body.pagination.total, 1);
    assert.deepEqual(schedules.body.data[0].weeklyHours.monday, [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:00' }]);
    assert.deepEqual(schedules.body.data[0].weeklyHours.saturday, []);
  });

  it('creates a personal calendar with defaults and a slug from its name', async () => {
    const res = await t.request('POST', '/v1/calendars', {
      body: { locationId: loc, name: 'Intro Call — Café', kind: 'personal', hosts: [{ userId: host }] },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.slug, 'intro-call-cafe');
    assert.deepEqual(res.body.durations, [30]);
    assert.equal(res.body.defaultDuration, 30);
    assert.deepEqual(res.body.hosts, [{ userId: host, priority: 'medium', isPrimary: false, meetingLocation: null }]);
    assert.deepEqual(res.body.bookingWindow, { kind: 'unlimited' });
    assert.equal(res.body.seatsPerSlot, 1);
    assert.equal(res.body.autoConfirm, true);
    assert.deepEqual(await t.request('GET', `/v1/calendars/${res.body.id}`).then((r) => r.body), res.body);

    const again = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Intro call cafe', kind: 'personal', hosts: [{ userId: host }] } });
    assert.equal(again.body.slug, 'intro-call-cafe-2');
  });

  it('stores every scheduling setting and reads it back', async () => {
    const body = {
      locationId: loc,
      name: 'Team consult',
      kind: 'round_robin',
      roundRobinMode: 'equal_distribution',
      hosts: [
        { userId: host, priority: 'high', meetingLocation: { kind: 'address', value: '1 Main St' } },
        { userId: second, priority: 'low' },
      ],
      durations: [15, 30, 60],
      defaultDuration: 30,
      slotInterval: 15,
      preBuffer: 5,
      postBuffer: 10,
      minimumNotice: { amount: 2, unit: 'hours' },
      bookingWindow: { kind: 'rolling', amount: 4, unit: 'weeks' },
      dailyLimit: { max: 6, scope: 'host' },
      timeZone: 'Europe/London',
      secret: true,
      meetingLocation: { kind: 'video', value: 'https://meet.example.com/team' },
      questions: [
        { label: 'What is it about?', type: 'textarea', required: true },
        { label: 'Preferred language', type: 'select', options: ['English', 'Nepali'] },
      ],
      allowCancel: false,
      cancellationWindow: 1440,
      autoConfirm: false,
      eventTitle: 'Consult with {{contact.name}}',
      color: '#FF8800',
    };
    const res = await t.request('POST', '/v1/calendars', { body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const c = res.body;
    assert.equal(c.roundRobinMode, 'equal_distribution');
    assert.deepEqual(c.hosts.map((h: { priority: string }) => h.priority), ['high', 'low']);
    assert.deepEqual(c.hosts[0].meetingLocation, { kind: 'address', value: '1 Main St' });
    assert.deepEqual(c.durations, [15, 30, 60]);
    assert.equal(c.defaultDuration, 30);
    assert.equal(c.slotInterval, 15);
    assert.equal(c.preBuffer, 5);
    assert.equal(c.postBuffer, 10);
    assert.deepEqual(c.minimumNotice, { amount: 2, unit: 'hours' });
    assert.deepEqual(c.bookingWindow, { kind: 'rolling', amount: 4, unit: 'weeks' });
    assert.deepEqual(c.dailyLimit, { max: 6, scope: 'host' });
    assert.equal(c.timeZone, 'Europe/London');
    assert.equal(c.secret, true);
    assert.equal(c.color, '#ff8800');
    assert.equal(c.questions.length, 2);
    assert.deepEqual(c.questions[1].options, ['English', 'Nepali']);
    assert.equal(c.allowCancel, false);
    assert.equal(c.cancellationWindow, 1440);
    assert.equal(c.autoConfirm, false);
  });

  it('orders questions by position, marks one primary host and refuses two', async () => {
    const res = await t.request('POST', '/v1/calendars', {
      body: {
        locationId: loc,
        name: 'Ordered intake',
        kind: 'round_robin',
        hosts: [{ userId: host }, { userId: second, isPrimary: true }],
        questions: [
          { label: 'Anything else?', type: 'textarea', position: 3 },
          { label: 'Company', type: 'text', position: 1 },
          { label: 'Team size', type: 'number' },
        ],
      },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(res.body.questions.map((q: { label: string; position: number }) => [q.label, q.position]), [
      ['Company', 1],
      ['Team size', 2],
      ['Anything else?', 3],
    ]);
    assert.deepEqual(res.body.hosts.map((h: { userId: string; isPrimary: boolean }) => [h.userId, h.isPrimary]), [[host, false], [second, true]]);
    const read = await t.request('GET', `/v1/calendars/${res.body.id}`);
    assert.deepEqual(read.body.questions, res.body.questions);

    const reordered = await t.request('PATCH', `/v1/calendars/${res.body.id}`, { body: { questions: [{ label: 'Company', type: 'text' }, { label: 'Why now?', type: 'text' }] } });
    assert.deepEqual(reordered.body.questions.map((q: { label: string; position: number }) => [q.label, q.position]), [['Company', 0], ['Why now?', 1]], 'without positions the list order counts');

    const twoPrimaries = await t.request('PATCH', `/v1/calendars/${res.body.id}`, { body: { hosts: [{ userId: host, isPrimary: true }, { userId: second, isPrimary: true }] } });
    assert.equal(twoPrimaries.status, 422);
    assert.equal(twoPrimaries.body.error.details[0].field, 'hosts');
    assert.equal((await t.request('GET', `/v1/calendars/${res.body.id}`)).body.hosts[1].isPrimary, true, 'nothing changed');
  });

  it('patches settings, replaces hosts and questions, and deletes', async () => {
    const created = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Class', kind: 'class', hosts: [{ userId: host }], seatsPerSlot: 8 } });
    const patched = await t.request('PATCH', `/v1/calendars/${created.body.id}`, {
      body: { hosts: [{ userId: second }], bookingWindow: { kind: 'fixed', startDate: '2026-07-01', endDate: '2026-07-31' }, dailyLimit: null, durations: [45] },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual(patched.body.hosts.map((h: { userId: string }) => h.userId), [second]);
    assert.deepEqual(patched.body.bookingWindow, { kind: 'fixed', startDate: '2026-07-01', endDate: '2026-07-31' });
    assert.equal(patched.body.seatsPerSlot, 8);
    assert.equal(patched.body.defaultDuration, 45);

    assert.equal((await t.request('DELETE', `/v1/calendars/${created.body.id}`)).status, 204);
    assert.equal((await t.request('GET', `/v1/calendars/${created.body.id}`)).status, 404);
    const list = await t.request('GET', '/v1/calendars?limit=100');
    assert.ok(!list.body.data.some((c: { id: string }) => c.id === created.body.id));
  });

  it('lists with filters by kind, host and text', async () => {
    const byKind = await t.request('GET', '/v1/calendars?kind=round_robin');
    assert.ok(byKind.body.data.length >= 1);
    assert.ok(byKind.body.data.every((c: { kind: string }) => c.kind === 'round_robin'));
    const byHost = await t.request('GET', `/v1/calendars?hostId=${second}`);
    assert.ok(byHost.body.data.every((c: { hosts: Array<{ userId: string }> }) => c.hosts.some((h) => h.userId === second)));
    const byText = await t.request('GET', '/v1/calendars?q=consult');
    assert.equal(byText.body.pagination.total, 1);
  });

  it('makes valid slugs from long names and keeps a seated calendar to one duration', async () => {
    const name = 'Ab '.repeat(60);
    const first = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name, kind: 'personal', hosts: [{ userId: host }] } });
    assert.match(first.body.slug, /^ab(-ab)+$/, 'cut to length without a trailing hyphen');
    const second = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name, kind: 'personal', hosts: [{ userId: host }] } });
    assert.equal(second.body.slug, `${first.body.slug}-2`);
    assert.equal((await t.request('PATCH', `/v1/calendars/${first.body.id}`, { body: { slug: first.body.slug } })).status, 200, 'a generated slug is a valid one');

    const two = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Two lengths', kind: 'class', hosts: [{ userId: host }], durations: [30, 60] } });
    const seated = await t.request('PATCH', `/v1/calendars/${two.body.id}`, { body: { seatsPerSlot: 3 } });
    assert.equal(seated.status, 422);
    assert.equal(seated.body.error.details[0].field, 'seatsPerSlot');
    const one = await t.request('PATCH', `/v1/calendars/${two.body.id}`, { body: { seatsPerSlot: 3, durations: [45] } });
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(one.body.seatsPerSlot, 3);
  });

  it('rejects rule-breaking calendars with 422 naming the field, writing nothing', async () => {
    const before = (await t.request('GET', '/v1/calendars?limit=100')).body.pagination.total;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'personal', hosts: [] }, 'hosts'],
      [{ kind: 'personal', hosts: [{ userId: host }, { userId: second }] }, 'hosts'],
      [{ kind: 'round_robin', hosts: [{ userId: host }, { userId: host }] }, 'hosts[1].userId'],
      [{ kind: 'round_robin', hosts: [{ userId: 'AAAAAAAAAAAAAAAAAAAA' }] }, 'hosts[0].userId'],
      [{ kind: 'event', durations: [30, 30] }, 'durations'],
      [{ kind: 'event', durations: [30], defaultDuration: 45 }, 'defaultDuration'],
      [{ kind: 'event', timeZone: 'Moon/Base' }, 'timeZone'],
      [{ kind: 'event', slug: 'Not A Slug' }, 'slug'],
      [{ kind: 'event', color: 'red' }, 'color'],
      [{ kind: 'event', bookingWindow: { kind: 'fixed', startDate: '2026-08-01', endDate: '2026-07-01' } }, 'bookingWindow.endDate'],
      [{ kind: 'event', bookingWindow: { kind: 'fixed', startDate: '2026-02-30', endDate: null } }, 'bookingWindow.startDate'],
      [{ kind: 'event', questions: [{ label: 'Pick', type: 'select' }] }, 'questions[0].options'],
      [{ kind: 'class', hosts: [{ userId: host }], seatsPerSlot: 5, durations: [30, 60] }, 'durations'],
      [{ kind: 'event', slug: 'a'.repeat(101) }, 'slug'],
    ];
    for (const [extra, field] of cases) {
      const res = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Broken', ...extra } });
      assert.equal(res.status, 422, `${JSON.stringify(extra)} → ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error.details.some((d: { field: string }) => d.field === field), `${JSON.stringify(res.body)} names ${field}`);
    }
    const schema: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'webinar' }, 'kind'],
      [{ kind: 'event', durations: [0] }, 'durations[0]'],
      [{ kind: 'event', preBuffer: -5 }, 'preBuffer'],
      [{ kind: 'event', seatsPerSlot: '3' }, 'seatsPerSlot'],
      [{ kind: 'event', bookingWindow: { kind: 'rolling', amount: 3 } }, 'bookingWindow'],
      [{ kind: 'event', hosts: [{ userId: host, priority: 5 }] }, 'hosts[0].priority'],
      [{ kind: 'event', wibble: true }, 'wibble'],
    ];
    for (const [extra, field] of schema) {
      const res = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Broken', ...extra } });
      assert.equal(res.status, 400, `${JSON.stringify(extra)} → ${JSON.stringify(res.body)}`);
      assert.ok(res.body.error.details.some((d: { field: string }) => d.field.startsWith(field)), `${JSON.stringify(res.body)} names ${field}`);
    }
    assert.equal((await t.request('GET', '/v1/calendars?limit=100')).body.pagination.total, before);
  });

  it('puts calendars in a calendar group, moves them, takes them out and lists by group', async () => {
    const groupA = (await t.request('POST', '/v1/calendar-groups', { body: { locationId: loc, name: 'Group A' } })).body.id;
    const groupB = (await t.request('POST', '/v1/calendar-groups', { body: { locationId: loc, name: 'Group B' } })).body.id;
    assert.equal((await t.request('GET', `/v1/calendars/${t.demo.calendar.id}`)).body.groupId, null, 'no group by default');

    const created = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Grouped', kind: 'event', groupId: groupA } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.groupId, groupA);
    const id = created.body.id;
    const second = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Grouped too', kind: 'event', groupId: groupA } });
    const inGroup = async (group: string) =>
      (await t.request('GET', `/v1/calendars?groupId=${group}`)).body.data.map((c: { id: string; groupId: string }) => [c.id, c.groupId]);
    assert.deepEqual(await inGroup(groupA), [[id, groupA], [second.body.id, groupA]]);
    assert.deepEqual(await inGroup(groupB), []);

    const moved = await t.request('PATCH', `/v1/calendars/${id}`, { body: { groupId: groupB } });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.groupId, groupB);
    assert.deepEqual(await inGroup(groupB), [[id, groupB]]);
    const renamed = await t.request('PATCH', `/v1/calendars/${id}`, { body: { name: 'Still grouped' } });
    assert.equal(renamed.body.groupId, groupB, 'a patch without groupId keeps the group');
    const out = await t.request('PATCH', `/v1/calendars/${id}`, { body: { groupId: null } });
    assert.equal(out.body.groupId, null);
    assert.deepEqual(await inGroup(groupB), []);
    const listed = (await t.request('GET', '/v1/calendars?limit=100')).body.data;
    assert.ok(listed.every((c: { groupId: unknown }) => c.groupId === null || typeof c.groupId === 'string'));

    const before = (await t.request('GET', '/v1/calendars?limit=100')).body.pagination.total;
    const unknown = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Lost', kind: 'event', groupId: 'AAAAAAAAAAAAAAAAAAAA' } });
    assert.equal(unknown.status, 422);
    assert.deepEqual(unknown.body.error.details.map((d: { field: string }) => d.field), ['groupId']);
    const wrongType = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Lost', kind: 'event', groupId: 7 } });
    assert.equal(wrongType.status, 400);
    assert.equal(wrongType.body.error.details[0].field, 'groupId');
    assert.equal((await t.request('GET', '/v1/calendars?limit=100')).body.pagination.total, before);
    const badPatch = await t.request('PATCH', `/v1/calendars/${second.body.id}`, { body: { groupId: 'AAAAAAAAAAAAAAAAAAAA', name: 'Changed' } });
    assert.equal(badPatch.status, 422);
    const unchanged = (await t.request('GET', `/v1/calendars/${second.body.id}`)).body;
    assert.equal(unchanged.groupId, groupA);
    assert.equal(unchanged.name, 'Grouped too');
    assert.equal((await t.request('GET', '/v1/calendars?groupId=AAAAAAAAAAAAAAAAAAAA')).status, 404, 'an unknown group filter is not found');
  });

  it('answers 409 for a slug already used in the location', async () => {
    await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Taken', slug: 'taken', kind: 'event' } });
    const res = await t.request('POST', '/v1/calendars', { body: { locationId: loc, name: 'Taken too', slug: 'taken', kind: 'event' } });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.details[0].field, 'slug');
  });

  it('keeps calendars inside their tenant and enforces scopes', async () => {
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Other', timeZone: 'UTC' } });
    const otherUser = await t.request('POST', '/v1/users', { body: { locationId: other.body.id, firstName: 'O', lastName: 'U', email: 'o@example.com' } });
    const foreign = await t.request('POST', '/v1/calendars', {
      body: { locationId: other.body.id, name: 'Theirs', kind: 'personal', hosts: [{ userId: otherUser.body.id }] },
    });
    assert.equal(foreign.status, 201);
    const keyA = (await t.request('POST', '/v1/api-keys', { body: { name: 'A', scopes: [...SCOPES], locationId: loc } })).body.secret;
    for (const [method, body] of [['GET'], ['PATCH', { name: 'Mine' }], ['DELETE']] as Array<[string, unknown?]>) {
      assert.equal((await t.request(method, `/v1/calendars/${foreign.body.id}`, { key: keyA, body })).status, 404, method);
    }
    assert.equal((await t.request('GET', `/v1/calendars?locationId=${other.body.id}`, { key: keyA })).status, 404);
    const crossHost = await t.request('POST', '/v1/calendars', { key: keyA, body: { name: 'Steal', kind: 'personal', hosts: [{ userId: otherUser.body.id }] } });
    assert.equal(crossHost.status, 422, 'a host from another location is unknown here');
    assert.equal((await t.request('GET', `/v1/calendars/${foreign.body.id}`)).body.name, 'Theirs');

    const readOnly = (await t.request('POST', '/v1/api-keys', { body: { name: 'ro', scopes: ['calendars.readonly'], locationId: loc } })).body.secret;
    assert.equal((await t.request('GET', '/v1/calendars', { key: readOnly })).status, 200);
    assert.equal((await t.request('POST', '/v1/calendars', { key: readOnly, body: { name: 'x', kind: 'event' } })).status, 403);
  });
});
