/**
 * Aalen-Johansen state occupation against independent oracles: a worked
 * illness-death example (probabilities by hand), the Kaplan-Meier estimate
 * (one absorbing state: P(s0) = S(t)), cmprsk's cumulative incidence
 * (competing risks), and the standard errors against a finite-difference
 * infinitesimal jackknife of a plainly written weighted Aalen-Johansen
 * estimator (derivative of p(t) with respect to each patient's weight).
 * The R goldens are in aalen-johansen-golden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readDataTable } from '../../../../engine/read-file.js';
import { aalenJohansen } from '../../../../models/survival/multistate/aalen-johansen.js';
import { kaplanMeier } from '../../../../models/survival/kaplan-meier/kaplan-meier.js';
import { cumulativeIncidence } from '../../../../models/survival/competing-risks/cumulative-incidence.js';

/** Four patients, states (s0), death, ill; worked by hand in the test below. */
const hand = () => ({
  id: Float64Array.of(1, 1, 2, 3, 4, 4),
  start: Float64Array.of(0, 2, 0, 0, 0, 1),
  stop: Float64Array.of(2, 5, 3, 4, 1, 6),
  state: ['ill', 'death', 'death', '', 'ill', null],
});

describe('aalenJohansen: worked example', () => {
  it('gives the probabilities computed by hand', () => {
    const fit = aalenJohansen('Surv(start, stop, state) ~ 1', hand(), { id: 'id' });
    expect(fit.states).toEqual(['(s0)', 'death', 'ill']);
    const j = fit.toJSON();
    expect(j.strata).toHaveLength(1);
    expect(j.strata[0]!.label).toBe('all');
    expect(j.strata[0]!.time).toEqual([1, 2, 3, 4, 5, 6]);
    // t=1: 1 of 4 in s0 falls ill; t=2: 1 of 3; t=3: 1 of 2 in s0 dies; t=5: 1 of 2 ill dies.
    const expected = [
      [3 / 4, 0, 1 / 4],
      [1 / 2, 0, 1 / 2],
      [1 / 4, 1 / 4, 1 / 2],
      [1 / 4, 1 / 4, 1 / 2],
      [1 / 4, 1 / 2, 1 / 4],
      [1 / 4, 1 / 2, 1 / 4],
    ];
    j.strata[0]!.pstate.forEach((row, k) => row.forEach((v, s) => expect(v).toBeCloseTo(expected[k]![s]!, 14)));
    const c = fit.strata[0]!;
    expect(Array.from(c.nRisk.subarray(0, 3))).toEqual([4, 0, 0]); // t=1: four in s0
    expect(Array.from(c.nRisk.subarray(12, 15))).toEqual([0, 0, 2]); // t=5: two ill
    expect(Array.from(c.nCensor)).toEqual([0, 0, 0, 1, 0, 1]);
    expect(fit.transitions).toEqual([
      { from: '(s0)', to: 'death', events: 1 },
      { from: 'ill', to: 'death', events: 1 },
      { from: '(s0)', to: 'ill', events: 2 },
    ]);
    // at(): the step function, p0 before the first time
    const at = fit.at([0.5, 2, 4.5, 100])[0]!;
    expect(at.pstate[0]).toEqual([1, 0, 0]);
    expect(at.stdErr[0]).toEqual([0, 0, 0]);
    expect(at.pstate[1]).toEqual(j.strata[0]!.pstate[1]);
    expect(at.pstate[2]).toEqual(j.strata[0]!.pstate[3]);
    expect(at.pstate[3]).toEqual(j.strata[0]!.pstate[5]);
  });

  it('does not modify its input', () => {
    const data = hand();
    const copy = { id: Float64Array.from(data.id), start: Float64Array.from(data.start), stop: Float64Array.from(data.stop), state: [...data.state] };
    aalenJohansen('Surv(start, stop, state) ~ 1', data, { id: 'id' });
    expect(data).toEqual(copy);
  });

  it('reads a numeric state column (0 = censored) and the censor label', () => {
    const d = hand();
    const numeric = { ...d, state: Float64Array.of(2, 1, 1, 0, 2, 0) };
    const a = aalenJohansen('Surv(start, stop, state) ~ 1', numeric, { id: 'id' });
    expect(a.states).toEqual(['(s0)', '1', '2']);
    const b = aalenJohansen('Surv(start, stop, state) ~ 1', { ...d, state: ['ill', 'death', 'death', 'censor', 'ill', 'censor'] }, { id: 'id' });
    expect(b.toJSON().strata[0]!.pstate).toEqual(aalenJohansen('Surv(start, stop, state) ~ 1', d, { id: 'id' }).toJSON().strata[0]!.pstate);
    expect(a.toJSON().strata[0]!.pstate).toEqual(b.toJSON().strata[0]!.pstate);
  });
});

