import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../../engine/access.js';
import { importFhirConsent } from '../../../engine/consent/import-fhir-consent.js';
import { consentPolicy } from '../../../engine/consent/policy.js';
import { allConsentEvents, consentStatus } from '../../../engine/consent/registry.js';
import type { CohortStore } from '../../../engine/store.js';
import { DataValidationError } from '../../../util/errors.js';
import { miniStore } from '../../helpers/mini-cohort.js';

const BUNDLE = 'test/fixtures/privacy/consent-bundle.json';
const INVALID = 'test/fixtures/privacy/consent-bundle-invalid.json';
let store: CohortStore;
beforeAll(async () => {
  store = await miniStore();
});
afterAll(() => store.close());

const state = async (p: string, at: string) => (await consentStatus(store, p, { at: new Date(at) })).map((s) => [s.purpose, s.provider, s.granted]);

describe('FHIR Consent import', () => {
  it('maps MII Broad Consent provisions, statuses and MIDIA purposes to events', async () => {
    const report = await importFhirConsent(store, BUNDLE);
    expect(report.consents).toBe(5);
    expect(report.skipped).toEqual({ 'Consent(draft)': 1, Patient: 1 });
    // .6, .7 and .22 name no purpose of the engine
    expect(report.unmappedCodes).toEqual({
      'urn:oid:2.16.840.1.113883.3.1937.777.24.5.3|2.16.840.1.113883.3.1937.777.24.5.3.6': 1,
      'urn:oid:2.16.840.1.113883.3.1937.777.24.5.3|2.16.840.1.113883.3.1937.777.24.5.3.7': 1,
      'urn:oid:2.16.840.1.113883.3.1937.777.24.5.3|2.16.840.1.113883.3.1937.777.24.5.3.22': 1,
    });
    // A: grant 2024-02-23, expiry revoke 2054-01-31; B: revoke; C: grant, then inactive -> revoke; D: study + treatment-sharing
    expect(report.appended).toBe(7);
    expect(report.duplicates).toBe(0);
    const events = await allConsentEvents(store);
    const a = events.filter((e) => e.pseudonym === 'P-A');
    expect(a.map((e) => [e.action, e.effectiveAt.toISOString(), e.reference, e.source])).toEqual([
      ['grant', '2024-02-23T00:00:00.000Z', 'Consent/c-a/_history/1', 'fhir'],
      ['revoke', '2054-01-31T00:00:00.000Z', 'Consent/c-a/_history/1', 'fhir'],
    ]);
    expect(await state('P-A', '2024-02-22T23:59:59Z')).toEqual([]);
    expect(await state('P-A', '2030-01-01T00:00:00Z')).toEqual([['research-general', null, true]]);
    expect(await state('P-A', '2054-01-31T00:00:00Z')).toEqual([['research-general', null, false]]);
    expect(await state('P-B', '2025-01-01T00:00:00Z')).toEqual([['research-general', null, false]]);
    expect(await state('P-C', '2024-05-14T23:59:59Z')).toEqual([['research-general', null, true]]);
    expect(await state('P-C', '2024-05-15T00:00:00Z')).toEqual([['research-general', null, false]]);
    expect(await state('P-D', '2024-06-01T00:00:00Z')).toEqual([
      ['study:MS-PIRA', null, true],
      ['treatment-sharing', 'UK-Nord', true],
    ]);
    const s = await openSession(store, { policy: consentPolicy('research-general', { at: new Date('2024-04-01T00:00:00Z') }) });
    try {
      expect(s.pseudonyms).toEqual(['P-A', 'P-C']);
    } finally {
      s.close();
    }
  });

  it('re-importing the same resources appends nothing', async () => {
    const before = (await allConsentEvents(store)).length;
    const report = await importFhirConsent(store, BUNDLE);
    expect(report.appended).toBe(0);
    expect(report.duplicates).toBe(7);
    expect((await allConsentEvents(store)).length).toBe(before);
  });

  it('rejects invalid resources naming position and JSON path, writing nothing', async () => {
    const before = (await allConsentEvents(store)).length;
    const err = await importFhirConsent(store, INVALID).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataValidationError);
    const issues = (err as DataValidationError).issues.map((i) => [i.row, i.field]);
    expect(issues).toEqual([
      [2, 'entry[1].resource.patient'],
      [3, 'entry[2].resource.provision.period.start'],
      [4, 'entry[3].resource.status'],
    ]);
    expect((err as Error).message).toContain(INVALID);
    expect((await allConsentEvents(store)).length).toBe(before);
  });
});
