/** The synthetic study and consents (datasets/synthetic/synthetic-study.ts). */
import { describe, expect, it } from 'vitest';
import { consentsToNdjson, generateCohort, syntheticConsents, syntheticStudy, SYNTHETIC_STUDY_ID } from '../../../datasets/index.js';
import { generateMsRegistry, MS_REGISTRY_MAX_PATIENTS } from '../../../datasets/ms-registry/index.js';
import { consentEventsFromFhir } from '../../../engine/consent/fhir-consent.js';
import { parseFhirText } from '../../../engine/import/fhir-read.js';
import { UsageError } from '../../../util/errors.js';

describe('synthetic study and consents', () => {
  it('registers a row-level research-general study under a stable id', () => {
    for (const kind of ['cohort', 'ms-registry'] as const) {
      expect(syntheticStudy(kind)).toMatchObject({ id: SYNTHETIC_STUDY_ID, purpose: 'research-general', access: 'row-level', minCellCount: 5, allowIndividualTimes: false });
    }
    expect(SYNTHETIC_STUDY_ID).toBe('SYNTH');
  });

  it('gives every patient a broad consent on the index date, read by the FHIR consent importer as research-general grants', () => {
    const cohort = generateCohort({ seed: 2, breast: 200, prostate: 150, ms: 150 });
    const text = consentsToNdjson(syntheticConsents(cohort.patients, 2));
    const parsed = consentEventsFromFhir(parseFhirText(text, 'c.ndjson').entries, 'c.ndjson');
    expect(parsed.issues).toEqual([]);
    expect(parsed.unmappedCodes).toEqual({});
    const grants = parsed.events.filter((e) => e.action === 'grant');
    expect(grants.map((e) => [e.pseudonym, e.effectiveAt.toISOString().slice(0, 10)])).toEqual(cohort.patients.map((p) => [p.pseudonym, p.index_date]));
    const revokes = parsed.events.filter((e) => e.action === 'revoke');
    // 2 % of 500 withdraw in expectation: 10, sd about 3.1
    expect(revokes.length).toBeGreaterThanOrEqual(2);
    expect(revokes.length).toBeLessThanOrEqual(22);
    const byPseudonym = new Map(cohort.patients.map((p) => [p.pseudonym, p]));
    for (const r of revokes) {
      const p = byPseudonym.get(r.pseudonym)!;
      const day = r.effectiveAt.toISOString().slice(0, 10);
      expect(day > p.index_date && day <= p.last_contact!).toBe(true);
      expect(r.purpose).toBe('research-general');
    }
  });

  it("draws from its own stream per patient: a patient's consents depend on (seed, position) only, not on the cohort's size", () => {
    const list = Array.from({ length: 400 }, (_, i) => ({ pseudonym: `P-${i.toString(16).padStart(10, '0')}`, index_date: '2010-01-01', last_contact: '2020-01-01' }));
    const many = syntheticConsents(list, 7);
    const withdrawn = many.filter((r) => r.status === 'inactive');
    expect(withdrawn.length).toBeGreaterThan(0);
    const few = syntheticConsents(list.slice(0, 50), 7);
    const firstFifty = new Set(list.slice(0, 50).map((p) => `Patient/${p.pseudonym}`));
    expect(JSON.stringify(few)).toBe(JSON.stringify(many.filter((r) => firstFifty.has((r.patient as { reference: string }).reference))));
    expect(JSON.stringify(syntheticConsents(list, 8))).not.toBe(JSON.stringify(many));
    // no withdrawal without follow-up after the index date
    const noFollowUp = syntheticConsents(list.map((p) => ({ ...p, last_contact: p.index_date })), 7);
    expect(noFollowUp.every((r) => r.status === 'active')).toBe(true);
  });

  it('the MS registry refuses a patient count beyond its documented maximum at once', () => {
    const started = Date.now();
    expect(() => generateMsRegistry({ patients: 1e9 })).toThrow(UsageError);
    expect(() => generateMsRegistry({ patients: MS_REGISTRY_MAX_PATIENTS + 1 })).toThrow(`from 0 to ${MS_REGISTRY_MAX_PATIENTS}`);
    expect(Date.now() - started).toBeLessThan(100);
  });
});
