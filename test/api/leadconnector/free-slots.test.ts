import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SPEC_TESTS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

// TEST_NOW = 2026-06-01T12:00Z: Monday 08:00 New York; the demo host works 09–12 and 13–17.
const DAY_START = Date.parse('2026-06-01T04:00:00Z'); // 2026-06-01 00:00 New York
const DAY_END = Date.parse('2026-06-02T03:59:59.999Z');

describe('LeadConnector dialect: free slots', SPEC_TESTS, () => {
  let t: LcServer;
  let calendar: string;
  before(async () => {
    t = await startLcServer();
    calendar = t.demo.calendar.id;
  });
  after(() => t.close());

  it('takes epoch milliseconds and answers dates with their slots and a traceId', async () => {
    const res = await t.checked('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}&timezone=America/New_York`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.problems, []);
    assert.deepEqual(Object.keys(res.body).sort(), ['2026-06-01', 'traceId']);
    assert.equal(res.body['2026-06-01'].slots.length, 14);
    assert.equal(res.body['2026-06-01'].slots[0], '2026-06-01T09:00:00-04:00');
    assert.equal(typeof res.body.traceId, 'string');
  });

  it('answers in the requested time zone', async () => {
    const res = await t.lc('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}&timezone=Europe/London`);
    assert.equal(res.body['2026-06-01'].slots[0], '2026-06-01T14:00:00+01:00');
  });

  it('narrows to userId and userIds[]; a user of no location is 400, of another location 403', async () => {
    const none = await t.checked('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}&userIds[]=AAAAAAAAAAAAAAAAAAAA`);
    assert.equal(none.status, 400);
    assert.deepEqual(none.problems, []);
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Slots elsewhere', timeZone: 'UTC' } });
    const theirs = await t.request('POST', '/v1/users', { body: { locationId: other.body.id, firstName: 'Far', lastName: 'Away', email: 'far-away@example.com' } });
    const foreign = await t.lc('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}&userIds[]=${t.demo.host.id}&userIds[]=${theirs.body.id}`);
    assert.equal(foreign.status, 403);
    const user = await t.request('POST', '/v1/users', { body: { locationId: t.demo.location.id, firstName: 'Not', lastName: 'Host', email: 'not-host@example.com' } });
    const notHost = await t.lc('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}&userId=${user.body.id}`);
    assert.deepEqual(Object.keys(notHost.body), ['traceId'], 'a user of the location who is no host has no slots');
    const host = await t.lc('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}&userIds[]=${t.demo.host.id}&userIds[]=${user.body.id}`);
    assert.equal(host.body['2026-06-01'].slots.length, 14);
    const single = await t.lc('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}&userId=${t.demo.host.id}`);
    assert.equal(single.body['2026-06-01'].slots.length, 14);
  });

  it('refuses instants no date can hold with 400', async () => {
    for (const query of ['startDate=1e20&endDate=1e20', `startDate=${DAY_START}&endDate=99999999999999999`]) {
      const res = await t.checked('GET', `/calendars/${calendar}/free-slots?${query}`);
      assert.equal(res.status, 400, `${query} → ${JSON.stringify(res.body)}`);
      assert.deepEqual(res.problems, []);
    }
  });

  it('refuses bad parameters with 400 and another location’s calendar with 403', async () => {
    const missing = await t.checked('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}`);
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.problems, []);
    const long = await t.checked('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_START + 40 * 86_400_000}`);
    assert.equal(long.status, 400);
    assert.deepEqual(long.problems, []);
    const zone = await t.lc('GET', `/calendars/${calendar}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}&timezone=Mars/Base`);
    assert.equal(zone.status, 400);
    const other = await t.request('POST', '/v1/locations', { body: { name: 'Elsewhere', timeZone: 'UTC' } });
    const theirs = await t.request('POST', '/v1/calendars', { body: { locationId: other.body.id, name: 'Theirs', kind: 'event' } });
    assert.equal((await t.lc('GET', `/calendars/${theirs.body.id}/free-slots?startDate=${DAY_START}&endDate=${DAY_END}`)).status, 403);
  });
});
