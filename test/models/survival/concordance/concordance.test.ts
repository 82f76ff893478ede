/**
 * Harrell's concordance: golden values from R survival 3.5-3
 * (test/golden/concordance.R: `concordance(Surv(...) ~ x, data, ...)`,
 * tolerance 1e-9 relative), a brute-force O(n²) check of the pair counts on
 * seeded random data with ties, and a hand-worked example.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { concordance } from '../../../../models/survival/concordance/concordance.js';
import { readCsvColumns } from '../../../helpers/read-csv.js';
import { seededRandom } from '../../../../util/random.js';

interface Case {
  name: string;
  call: string;
  dataset: string;
  formula: string;
  weights: string | null;
  reverse: boolean;
  cluster: string | null;
  n: number;
  count: number[];
  concordance: number;
  std: number;
}
const fixture = JSON.parse(readFileSync('test/golden/concordance.json', 'utf8')) as { cases: Case[] };

function rel(a: number, b: number, tol: number, what: string) {
  expect(Math.abs(a - b), `${what}: ${a} vs R ${b}`).toBeLessThanOrEqual(Math.max(tol * Math.abs(b), 1e-12));
}

/** Parse `Surv(a, b[, c]) ~ x [+ strata(s)]` of the fixture. */
function argsOf(c: Case) {
  const m = /^Surv\(([^)]*)\) ~ ([\w.]+)(?: \+ strata\((\w+)\))?$/.exec(c.formula)!;
  const surv = m[1]!.split(',').map((s) => s.trim());
  const t = readCsvColumns(`datasets/${c.dataset}.csv`) as Record<string, Float64Array>;
  const n = t[surv[0]!]!.length;
  const cols = [...surv, m[2]!, ...(m[3] ? [m[3]] : [])];
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (cols.every((k) => !Number.isNaN(t[k]![i]!))) keep.push(i);
  const sel = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]!);
  const counting = surv.length === 3;
  const status = sel(t[surv[counting ? 2 : 1]!]!);
  // lung codes status 1/2 (R's Surv maps it to 0/1).
  if (status.every((v) => v === 1 || v === 2)) status.forEach((v, i) => (status[i] = v - 1));
  const w = c.weights === 'w_int' ? Float64Array.from(keep, (i) => 1 + (i % 3)) : null;
  return {
    time: sel(t[surv[counting ? 1 : 0]!]!),
    status,
    x: sel(t[m[2]!]!),
    opts: {
      start: counting ? sel(t[surv[0]!]!) : null,
      strata: m[3] ? Int32Array.from(keep, (i) => t[m[3]!]![i]!) : null,
      weights: w,
      reverse: c.reverse,
      cluster: c.cluster ? Int32Array.from(keep, (i) => t[c.cluster!]![i]!) : null,
    },
  };
}

describe('concordance golden vs R survival 3.5-3', () => {
  for (const c of fixture.cases) {
    it(`${c.name}: ${c.call}`, () => {
      const a = argsOf(c);
      const frozen = Array.from(a.x);
      const r = concordance(a.time, a.status, a.x, a.opts);
      expect(Array.from(a.x)).toEqual(frozen);
      expect(r.n).toBe(c.n);
      const k = r.count;
      [k.concordant, k.discordant, k.tiedX, k.tiedY, k.tiedXY].forEach((v, i) => rel(v, c.count[i]!, 1e-9, `count ${i}`));
      rel(r.concordance, c.concordance, 1e-9, 'C');
      rel(r.std, c.std, 1e-9, 'std');
    });
  }
});

/** O(n²) pair counts by the definition (right-censored, weights, strata). */
function brute(time: Float64Array, status: Float64Array, x: Float64Array, w: Float64Array, strata: Int32Array) {
  let conc = 0, disc = 0, tx = 0, ty = 0, txy = 0;
  const n = time.length;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      if (i === j || strata[i] !== strata[j] || status[i] !== 1) continue;
      const ww = w[i]! * w[j]!;
      if (time[i]! < time[j]!) {
        // i fails first: larger x for j (longer survival) is concordant (reverse = false).
        if (x[j]! > x[i]!) conc += ww;
        else if (x[j]! < x[i]!) disc += ww;
        else tx += ww;
      } else if (time[i] === time[j]) {
        if (status[j] === 1) {
          if (j > i) (x[i] === x[j] ? (txy += ww) : (ty += ww));
        } else {
          // censored at the event time: still at risk, comparable.
          if (x[j]! > x[i]!) conc += ww;
          else if (x[j]! < x[i]!) disc += ww;
          else tx += ww;
        }
      }
    }
  return { conc, disc, tx, ty, txy };
}

describe('concordance by brute force', () => {
  it('matches O(n^2) counting on seeded data with ties in time and predictor, weights and strata', () => {
    const rand = seededRandom(2024);
    for (let rep = 0; rep < 5; rep++) {
      const n = 60 + rep * 17;
      const time = Float64Array.from({ length: n }, () => 1 + Math.floor(rand() * 15));
      const status = Float64Array.from({ length: n }, () => (rand() < 0.6 ? 1 : 0));
      const x = Float64Array.from({ length: n }, () => Math.floor(rand() * 6));
      const w = Float64Array.from({ length: n }, () => 0.5 + Math.floor(rand() * 3));
      const strata = Int32Array.from({ length: n }, () => Math.floor(rand() * 3));
      const b = brute(time, status, x, w, strata);
      const r = concordance(time, status, x, { weights: w, strata });
      expect(r.count.concordant).toBeCloseTo(b.conc, 9);
      expect(r.count.discordant).toBeCloseTo(b.disc, 9);
      expect(r.count.tiedX).toBeCloseTo(b.tx, 9);
      expect(r.count.tiedY).toBeCloseTo(b.ty, 9);
      expect(r.count.tiedXY).toBeCloseTo(b.txy, 9);
      expect(r.concordance).toBeCloseTo((b.conc + b.tx / 2) / (b.conc + b.disc + b.tx), 12);
      const rr = concordance(time, status, x, { weights: w, strata, reverse: true });
      expect(rr.concordance).toBeCloseTo(1 - r.concordance, 12);
      expect(rr.count.concordant).toBeCloseTo(b.disc, 9);
      expect(rr.std).toBeCloseTo(r.std, 14);
    }
  });

  it('hand example: times 1..4 all events, predictor = time gives C = 1', () => {
    // Pairs (i<j): x increases with survival, so all 6 pairs are concordant.
    const r = concordance(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 1, 1, 1), Float64Array.of(10, 20, 30, 40));
    expect(r.count).toEqual({ concordant: 6, discordant: 0, tiedX: 0, tiedY: 0, tiedXY: 0 });
    expect(r.concordance).toBe(1);
    // A censored first observation is not comparable with later ones: 3 pairs remain.
    const c = concordance(Float64Array.of(1, 2, 3, 4), Float64Array.of(0, 1, 1, 1), Float64Array.of(40, 20, 30, 10));
    // pairs: (2,3) x 20<30 conc; (2,4) 20>10 disc; (3,4) 30>10 disc → C = 1/3
    expect(c.count.concordant).toBe(1);
    expect(c.count.discordant).toBe(2);
    expect(c.concordance).toBeCloseTo(1 / 3, 15);
  });

  it('rejects missing values and mismatched lengths', () => {
    expect(() => concordance(Float64Array.of(1, 2), Float64Array.of(1, 1), Float64Array.of(1, NaN))).toThrow(/row 2/);
    expect(() => concordance(Float64Array.of(1, 2), Float64Array.of(1), Float64Array.of(1, 2))).toThrow(/length/);
  });
});
