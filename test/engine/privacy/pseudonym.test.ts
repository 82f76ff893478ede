import { createHmac } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKey, loadPseudonymKey, PSEUDONYM_KEY_ENV } from '../../../engine/privacy/key.js';
import { normalizeSourceId, pseudonymFor, pseudonymSql } from '../../../engine/privacy/pseudonym.js';
import { UsageError } from '../../../util/errors.js';

const KEY = Buffer.from('0f1e2d3c4b5a69788796a5b4c3d2e1f0f00112233445566778899aabbccddeeff', 'hex');
const LONG_KEY = Buffer.alloc(100, 7); // longer than the 64-byte HMAC block: hashed first

describe('keyed pseudonyms', () => {
  it('are HMAC-SHA-256 of domain, 0x00 and the normalized id, truncated to 20 hex digits', () => {
    const expected = 'psn-' + createHmac('sha256', KEY).update('proj-a\u0000KIS-1001', 'utf8').digest('hex').slice(0, 20);
    expect(pseudonymFor(KEY, 'KIS-1001', { domain: 'proj-a' })).toBe(expected);
    expect(pseudonymFor(KEY, '  kis-1001\t', { domain: 'proj-a' })).toBe(expected);
    expect(pseudonymFor(KEY, 'KIS-1001', { domain: 'proj-b' })).not.toBe(expected);
    expect(pseudonymFor(Buffer.alloc(32, 1), 'KIS-1001', { domain: 'proj-a' })).not.toBe(expected);
    expect(pseudonymFor(KEY, 'KIS-1001', { domain: 'proj-a', length: 32, prefix: '' })).toHaveLength(32);
  });

  it('normalizes by trimming, NFC and upper-casing ASCII letters only', () => {
    expect(normalizeSourceId(' ab-12\r\n')).toBe('AB-12');
    expect(normalizeSourceId('e\u0301')).toBe('\u00e9'); // NFC, é not upper-cased
    expect(normalizeSourceId('straße')).toBe('STRAßE');
  });

  it('the DuckDB SQL expression equals node:crypto for random ids, keys and domains', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), fc.constantFrom(' kis-1\n', 'e\u0301x', 'ß')), { minLength: 1, maxLength: 20 }),
          fc.constantFrom(KEY, LONG_KEY, Buffer.alloc(64, 0xab)),
          fc.constantFrom('default', 'proj-a', 'x:y.z_1'),
          async (ids, key, domain) => {
            const usable = ids.filter((id) => normalizeSourceId(id) !== '' && !id.includes('\u0000'));
            if (!usable.length) return;
            const values = usable.map((id, i) => `(${i}, '${id.replace(/'/g, "''")}')`).join(', ');
            const rows = (await conn.runAndReadAll(`SELECT i, ${pseudonymSql('id', key, { domain })} FROM (VALUES ${values}) t(i, id) ORDER BY i`)).getRowsJS();
            expect(rows.map((r) => r[1])).toEqual(usable.map((id) => pseudonymFor(key, id, { domain })));
          },
        ),
        { numRuns: 40, seed: 42 },
      );
      const nullRow = (await conn.runAndReadAll(`SELECT ${pseudonymSql('CAST(NULL AS VARCHAR)', KEY)}`)).getRowsJS();
      expect(nullRow[0]![0]).toBeNull();
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });

  it('refuses short keys, bad domains and a missing key', () => {
    expect(() => pseudonymFor(Buffer.alloc(16), 'x')).toThrow(UsageError);
    expect(() => pseudonymFor(KEY, 'x', { domain: 'a\u0000b' })).toThrow(UsageError);
    expect(() => pseudonymFor(KEY, '   ')).toThrow(UsageError);
    expect(() => loadPseudonymKey({ env: {} })).toThrow(/MIDIA_PSEUDONYM_KEY/);
    expect(loadPseudonymKey({ env: { [PSEUDONYM_KEY_ENV]: KEY.toString('base64') } })).toEqual(KEY);
    expect(loadPseudonymKey({ env: { [PSEUDONYM_KEY_ENV]: KEY.toString('hex') } })).toEqual(KEY);
    expect(() => decodeKey('abcd')).toThrow(/at least 32 bytes/);
    expect(() => decodeKey('not a key!')).toThrow(UsageError);
  });
});
