import { randomBytes } from 'node:crypto';

/** A public id: 20 URL-safe characters (120 random bits). */
export function newPublicId(): string {
  return randomBytes(15).toString('base64url');
}

export const PUBLIC_ID_PATTERN = /^[A-Za-z0-9_-]{20}$/;
