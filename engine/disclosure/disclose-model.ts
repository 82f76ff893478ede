/**
 * Disclosure control of fitted models exported for a portal: no individual
 * rows and no unique event times. A model JSON is walked and
 * - every member named as per-row or per-event data (`residuals`,
 *   `linearPredictors`, `rows`, `data`, `y`, `x`, `weights`, `time`, `status`,
 *   `pseudonyms`, ...) is removed, as is any array of length `n` (the number of
 *   rows) whatever its name;
 * - a baseline hazard (`baseline: { time, cumhaz | hazard | surv }`) is kept
 *   only on a coarse grid (step function read at grid points, width from
 *   {@link niceWidth}) unless the study allows individual times;
 * - a model on fewer than `threshold` events or rows keeps its counts hidden
 *   and its estimates removed (warnings say so).
 * R's riskRegression offers the same idea as a "confidential" Cox export
 * (docs/access-levels.md, "Minimum cell counts").
 */
import { checkThreshold } from './suppress-small-counts.js';
import { ceilToGrid, checkWidth, niceWidth } from './time-grid.js';

/** Member names that hold per-row or per-event data and never leave the engine. */
export const PER_ROW_KEYS: readonly string[] = [
  'residuals',
  'linearPredictors',
  'linearPredictor',
  'lp',
  'rows',
  'data',
  'y',
  'x',
  'weights',
  'time',
  'times',
  'status',
  'event',
  'pseudonyms',
  'ids',
  'id',
  'riskScores',
  'fitted',
  'fittedValues',
  'martingale',
  'deviance',
  'schoenfeld',
  'score',
  'dfbeta',
];

/** Options of {@link discloseModel}. */
export interface ModelDisclosureOptions {
  threshold?: number;
  allowIndividualTimes?: boolean;
  /** Grid width for a baseline hazard (default automatic). */
  gridWidth?: number;
}

/** A disclosed model: the input's members minus per-row data, plus what was removed. */
export type DisclosedModel = Record<string, unknown> & {
  disclosure: { threshold: number; allowIndividualTimes: boolean; removed: string[]; warnings: string[] };
};

type Json = unknown;

function stepAt(times: readonly number[], values: readonly number[], t: number, start: number): number {
  let v = start;
  for (let i = 0; i < times.length && times[i]! <= t; i++) v = values[i]!;
  return v;
}

function coarseBaseline(b: Record<string, unknown>, width: number | undefined): Record<string, unknown> {
  const time = (b.time as number[] | undefined) ?? [];
  const maxT = time.length ? Math.max(...time) : 0;
  const w = width ?? niceWidth(maxT);
  const grid: number[] = [];
  for (let g = w; g <= ceilToGrid(maxT, w) + 1e-9; g = ceilToGrid(g + w, w)) grid.push(g);
  const out: Record<string, unknown> = { time: grid, gridWidth: w };
  for (const [k, start] of [['cumhaz', 0], ['hazard', 0], ['surv', 1]] as const) {
    const v = b[k];
    if (Array.isArray(v)) out[k] = grid.map((g) => stepAt(time, v as number[], g, start));
  }
  return out;
}

/**
 * A model's JSON without individual rows or unique event times.
 *
 * @param model a model JSON (`coxph(...).toJSON()`, `fineGray(...).toJSON()`, `survreg(...).toJSON()`)
 * @param options `threshold` (5), `allowIndividualTimes` (false), `gridWidth` for a baseline hazard
 * @example discloseModel(coxph('Surv(time, status) ~ age', lung).toJSON()).terms
 */
export function discloseModel(model: object, options: ModelDisclosureOptions = {}): DisclosedModel {
  const threshold = checkThreshold(options.threshold);
  const allow = options.allowIndividualTimes ?? false;
  const width = checkWidth(options.gridWidth);
  const src = model as Record<string, unknown>;
  const n = typeof src.n === 'number' ? src.n : null;
  const removed: string[] = [];
  const warnings: string[] = [];
  const walk = (v: Json, path: string): Json => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (ArrayBuffer.isView(v)) return walk(Array.from(v as unknown as ArrayLike<number>), path);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        const p = path ? `${path}.${k}` : k;
        if (k === 'baseline' && x && typeof x === 'object' && !Array.isArray(x)) {
          if (allow) out[k] = JSON.parse(JSON.stringify(x)) as unknown; // individual times allowed: kept as fitted
          else {
            out[k] = coarseBaseline(x as Record<string, unknown>, width);
            removed.push(`${p} (coarsened to grid)`);
          }
          continue;
        }
        const arrayLen = Array.isArray(x) ? x.length : ArrayBuffer.isView(x) ? (x as unknown as ArrayLike<number>).length : -1;
        if (PER_ROW_KEYS.includes(k) && (arrayLen >= 0 || !allow)) {
          if (arrayLen >= 0 || (x !== null && typeof x === 'object')) {
            removed.push(p);
            continue;
          }
        }
        if (n !== null && n > 1 && arrayLen === n) {
          removed.push(p);
          continue;
        }
        out[k] = walk(x, p);
      }
      return out;
    }
    return v;
  };
  const out = walk(src, '') as Record<string, unknown>;
  const events = typeof src.events === 'number' ? src.events : null;
  const small = (x: number | null) => x !== null && x > 0 && x < threshold;
  if (small(n) || small(events)) {
    warnings.push(`model fitted on fewer than ${threshold} ${small(events) ? 'events' : 'rows'}: counts and estimates hidden`);
    if (small(n)) out.n = null;
    if (small(events)) out.events = null;
    for (const k of ['terms', 'coefficients', 'loglik', 'loglikNull', 'concordance', 'scale', 'chisq', 'chisqP', 'baseline']) {
      if (k in out) {
        delete out[k];
        removed.push(k);
      }
    }
  }
  return { ...out, disclosure: { threshold, allowIndividualTimes: allow, removed, warnings } };
}
