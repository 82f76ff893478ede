import { describe, expect, it } from 'vitest';
import { generateMsRegistry, msRegistryFiles, MS_REGISTRY_PARAMETERS, MS_REGISTRY_SEPARATED_CLASSES, type LatentClassSpec } from '../../../datasets/ms-registry/index.js';
import { EventRecord, ObservationRecord, PatientRecord, TreatmentRecord, VisitRecord } from '../../../engine/schema.js';
import { confirmedDisabilityEvents } from '../../../models/ms/cdw.js';
import { crudeAnnualizedRelapseRate, relapsesInWindows } from '../../../models/ms/relapse-rate.js';
import { isoFromDayNumber, toDayNumber } from '../../../models/ms/day-number.js';
import { poissonRegression, withIntercept } from '../../../models/glm/index.js';
import { UsageError } from '../../../util/errors.js';

const registry = generateMsRegistry({ seed: 7, patients: 400 });
const { records, truth } = registry;

describe('generateMsRegistry: determinism and schema', () => {
  it('same seed gives identical output; another seed differs', () => {
    const a = generateMsRegistry({ seed: 11, patients: 40 });
    const b = generateMsRegistry({ seed: 11, patients: 40 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = generateMsRegistry({ seed: 12, patients: 40 });
    expect(JSON.stringify(c.records.observations)).not.toBe(JSON.stringify(a.records.observations));
    expect(() => generateMsRegistry({ patients: -1 })).toThrow(UsageError);
    const files = msRegistryFiles(a);
    expect(Object.keys(files)).toEqual(['patients.csv', 'events.csv', 'observations.csv', 'treatments.csv', 'visits.csv', 'truth.json']);
    expect(files['patients.csv'].split('\n')[0]).toBe('pseudonym,birth_year,birth_month,sex,diagnosis,diagnosis_icd10,site,index_date,last_contact,source');
    expect(files['patients.csv'].trim().split('\n')).toHaveLength(41);
    expect(JSON.parse(files['truth.json']).patients).toHaveLength(40);
  });

  it('takes the latent classes as an option (default: the four overlapping classes), validated', () => {
    const a = generateMsRegistry({ seed: 11, patients: 60 });
    const b = generateMsRegistry({ seed: 11, patients: 60, classes: MS_REGISTRY_PARAMETERS.classes });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const s = generateMsRegistry({ seed: 11, patients: 60, classes: MS_REGISTRY_SEPARATED_CLASSES });
    expect(s.truth.classes.map((c) => c.name)).toEqual(['stable', 'progressive', 'rapid']);
    expect(new Set(s.truth.patients.map((p) => p.latentClass))).toEqual(new Set(['stable', 'progressive', 'rapid']));
    // the stable class of the preset never worsens without a relapse
    expect(s.truth.patients.filter((p) => p.latentClass === 'stable').flatMap((p) => p.worsening)).toEqual([]);
    const bad = (classes: LatentClassSpec[]): (() => unknown) => () => generateMsRegistry({ patients: 5, classes });
    expect(bad([])).toThrow(UsageError);
    expect(bad([{ ...MS_REGISTRY_PARAMETERS.classes[0], p: 0.5 }])).toThrow(/sum to 1/);
    expect(bad([{ ...MS_REGISTRY_PARAMETERS.classes[0], p: 1, piraRate: -1 }])).toThrow(/piraRate/);
    expect(bad([{ ...MS_REGISTRY_PARAMETERS.classes[0], p: 1, residualProbability: 2 }])).toThrow(/residualProbability/);
  });

  it('writes valid canonical records', () => {
    for (const p of records.patients) PatientRecord.parse(p);
    for (const e of records.events) EventRecord.parse(e);
    for (const o of records.observations) ObservationRecord.parse(o);
    for (const t of records.treatments) TreatmentRecord.parse(t);
    for (const v of records.visits) VisitRecord.parse(v);
    expect(records.patients).toHaveLength(400);
    const grid = new Set([0, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5]);
    expect(records.observations.every((o) => o.code === 'EDSS' && grid.has(o.value as number))).toBe(true);
    expect(records.treatments.every((t) => t.stop == null || t.stop >= t.start)).toBe(true);
  });

  it('schedules follow-up visits 3 to 12 months apart, for up to 15 years', () => {
    const byId = new Map<string, number[]>();
    for (const v of records.visits) if (v.type === 'followup') (byId.get(v.pseudonym) ?? byId.set(v.pseudonym, []).get(v.pseudonym)!).push(Date.parse(v.date) / 864e5);
    for (const [, days] of byId) {
      for (let i = 1; i < days.length; i++) expect(days[i]! - days[i - 1]!).toBeLessThanOrEqual(365);
      expect(days[days.length - 1]! - days[0]!).toBeLessThanOrEqual(15 * 365.25);
    }
  });

  it('writes the truth beside the data', () => {
    expect(truth.patients).toHaveLength(400);
    expect(truth.relapseRateRatio.highVsModerate).toBeCloseTo(0.3 / 0.65, 12);
    expect(truth.worseningHazardRatio.dmt_high).toBe(MS_REGISTRY_PARAMETERS.worseningHazardRatio.dmt_high);
    const classes = new Set(truth.patients.map((p) => p.latentClass));
    expect(classes.size).toBe(4);
    for (const p of truth.patients) {
      for (const w of p.worsening) expect(w.to - w.from).toBe(w.from < 1 ? 1.5 : w.from <= 5.5 ? 1 : 0.5);
      expect(p.exposure[0]!.start).toBe(records.patients.find((r) => r.pseudonym === p.pseudonym)!.index_date);
    }
  });
});

describe('generateMsRegistry: the truth is recovered roughly', () => {
  it('crude ARR is lower on therapy; adjusted for the latent class and frailty, Poisson regression recovers the true rate ratios', () => {
    const windows = truth.patients.flatMap((p) =>
      // truth intervals are end-exclusive; relapsesInWindows counts inclusive ends
      p.exposure.map((e) => ({ id: p.pseudonym, label: e.class, start: e.start, end: e.end ? isoFromDayNumber(toDayNumber(e.end) - 1) : p.lastContact })).filter((w) => w.end > w.start),
    );
    const relapses = records.events.filter((e) => e.type === 'relapse').map((e) => ({ id: e.pseudonym, date: e.date }));
    const counts = relapsesInWindows(windows, relapses);
    const arr = (label: string): number => crudeAnnualizedRelapseRate(counts.filter((c) => c.label === label)).rate;
    const untreated = arr('untreated');
    const moderate = arr('dmt_moderate');
    const high = arr('dmt_high');
    expect(moderate).toBeLessThan(0.8 * untreated);
    // confounding by indication: active patients get high-efficacy drugs, so the crude high-efficacy
    // rate is far above 0.3 x untreated; it is still below the untreated rate
    expect(high).toBeLessThan(0.8 * untreated);
    expect(high / untreated).toBeGreaterThan(MS_REGISTRY_PARAMETERS.relapseRateRatio.dmt_high);
    // correctly specified model: log rate = class + log(frailty) + therapy, offset log(years x frailty)
    const frailty = new Map(truth.patients.map((p) => [p.pseudonym, p.frailty]));
    const cls = new Map(truth.patients.map((p) => [p.pseudonym, p.latentClass]));
    const used = counts.filter((c) => c.years > 0);
    const ind = (f: (c: (typeof used)[number]) => boolean): number[] => used.map((c) => (f(c) ? 1 : 0));
    const fit = poissonRegression({
      y: used.map((c) => c.relapses),
      x: withIntercept(
        [
          { name: 'moderate', values: ind((c) => c.label === 'dmt_moderate') },
          { name: 'high', values: ind((c) => c.label === 'dmt_high') },
          { name: 'relapsing', values: ind((c) => cls.get(c.id) === 'relapsing') },
          { name: 'progressive', values: ind((c) => cls.get(c.id) === 'progressive') },
          { name: 'rapid', values: ind((c) => cls.get(c.id) === 'rapid') },
        ],
        used.length,
      ),
      offset: used.map((c) => Math.log(c.years * frailty.get(c.id)!)),
      cluster: used.map((c) => c.id),
    }, undefined, { variance: 'robust' });
    const [, mod, hi] = fit.coefficients;
    expect(mod!.rateRatioLower).toBeLessThan(MS_REGISTRY_PARAMETERS.relapseRateRatio.dmt_moderate);
    expect(mod!.rateRatioUpper).toBeGreaterThan(MS_REGISTRY_PARAMETERS.relapseRateRatio.dmt_moderate);
    expect(hi!.rateRatioLower).toBeLessThan(MS_REGISTRY_PARAMETERS.relapseRateRatio.dmt_high);
    expect(hi!.rateRatioUpper).toBeGreaterThan(MS_REGISTRY_PARAMETERS.relapseRateRatio.dmt_high);
    expect(hi!.rateRatio).toBeLessThan(mod!.rateRatio);
  });

  it('observed CDW is more frequent in the worsening classes and tracks true worsening', () => {
    const visits = records.observations.map((o) => ({ id: o.pseudonym, date: o.date, edss: o.value as number }));
    const relapses = records.events.filter((e) => e.type === 'relapse').map((e) => ({ id: e.pseudonym, date: e.date }));
    const { events } = confirmedDisabilityEvents(visits, relapses, { baseline: 'roving', events: 'first', improvement: false });
    const withCdw = new Set(events.map((e) => e.id));
    const share = (cls: string): number => {
      const ids = truth.patients.filter((p) => p.latentClass === cls).map((p) => p.pseudonym);
      return ids.filter((id) => withCdw.has(id)).length / ids.length;
    };
    expect(share('rapid')).toBeGreaterThan(share('stable') + 0.3);
    expect(share('progressive')).toBeGreaterThan(share('stable') + 0.2);
    const trueWorse = truth.patients.filter((p) => p.worsening.length > 0);
    const neverWorse = truth.patients.filter((p) => p.worsening.length === 0);
    const detected = trueWorse.filter((p) => withCdw.has(p.pseudonym)).length / trueWorse.length;
    const falsePositive = neverWorse.filter((p) => withCdw.has(p.pseudonym)).length / neverWorse.length;
    expect(detected).toBeGreaterThan(0.6);
    expect(falsePositive).toBeLessThan(0.25);
  });
});
