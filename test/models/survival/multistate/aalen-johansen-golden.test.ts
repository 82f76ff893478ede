/**
 * Aalen-Johansen state occupation and standard errors against R 4.2.2 /
 * survival 3.5-3 (test/golden/mstate.R): survfit(Surv(start, stop, state) ~ g,
 * id = id)$pstate, $std.err, $n.risk, $n.event, $n.censor on mgus2 (competing
 * risks), a seeded illness-death data set with ties and late entry, and a
 * 3-state model with a transient state given by istate. Tolerance 1e-10 absolute.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDataTable } from '../../../../engine/read-file.js';
import { aalenJohansen } from '../../../../models/survival/multistate/aalen-johansen.js';

interface GoldenStratum { label: string; time: number[]; pstate: number[][]; stdErr: number[][]; nRisk: number[][]; nEvent: number[][]; nCensor: number[]; cumhaz: number[][] }
interface GoldenCase { name: string; file: string; formula: string; istate: string | null; states: string[]; cumhazNames: string[]; strata: GoldenStratum[] }
const golden = JSON.parse(readFileSync('test/golden/mstate.json', 'utf8')) as { aj: GoldenCase[] };
const TOL = 1e-10;

function expectClose(actual: readonly number[], expected: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Math.abs(actual[i]! - expected[i]!) > TOL) throw new Error(`${what}[${i}]: ${actual[i]} vs R ${expected[i]}`);
  }
}

describe('aalenJohansen vs R survfit (multi-state)', () => {
  for (const c of golden.aj) {
    it(c.name, async () => {
      const data = await readDataTable(c.file);
      const fit = aalenJohansen(c.formula, data, { id: 'id', ...(c.istate ? { istate: c.istate } : {}) });
      expect(fit.states).toEqual(c.states);
      const json = fit.toJSON();
      expect(json.strata.map((s) => s.label)).toEqual(c.strata.map((s) => s.label));
      const S = c.states.length;
      const hazards = fit.cumulativeHazard();
      // R names the transitions "from.to" with 1-based state numbers, in the same order.
      expect(hazards[0]!.transitions).toEqual(c.cumhazNames.map((nm) => nm.split('.').map((i) => c.states[Number(i) - 1]).join(' -> ')));
      c.strata.forEach((g, k) => {
        expectClose(hazards[k]!.cumhaz.flat(), g.cumhaz.flat(), `${g.label} cumhaz`);
        const s = json.strata[k]!;
        const core = fit.strata[k]!;
        expectClose(s.time, g.time, `${g.label} time`);
        expectClose(s.pstate.flat(), g.pstate.flat(), `${g.label} pstate`);
        expectClose(s.stdErr.flat(), g.stdErr.flat(), `${g.label} std.err`);
        expect(Array.from(core.nRisk)).toEqual(g.nRisk.flat());
        expect(Array.from(core.nEvent)).toEqual(g.nEvent.flat());
        expect(Array.from(core.nCensor)).toEqual(g.nCensor);
        // probabilities sum to 1 at every time
        for (const row of s.pstate) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
        expect(s.pstate[0]!.length).toBe(S);
      });
    });
  }
});
