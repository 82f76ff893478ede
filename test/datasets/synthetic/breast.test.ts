import { describe, expect, it } from 'vitest';
import { breastLinearPredictor } from '../../../datasets/synthetic/breast.js';
import { BREAST_PARAMETERS } from '../../../datasets/synthetic/parameters.js';
import { byPatient, defaultCohort } from './fixture.js';

const c = defaultCohort();
const breast = c.truth.breast;
const obs = byPatient(c.observations);
const events = byPatient(c.events);
const treatments = byPatient(c.treatments);
const RECURRENCE = new Set(['local_recurrence', 'regional_recurrence', 'distant_metastasis']);

describe('synthetic breast cancer', () => {
  it('records the tumour at diagnosis as observations matching the truth', () => {
    const patients = new Map(c.patients.map((p) => [p.pseudonym, p]));
    for (const t of breast) {
      const list = obs.get(t.pseudonym)!;
      const get = (code: string) => list.find((o) => o.code === code && o.date === patients.get(t.pseudonym)!.index_date);
      for (const code of ['ER', 'PR', 'HER2', 'KI67', 'GRADE', 'TSIZE', 'NODES']) expect(get(code), `${code} ${t.pseudonym}`).toBeDefined();
      expect(get('TSIZE')!.value).toBe(t.tumourSizeMm);
      expect(get('GRADE')!.value).toBe(t.grade);
      expect(get('KI67')!.value).toBe(t.ki67);
      expect(get('NODES')!.value).toBe(t.positiveNodes);
      expect(get('NODES')!.value_text).toBe(t.nodesCategory);
      const er = get('ER')!;
      expect(er.value! >= 1).toBe(t.erPositive);
      expect(er.value_text).toBe(t.erPositive ? 'positive' : 'negative');
      const her2 = get('HER2')!;
      const ish = get('HER2_ISH');
      expect(her2.value === 3 || ish?.value_text === 'amplified').toBe(t.her2Positive);
      expect(ish !== undefined).toBe(her2.value === 2);
    }
  });

  it('stores the linear predictor of the stated log hazard ratios', () => {
    for (const t of breast.slice(0, 100)) {
      const lp = breastLinearPredictor({ age: t.ageAtDiagnosis, sizeMm: t.tumourSizeMm, positiveNodes: t.positiveNodes, grade: t.grade, erPositive: t.erPositive, ki67: t.ki67, her2Positive: t.her2Positive, trastuzumab: t.trastuzumab });
      expect(t.linearPredictor).toBeCloseTo(lp, 6);
    }
    // hand-checked: 50 years, 30 mm, 5 nodes, grade 3, ER-negative, Ki-67 40%, HER2+ untreated
    const b = BREAST_PARAMETERS.recurrence.logHazardRatios;
    expect(breastLinearPredictor({ age: 50, sizeMm: 30, positiveNodes: 5, grade: 3, erPositive: false, ki67: 40, her2Positive: true, trastuzumab: false })).toBeCloseTo(
      -b.agePer10Years + b.sizePer10mm + b.nodes4plus + b.grade3 + b.erNegative + 2 * b.ki67Per10 + b.her2PositiveUntreated,
      12,
    );
    expect(breastLinearPredictor({ age: 60, sizeMm: 20, positiveNodes: 0, grade: 1, erPositive: true, ki67: 20, her2Positive: true, trastuzumab: true })).toBe(0);
  });

  it('records the first recurrence stated in the truth, and treats according to the tumour', () => {
    for (const t of breast) {
      const rec = (events.get(t.pseudonym) ?? []).filter((e) => RECURRENCE.has(e.type));
      if (t.firstRecurrence === null) expect(rec).toEqual([]);
      else {
        expect(rec[0]!.date).toBe(t.firstRecurrence.date);
        expect(rec[0]!.type).toBe(t.firstRecurrence.type);
        expect(t.firstRecurrence.date >= t.latentRecurrenceDate || rec[0]!.type === 'distant_metastasis').toBe(true);
      }
      const tr = treatments.get(t.pseudonym) ?? [];
      const subs = new Set(tr.map((x) => x.substance));
      if (subs.has('trastuzumab')) expect(t.trastuzumab).toBe(true); // a therapy starting after last contact is not recorded
      if (!t.trastuzumab) expect(subs.has('trastuzumab')).toBe(false);
      if (t.trastuzumab) expect(t.her2Positive).toBe(true);
      if (t.endocrine && tr.length) {
        const e = tr.find((x) => x.substance === t.endocrine);
        if (e) expect(e.atc).toBe(t.endocrine === 'tamoxifen' ? 'L02BA01' : 'L02BG04');
      }
      expect(subs.has('mastectomy') || subs.has('breast_conserving_surgery') || tr.length === 0).toBe(true);
    }
  });

  it('shows the stated effects in crude data: more recurrence with 4+ nodes than 0, and with ER-negative disease', () => {
    const prop = (f: (t: (typeof breast)[number]) => boolean): number => {
      const g = breast.filter(f);
      return g.filter((t) => t.firstRecurrence !== null).length / g.length;
    };
    const n0 = prop((t) => t.nodesCategory === '0');
    const n13 = prop((t) => t.nodesCategory === '1-3');
    const n4 = prop((t) => t.nodesCategory === '4+');
    // generating HR 4+ vs 0 = exp(1.1) = 3.0; over the observed follow-up the crude proportion ratio must exceed 1.5
    expect(n4 / n0).toBeGreaterThan(1.5);
    expect(n13).toBeGreaterThan(n0);
    expect(prop((t) => !t.erPositive)).toBeGreaterThan(prop((t) => t.erPositive));
  });

  it('has plausible marginal distributions', () => {
    const mean = breast.reduce((s, t) => s + t.ageAtDiagnosis, 0) / breast.length;
    expect(mean).toBeGreaterThan(56);
    expect(mean).toBeLessThan(60);
    const erPos = breast.filter((t) => t.erPositive).length / breast.length;
    expect(erPos).toBeGreaterThan(0.7);
    expect(erPos).toBeLessThan(0.9);
    const nodeNeg = breast.filter((t) => t.nodesCategory === '0').length / breast.length;
    expect(nodeNeg).toBeGreaterThan(0.55);
    expect(nodeNeg).toBeLessThan(0.75);
    for (const t of breast) {
      expect(t.ageAtDiagnosis).toBeGreaterThanOrEqual(25);
      expect(t.ageAtDiagnosis).toBeLessThanOrEqual(90);
    }
  });
});
