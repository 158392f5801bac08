import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import $RefParser from '@apidevtools/json-schema-ref-parser';
import { OpenAPIBackend } from 'openapi-backend';
import { SCOPES } from '../../src/services/scopes.ts';
import { startTestServer, type TestResponse, type TestServer } from './server.ts';

/** HighLevel's OpenAPI files: ../shared beside the checkout (as CI has it), or SLOTBASE_HL_SPECS. */
export const SPECS = process.env.SLOTBASE_HL_SPECS ?? path.resolve(import.meta.dirname, '../../../shared/specs/highlevel');
/**
 * Options for a describe() whose checks read the spec files: they run wherever the files are (CI
 * clones the project beside them) and are skipped, saying why, on a checkout without them.
 */
export const SPEC_TESTS = existsSync(path.join(SPECS, 'apps/calendars.json'))
  ? {}
  : { skip: `HighLevel's OpenAPI files are not at ${SPECS} (set SLOTBASE_HL_SPECS)` };

const SPEC_FILES = ['apps/calendars.json', 'apps/v3/calendars-v3.json', 'apps/contacts.json', 'apps/users.json'];

/**
 * Known errata of the spec files, applied before validating (docs/compat/leadconnector.md):
 * instants typed `object` though every example (and the live API) is an ISO string; the free-slot
 * answer's top-level `traceId`; the v3 file's reference to a common folder that is not shipped.
 */
const STRING_INSTANTS = [
  'CalendarEventDTO.startTime',
  'CalendarEventDTO.endTime',
  'CalendarEventDTO.dateAdded',
  'CalendarEventDTO.dateUpdated',
  'BlockedSlotSuccessfulResponseDto.startTime',
  'BlockedSlotSuccessfulResponseDto.endTime',
];

// Spec documents are plain JSON of any shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function applyErrata(spec: Json): Json {
  for (const entry of STRING_INSTANTS) {
    const [schema, property] = entry.split('.') as [string, string];
    const field = spec.components?.schemas?.[schema]?.properties?.[property];
    if (!field) continue;
    if (field.type !== 'object' || typeof field.example !== 'string') throw new Error(`spec erratum no longer applies: ${entry}`);
    field.type = 'string';
  }
  const slots = spec.paths?.['/calendars/{calendarId}/free-slots']?.get?.responses?.['200']?.content?.['application/json']?.schema;
  if (slots) {
    if (!slots.additionalProperties || slots.properties) throw new Error('spec erratum no longer applies: free-slots traceId');
    slots.properties = { traceId: { type: 'string' } };
  }
  return spec;
}

async function loadSpec(relative: string): Promise<OpenAPIBackend> {
  const file = path.join(SPECS, relative);
  const missingCommon = path.join(SPECS, 'apps/common/common-schemas.json');
  const v3Common = path.join(SPECS, 'apps/v3/common/common-schemas.json');
  const spec = applyErrata(JSON.parse(await readFile(file, 'utf8')));
  const document = await new $RefParser().dereference(file, spec, {
    resolve: {
      file: {
        read: (ref: { url: string }) => {
          const target = path.normalize(ref.url.startsWith('file:') ? fileURLToPath(ref.url) : ref.url);
          return readFile(target === missingCommon ? v3Common : target);
        },
      },
    },
  });
  const api = new OpenAPIBackend({ definition: document as never, quick: true, strict: false, ignoreTrailingSlashes: false, ajvOpts: { allErrors: true } });
  await api.init();
  return api;
}

let specs: Promise<OpenAPIBackend[]> | undefined;
export function loadSpecs(): Promise<OpenAPIBackend[]> {
  specs ??= Promise.all(SPEC_FILES.map(loadSpec));
  return specs;
}

/** Every problem of a response against every spec file that defines its operation; [] when it conforms. */
export async function responseProblems(method: string, url: string, status: number, body: unknown): Promise<string[]> {
  const pathname = new URL(url, 'http://localhost').pathname;
  const problems: string[] = [];
  let matched = 0;
  for (const api of await loadSpecs()) {
    const operation = api.matchOperation({ method, path: pathname, headers: {} });
    if (!operation?.operationId) continue;
    matched++;
    if (!operation.responses?.[String(status)]) {
      problems.push(`${operation.operationId}: status ${status} is not declared`);
      continue;
    }
    const result = api.validateResponse(body, operation.operationId, status);
    for (const error of result.errors ?? []) problems.push(`${operation.operationId} ${status}: ${error.instancePath || '/'} ${error.message}`);
  }
  if (matched === 0) problems.push(`no operation for ${method} ${pathname}`);
  return problems;
}

export interface LcServer extends TestServer {
  /** A key of the demo location with every scope. */
  key: string;
  /** The demo organization's public id: HighLevel's companyId. */
  principalOrganizationId: string;
  /** Sends a request the way HighLevel clients do (Bearer key, Version header). */
  lc(method: string, url: string, options?: { body?: unknown; key?: string | null; version?: string | null }): Promise<TestResponse>;
  /** As `lc`, and asserts nothing: returns the problems of the answer against the spec too. */
  checked(method: string, url: string, options?: { body?: unknown; key?: string | null; version?: string | null }): Promise<TestResponse & { problems: string[] }>;
}

export async function startLcServer(): Promise<LcServer> {
  const t = await startTestServer();
  const issued = await t.request('POST', '/v1/api-keys', { body: { name: 'lc', scopes: [...SCOPES], locationId: t.demo.location.id } });
  const key = issued.body.secret as string;
  const principal = await t.app.services.apiKeys.authenticate(key);
  const lc: LcServer['lc'] = (method, url, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.version !== null) headers.version = options.version ?? '2021-07-28';
    return t.request(method, url, { key: options.key === undefined ? key : options.key, body: options.body, headers });
  };
  return {
    ...t,
    key,
    principalOrganizationId: principal.organizationId,
    lc,
    async checked(method, url, options) {
      const res = await lc(method, url, options);
      return { ...res, problems: await responseProblems(method, url, res.status, res.body) };
    },
  };
}
