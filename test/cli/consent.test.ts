import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pseudonymFor } from '../../engine/privacy/pseudonym.js';
import { CohortStore } from '../../engine/store.js';
import { MINI } from '../helpers/mini-cohort.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

function cli(env: Record<string, string>, ...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv, { env });
}

const KEY_HEX = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const FIX = 'test/fixtures/privacy';
let dir: string;
let db: string;
let keyFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-consent-cli-'));
  db = join(dir, 'c.duckdb');
  keyFile = join(dir, 'key.hex');
  writeFileSync(keyFile, `${KEY_HEX}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('midia pseudonymize and midia consent', () => {
  it('imports identifying files pseudonymized, and refuses them without a key', async () => {
    const none = await cli({}, 'pseudonymize', 'import', '--db', db, '--table', 'patients', '--id-column', 'patient_id', `${FIX}/kis-patients.csv`);
    expect(none.code).not.toBe(0);
    expect(none.err).toContain('MIDIA_PSEUDONYM_KEY');
    const plain = await cli({}, 'import', '--db', db, '--table', 'patients', `${FIX}/kis-patients.csv`);
    expect(plain.code).toBe(2);
    expect(plain.err).toMatch(/Vorname/);
    const r = await cli({}, 'pseudonymize', 'import', '--db', db, '--table', 'patients', '--id-column', 'patient_id', '--key-file', keyFile, '--domain', 'cli', '--birth-date-format', '%d.%m.%Y', '--json', `${FIX}/kis-patients.csv`);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { loaded: number; pseudonymization: { method: string; generalised: string } };
    expect(report.loaded).toBe(3);
    expect(report.pseudonymization).toMatchObject({ method: 'hmac-sha256', generalised: 'Geburtsdatum' });
    const ids = await cli({ MIDIA_PSEUDONYM_KEY: KEY_HEX }, 'pseudonymize', 'id', '--domain', 'cli', '--json', 'KIS-1001');
    expect(JSON.parse(ids.out)).toEqual([{ id: 'KIS-1001', pseudonym: pseudonymFor(Buffer.from(KEY_HEX, 'hex'), 'KIS-1001', { domain: 'cli' }), domain: 'cli' }]);
  });

  it('grants, revokes and answers status at past times and history', async () => {
    const p = pseudonymFor(Buffer.from(KEY_HEX, 'hex'), 'KIS-1001', { domain: 'cli' });
    expect((await cli({}, 'consent', 'grant', '--db', db, '--pseudonym', p, '--purpose', 'research-general', '--at', '2024-01-01', '--source', 'paper', '--reference', 'form-17')).code).toBe(0);
    const rv = await cli({}, 'consent', 'revoke', '--db', db, '--pseudonym', p, '--purpose', 'research-general', '--at', '2024-06-01T12:00:00+02:00', '--json');
    expect(rv.code).toBe(0);
    expect(JSON.parse(rv.out)).toMatchObject({ action: 'revoke', effectiveAt: '2024-06-01T10:00:00.000Z', source: 'portal' });
    const before = await cli({}, 'consent', 'status', '--db', db, '--pseudonym', p, '--at', '2024-03-01', '--json');
    expect(JSON.parse(before.out).consents).toEqual([{ purpose: 'research-general', provider: null, granted: true, since: '2024-01-01T00:00:00.000Z', event: 1, source: 'paper' }]);
    const after = await cli({}, 'consent', 'status', '--db', db, '--pseudonym', p, '--json');
    expect(JSON.parse(after.out).consents[0].granted).toBe(false);
    const hist = await cli({}, 'consent', 'history', '--db', db, '--pseudonym', p);
    expect(hist.out).toContain('form-17');
    expect(hist.out.trim().split('\n')).toHaveLength(3); // header and two events
    const bad = await cli({}, 'consent', 'grant', '--db', db, '--pseudonym', p, '--purpose', 'treatment-sharing');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('provider');
    const badTime = await cli({}, 'consent', 'grant', '--db', db, '--pseudonym', p, '--purpose', 'research-general', '--at', '2024-01-01T10:00');
    expect(badTime.code).toBe(1);
  });

  it('imports FHIR Consent resources', async () => {
    // the bundle's patients are those of the hand-built cohort (test/helpers/mini-cohort.ts)
    const store = await CohortStore.open(db);
    try {
      await store.importRecords('patients', MINI.patients);
    } finally {
      store.close();
    }
    const r = await cli({}, 'consent', 'import', '--db', db, '--json', `${FIX}/consent-bundle.json`);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ consents: 5, appended: 7, duplicates: 0, unknownPseudonyms: 0 });
    const s = await cli({}, 'consent', 'status', '--db', db, '--pseudonym', 'P-D', '--at', '2024-06-01', '--json');
    expect(JSON.parse(s.out).consents.map((c: { purpose: string }) => c.purpose)).toEqual(['study:MS-PIRA', 'treatment-sharing']);
    const bad = await cli({}, 'consent', 'import', '--db', db, `${FIX}/consent-bundle-invalid.json`);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('entry[1].resource.patient');
  });
});