/** Weighted Aalen-Johansen written plainly (dense matrices, every time recomputed from scratch). */
function plainAalenJohansen(
  rows: { id: number; start: number; stop: number; to: number }[],
  weights: Map<number, number>,
  nStates: number,
): number[][] {
  const times = [...new Set(rows.map((r) => r.stop))].sort((a, b) => a - b);
  // state of each row: 0 for the first row of a patient, else the previous row's state entered (or kept)
  const byId = new Map<number, typeof rows>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const stateOf = new Map<(typeof rows)[number], number>();
  for (const list of byId.values()) {
    list.sort((a, b) => a.stop - b.stop);
    let s = 0;
    for (const r of list) {
      stateOf.set(r, s);
      if (r.to > 0) s = r.to;
    }
  }
  let p = [1, ...new Array<number>(nStates - 1).fill(0)];
  const out: number[][] = [];
  for (const t of times) {
    const atRisk = new Array<number>(nStates).fill(0);
    const moves = Array.from({ length: nStates }, () => new Array<number>(nStates).fill(0));
    for (const r of rows) {
      const w = weights.get(r.id)!;
      if (r.start < t && t <= r.stop) atRisk[stateOf.get(r)!]! += w;
      if (r.stop === t && r.to > 0 && r.to !== stateOf.get(r)) moves[stateOf.get(r)!]![r.to]! += w;
    }
    const next = [...p];
    for (let a = 0; a < nStates; a++) {
      for (let b = 0; b < nStates; b++) {
        if (moves[a]![b]! === 0) continue;
        const flow = (p[a]! * moves[a]![b]!) / atRisk[a]!;
        next[a]! -= flow;
        next[b]! += flow;
      }
    }
    p = next;
    out.push([...p]);
  }
  return out;
}

describe('aalenJohansen: standard errors', () => {
  it('equal the infinitesimal jackknife by finite differences of patient weights', async () => {
    const data = await readDataTable('test/golden/mstate-illness-death.csv');
    const n = data.id!.length;
    const states = ['(s0)', 'death', 'recurrence'];
    const rows: { id: number; start: number; stop: number; to: number }[] = [];
    const id = data.id as Float64Array;
    const start = data.start as Float64Array;
    const stop = data.stop as Float64Array;
    const group = data.group as (string | null)[];
    const state = data.state as (string | null)[];
    for (let i = 0; i < n; i++) if (group[i] === 'b' && id[i]! <= 80) rows.push({ id: id[i]!, start: start[i]!, stop: stop[i]!, to: state[i] ? states.indexOf(state[i]!) : 0 });
    const ids = [...new Set(rows.map((r) => r.id))];
    const ones = new Map(ids.map((i) => [i, 1]));
    const base = plainAalenJohansen(rows, ones, 3);
    const h = 1e-6;
    const variance = base.map((r) => r.map(() => 0));
    for (const i of ids) {
      const w = new Map(ones);
      w.set(i, 1 + h);
      const up = plainAalenJohansen(rows, w, 3);
      w.set(i, 1 - h);
      const down = plainAalenJohansen(rows, w, 3);
      up.forEach((r, k) => r.forEach((v, s) => (variance[k]![s]! += ((v - down[k]![s]!) / (2 * h)) ** 2)));
    }
    const sub = {
      id: Float64Array.from(rows, (r) => r.id),
      start: Float64Array.from(rows, (r) => r.start),
      stop: Float64Array.from(rows, (r) => r.stop),
      state: rows.map((r) => (r.to ? states[r.to]! : null)),
    };
    const fit = aalenJohansen('Surv(start, stop, state) ~ 1', sub, { id: 'id' }).toJSON().strata[0]!;
    expect(fit.time.length).toBe(base.length);
    fit.pstate.forEach((r, k) => r.forEach((v, s) => expect(v).toBeCloseTo(base[k]![s]!, 12)));
    fit.stdErr.forEach((r, k) => r.forEach((v, s) => expect(Math.abs(v - Math.sqrt(variance[k]![s]!))).toBeLessThan(1e-7)));
    // not all zero: the comparison means something
    expect(Math.max(...fit.stdErr.flat())).toBeGreaterThan(0.02);
  });
});

describe('aalenJohansen: special cases', () => {
  it('one absorbing state: P((s0)) is the Kaplan-Meier estimate', async () => {
    const lung = await readDataTable('datasets/lung.csv');
    const status = lung.status as Float64Array;
    const data = { ...lung, state: Array.from(status, (s) => (s === 2 ? 'death' : null)) };
    const aj = aalenJohansen('Surv(time, state) ~ sex', data);
    const km = kaplanMeier('Surv(time, status) ~ sex', lung);
    expect(aj.strata.map((s) => s.label)).toEqual(km.labels);
    aj.strata.forEach((s, k) => {
      const times = Array.from(s.time);
      const surv = km.survivalAt(times)[k]!.surv;
      times.forEach((_, i) => {
        expect(s.pstate[i * 2]!).toBeCloseTo(surv[i]!, 13);
        expect(s.pstate[i * 2 + 1]!).toBeCloseTo(1 - surv[i]!, 13);
      });
    });
  });

  it('competing risks: the state probabilities are cmprsk cumulative incidences', async () => {
    const mgus2 = await readDataTable('datasets/mgus2.csv');
    const pstat = mgus2.pstat as Float64Array;
    const death = mgus2.death as Float64Array;
    const etime = Float64Array.from(pstat, (p, i) => (p === 0 ? (mgus2.futime as Float64Array)[i]! : (mgus2.ptime as Float64Array)[i]!));
    const event = Float64Array.from(pstat, (p, i) => (p === 0 ? 2 * death[i]! : 1));
    const state = Array.from(event, (e) => (e === 1 ? 'pcm' : e === 2 ? 'death' : null));
    const data = { ...mgus2, etime, event, state };
    const aj = aalenJohansen('Surv(etime, state) ~ sex', data);
    const times = [12, 60, 120, 240, 360];
    const ci = cumulativeIncidence('Surv(etime, event) ~ sex', data).timepoints(times);
    const at = aj.at(times);
    for (const [k, sex] of ['F', 'M'].entries()) {
      times.forEach((_, i) => {
        expect(at[k]!.pstate[i]![2]).toBeCloseTo(ci.est[`${sex} 1`]![i]!, 12); // pcm
        expect(at[k]!.pstate[i]![1]).toBeCloseTo(ci.est[`${sex} 2`]![i]!, 12); // death
      });
    }
  });
});
