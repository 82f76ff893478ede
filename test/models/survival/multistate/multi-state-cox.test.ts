/**
 * Multi-state Cox model against independent oracles: with separate
 * coefficients the stacked fit equals one Cox model per transition on the
 * rows at risk for it (coefficients, and robust standard errors clustered by
 * patient); the predicted state occupation for a profile (stype 1, Breslow)
 * is checked against a product integral written here from per-transition
 * Breslow hazards computed from scratch; bad `common` specifications and unsupported
 * terms are refused. R goldens: multi-state-cox-golden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { readDataTable } from '../../../../engine/read-file.js';
import type { ColumnTable } from '../../../../models/design/types.js';
import { coxph } from '../../../../models/survival/cox/cox.js';
import { multiStateCox } from '../../../../models/survival/multistate/multi-state-cox.js';
import { predictStateOccupation } from '../../../../models/survival/multistate/multi-state-cox-predict.js';
import { FormulaError, UsageError } from '../../../../util/errors.js';

const load = () => readDataTable('test/golden/mstate-illness-death.csv');

/** Rows at risk for one transition: the rows spent in `from`, event = entry into `to`. */
function transitionRows(data: ColumnTable, from: string, to: string): ColumnTable {
  const id = data.id as Float64Array;
  const start = data.start as Float64Array;
  const stop = data.stop as Float64Array;
  const state = data.state as (string | null)[];
  const order = Array.from(id, (_, i) => i).sort((a, b) => id[a]! - id[b]! || stop[a]! - stop[b]!);
  const keep: number[] = [];
  const event: number[] = [];
  let cur = '(s0)';
  order.forEach((i, q) => {
    if (q === 0 || id[order[q - 1]!] !== id[i]) cur = '(s0)';
    if (cur === from) {
      keep.push(i);
      event.push(state[i] === to ? 1 : 0);
    }
    if (state[i]) cur = state[i]!;
  });
  return {
    id: Float64Array.from(keep, (i) => id[i]!),
    start: Float64Array.from(keep, (i) => start[i]!),
    stop: Float64Array.from(keep, (i) => stop[i]!),
    event: Float64Array.from(event),
    x: Float64Array.from(keep, (i) => (data.x as Float64Array)[i]!),
    group: keep.map((i) => (data.group as (string | null)[])[i]!),
  };
}

