/**
 * A print of a linear mixed model like R's `summary(lmer(...))` (lme4 1.1-31,
 * `print.summary.merMod`): the criterion (REML) or AIC, BIC, logLik, deviance
 * and df.resid (ML), scaled residuals, the random-effects table (variance,
 * std. dev., correlations), numbers of observations and groups, the fixed
 * effects with t values, and the correlation of the fixed effects. Numbers
 * are rounded for reading (R prints 4-5 significant digits); the JSON has
 * full precision.
 */
import type { LmmResult, LmmSummaryOptions } from './lmm-types.js';

export type { LmmSummaryOptions } from './lmm-types.js';

function fmt(x: number, digits = 5): string {
  if (x === null || Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e7) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1);
}

function pad(cells: readonly (readonly string[])[], rightAlign: readonly boolean[]): string {
  const widths = cells[0]!.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  return cells.map((r) => r.map((c, j) => (rightAlign[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join(' ').trimEnd()).join('\n') + '\n';
}

/** R's quantile type 7. */
function quantile7(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The summary text of a fit.
 * @param fit the fit.
 * @param names random-effect names.
 * @param options `residuals` (true).
 * @example console.log(lmm('Reaction ~ Days + (Days | Subject)', sleepstudy).summary())
 */
export function lmmSummary(fit: LmmResult, names: readonly string[], options: LmmSummaryOptions = {}): string {
  const showResiduals = options.residuals ?? true;
  let out = `Linear mixed model fit by ${fit.reml ? 'REML' : 'maximum likelihood'}\nFormula: ${fit.formula}\n\n`;
  const p = fit.fixef.length;
  const q = names.length;
  if (fit.reml) out += `REML criterion at convergence: ${fmt(fit.criterion, 6)}\n\n`;
  else {
    const df = p + fit.theta.length + 1;
    const aic = fit.criterion + 2 * df;
    const bic = fit.criterion + Math.log(fit.n) * df;
    out += pad(
      [
        ['AIC', 'BIC', 'logLik', 'deviance', 'df.resid'],
        [fmt(aic, 6), fmt(bic, 6), fmt(fit.loglik, 6), fmt(fit.criterion, 6), String(fit.n - df)],
      ],
      [true, true, true, true, true],
    );
    out += '\n';
  }
  if (showResiduals && fit.residuals.length > 0) {
    const scaled = Float64Array.from(fit.residuals, (e) => e / fit.residualSd).sort();
    out += 'Scaled residuals:\n';
    out += pad(
      [
        ['Min', '1Q', 'Median', '3Q', 'Max'],
        [0, 0.25, 0.5, 0.75, 1].map((pr) => fmt(quantile7(scaled, pr), 4)),
      ],
      [true, true, true, true, true],
    );
    out += '\n';
  }
  out += 'Random effects:\n';
  const rows: string[][] = [['Groups', 'Name', 'Variance', 'Std.Dev.', ...(q > 1 ? ['Corr', ...Array<string>(q - 2).fill('')] : [])]];
  const corr = fit.varcorr.corr;
  const corrAt = (r: number, c: number): number => (typeof corr === 'number' ? corr : corr === null ? NaN : corr[r]![c]!);
  names.forEach((nm, r) => {
    const sd = fit.varcorr.sd[nm]!;
    const cells = [r === 0 ? fit.groups.name : '', nm, fmt(sd * sd, 5), fmt(sd, 5)];
    if (q > 1) for (let c = 0; c < q - 1; c++) cells.push(c < r ? fmt(corrAt(r, c), 3) : '');
    rows.push(cells);
  });
  rows.push(['Residual', '', fmt(fit.residualSd ** 2, 5), fmt(fit.residualSd, 5), ...(q > 1 ? Array<string>(q - 1).fill('') : [])]);
  out += pad(rows, rows[0]!.map((_, j) => j >= 2))
    .split('\n')
    .map((line) => (line ? ` ${line}` : line))
    .join('\n');
  out += `Number of obs: ${fit.n}, groups:  ${fit.groups.name}, ${fit.groups.count}`;
  if (options.droppedText !== undefined) out += ` (${options.droppedText})\n`;
  else out += fit.nDropped > 0 ? ` (${fit.nDropped} observation${fit.nDropped === 1 ? '' : 's'} deleted due to missingness)\n` : '\n';
  if (options.perGroupCounts ?? true) {
    out += `Observations per ${fit.groups.name}: min ${fit.groups.minObs}, median ${fit.groups.medianObs}, max ${fit.groups.maxObs}; ${fit.groups.singleObservation} with one observation\n`;
  }
  out += '\n';
  out += 'Fixed effects:\n';
  out += pad(
    [['', 'Estimate', 'Std. Error', 't value'], ...fit.fixef.map((f) => [f.term, fmt(f.estimate), fmt(f.se, 4), fmt(f.estimate / f.se, 4)])],
    [false, true, true, true],
  );
  if (p > 1) {
    out += '\nCorrelation of Fixed Effects:\n';
    const abbrev = fit.fixef.map((f) => (f.term === '(Intercept)' ? '(Intr)' : f.term.length > 8 ? f.term.slice(0, 8) : f.term));
    const cr: string[][] = [['', ...abbrev.slice(0, p - 1)]];
    for (let r = 1; r < p; r++) {
      const cells = [fit.fixef[r]!.term];
      for (let c = 0; c < p - 1; c++) {
        cells.push(c < r ? (fit.vcov[r * p + c]! / Math.sqrt(fit.vcov[r * p + r]! * fit.vcov[c * p + c]!)).toFixed(3) : '');
      }
      cr.push(cells);
    }
    out += pad(cr, cr[0]!.map((_, j) => j > 0));
  }
  for (const w of options.warnings ?? fit.warnings) out += `Warning: ${w}\n`;
  return out;
}
