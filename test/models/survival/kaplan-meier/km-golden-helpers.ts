/**
 * Helpers shared by the KM / log-rank / RMST golden tests: dataset loading
 * (with the deterministic weight columns the R scripts add) and tolerant
 * comparison where JSON null stands for R's NA / Inf.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { ColumnTable } from '../../../../models/design/types.js';
import { readCsvColumns } from '../../../helpers/read-csv.js';

const cache = new Map<string, ColumnTable>();

/** datasets/<name>.csv, plus for lung the weight columns wint = r %% 3 + 1 and wfrac = (r %% 4 + 1) / 2 (r = 0-based row). */
export function loadDataset(name: string): ColumnTable {
  const have = cache.get(name);
  if (have) return have;
  const t: Record<string, ColumnTable[string]> = { ...readCsvColumns(`datasets/${name}.csv`) };
  const n = Object.values(t)[0]!.length;
  t.wint = Float64Array.from({ length: n }, (_, r) => (r % 3) + 1);
  t.wfrac = Float64Array.from({ length: n }, (_, r) => ((r % 4) + 1) / 2);
  cache.set(name, t);
  return t;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Largest relative difference seen per tolerance class, for the report. */
export const worst: Record<string, number> = {};

/**
 * Expects `got` to match R's `want` elementwise to `tol` relative (absolute
 * below 1e-12 in magnitude); `null` in `want` (R's NA, NaN or Inf) must be a
 * non-finite value in `got`.
 */
export function expectClose(got: ArrayLike<number | null>, want: readonly (number | null)[] | number | null, tol: number, what: string): void {
  const w = Array.isArray(want) ? want : [want as number | null];
  expect(got.length, `${what}: length`).toBe(w.length);
  for (let i = 0; i < w.length; i++) {
    const g = got[i];
    const e = w[i];
    if (e === null || e === undefined) {
      expect(g === null || !Number.isFinite(g as number), `${what}[${i}]: expected NA, got ${g}`).toBe(true);
      continue;
    }
    expect(typeof g === 'number' && Number.isFinite(g), `${what}[${i}]: expected ${e}, got ${g}`).toBe(true);
    const diff = Math.abs((g as number) - e);
    const rel = Math.abs(e) > 1e-12 ? diff / Math.abs(e) : diff;
    worst[what.split('[')[0]!.split(' ').pop()!] = Math.max(worst[what.split('[')[0]!.split(' ').pop()!] ?? 0, rel);
    expect(rel, `${what}[${i}]: got ${g}, R ${e}`).toBeLessThanOrEqual(tol);
  }
}
