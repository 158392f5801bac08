/**
 * How any error becomes a status, a code, a message and the fields it names; each API dialect
 * shapes its own error body from this.
 */
import type { FastifyError } from 'fastify';
import { ServiceError, type FieldIssue } from '../services/errors.ts';

const STATUS_OF: Record<ServiceError['kind'], number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
};

const CODE_OF_STATUS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
};

interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Turns one JSON-schema failure into a field path like `email` or `tags[2]`. */
function fieldOf(issue: AjvIssue): string {
  const segments = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'required') segments.push(String(issue.params.missingProperty));
  if (issue.keyword === 'additionalProperties') segments.push(String(issue.params.additionalProperty));
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function messageOf(issue: AjvIssue): string {
  if (issue.keyword === 'required') return 'is required';
  if (issue.keyword === 'additionalProperties') return 'is not a known field';
  return issue.message ?? 'is invalid';
}

export function schemaIssues(validation: AjvIssue[], context: string | undefined): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of validation) {
    // A union (e.g. string-or-null) reports every branch; one message per field is enough.
    if (issue.keyword === 'anyOf' || issue.keyword === 'oneOf') continue;
    const field = fieldOf(issue) || (context ?? 'body');
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, message: messageOf(issue) });
  }
  return issues;
}

export interface ErrorPayload {
  status: number;
  code: string;
  message: string;
  details: FieldIssue[];
}

/** Classifies any error the way every dialect needs it; each dialect then shapes its own body. */
export function classifyError(error: FastifyError | ServiceError | Error): ErrorPayload {
  if (error instanceof ServiceError) {
    const status = STATUS_OF[error.kind];
    return { status, code: CODE_OF_STATUS[status]!, message: error.message, details: error.issues };
  }
  const fastifyError = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fastifyError.validation) {
    const details = schemaIssues(fastifyError.validation, fastifyError.validationContext);
    const summary = details.map((d) => `${d.field} ${d.message}`).join('; ');
    return { status: 400, code: 'invalid_request', message: `Invalid ${fastifyError.validationContext ?? 'request'}: ${summary}`, details };
  }
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, code: CODE_OF_STATUS[status] ?? 'bad_request', message: error.message, details: [] };
  }
  return { status: 500, code: 'internal_error', message: 'Internal server error', details: [] };
}

