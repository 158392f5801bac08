/**
 * The one error hierarchy of the services. Each API dialect maps these onto its own wire format;
 * `field` names the offending input where there is one.
 */
export interface FieldIssue {
  field: string;
  message: string;
}

export abstract class ServiceError extends Error {
  abstract readonly kind: 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable';
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = new.target.name;
    this.issues = issues;
  }
}

/** Malformed input: wrong types, missing or unknown fields. */
export class InvalidInputError extends ServiceError {
  readonly kind = 'invalid';
}

/** Well-formed input that breaks a rule: an unknown time zone, an invalid e-mail address. */
export class ValidationError extends ServiceError {
  readonly kind = 'unprocessable';
  /**
   * The object a field names and that was not found where it had to be (as NotFoundError's
   * entity and id), for dialects that answer "someone else's" differently from "not there".
   */
  reference?: { entity: string; id: string };

  static field(field: string, message: string): ValidationError {
    return new ValidationError(`${field}: ${message}`, [{ field, message }]);
  }

  /** `field` names `entity` `id`, which is not in the caller's reach. */
  static reference(field: string, entity: string, id: string, message: string): ValidationError {
    const error = ValidationError.field(field, message);
    error.reference = { entity, id };
    return error;
  }
}

export class UnauthenticatedError extends ServiceError {
  readonly kind = 'unauthenticated';
}

export class ForbiddenError extends ServiceError {
  readonly kind = 'forbidden';
}

export class NotFoundError extends ServiceError {
  readonly kind = 'not_found';
  /** What was looked for ('Calendar', 'User', ...) and by which public id, for dialects that must tell "not there" from "someone else's". */
  readonly entity: string;
  readonly id: string | undefined;

  constructor(what: string, id?: string) {
    super(id === undefined ? `${what} not found` : `${what} ${id} not found`);
    this.entity = what;
    this.id = id;
  }
}

export class ConflictError extends ServiceError {
  readonly kind = 'conflict';
}
