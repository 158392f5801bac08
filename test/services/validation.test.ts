import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/services/errors.ts';
import { checkLocalDate, checkTimeZone, normalizeEmail, normalizePhone } from '../../src/services/validation.ts';

describe('input validation', () => {
  it('normalises e-mail addresses and rejects non-addresses', () => {
    assert.equal(normalizeEmail('email', '  Ana.Lopez+Work@Example.COM '), 'ana.lopez+work@example.com');
    for (const bad of ['', 'plain', 'a@b', '@example.com', 'a b@example.com', 'a@example.c']) {
      assert.throws(() => normalizeEmail('email', bad), (e: unknown) => e instanceof ValidationError && e.issues[0]?.field === 'email', bad);
    }
  });

  it('accepts IANA time zones and rejects the rest', () => {
    for (const zone of ['UTC', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/London']) {
      assert.equal(checkTimeZone('timeZone', zone), zone);
    }
    for (const zone of ['', 'Mars/Base', '+05:45', 'EST5EDT5', 'America/New York']) {
      assert.throws(() => checkTimeZone('timeZone', zone), ValidationError, zone);
    }
  });

  it('checks phone numbers and calendar dates', () => {
    assert.equal(normalizePhone('phone', ' +977 1-4411111 '), '+977 1-4411111');
    assert.equal(normalizePhone('phone', ''), null);
    assert.throws(() => normalizePhone('phone', 'ring ring'), ValidationError);
    assert.equal(checkLocalDate('date', '2024-02-29'), '2024-02-29');
    assert.throws(() => checkLocalDate('date', '2023-02-29'), ValidationError);
    assert.throws(() => checkLocalDate('date', '2023-2-1'), ValidationError);
  });
});
