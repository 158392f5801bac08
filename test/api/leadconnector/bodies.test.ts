import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { SPEC_TESTS, SPECS, startLcServer, type LcServer } from '../../helpers/leadconnector.ts';

// Spec documents are plain JSON of any shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const DUMMY = 'AAAAAAAAAAAAAAAAAAAA';
/** A path with its parameters filled: a real resource type, a dummy id for the rest. */
const pathOf = (route: string) => route.replace('{resourceType}', 'equipments').replace(/\{[^}]+\}/g, DUMMY);

/** A value of the wrong JSON type for a property schema. */
function wrongTypeFor(schema: Json): unknown {
  const type = schema?.type;
  if (type === 'string') return 12345;
  if (type === 'number' || type === 'integer') return 'not a number';
  if (type === 'boolean') return 'not a boolean';
  if (type === 'array') return 'not an array';
  if (type === 'object') return 'not an object';
  return undefined;
}

/** A plausible value for a required property, so that only the property under test is wrong. */
function plausible(name: string, schema: Json, loc: string): unknown {
  if (name === 'locationId') return loc;
  if (schema?.enum) return schema.enum[0];
  switch (schema?.type) {
    case 'string':
      return /time|date/i.test(name) ? '2026-06-02T09:00:00-04:00' : 'text';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    default:
      return {};
  }
}

describe('LeadConnector dialect: every request body refuses missing and mistyped fields, changing nothing', SPEC_TESTS, () => {
  let t: LcServer;
  before(async () => {
    t = await startLcServer();
  });
  after(() => t.close());

  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of ['calendars', 'calendar_groups', 'bookings', 'blocked_slots', 'booking_notes', 'contacts', 'users', 'schedules', 'calendar_notifications', 'resources', 'calendar_resources', 'booking_resources', 'service_locations', 'booking_services', 'calendar_variants', 'host_busy']) {
      const row = await t.app.store.db.selectFrom(table as 'calendars').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    return counts;
  }

  it('answers 400 or 422 as declared, in HighLevel’s format', async () => {
    const loc = t.demo.location.id;
    const failures: string[] = [];
    const before = await rowCounts();
    for (const file of ['apps/calendars.json', 'apps/v3/calendars-v3.json', 'apps/contacts.json', 'apps/users.json']) {
      const spec: Json = await new $RefParser().dereference(path.join(SPECS, file), JSON.parse(await readFile(path.join(SPECS, file), 'utf8')), {
        resolve: { file: { read: (ref: { url: string }) => readFile(ref.url.replace(`${path.sep}apps${path.sep}common${path.sep}`, `${path.sep}apps${path.sep}v3${path.sep}common${path.sep}`)) } },
      });
      for (const [route, methods] of Object.entries(spec.paths as Record<string, Record<string, Json>>)) {
        for (const [method, op] of Object.entries(methods)) {
          const schema = op.requestBody?.content?.['application/json']?.schema;
          if (!schema || schema.type === 'array' || !schema.properties) continue;
          const status = await t.lc(method.toUpperCase(), pathOf(route), { body: {} }).then((r) => r.status);
          if (status === 404) continue; // an operation of another part of HighLevel's API (not served)
          const declared: string[] = Object.keys(op.responses ?? {}).filter((s) => s === '400' || s === '422');
          const url = pathOf(route);
          const valid = Object.fromEntries((schema.required ?? []).map((name: string) => [name, plausible(name, schema.properties[name], loc)]));
          const cases: Array<[string, Record<string, unknown>]> = [];
          for (const name of schema.required ?? []) {
            const body = { ...valid };
            delete body[name];
            cases.push([`without ${name}`, body]);
          }
          for (const [name, property] of Object.entries(schema.properties as Record<string, Json>)) {
            const wrong = wrongTypeFor(property);
            if (wrong !== undefined && !property.deprecated && !property.readOnly) cases.push([`${name} of a wrong type`, { ...valid, [name]: wrong }]);
          }
          for (const [label, body] of cases) {
            const res = await t.checked(method.toUpperCase(), url, { body });
            const tag = `${op.operationId} ${label}`;
            if (!declared.includes(String(res.status))) failures.push(`${tag}: status ${res.status} (${JSON.stringify(res.body).slice(0, 120)})`);
            else if (res.problems.length > 0) failures.push(`${tag}: ${res.problems.join('; ')}`);
          }
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(await rowCounts(), before, 'nothing was written');
  });
});
