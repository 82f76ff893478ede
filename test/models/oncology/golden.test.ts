/**
 * Golden comparison with R 4.2.2 / survival 3.5-3 (script: golden/oncology-golden.R,
 * regenerate with `Rscript test/models/oncology/golden/oncology-golden.R`), relative tolerance 1e-12:
 * - NPI per row of survival::gbsg: `0.2 * size / 10 + grade + node stage`, groups by cut(round(npi, 10), c(-Inf, 3.4, 5.4, Inf));
 * - PSA doubling time: `log(2) / coef(lm(log(psa) ~ I(as.numeric(as.Date(date)) / 30.4375)))[2]` (and / 365.25 for years).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nottinghamPrognosticIndexes, psaDoublingTime } from '../../../models/oncology/index.js';
import { readCsvColumns } from '../../helpers/read-csv.js';

interface Golden {
  npi: number[];
  npiGroups: { good: number; moderate: number; poor: number };
  psadt: { date: string[]; value: number[]; slopeMonths: number; doublingTimeMonths: number; slopeYears: number; doublingTimeYears: number }[];
}
const golden = JSON.parse(readFileSync('test/models/oncology/golden/oncology-golden.json', 'utf8')) as Golden;
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('oncology golden values from R', () => {
  it('NPI per gbsg row and the group counts', () => {
    const t = readCsvColumns('datasets/gbsg.csv');
    const r = nottinghamPrognosticIndexes({ size: t.size as Float64Array, grade: t.grade as Float64Array, nodes: t.nodes as Float64Array });
    expect(r.npi.length).toBe(golden.npi.length);
    let worst = 0;
    golden.npi.forEach((v, i) => (worst = Math.max(worst, rel(r.npi[i]!, v))));
    expect(worst).toBeLessThan(1e-12);
    expect([r.group.filter((g) => g === 'good').length, r.group.filter((g) => g === 'moderate').length, r.group.filter((g) => g === 'poor').length]).toEqual([
      golden.npiGroups.good,
      golden.npiGroups.moderate,
      golden.npiGroups.poor,
    ]);
  });

  it('PSA doubling time equals log(2) / lm slope in months and years', () => {
    expect(golden.psadt.length).toBe(3);
    for (const g of golden.psadt) {
      const psa = g.date.map((date, i) => ({ date, value: g.value[i]! }));
      const m = psaDoublingTime(psa, { unit: 'months' });
      const y = psaDoublingTime(psa, { unit: 'years' });
      expect(rel(m.slope, g.slopeMonths)).toBeLessThan(1e-12);
      expect(rel(m.doublingTime, g.doublingTimeMonths)).toBeLessThan(1e-12);
      expect(rel(y.slope, g.slopeYears)).toBeLessThan(1e-12);
      expect(rel(y.doublingTime, g.doublingTimeYears)).toBeLessThan(1e-12);
    }
  });
});
