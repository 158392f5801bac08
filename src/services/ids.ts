import { randomBytes } from 'node:crypto';

/**
 * A public id: 20 URL-safe characters (about 119 random bits). It never starts with '-' or '_',
 * so it cannot be taken for an option on a command line (`--location -abc…`).
 */
export function newPublicId(): string {
  for (;;) {
    const id = randomBytes(15).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

export const PUBLIC_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{19}$/;
