/**
 * The checks of single consent changes: a typo'd pseudonym and a back-dated
 * revocation (the two attacks of the privacy review) are refused and change
 * nothing; FHIR imports accept unknown pseudonyms and count them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../engine/access.js';
import { ConsentConflictError, UnacceptedPseudonymError, UnknownPseudonymError } from '../../../engine/consent/errors.js';
import { importFhirConsent } from '../../../engine/consent/import-fhir-consent.js';
import { allConsentEvents, changeConsent, consentStatus, grantConsent, revokeConsent } from '../../../engine/consent/registry.js';
import { CohortStore } from '../../../engine/store.js';
import { registerStudy } from '../../../engine/study/study-registry.js';
import { DataValidationError } from '../../../util/errors.js';
import { MINI } from '../../helpers/mini-cohort.js';

const BUNDLE = 'test/fixtures/privacy/consent-bundle.json';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-consent-checks-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const d = (s: string) => new Date(s);
const stores: CohortStore[] = [];
afterEach(() => {
  while (stores.length) stores.pop()!.close();
});

async function store(patients = MINI.patients): Promise<CohortStore> {
  const s = await CohortStore.open(':memory:');
  stores.push(s);
  await s.importRecords('patients', patients);
  return s;
}

describe('consent changes are checked before they are recorded', () => {
  it('refuses a pseudonym without a patient (a typo) and records nothing; allowUnknown records it', async () => {
    const s = await store();
    await grantConsent(s, { pseudonym: 'P-A', purpose: 'research-general', effectiveAt: d('2024-01-01T00:00:00Z') });
    const typo = revokeConsent(s, { pseudonym: 'P-a', purpose: 'research-general' });
    await expect(typo).rejects.toBeInstanceOf(UnknownPseudonymError);
    await expect(revokeConsent(s, { pseudonym: 'P-a', purpose: 'research-general' })).rejects.toThrow(/unknown pseudonym 'P-a'.*nothing was recorded.*--allow-unknown/);
    expect(await allConsentEvents(s)).toHaveLength(1);
    // the real patient stays included
    expect((await consentStatus(s, 'P-A')).map((c) => c.granted)).toEqual([true]);
    const later = await changeConsent(s, { pseudonym: 'psn-0265a85379c1d2e3f4a5', purpose: 'research-general' }, 'grant', { allowUnknown: true });
    expect(later).toMatchObject({ knownPatient: false, now: { granted: true } });
    expect(await allConsentEvents(s)).toHaveLength(2);
    // even then, a name is not a pseudonym
    const named = changeConsent(s, { pseudonym: 'Erika-Mustermann-1960-05-17', purpose: 'research-general' }, 'grant', { allowUnknown: true });
    await expect(named).rejects.toBeInstanceOf(UnacceptedPseudonymError);
    await expect(changeConsent(s, { pseudonym: 'P-NEW', purpose: 'research-general' }, 'grant', { allowUnknown: true })).rejects.toThrow(/'P-NEW' is not a pseudonym of an accepted form \(accepted: psn-/);
    expect(await allConsentEvents(s)).toHaveLength(2);
  });

  it('refuses a revocation dated before the grant it should override, names both times, and records nothing', async () => {
    const s = await store();
    await grantConsent(s, { pseudonym: 'P-B', purpose: 'study:S1', effectiveAt: d('2024-06-01T00:00:00Z') });
    const attempt = revokeConsent(s, { pseudonym: 'P-B', purpose: 'study:S1', effectiveAt: d('2024-01-01T00:00:00Z') });
    await expect(attempt).rejects.toBeInstanceOf(ConsentConflictError);
    await expect(revokeConsent(s, { pseudonym: 'P-B', purpose: 'study:S1', effectiveAt: d('2024-01-01T00:00:00Z') })).rejects.toThrow(
      'revocation refused: it would take effect at 2024-01-01T00:00:00.000Z, before the grant it should override (event 1: study:S1 granted effective 2024-06-01T00:00:00.000Z)',
    );
    expect(await allConsentEvents(s)).toHaveLength(1);
    // at the grant's own time (a later recording wins a tie) and later times are fine
    const same = await changeConsent(s, { pseudonym: 'P-B', purpose: 'study:S1', effectiveAt: d('2024-06-01T00:00:00Z') }, 'revoke');
    expect(same.now).toMatchObject({ granted: false, event: { seq: 2 } });
  });

  it('takes effect when recorded without a time, and reports the state that now holds', async () => {
    const s = await store();
    await grantConsent(s, { pseudonym: 'P-C', purpose: 'research-general', effectiveAt: d('2023-01-01T00:00:00Z') });
    const before = Date.now();
    const r = await changeConsent(s, { pseudonym: 'P-C', purpose: 'research-general' }, 'revoke');
    expect(r.event.effectiveAt.getTime()).toBe(r.event.recordedAt.getTime());
    expect(r.event.effectiveAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(r.now).toMatchObject({ purpose: 'research-general', provider: null, granted: false, event: { seq: r.event.seq } });
    // a revocation scheduled in the future leaves the grant in force now, and says so
    await grantConsent(s, { pseudonym: 'P-C', purpose: 'research-general' });
    const scheduled = await changeConsent(s, { pseudonym: 'P-C', purpose: 'research-general', effectiveAt: d('2999-01-01T00:00:00Z') }, 'revoke');
    expect(scheduled.now).toMatchObject({ granted: true });
    expect(scheduled.now!.event.seq).not.toBe(scheduled.event.seq);
  });

  it('allows back-dated corrections that do override what is in force: an earlier revocation moved earlier', async () => {
    const s = await store();
    await grantConsent(s, { pseudonym: 'P-A', purpose: 'research-general', effectiveAt: d('2020-01-01T00:00:00Z') });
    await revokeConsent(s, { pseudonym: 'P-A', purpose: 'research-general', effectiveAt: d('2023-01-01T00:00:00Z') });
    // the paper form shows the patient revoked in 2021: the revocation in force (2023) is not a grant, so nothing is overridden wrongly
    const r = await changeConsent(s, { pseudonym: 'P-A', purpose: 'research-general', effectiveAt: d('2021-01-01T00:00:00Z'), source: 'paper' }, 'revoke');
    expect(r.now).toMatchObject({ granted: false });
    expect((await consentStatus(s, 'P-A', { at: d('2022-01-01T00:00:00Z') })).map((c) => c.granted)).toEqual([false]);
    expect((await consentStatus(s, 'P-A', { at: d('2020-06-01T00:00:00Z') })).map((c) => c.granted)).toEqual([true]);
  });

  it('checks per consent: a treatment-sharing grant for one provider does not block a revocation for another', async () => {
    const s = await store();
    await grantConsent(s, { pseudonym: 'P-D', purpose: 'treatment-sharing', provider: 'UK-Nord', effectiveAt: d('2024-06-01T00:00:00Z') });
    await grantConsent(s, { pseudonym: 'P-D', purpose: 'treatment-sharing', provider: 'UK-Sued', effectiveAt: d('2023-01-01T00:00:00Z') });
    const r = await changeConsent(s, { pseudonym: 'P-D', purpose: 'treatment-sharing', provider: 'UK-Sued', effectiveAt: d('2024-01-01T00:00:00Z') }, 'revoke');
    expect(r.now).toMatchObject({ provider: 'UK-Sued', granted: false });
    await expect(revokeConsent(s, { pseudonym: 'P-D', purpose: 'treatment-sharing', provider: 'UK-Nord', effectiveAt: d('2024-01-01T00:00:00Z') })).rejects.toBeInstanceOf(ConsentConflictError);
  });

  it('a refused revocation leaves the patient in the study; an accepted one removes them from later sessions', async () => {
    const s = await store();
    await registerStudy(s, { id: 'S1', title: 'T', question: 'Q?', responsible: 'R', purpose: 'study:S1', approval: 'A' });
    for (const p of ['P-A', 'P-B']) await grantConsent(s, { pseudonym: p, purpose: 'study:S1', effectiveAt: d('2024-06-01T00:00:00Z') });
    await expect(revokeConsent(s, { pseudonym: 'P-B', purpose: 'study:S1', effectiveAt: d('2024-01-01T00:00:00Z') })).rejects.toBeInstanceOf(ConsentConflictError);
    const s1 = await openSession(s, { study: 'S1' });
    expect(s1.pseudonyms).toEqual(['P-A', 'P-B']);
    s1.close();
    await revokeConsent(s, { pseudonym: 'P-B', purpose: 'study:S1' });
    const s2 = await openSession(s, { study: 'S1' });
    expect(s2.pseudonyms).toEqual(['P-A']);
    s2.close();
  });

  it('FHIR Consent import accepts pseudonyms without a patient (consents often arrive first) and counts them, if of an accepted form', async () => {
    const s = await store(MINI.patients.filter((p) => p.pseudonym === 'P-A' || p.pseudonym === 'P-B'));
    const text = readFileSync(BUNDLE, 'utf8');
    const early = join(dir, 'early.json');
    writeFileSync(early, text.replace(/"P-C"/g, '"P-00000000cc"').replace('Patient/P-D', 'Patient/P-00000000dd'));
    const r = await importFhirConsent(s, early);
    expect(r).toMatchObject({ consents: 5, appended: 7, unknownPseudonyms: 2 }); // P-00000000cc and P-00000000dd
    const again = await importFhirConsent(s, early);
    expect(again).toMatchObject({ appended: 0, duplicates: 7, unknownPseudonyms: 2 });
    // a name where the pseudonym belongs is refused, naming the resource; nothing is recorded
    const named = join(dir, 'named.json');
    writeFileSync(named, text.replace('Patient/P-D', 'Patient/Erika-Mustermann-1960-05-17'));
    const s2 = await store(MINI.patients.filter((p) => p.pseudonym !== 'P-D'));
    const error = await importFhirConsent(s2, named).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataValidationError);
    expect((error as DataValidationError).issues).toEqual([
      expect.objectContaining({ file: named, row: 5, field: 'entry[4].resource.patient', value: 'Erika-Mustermann-1960-05-17', message: expect.stringContaining('is not a pseudonym of an accepted form') }),
    ]);
    expect(await allConsentEvents(s2)).toEqual([]);
  });
});
