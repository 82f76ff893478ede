/**
 * The consent attacks of the privacy review, performed with the shipped CLI:
 * a revocation for a mistyped pseudonym, and a revocation dated before the
 * grant. Both used to print "revoked:" and exit 0 while the patient stayed
 * included; now each exits 2, says why, and records nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CohortStore } from '../../engine/store.js';
import { MINI } from '../helpers/mini-cohort.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-consent-strict-'));
  db = join(dir, 'c.duckdb');
  const store = await CohortStore.open(db);
  try {
    await store.importRecords('patients', MINI.patients.filter((p) => p.pseudonym !== 'P-D'));
  } finally {
    store.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const status = async (p: string, at?: string) => {
  const r = await cli('consent', 'status', '--db', db, '--pseudonym', p, '--json', ...(at ? ['--at', at] : []));
  return (JSON.parse(r.out) as { consents: { purpose: string; granted: boolean; since: string }[] }).consents;
};
const historyLength = async (p: string) => (JSON.parse((await cli('consent', 'history', '--db', db, '--pseudonym', p, '--json')).out) as { events: unknown[] }).events.length;

describe('midia consent: unknown pseudonyms and back-dated revocations', () => {
  it('a revocation with a mistyped pseudonym exits 2 and the real patient stays included', async () => {
    const g = await cli('consent', 'grant', '--db', db, '--pseudonym', 'P-A', '--purpose', 'research-general', '--at', '2024-01-01');
    expect(g.code, g.err).toBe(0);
    expect(g.out).toContain('granted: P-A research-general, effective 2024-01-01T00:00:00.000Z (event 1)');
    expect(g.out).toContain('now: research-general granted for P-A since 2024-01-01T00:00:00.000Z (event 1)');
    const typo = await cli('consent', 'revoke', '--db', db, '--pseudonym', 'P-a', '--purpose', 'research-general');
    expect(typo.code).toBe(2);
    expect(typo.out).toBe('');
    expect(typo.err).toContain("unknown pseudonym 'P-a'");
    expect(typo.err).toContain('--allow-unknown');
    expect(await historyLength('P-a')).toBe(0);
    expect((await status('P-A')).map((c) => c.granted)).toEqual([true]);
  });

  it('--allow-unknown records consent for a patient whose data come later, and says so; never for a name', async () => {
    const later = 'psn-0265a85379c1d2e3f4a5';
    const r = await cli('consent', 'grant', '--db', db, '--pseudonym', later, '--purpose', 'research-general', '--allow-unknown', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ pseudonym: later, action: 'grant', knownPatient: false, now: { granted: true } });
    const t = await cli('consent', 'revoke', '--db', db, '--pseudonym', later, '--purpose', 'research-general', '--allow-unknown');
    expect(t.code).toBe(0);
    expect(t.out).toContain(`note: no patient ${later} in the store yet`);
    const named = await cli('consent', 'grant', '--db', db, '--pseudonym', 'Erika-Mustermann-1960-05-17', '--purpose', 'research-general', '--allow-unknown');
    expect(named.code).toBe(2);
    expect(named.err).toContain("'Erika-Mustermann-1960-05-17' is not a pseudonym of an accepted form");
    expect(await historyLength('Erika-Mustermann-1960-05-17')).toBe(0);
  });

  it('a revocation dated before the grant it should override is refused, saying so; the grant stays in force', async () => {
    expect((await cli('consent', 'grant', '--db', db, '--pseudonym', 'P-B', '--purpose', 'study:S1', '--at', '2024-06-01')).code).toBe(0);
    const r = await cli('consent', 'revoke', '--db', db, '--pseudonym', 'P-B', '--purpose', 'study:S1', '--at', '2024-01-01');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('revocation refused: it would take effect at 2024-01-01T00:00:00.000Z, before the grant it should override');
    expect(r.err).toContain('granted effective 2024-06-01T00:00:00.000Z');
    expect(r.err).toContain('Omit --at to revoke from now');
    expect(await historyLength('P-B')).toBe(1);
    expect((await status('P-B')).map((c) => c.granted)).toEqual([true]);
  });

  it('without --at a revocation takes effect when recorded, prints the state that now holds, and status --at answers by effective time', async () => {
    const before = new Date().toISOString();
    const r = await cli('consent', 'revoke', '--db', db, '--pseudonym', 'P-B', '--purpose', 'study:S1', '--json');
    expect(r.code, r.err).toBe(0);
    const e = JSON.parse(r.out) as { effectiveAt: string; recordedAt: string; seq: number; now: { granted: boolean; since: string; event: number } };
    expect(e.effectiveAt).toBe(e.recordedAt);
    expect(e.effectiveAt >= before).toBe(true);
    expect(e.now).toEqual({ purpose: 'study:S1', provider: null, granted: false, since: e.effectiveAt, event: e.seq });
    const text = await cli('consent', 'grant', '--db', db, '--pseudonym', 'P-B', '--purpose', 'study:S1');
    expect(text.out).toMatch(/now: study:S1 granted for P-B since \S+ \(event \d+\)/);
    expect(await status('P-B', '2024-03-01')).toEqual([]); // nothing in force yet then
    expect((await status('P-B', '2024-07-01')).map((c) => c.granted)).toEqual([true]);
    expect((await status('P-B', e.effectiveAt)).map((c) => c.granted)).toEqual([false]);
  });

  it('consent import accepts FHIR Consents for pseudonyms without a patient and reports how many; a name is refused by resource', async () => {
    const text = readFileSync('test/fixtures/privacy/consent-bundle.json', 'utf8');
    const early = join(dir, 'early.json');
    writeFileSync(early, text.replace('Patient/P-D', 'Patient/P-00000000dd')); // P-D's consent arrives before its data
    const r = await cli('consent', 'import', '--db', db, '--json', early);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ consents: 5, appended: 7, unknownPseudonyms: 1 });
    const again = await cli('consent', 'import', '--db', db, early);
    expect(again.out).toContain('1 pseudonym(s) without a patient in the store yet');
    const named = join(dir, 'named.json');
    writeFileSync(named, text.replace('Patient/P-D', 'Patient/Erika-Mustermann-1960-05-17'));
    const bad = await cli('consent', 'import', '--db', db, named);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`${named}, row 5, field 'entry[4].resource.patient': 'Erika-Mustermann-1960-05-17' names no patient of the store and is not a pseudonym of an accepted form`);
    expect(await historyLength('Erika-Mustermann-1960-05-17')).toBe(0);
  });
});
