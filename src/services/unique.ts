import { isUniqueViolation } from '../store/errors.ts';
import { ConflictError } from './errors.ts';

/** Runs a write; a unique-constraint violation becomes a ConflictError naming `field`. */
export async function uniquely<T>(field: string, message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(message, [{ field, message }]);
    throw error;
  }
}
