/**
 * The store-side time-dependent covariate builder: a hand-built cohort
 * worked out by hand (look-back, baseline window, therapy switches, event
 * counts, recurrent events, values after the event, a patient without
 * follow-up), the synthetic cohort against independent oracles
 * (countingProcessTable's SQL for the therapy splits, the definition of a
 * look-back value computed from the raw observations), post-operative
 * pathology as a baseline covariate for the synthetic prostate patients, and
 * the access gate (only the session's patients).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../datasets/synthetic/generate-cohort.js';
import { allPatients, openSession, type AccessPolicy, type AnalysisSession } from '../../engine/access.js';
import { countingProcessTable, patientTable } from '../../engine/analysis-table.js';
import { isoToDays } from '../../engine/convert.js';
import { CohortStore } from '../../engine/store.js';
import { resolveCovariates, timeDependentTable } from '../../engine/time-dependent-table.js';
import { UsageError } from '../../util/errors.js';

const day = (iso: string) => isoToDays(iso) - isoToDays('2020-01-01');

describe('timeDependentTable on a hand-built cohort', () => {
  let store: CohortStore;
  let session: AnalysisSession;
  beforeAll(async () => {
    store = await CohortStore.open(':memory:');
    await store.importRecords('patients', [
      // X: prostatectomy on 2020-02-15, PSA rising, metastasis 2021-01-01, last contact later
      { pseudonym: 'P-X', birth_year: 1955, birth_month: 3, sex: 'male', diagnosis: 'prostate_cancer', diagnosis_icd10: 'C61', site: 'UK-Nord', index_date: '2020-01-01', last_contact: '2021-06-01' },
      // Y: no event, censored at last contact 2020-12-31
      { pseudonym: 'P-Y', birth_year: 1950, birth_month: 5, sex: 'male', diagnosis: 'prostate_cancer', diagnosis_icd10: 'C61', site: 'UK-Sued', index_date: '2020-01-01', last_contact: '2020-12-31' },
      // Z: follow-up ends on the index date (death that day)
      { pseudonym: 'P-Z', birth_year: 1940, birth_month: 1, sex: 'male', diagnosis: 'prostate_cancer', diagnosis_icd10: 'C61', site: 'UK-Sued', index_date: '2020-01-01', last_contact: null },
    ]);
    await store.importRecords('observations', [
      { pseudonym: 'P-X', date: '2019-12-20', code: 'PSA', value: 8, unit: 'ng/mL' },
      { pseudonym: 'P-X', date: '2020-02-20', code: 'PT_STAGE', value: null, value_text: 'pT3a' },
      { pseudonym: 'P-X', date: '2020-04-01', code: 'PSA', value: 0.05, unit: 'ng/mL' },
      { pseudonym: 'P-X', date: '2020-10-01', code: 'PSA', value: 0.4, unit: 'ng/mL' },
      { pseudonym: 'P-X', date: '2021-03-01', code: 'PSA', value: 12, unit: 'ng/mL' }, // after the metastasis: ignored
      { pseudonym: 'P-Y', date: '2020-01-01', code: 'PSA', value: 5, unit: 'ng/mL' },
      { pseudonym: 'P-Y', date: '2020-01-01', code: 'PT_STAGE', value: null, value_text: 'pT2' },
    ]);
    await store.importRecords('events', [
      { pseudonym: 'P-X', date: '2020-06-01', type: 'biochemical_recurrence' },
      { pseudonym: 'P-X', date: '2021-01-01', type: 'distant_metastasis' },
      { pseudonym: 'P-Y', date: '2020-01-01', type: 'biochemical_recurrence' }, // on the index date: not counted
      { pseudonym: 'P-Z', date: '2020-01-01', type: 'death' },
    ]);
    await store.importRecords('treatments', [
      { pseudonym: 'P-X', start: '2020-02-15', stop: '2020-02-15', substance: 'radical_prostatectomy', class: 'surgery', intent: 'curative', line: 1 },
      { pseudonym: 'P-X', start: '2020-07-01', stop: '2020-08-31', substance: 'leuprorelin', atc: 'L02AE02', class: 'adt', intent: 'palliative', line: 2 },
      { pseudonym: 'P-X', start: '2020-09-01', stop: null, substance: 'leuprorelin', atc: 'L02AE02', class: 'adt', intent: 'palliative', line: 2 },
    ]);
    session = await openSession(store, { policy: allPatients, unrestrictedReason: 'hand-built test cohort' });
  });
  afterAll(async () => {
    session.close();
    await store.close();
  });

  it('builds the rows as worked out by hand', async () => {
    const r = await timeDependentTable(session, {
      diagnosis: 'prostate_cancer',
      endpoint: { events: ['distant_metastasis'], competing: ['death'] },
      covariates: [{ code: 'pt_stage', daysBefore: 0, daysAfter: 90 }],
      tdc: [{ code: 'PSA', lookbackDays: 120 }],
      counts: [{ events: ['biochemical_recurrence'] }],
      therapies: [{ match: 'L02AE' }, { match: 'adt', name: 'adt_ever', ever: true }],
      therapy: false,
    });
    const t = r.table;
    const x = (t.pseudonym as string[]).map((p, i) => (p === 'P-X' ? i : -1)).filter((i) => i >= 0);
    const pick = (c: string) => x.map((i) => (t[c] as Float64Array | string[])[i]);
    // cut points of X (days from 2020-01-01): PSA 2020-04-01 (91) and its expiry (211), BCR 2020-06-01 (152),
    // ADT 2020-07-01 (182) to 2020-08-31 and again from 2020-09-01 (merged: no cut at 244), PSA 2020-10-01 (274),
    // expiry 394 = after the end (366 = 2021-01-01, the metastasis)
    const cuts = [0, 91, 152, 182, 211, 274, 366];
    expect(pick('start')).toEqual(cuts.slice(0, -1));
    expect(pick('stop')).toEqual(cuts.slice(1));
    expect(pick('event')).toEqual([0, 0, 0, 0, 0, 1]);
    // PSA: 8 (2019-12-20, day -12) valid up to day 108: the first row; then 0.05 from 91, missing from 211, 0.4 from 274
    expect(pick('psa')).toEqual([8, 0.05, 0.05, 0.05, NaN, 0.4]);
    expect(pick('n_biochemical_recurrence')).toEqual([0, 0, 1, 1, 1, 1]);
    expect(pick('rx_l02ae')).toEqual([0, 0, 0, 1, 1, 1]);
    expect(pick('adt_ever')).toEqual([0, 0, 0, 1, 1, 1]);
    // pathology 50 days after the index date is a baseline covariate with the 0:90 window (text, code matched case-insensitively)
    expect(pick('pt_stage')).toEqual(['pT3a', 'pT3a', 'pT3a', 'pT3a', 'pT3a', 'pT3a']);
    // Y: PSA 5 from day 0 until its expiry at day 120, no BCR counted (index date), censored at day 365
    const y = (t.pseudonym as string[]).map((p, i) => (p === 'P-Y' ? i : -1)).filter((i) => i >= 0);
    const row = (i: number) => [(t.start as Float64Array)[i], (t.stop as Float64Array)[i], (t.event as Float64Array)[i], (t.psa as Float64Array)[i], (t.n_biochemical_recurrence as Float64Array)[i]];
    expect(y.map(row)).toEqual([
      [0, 120, 0, 5, 0],
      [120, day('2020-12-31'), 0, NaN, 0],
    ]);
    expect(y.map((i) => (t.pt_stage as string[])[i])).toEqual(['pT2', 'pT2']);
    // Z is left out by name; the value after the event and the tie are reported
    expect(t.pseudonym).not.toContain('P-Z');
    expect(r.pseudonyms).toEqual(['P-X', 'P-Y']);
    expect(r.warnings).toContain('1 patient with follow-up ending on the index date (stop 0 <= start 0) left out: P-Z (row 3)');
    expect(r.warnings).toContain('psa: 1 value dated after the end of follow-up (the endpoint event or censoring) ignored');
    expect(r.warnings).toHaveLength(2);
    expect(r.result.kinds[r.result.names.indexOf('index_date')]).toBe('date');
    expect(r.result.kinds[r.result.names.indexOf('pt_stage')]).toBe('string');
  });

  it('units, recurrent events, the therapy text column and a competing event', async () => {
    const r = await timeDependentTable(session, {
      diagnosis: 'prostate_cancer',
      endpoint: { events: ['death'] },
      recurrent: [{ events: ['biochemical_recurrence', 'distant_metastasis'], name: 'progression', cumulative: true }],
      timeUnit: 'months',
    });
    const t = r.table;
    const x = (t.pseudonym as string[]).map((p, i) => (p === 'P-X' ? i : -1)).filter((i) => i >= 0);
    // X is followed to its last contact (2021-06-01), the latest of its records
    const stops = x.map((i) => (t.stop as Float64Array)[i]! * 30.4375);
    const last = stops[stops.length - 1]!;
    expect(last).toBeCloseTo(day('2021-06-01'), 9);
    expect(x.map((i) => (t.progression as Float64Array)[i])).toEqual(x.map((i) => {
      const s = (t.stop as Float64Array)[i]! * 30.4375;
      return Math.abs(s - day('2020-06-01')) < 1e-9 ? 1 : Math.abs(s - day('2021-01-01')) < 1e-9 ? 2 : 0;
    }));
    expect(x.map((i) => (t.therapy as string[])[i])).toContain('adt');
    expect(x.map((i) => (t.therapy as string[])[i])[0]).toBe('none');
  });

  it('refuses bad specs before reading anything', async () => {
    const spec = { endpoint: { events: ['death' as const] } };
    await expect(timeDependentTable(session, { ...spec, tdc: [{ code: 'PSA', lookbackDays: -1 }] })).rejects.toThrow(/lookbackDays must be >= 0/);
    await expect(timeDependentTable(session, { ...spec, tdc: [{ code: 'PSA' }, { code: 'psa' }] })).rejects.toThrow(/duplicate column name: psa/);
    await expect(timeDependentTable(session, { ...spec, counts: [{ events: ['flu' as never] }] })).rejects.toThrow(UsageError);
    await expect(timeDependentTable(session, { ...spec, tdc: [{ code: 'PSA', name: 'start' }] })).rejects.toThrow(/duplicate column name: start/);
    await expect(timeDependentTable(session, { ...spec, therapies: [{ match: ' ' }] })).rejects.toThrow(UsageError);
  });
});

describe('timeDependentTable on the synthetic cohort', () => {
  // The default synthetic cohort: 600 breast + 400 prostate + 500 MS patients.
  const cohort = generateCohort({ seed: 1 });
  let store: CohortStore;
  let session: AnalysisSession;
  beforeAll(async () => {
    store = await CohortStore.open(':memory:');
    for (const t of ['patients', 'events', 'observations', 'treatments', 'visits'] as const) await store.importRecords(t, cohort[t] as never[]);
    session = await openSession(store, { policy: allPatients, unrestrictedReason: 'synthetic data' });
  }, 60_000);
  afterAll(async () => {
    session.close();
    await store.close();
  });

  it('without time-dependent covariates it equals countingProcessTable (the SQL twin) row by row', async () => {
    for (const diagnosis of ['breast_cancer', 'multiple_sclerosis'] as const) {
      const spec = { diagnosis, endpoint: { events: diagnosis === 'breast_cancer' ? (['distant_metastasis'] as const) : (['relapse'] as const), competing: ['death'] as const }, covariates: [{ code: diagnosis === 'breast_cancer' ? 'ER' : 'EDSS' }], timeUnit: 'months' as const };
      const sql = await countingProcessTable(session, { ...spec, endpoint: { events: [...spec.endpoint.events], competing: [...spec.endpoint.competing] } });
      const mine = (await timeDependentTable(session, { ...spec, endpoint: { events: [...spec.endpoint.events], competing: [...spec.endpoint.competing] } })).table;
      expect(Object.keys(mine)).toEqual(Object.keys(sql));
      for (const k of Object.keys(sql)) {
        const a = sql[k]!;
        const b = mine[k]!;
        if (a instanceof Float64Array) expect(Array.from(b as Float64Array), k).toEqual(Array.from(a));
        else expect(b, k).toEqual(a);
      }
      expect((sql.pseudonym as string[]).length).toBeGreaterThan(1000);
    }
  });

  it('a look-back value equals its definition computed from the raw observations, and no value date splits nothing', async () => {
    const lookback = 180;
    const r = await timeDependentTable(session, { diagnosis: 'multiple_sclerosis', endpoint: { events: ['relapse'] }, tdc: [{ code: 'EDSS', lookbackDays: lookback }], therapy: false });
    const byPatient = new Map<string, { t: number; v: number }[]>();
    const index = new Map(cohort.patients.map((p) => [p.pseudonym, isoToDays(p.index_date)]));
    for (const o of cohort.observations) {
      if (o.code !== 'EDSS' || o.value === null || o.value === undefined) continue;
      const list = byPatient.get(o.pseudonym) ?? [];
      list.push({ t: isoToDays(o.date) - (index.get(o.pseudonym) as number), v: o.value });
      byPatient.set(o.pseudonym, list);
    }
    for (const list of byPatient.values()) list.sort((a, b) => a.t - b.t || a.v - b.v);
    const t = r.table;
    const ids = t.pseudonym as string[];
    const start = t.start as Float64Array;
    const stop = t.stop as Float64Array;
    const edss = t.edss as Float64Array;
    let checked = 0;
    for (let i = 0; i < ids.length; i++) {
      const obs = byPatient.get(ids[i]!) ?? [];
      // definition: the last value measured on or before the row's start, if measured less than `lookback` days before it
      let want = NaN;
      for (const o of obs) if (o.t <= start[i]!) want = start[i]! - o.t < lookback ? o.v : NaN;
      expect(edss[i], `${ids[i]} row ${i}`).toEqual(want);
      // every value date strictly inside follow-up is a row boundary, and so is the expiry of a value
      // that no later value follows within the look-back
      obs.forEach((o, j) => {
        const next = obs.slice(j + 1).find((n) => n.t > o.t)?.t ?? Infinity;
        const points = next > o.t + lookback ? [o.t, o.t + lookback] : [o.t];
        for (const c of points) expect(c > start[i]! && c < stop[i]!, `${ids[i]} ${c} inside (${start[i]}, ${stop[i]}]`).toBe(false);
      });
      checked++;
    }
    expect(checked).toBeGreaterThan(4000);
  });

  it('post-operative pathology (pT stage, 30 to 90 days after the index date) is a baseline covariate with the 0:90 window', async () => {
    const prostatectomy = new Set(cohort.treatments.filter((t) => t.substance === 'radical_prostatectomy').map((t) => t.pseudonym));
    const covs = await resolveCovariates(session, [{ code: 'PT_STAGE', daysBefore: 0, daysAfter: 90 }]);
    expect(covs).toEqual([{ code: 'PT_STAGE', name: 'pt_stage', text: true, daysBefore: 0, daysAfter: 90 }]);
    const t = await patientTable(session, { diagnosis: 'prostate_cancer', covariates: covs });
    const ids = t.pseudonym as string[];
    const stage = t.pt_stage as (string | null)[];
    expect(ids.length).toBe(400);
    expect(prostatectomy.size).toBeGreaterThan(100);
    ids.forEach((p, i) => {
      if (prostatectomy.has(p)) expect(stage[i], p).toMatch(/^pT(2|3a|3b)$/);
      else expect(stage[i], p).toBeNull();
    });
    // the default window (365 days before to 30 after) finds it for almost nobody: the finding of the issue
    const old = await patientTable(session, { diagnosis: 'prostate_cancer', covariates: [{ code: 'PT_STAGE', text: true }] });
    const filledOld = (old.pt_stage as (string | null)[]).filter((v) => v !== null).length;
    expect(filledOld).toBeLessThan(prostatectomy.size / 10);
  });

  it('reads only the session: patients outside its policy never appear', async () => {
    const some = cohort.patients.filter((p) => p.diagnosis === 'prostate_cancer').slice(0, 10).map((p) => p.pseudonym);
    const policy: AccessPolicy = { name: 'ten-patients', scopeSql: async () => `SELECT pseudonym FROM cohort.patients WHERE pseudonym IN (${some.map((p) => `'${p}'`).join(', ')})` };
    const small = await openSession(store, { policy });
    try {
      const r = await timeDependentTable(small, { endpoint: { events: ['distant_metastasis'] }, tdc: [{ code: 'PSA' }] });
      expect(new Set(r.table.pseudonym as string[])).toEqual(new Set(some));
    } finally {
      small.close();
    }
  });
});
