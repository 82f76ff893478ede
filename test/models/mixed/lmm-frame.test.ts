/**
 * Bad and awkward input of the mixed model: missing grouping values, a missing
 * grouping column, patients with one visit, unidentifiable random slopes,
 * lme4's identifiability checks, missing values, collinear fixed effects.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnTable } from '../../../models/design/types.js';
import { buildLmmFrame, lmm } from '../../../models/mixed/index.js';
import { DataValidationError, ModelError, UnknownColumnError } from '../../../util/errors.js';
import { normal, seededRandom } from '../../../util/random.js';

/** Patients with the given numbers of visits at times 0, 1, 2, ... plus noise. */
function visits(counts: readonly number[], seed = 1): { id: string[]; time: Float64Array; x: Float64Array; y: Float64Array } {
  const rand = seededRandom(seed);
  const id: string[] = [];
  const time: number[] = [];
  const x: number[] = [];
  const y: number[] = [];
  counts.forEach((m, j) => {
    const b0 = normal(rand);
    const b1 = 0.3 * normal(rand);
    const xj = j % 2;
    for (let k = 0; k < m; k++) {
      id.push(`P${String(j + 1).padStart(2, '0')}`);
      time.push(k + 0.25 * rand());
      x.push(xj);
      y.push(2 + 0.5 * xj + 0.4 * k + b0 + b1 * k + 0.3 * normal(rand));
    }
  });
  return { id, time: Float64Array.from(time), x: Float64Array.from(x), y: Float64Array.from(y) };
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('buildLmmFrame: bad input', () => {
  it('a missing grouping value is a DataValidationError naming file, row and field', () => {
    const d = visits([3, 4, 3]);
    const id: (string | null)[] = [...d.id];
    id[4] = null;
    id[8] = null;
    const err = thrown(() => lmm('y ~ time + (time | id)', { ...d, id }, { file: 'psa.csv' }));
    expect(err).toBeInstanceOf(DataValidationError);
    const issues = (err as DataValidationError).issues;
    expect(issues.map((i) => [i.file, i.row, i.field])).toEqual([['psa.csv', 5, 'id'], ['psa.csv', 9, 'id']]);
    expect((err as Error).message).toMatch(/^psa\.csv, row 5, field 'id': missing id/);
    // a numeric grouping column with NaN as well
    const num = Float64Array.from({ length: d.y.length }, (_, i) => Math.floor(i / 3));
    num[2] = NaN;
    expect((thrown(() => lmm('y ~ time + (1 | pid)', { ...d, pid: num })) as DataValidationError).issues[0]!.row).toBe(3);
  });

  it('a grouping column that is not in the data is an UnknownColumnError naming it and the columns there are', () => {
    const err = thrown(() => lmm('y ~ time + (time | patient)', visits([3, 3, 3])));
    expect(err).toBeInstanceOf(UnknownColumnError);
    expect((err as UnknownColumnError).column).toBe('patient');
    expect((err as Error).message).toMatch(/Unrecognized column: patient \(available: id, time, x, y\)/);
  });

  it('a random slope no patient can inform (every patient seen once) is an error naming the rows', () => {
    const d = visits([1, 1, 1, 1, 1, 1]);
    const err = thrown(() => lmm('y ~ x + (time | id)', d, { file: 'edss.csv' }));
    expect(err).toBeInstanceOf(DataValidationError);
    const issues = (err as DataValidationError).issues;
    expect(issues.map((i) => i.row)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(issues[0]!.field).toBe('id');
    expect(issues[0]!.message).toMatch(/id P01 has 1 observation: no id has two observations with different time, so the random slope for time in \(time \| id\) is not identifiable \(use \(1 \| id\)\)/);
    // two visits on the same day each: the slope variable is constant within every patient
    const same = visits([2, 2, 2, 2]);
    const t = Float64Array.from(same.time, (_, i) => Math.floor(i / 2));
    expect((thrown(() => lmm('y ~ x + (time | id)', { ...same, time: t })) as Error).message).toMatch(/has 2 observations all with one value of time/);
  });

  it('patients with one visit: counted for a random intercept, a warning naming their rows for a random slope', () => {
    const d = visits([1, 5, 4, 1, 6, 5, 4, 3]);
    const ri = lmm('y ~ time + (1 | id)', d);
    expect(ri.groups).toEqual({ name: 'id', count: 8, minObs: 1, medianObs: 4, maxObs: 6, singleObservation: 2 });
    expect(ri.warnings).toEqual([]);
    const rs = lmm('y ~ time + (time | id)', d);
    expect(rs.warnings).toContain('2 id values have one observation (rows 1, 11): they inform the random intercept, not the random slope');
    expect(lmm('y ~ time + (time | id)', d, { nameRows: false }).warnings).toContain('2 id values have one observation: they inform the random intercept, not the random slope');
  });

  it("lme4's checks: fewer than 2 groups, no more observations than groups, no more than random effects", () => {
    expect(thrown(() => lmm('y ~ time + (1 | id)', visits([6])))).toBeInstanceOf(ModelError);
    expect((thrown(() => lmm('y ~ time + (1 | id)', visits([6]))) as Error).message).toMatch(/grouping factor id has 1 level/);
    const single = thrown(() => lmm('y ~ x + (1 | id)', visits([1, 1, 1, 1, 1])));
    expect(single).toBeInstanceOf(ModelError);
    expect((single as Error).message).toMatch(/number of levels of each grouping factor must be < number of observations \(id: 5 levels, 5 observations\)/);
    const two = thrown(() => lmm('y ~ x + (time | id)', visits([2, 2, 2, 2, 2])));
    expect(two).toBeInstanceOf(ModelError);
    expect((two as Error).message).toMatch(/number of observations \(=10\) <= number of random effects \(=10\) for term \(time \| id\)/);
  });

  it('rows with a missing response, covariate or random-slope variable are dropped and counted, as na.omit', () => {
    const d = visits([4, 5, 4, 6, 5]);
    const y = Float64Array.from(d.y);
    y[0] = NaN;
    const x = Float64Array.from(d.x);
    x[7] = NaN;
    const time = Float64Array.from(d.time);
    time[12] = NaN;
    const f = buildLmmFrame('y ~ x + (time | id)', { ...d, y, x, time });
    expect(f.n).toBe(21);
    expect(f.nDropped).toBe(3);
    expect(Array.from(f.rowIndex)).not.toContain(0);
    expect(Array.from(f.rowIndex)).not.toContain(7);
    expect(Array.from(f.rowIndex)).not.toContain(12);
    expect(f.warnings[0]).toBe('3 observations deleted due to missingness');
    // the time variable of the random part alone: dropped as well (lme4's model frame has it)
    const g = buildLmmFrame('y ~ x + (time | id)', { ...d, time });
    expect(g.nDropped).toBe(1);
    expect(g.z[1]!.every(Number.isFinite)).toBe(true);
  });

  it('collinear fixed effects: the later column is dropped with lme4 message, and the fit is the fit without it', () => {
    const d = visits([4, 5, 4, 6, 5, 3]);
    const x2 = Float64Array.from(d.x, (v) => 2 * v + 1);
    const fit = lmm('y ~ x + time + x2 + (1 | id)', { ...d, x2 });
    expect(fit.fixef.map((f) => f.term)).toEqual(['(Intercept)', 'x', 'time']);
    expect(fit.warnings).toContain('fixed-effect model matrix is rank deficient so dropping 1 column / coefficient (x2)');
    const plain = lmm('y ~ x + time + (1 | id)', d);
    fit.fixef.forEach((f, i) => expect(f.estimate).toBeCloseTo(plain.fixef[i]!.estimate, 10));
    expect(fit.loglik).toBeCloseTo(plain.loglik, 9);
  });

  it('groups are sorted as R factor levels: text by code point, numbers numerically', () => {
    const d = visits([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);
    const f = buildLmmFrame('y ~ time + (1 | id)', d);
    expect(f.groupLevels.slice(0, 3)).toEqual(['P01', 'P02', 'P03']);
    const num = Float64Array.from({ length: d.y.length }, (_, i) => [100, 20, 3][Math.floor(i / 3) % 3]!);
    expect(buildLmmFrame('y ~ time + (1 | g)', { ...d, g: num }).groupLevels).toEqual(['3', '20', '100']);
  });

  it('does not modify its input', () => {
    const d = visits([3, 4, 5, 2]);
    const table: ColumnTable = { ...d, id: Object.freeze([...d.id]) };
    const copy = { y: Float64Array.from(d.y), time: Float64Array.from(d.time) };
    lmm('y ~ x + time + (time | id)', table);
    expect(d.y).toEqual(copy.y);
    expect(d.time).toEqual(copy.time);
  });
});
