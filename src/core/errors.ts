/**
 * Pure validation error raised by src/core. `field` names the offending input
 * (a dotted path such as `weekly.1[0].start` or `rrule`), so the service layer can
 * map it onto its own error hierarchy and each dialect onto its error body.
 */
export class CoreValidationError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'CoreValidationError';
    this.field = field;
  }
}
