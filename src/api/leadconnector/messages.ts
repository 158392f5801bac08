/**
 * HighLevel's services validate with NestJS class-validator; their messages read like
 * "calendarId must be a string". Ajv's issues are turned into the same wording, nested paths
 * written with dots ("rules.0.intervals.1.from").
 */
export interface AjvIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

function pathOf(issue: AjvIssue): string {
  const segments = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'required') segments.push(String(issue.params.missingProperty));
  if (issue.keyword === 'additionalProperties') segments.push(String(issue.params.additionalProperty));
  return segments.join('.');
}

function sentence(field: string, issue: AjvIssue): string {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return `${field} should not be empty`;
    case 'additionalProperties':
      return `property ${field} should not exist`;
    case 'type': {
      const type = String(p.type);
      if (type.includes('string')) return `${field} must be a string`;
      if (type.includes('integer')) return `${field} must be an integer number`;
      if (type.includes('number')) return `${field} must be a number conforming to the specified constraints`;
      if (type.includes('boolean')) return `${field} must be a boolean value`;
      if (type.includes('array')) return `${field} must be an array`;
      return `${field} must be an object`;
    }
    case 'enum':
      return `${field} must be one of the following values: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${field} must be equal to ${String(p.allowedValue)}`;
    case 'format':
      return p.format === 'date-time' || p.format === 'date' ? `${field} must be a valid ISO 8601 date string` : `${field} must be a valid ${String(p.format)}`;
    case 'minLength':
      return Number(p.limit) === 1 ? `${field} should not be empty` : `${field} must be longer than or equal to ${String(p.limit)} characters`;
    case 'maxLength':
      return `${field} must be shorter than or equal to ${String(p.limit)} characters`;
    case 'minimum':
      return `${field} must not be less than ${String(p.limit)}`;
    case 'maximum':
      return `${field} must not be greater than ${String(p.limit)}`;
    case 'minItems':
      return `${field} must contain at least ${String(p.limit)} elements`;
    case 'maxItems':
      return `${field} must contain no more than ${String(p.limit)} elements`;
    case 'pattern':
      return `${field} must match ${String(p.pattern)} regular expression`;
    default:
      return `${field} ${issue.message ?? 'is invalid'}`;
  }
}

/** One message per offending field, in class-validator's wording. */
export function validationMessages(issues: AjvIssue[], context: string | undefined): string[] {
  // A union of literals fails once per literal; together they are one "one of" rule.
  const allowed = new Map<string, unknown[]>();
  for (const issue of issues) {
    if (issue.keyword !== 'const') continue;
    const field = pathOf(issue) || (context ?? 'body');
    allowed.set(field, [...(allowed.get(field) ?? []), issue.params.allowedValue]);
  }
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const [field, values] of allowed) {
    if (values.length < 2) continue;
    seen.add(field);
    messages.push(`${field} must be one of the following values: ${values.join(', ')}`);
  }
  for (const issue of issues) {
    if (issue.keyword === 'anyOf' || issue.keyword === 'oneOf') continue;
    const field = pathOf(issue) || (context ?? 'body');
    if (seen.has(field)) continue;
    seen.add(field);
    messages.push(sentence(field, issue));
  }
  return messages;
}
