/**
 * Splits every counting-process row at common cut times, as R's
 * `survival::survSplit(Surv(start, stop, event) ~ ., data, cut, episode)`:
 * e.g. monthly intervals for pooled logistic models or time-updated weights.
 * A cut strictly inside a row `(start, stop]` splits it; the row's events
 * stay on its last piece (0, or `''` for texts, on the others); every other
 * column is copied. Rows stay in input order, pieces in time order.
 */
import type { ColumnTable } from '../../design/types.js';
import { DataValidationError, UsageError, type RecordIssue } from '../../../util/errors.js';
import { carryColumns, countingColumns, type CountingKeys } from './split-at-dates.js';
import type { TmergeColumn } from './tmerge.js';

/** Options of {@link splitAtTimes}. */
export interface SplitAtTimesOptions extends CountingKeys {
  /** Name of a column with the episode: 1 before the first cut, k + 1 from the k-th cut on (R's `episode`). Default none. */
  episode?: string;
}

/**
 * Splits rows at the given cut times (R's `survSplit`).
 * @param rows counting-process rows
 * @param cuts cut times (any order; duplicates and non-finite values are ignored)
 * @param options keys (defaults `pseudonym`, `start`, `stop`, `event`/`status`) and `episode`
 * @throws DataValidationError naming the row for `stop <= start` (or a missing time); UsageError for a non-numeric time column or an existing episode column; UnknownColumnError for a missing key.
 * @example splitAtTimes({ pseudonym: ['a'], start: Float64Array.of(0), stop: Float64Array.of(75), event: Float64Array.of(1) }, [30, 60])
 * // => start [0, 30, 60], stop [30, 60, 75], event [0, 0, 1]
 */
export function splitAtTimes(rows: ColumnTable, cuts: readonly number[], options: SplitAtTimesOptions = {}): Record<string, TmergeColumn> {
  const c = countingColumns(rows, options);
  if (options.episode !== undefined && options.episode in rows) throw new UsageError(`splitAtTimes: column ${options.episode} exists already`);
  const cut = [...new Set(cuts.filter((t) => Number.isFinite(t)))].sort((a, b) => a - b);
  const n = c.start.length;
  const start: number[] = [];
  const stop: number[] = [];
  const baseRow: number[] = [];
  const last: number[] = [];
  const episode: number[] = [];
  const issues: RecordIssue[] = [];
  for (let i = 0; i < n; i++) {
    const a = c.start[i]!;
    const b = c.stop[i]!;
    if (!(a < b)) {
      if (issues.length < 100) issues.push({ file: 'counting-process rows', row: i + 1, field: c.keys.stop, message: `subject ${String(c.id[i])}: stop must be > start, got (${a}, ${b}]`, value: b });
      continue;
    }
    // first cut > a
    let k = 0;
    while (k < cut.length && cut[k]! <= a) k++;
    let s = a;
    for (; k < cut.length && cut[k]! < b; k++) {
      start.push(s);
      stop.push(cut[k]!);
      baseRow.push(i);
      last.push(0);
      episode.push(k + 1);
      s = cut[k]!;
    }
    start.push(s);
    stop.push(b);
    baseRow.push(i);
    last.push(1);
    episode.push(k + 1);
  }
  if (issues.length) throw new DataValidationError(issues);
  const rowsOut = Int32Array.from(baseRow);
  const events = Object.entries(c.events).map(([name, values]) => {
    let col: TmergeColumn;
    if (values instanceof Float64Array || typeof (values as readonly unknown[]).find((v) => v !== null) === 'number') {
      const v = values as ArrayLike<number>;
      col = Float64Array.from(rowsOut, (r, j) => (last[j] ? v[r]! : 0));
    } else {
      const v = values as readonly (string | null)[];
      col = Array.from(rowsOut, (r, j) => (last[j] ? (v[r] ?? null) : ''));
    }
    return { name, values: col };
  });
  const out = carryColumns(rows, c.keys, rowsOut, Float64Array.from(start), Float64Array.from(stop), events);
  if (options.episode !== undefined) out[options.episode] = Float64Array.from(episode);
  return out;
}
