import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrincipalCache } from '../../src/services/principal-cache.ts';
import type { Principal } from '../../src/services/principal.ts';

const principal: Principal = { keyPk: 1, keyId: 'k', organizationPk: 1, organizationId: 'o', locationPk: 1, locationId: 'l', scopes: new Set(['users.readonly']) };
const entry = { principal, lastUsedAt: 0 };

describe('PrincipalCache', () => {
  it('keeps nothing while change notices do not arrive', () => {
    const cache = new PrincipalCache(10_000);
    cache.set('h', entry, cache.generation);
    assert.equal(cache.get('h'), undefined);
    cache.setWatching(true);
    cache.set('h', entry, cache.generation);
    assert.equal(cache.get('h'), entry);
    cache.setWatching(false);
    assert.equal(cache.get('h'), undefined, 'losing the notices empties it');
  });

  it('starts following notices at its first lookup, once, and never when off', () => {
    let started = 0;
    const cache = new PrincipalCache(10_000, () => started++);
    assert.equal(started, 0);
    cache.get('h');
    cache.get('h');
    assert.equal(started, 1);
    const off = new PrincipalCache(0, () => started++);
    off.get('h');
    assert.equal(started, 1);
  });

  it('does not keep a lookup that began before a change', () => {
    const cache = new PrincipalCache(10_000);
    cache.setWatching(true);
    const before = cache.generation;
    cache.clear(); // a key changed while the lookup was running
    cache.set('h', entry, before);
    assert.equal(cache.get('h'), undefined);
  });

  it('forgets an entry after its time, and keeps nothing with a time of 0', async () => {
    const short = new PrincipalCache(20);
    short.setWatching(true);
    short.set('h', entry, short.generation);
    assert.equal(short.get('h'), entry);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(short.get('h'), undefined);
    const off = new PrincipalCache(0);
    off.setWatching(true);
    off.set('h', entry, off.generation);
    assert.equal(off.get('h'), undefined);
  });
});
