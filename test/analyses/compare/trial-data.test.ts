import { describe, expect, it } from 'vitest';
import { buildTrial, matchesOutcome, type CompareRecords, type TrialSpec } from '../../../analyses/compare/trial-data.js';
import { UsageError } from '../../../util/errors.js';

const records = (): CompareRecords => ({
  patients: [
    { pseudonym: 'a', lastFollowUp: 1000, covariates: { age: 60, site: 'X', NODES: 0 } },
    { pseudonym: 'b', lastFollowUp: 800, covariates: { age: 70, site: 'Y', NODES: 2 } },
    { pseudonym: 'c', lastFollowUp: 500, covariates: { age: 55, site: 'X', NODES: null } }, // missing covariate
    { pseudonym: 'd', lastFollowUp: 900, covariates: { age: 45, site: 'Z', NODES: 1 } }, // ineligible (age)
    { pseudonym: 'e', lastFollowUp: 700, covariates: { age: 65, site: 'Y', NODES: 0 } }, // prior use
    { pseudonym: 'f', lastFollowUp: 600, covariates: { age: 66, site: 'X', NODES: 3 } }, // prevalent outcome
    { pseudonym: 'g', lastFollowUp: 0, covariates: { age: 77, site: 'X', NODES: 0 } }, // no follow-up
    { pseudonym: 'h', lastFollowUp: 400, covariates: { age: 80, site: 'Z', NODES: 1 } }, // death first
  ],
  therapies: [
    { pseudonym: 'a', which: 'treatment', start: 30, stop: 120 },
    { pseudonym: 'a', which: 'treatment', start: 140, stop: 300 }, // within 30 days: one episode
    { pseudonym: 'a', which: 'treatment', start: 500, stop: null }, // a later episode
    { pseudonym: 'e', which: 'treatment', start: -10, stop: 20 },
    { pseudonym: 'b', which: 'control', start: 15, stop: null },
  ],
  events: [
    { pseudonym: 'a', day: 250, type: 'other', code: 'Fracture' },
    { pseudonym: 'b', day: 700, type: 'death', code: null },
    { pseudonym: 'f', day: -20, type: 'other', code: 'fracture' },
    { pseudonym: 'h', day: 100, type: 'death', code: null },
    { pseudonym: 'h', day: 150, type: 'other', code: 'fracture' }, // after death: ignored
  ],
  measurements: [],
});
const spec: TrialSpec = { outcome: ['fracture'], horizonDays: 730, covariates: ['age', 'site', 'NODES'], eligibility: [{ covariate: 'age', op: '>=', value: 50 }], timeUpdated: [], allowedGapDays: 30, therapies: ['treatment'] };

describe('buildTrial', () => {
  const t = buildTrial(records(), spec);
  it('keeps the eligible patients and says why the others were left out', () => {
    expect(t.pseudonyms).toEqual(['a', 'b', 'h']);
    expect(t.exclusions).toEqual({ ineligible: 1, priorUse: 1, prevalentOutcome: 1, noFollowUp: 1, missingCovariates: 1 });
    expect(t.warnings.join(' ')).toMatch(/complete cases/);
  });

  it('codes exit and status: outcome 1, death competing 2, censored 0; outcome names match codes case-insensitively', () => {
    expect(Array.from(t.patients.exit)).toEqual([250, 700, 100]);
    expect(Array.from(t.patients.status)).toEqual([1, 2, 2]);
    const withDeath = buildTrial(records(), { ...spec, outcome: ['fracture', 'death'] });
    expect(Array.from(withDeath.patients.status)).toEqual([1, 1, 1]);
  });

  it('takes the first start and the end of the first episode plus the allowed gap', () => {
    expect(Array.from(t.patients.start)).toEqual([30, Infinity, Infinity]);
    expect(Array.from(t.patients.stop!)).toEqual([330, Infinity, Infinity]);
    expect(Array.from(t.controlStart)).toEqual([Infinity, 15, Infinity]);
  });

  it('dummy-codes text covariates as R (reference: first level in code-point order)', () => {
    expect(t.covariateNames).toEqual(['age', 'siteY', 'siteZ', 'NODES']);
    expect(Array.from(t.patients.baseline[1]!.values)).toEqual([0, 1, 0]);
    expect(Array.from(t.patients.baseline[2]!.values)).toEqual([0, 0, 1]);
  });

  it('excludes users of either therapy before time zero in a new-user design', () => {
    const r = records();
    r.therapies.push({ pseudonym: 'h', which: 'control', start: -5, stop: 1 });
    expect(buildTrial(r, { ...spec, therapies: ['treatment', 'control'] }).pseudonyms).toEqual(['a', 'b']);
  });

  it('drops a covariate that does not vary, with a warning', () => {
    const r = records();
    for (const p of r.patients) p.covariates.site = 'X';
    const b = buildTrial(r, spec);
    expect(b.covariateNames).toEqual(['age', 'NODES']);
    expect(b.warnings.join(' ')).toMatch(/site does not vary/);
  });

  it('refuses an eligibility criterion on a covariate that was not loaded, and text comparisons other than = and !=', () => {
    expect(() => buildTrial(records(), { ...spec, eligibility: [{ covariate: 'ER', op: '>', value: 1 }] })).toThrow(UsageError);
    expect(() => buildTrial(records(), { ...spec, eligibility: [{ covariate: 'site', op: '>', value: 'X' }] })).toThrow(/use = or !=/);
  });

  it('matches outcomes by type or code', () => {
    const names = new Set(['death', 'c79.5']);
    expect(matchesOutcome({ type: 'death', code: null }, names)).toBe(true);
    expect(matchesOutcome({ type: 'distant_metastasis', code: 'C79.5' }, names)).toBe(true);
    expect(matchesOutcome({ type: 'distant_metastasis', code: 'C78.0' }, names)).toBe(false);
  });
});