describe('multiStateCox', () => {
  it('separate coefficients equal one Cox model per transition (coef and robust se)', async () => {
    const data = await load();
    const fit = multiStateCox('Surv(start, stop, state) ~ x + group', data, { id: 'id' });
    for (const tr of fit.transitions) {
      const one = coxph('Surv(start, stop, event) ~ x + group + cluster(id)', transitionRows(data, tr.from, tr.to));
      for (const [j, col] of ['x', 'groupb'].entries()) {
        const t = fit.terms.find((u) => u.term === `${col}_${tr.label}`)!;
        expect(t.coef).toBeCloseTo(one.coefficients[j]!, 9);
        expect(t.se).toBeCloseTo(one.robustSe![j]!, 9);
        expect(t.naiveSe).toBeCloseTo(one.naiveSe[j]!, 9);
      }
      expect(one.nEvent).toBe(tr.events);
    }
    expect(fit.coefficient('x', '1:3')).toBe(fit.terms.find((t) => t.term === 'x_1:3')!.coef);
    expect(fit.summary()).toMatch(/1:2 \(\(s0\) -> death, \d+ events\)/);
    const json = fit.toJSON();
    expect(json.terms).toHaveLength(6);
    expect(json.patients).toBe(240);
  });

  it('shared coefficients: one column for the transitions named (by number or by state labels)', async () => {
    const data = await load();
    const a = multiStateCox('Surv(start, stop, state) ~ x + group', data, { id: 'id', common: [{ transitions: ['1:2', '3:2'], terms: ['x'] }] });
    const b = multiStateCox('Surv(start, stop, state) ~ x + group', data, { id: 'id', common: [{ transitions: ['(s0):death', 'recurrence:death'], terms: ['x'] }] });
    expect(a.terms.map((t) => t.term)).toEqual(['x_1:2', 'groupb_1:2', 'groupb_3:2', 'x_1:3', 'groupb_1:3']);
    expect(a.terms[0]!.transitions).toEqual(['1:2', '3:2']);
    expect(b.terms.map((t) => t.coef)).toEqual(a.terms.map((t) => t.coef));
    expect(a.coefficient('x', '3:2')).toBe(a.coefficient('x', '1:2'));
  });

  it('predicted occupation: with Breslow hazards it is the product integral of the transition hazards', async () => {
    const data = await load();
    const fit = multiStateCox('Surv(start, stop, state) ~ x', data, { id: 'id', ties: 'breslow' });
    const pred = predictStateOccupation(fit, { x: Float64Array.of(0.4) }, { stype: 1 })[0]!;
    // brute force: per transition, Breslow increments d / Σ exp(β x) over the rows at risk, for the profile exp(β 0.4)
    const S = 3;
    let p = [1, 0, 0];
    for (let k = 0; k < pred.time.length; k++) {
      const t = pred.time[k]!;
      const h = Array.from({ length: S }, () => new Array<number>(S).fill(0));
      for (const tr of fit.transitions) {
        const rows = transitionRows(data, tr.from, tr.to);
        const beta = fit.coefficient('x', tr.label);
        let d = 0;
        let r = 0;
        const st = rows.start as Float64Array;
        const sp = rows.stop as Float64Array;
        const ev = rows.event as Float64Array;
        const xs = rows.x as Float64Array;
        for (let i = 0; i < sp.length; i++) {
          if (st[i]! < t && t <= sp[i]!) r += Math.exp(beta * xs[i]!);
          if (sp[i] === t && ev[i] === 1) d++;
        }
        if (d === 0) continue;
        h[fit.states.indexOf(tr.from)]![fit.states.indexOf(tr.to)] = (d * Math.exp(beta * 0.4)) / r;
      }
      // p(t) = p(t-) (I + dA), the diagonal max(0, 1 - row sum) (docs/multi-state.md)
      const next = new Array<number>(S).fill(0);
      for (let a = 0; a < S; a++) {
        const out = h[a]!.reduce((u, v) => u + v, 0);
        next[a]! += p[a]! * Math.max(0, 1 - out);
        for (let b = 0; b < S; b++) next[b]! += p[a]! * h[a]![b]!;
      }
      p = next;
      for (let s = 0; s < S; s++) expect(pred.pstate[k]![s]).toBeCloseTo(p[s]!, 12);
    }
    // stype 2 differs from stype 1 but keeps probabilities summing to 1 at every time
    const two = predictStateOccupation(fit, { x: Float64Array.of(0.4) })[0]!;
    for (const row of two.pstate) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.abs(two.pstate.at(-1)![0]! - pred.pstate.at(-1)![0]!)).toBeGreaterThan(1e-6);
  });

  it('refuses unsupported terms, unknown common entries and bad new data', async () => {
    const data = await load();
    expect(() => multiStateCox('Surv(start, stop, state) ~ x + strata(group)', data, { id: 'id' })).toThrow(FormulaError);
    expect(() => multiStateCox('Surv(start, stop, state) ~ x + cluster(id)', data, { id: 'id' })).toThrow(FormulaError);
    expect(() => multiStateCox('Surv(start, stop, state) ~ 1', data, { id: 'id' })).toThrow(/needs covariates/);
    expect(() => multiStateCox('Surv(start, stop, state) ~ x', data, { id: 'id', common: [{ transitions: ['2:1'], terms: ['x'] }] })).toThrow(UsageError);
    expect(() => multiStateCox('Surv(start, stop, state) ~ x', data, { id: 'id', common: [{ transitions: ['1:2'], terms: ['age'] }] })).toThrow(/no term or column age/);
    const fit = multiStateCox('Surv(start, stop, state) ~ x + group', data, { id: 'id' });
    expect(() => predictStateOccupation(fit, { x: Float64Array.of(NaN), group: ['a'] })).toThrow(/missing covariate/);
    expect(() => predictStateOccupation(fit, { x: Float64Array.of(1), group: ['c'] })).toThrow();
  });
});
