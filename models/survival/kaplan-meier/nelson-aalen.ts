/**
 * Nelson-Aalen cumulative hazard front end: formula + columns -> per-curve
 * cumulative hazard and its standard error, as R's
 * `survfit(formula, data, ctype = 1 | 2)$cumhaz` and `$std.chaz` (survival 3.5-3),
 * at every distinct time (censoring-only times included, as R). The numbers are
 * computed by the Kaplan-Meier core (R computes both in one pass too).
 */

import type { ColumnTable } from '../../design/types.js';
import { kaplanMeier } from './kaplan-meier.js';
import type { CumhazType } from './nelson-aalen-fit.js';

/** Options of {@link nelsonAalen}. */
export interface NelsonAalenOptions {
  /** 1 = Nelson-Aalen (default, R's ctype = 1); 2 = Fleming-Harrington tie correction. */
  ctype?: CumhazType;
  /** Column of case weights (non-integer weights give R's robust standard errors). */
  weights?: string;
}

/** One curve of cumulative hazard. */
export interface NelsonAalenCurve {
  label: string;
  time: number[];
  nRisk: number[];
  nEvent: number[];
  cumhaz: number[];
  /** Standard error of the cumulative hazard (R's std.chaz). */
  stdErr: number[];
}

/**
 * Cumulative hazard curves (R: `survfit(formula, data, ctype)` -> `cumhaz`, `std.chaz`).
 * @param formula `Surv(time, status) ~ group` (or `~ 1`; counting-process responses accepted)
 * @param data columns by name
 * @param options ctype (1), weights (none)
 * @example nelsonAalen('Surv(time, status) ~ 1', lung).curves[0].cumhaz[0] // => 1/228
 */
export function nelsonAalen(
  formula: string,
  data: ColumnTable,
  options: NelsonAalenOptions = {},
): { ctype: CumhazType; curves: NelsonAalenCurve[]; warnings: string[] } {
  const fit = kaplanMeier(formula, data, {
    confType: 'none',
    ctype: options.ctype ?? 1,
    ...(options.weights !== undefined ? { weights: options.weights } : {}),
  });
  return {
    ctype: fit.ctype,
    curves: fit.curves.map((c) => ({
      label: c.label,
      time: Array.from(c.time),
      nRisk: Array.from(c.nRisk),
      nEvent: Array.from(c.nEvent),
      cumhaz: Array.from(c.cumhaz),
      stdErr: Array.from(c.stdErrCumhaz),
    })),
    warnings: [...fit.warnings],
  };
}
