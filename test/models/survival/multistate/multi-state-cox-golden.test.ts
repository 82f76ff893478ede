/**
 * Multi-state Cox model against R 4.2.2 / survival 3.5-3 (test/golden/mstate.R)
 * on the seeded illness-death data: coxph(Surv(start, stop, state) ~ x + group,
 * id = id) coefficients, robust and model-based standard errors and
 * log-likelihoods (1e-8 relative), with x shared by the two transitions into
 * death (R's `1:2 + 3:2 ~ x / common`), and the predicted state occupation
 * for a covariate profile: survfit(fit, newdata, stype = 1)$pstate (R's
 * multi-state Efron hazard, and ctype = 1 Breslow) and the stype = 2 product
 * of matrix exponentials (Matrix::expm in R; 1e-10 absolute).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDataTable } from '../../../../engine/read-file.js';
import { multiStateCox } from '../../../../models/survival/multistate/multi-state-cox.js';
import { predictStateOccupation } from '../../../../models/survival/multistate/multi-state-cox-predict.js';

interface GoldenCox {
  name: string; states: string[]; transitions: string[];
  coef: Record<string, number>; se: Record<string, number>; naiveSe: Record<string, number>;
  loglik: [number, number]; n: number; nevent: number;
  newdata: { x: number; group: string }[];
  predicted: { time: number[]; stype1: number[][]; stype2: number[][]; stype1ctype1: number[][]; cumhaz: number[][] };
}
const golden = JSON.parse(readFileSync('test/golden/mstate.json', 'utf8')) as { cox: GoldenCox[] };
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

describe('multiStateCox vs R coxph (multi-state)', () => {
  for (const g of golden.cox) {
    it(g.name, async () => {
      const data = await readDataTable('test/golden/mstate-illness-death.csv');
      const common = g.name.includes('common') ? [{ transitions: ['1:2', '3:2'], terms: ['x'] }] : [];
      const fit = multiStateCox('Surv(start, stop, state) ~ x + group', data, { id: 'id', common });
      expect(fit.states).toEqual(g.states);
      expect(fit.transitions.map((t) => t.label)).toEqual(g.transitions);
      expect(fit.terms.map((t) => t.term)).toEqual(Object.keys(g.coef));
      for (const t of fit.terms) {
        expect(rel(t.coef, g.coef[t.term]!), `${t.term} coef`).toBeLessThan(1e-8);
        expect(rel(t.se, g.se[t.term]!), `${t.term} robust se`).toBeLessThan(1e-8);
        expect(rel(t.naiveSe, g.naiveSe[t.term]!), `${t.term} se`).toBeLessThan(1e-8);
      }
      expect(rel(fit.loglik[0], g.loglik[0])).toBeLessThan(1e-10);
      expect(rel(fit.loglik[1], g.loglik[1])).toBeLessThan(1e-10);
      expect(fit.n).toBe(g.n);
      expect(fit.nEvent).toBe(g.nevent);
      const nd = g.newdata[0]!;
      const profile = { x: Float64Array.of(nd.x), group: [nd.group] };
      for (const [stype, ctype, expected] of [[1, 2, g.predicted.stype1], [2, 2, g.predicted.stype2], [1, 1, g.predicted.stype1ctype1]] as const) {
        const pred = predictStateOccupation(fit, profile, { stype, ctype })[0]!;
        expect(pred.time).toEqual(g.predicted.time);
        pred.pstate.forEach((row, k) => row.forEach((v, j) => expect(Math.abs(v - expected[k]![j]!), `stype ${stype} ctype ${ctype} t=${pred.time[k]} state ${j}`).toBeLessThan(1e-10)));
        if (stype === 1 && ctype === 2) pred.cumhaz.forEach((row, k) => row.forEach((v, j) => expect(Math.abs(v - g.predicted.cumhaz[k]![j]!)).toBeLessThan(1e-10)));
      }
    });
  }
});
