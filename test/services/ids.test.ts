import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newPublicId, PUBLIC_ID_PATTERN } from '../../src/services/ids.ts';

describe('public ids', () => {
  it('are 20 URL-safe characters that never start with - or _, and do not repeat', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const id = newPublicId();
      assert.match(id, PUBLIC_ID_PATTERN);
      ids.add(id);
    }
    assert.equal(ids.size, 5_000);
  });
});
