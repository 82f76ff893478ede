/**
 * Cross-validation curve of a penalized Cox path, as `plot(cv.glmnet(...))`:
 * the mean cross-validated measure (partial-likelihood deviance, or C) against
 * log(lambda) with ±1 SE error bars, vertical dashed lines at lambda.min and
 * lambda.1se, and the number of non-zero coefficients along the top axis and
 * in the hover text.
 *
 * log is the natural logarithm, as glmnet's `plot.cv.glmnet` (x label
 * "Log(λ)"); the path runs from the largest lambda (right, few terms) to the
 * smallest (left, most terms).
 *
 * Reference: Friedman J, Hastie T, Tibshirani R (2010) "Regularization paths
 * for generalized linear models via coordinate descent", J Stat Softw 33(1);
 * glmnet 4.1-6 `R/plot.cv.glmnet.R`.
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { CvCurveInput, FigureSpec, PlotlyAnnotation, PlotlyScatterTrace, PlotlyShape } from './types.js';

/** Options of {@link cvCurveFigure}; every field optional. */
export interface CvCurveFigureOptions extends CommonFigureOptions {
  /** Figure title (default 'Cross-validation of the penalized Cox model'). */
  title?: string;
  /** x-axis title (default 'log(λ)'). */
  xTitle?: string;
  /** y-axis title (default: the input's `measure`, else 'Partial likelihood deviance'). */
  yTitle?: string;
  /** Draw ±1 SE error bars (default true, as plot.cv.glmnet). */
  errorBars?: boolean;
  /** Vertical lines at lambda.min and lambda.1se (default true, dotted, as plot.cv.glmnet). */
  lambdaLines?: boolean;
  /** Number of non-zero coefficients on a top axis (default true, as plot.cv.glmnet's top labels). */
  nzeroAxis?: boolean;
  /** Most ticks on the top axis (default 10; evenly spaced path positions). */
  nzeroTicks?: number;
}

/**
 * Builds the cross-validation curve figure.
 *
 * @param input lambda, cvm, cvsd, nzero (equal lengths), lambdaMin, lambda1se, optional measure name; not modified.
 * @param options see {@link CvCurveFigureOptions}.
 * @returns a plotly spec; `meta.lambdaMin`, `meta.lambda1se`, `meta.measure`.
 * @throws UsageError for empty or unequal arrays, a non-positive lambda, or lambdaMin/lambda1se not positive
 * @example cvCurveFigure({ lambda: [0.2, 0.1], cvm: [12.1, 11.9], cvsd: [0.2, 0.2], nzero: [1, 3], lambdaMin: 0.1, lambda1se: 0.2 })
 */
export function cvCurveFigure(input: CvCurveInput, options: CvCurveFigureOptions = {}): FigureSpec {
  const L = input.lambda.length;
  if (L === 0) throw new UsageError('cvCurveFigure needs at least one lambda');
  for (const [k, arr] of Object.entries({ cvm: input.cvm, cvsd: input.cvsd, nzero: input.nzero })) {
    if (arr.length !== L) throw new UsageError(`cv curve input '${k}' has ${arr.length} values for ${L} lambdas`);
  }
  for (let i = 0; i < L; i++) {
    const l = input.lambda[i]!;
    if (!(Number.isFinite(l) && l > 0)) throw new UsageError(`cv curve input 'lambda' must be positive, got ${l} at ${i}`);
  }
  for (const [k, v] of Object.entries({ lambdaMin: input.lambdaMin, lambda1se: input.lambda1se })) {
    if (!(Number.isFinite(v) && v > 0)) throw new UsageError(`cv curve input '${k}' must be a positive number, got ${v}`);
  }
  const nzeroTicks = options.nzeroTicks ?? 10;
  if (!(Number.isInteger(nzeroTicks) && nzeroTicks >= 1)) throw new UsageError(`nzeroTicks must be an integer >= 1, got ${nzeroTicks}`);
  const measure = input.measure ?? 'Partial likelihood deviance';
  const title = options.title ?? 'Cross-validation of the penalized Cox model';
  const palette = options.colors ?? DEFAULT_PALETTE;
  const color = colorAt(palette, 1);
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  const sd: (number | null)[] = [];
  const text: string[] = [];
  for (let i = 0; i < L; i++) {
    const l = input.lambda[i]!;
    x.push(finiteOrNull(Math.log(l)));
    y.push(finiteOrNull(input.cvm[i]));
    sd.push(finiteOrNull(input.cvsd[i]));
    text.push(
      `λ = ${formatNumber(l)} (log ${formatNumber(Math.log(l))})<br>${measure} = ${formatNumber(input.cvm[i])} ± ${formatNumber(input.cvsd[i])}` +
        `<br>non-zero coefficients: ${formatNumber(input.nzero[i])}`,
    );
  }
  const curve: PlotlyScatterTrace = {
    type: 'scatter', mode: 'markers', name: `Mean CV ${measure.toLowerCase()}`, x, y, text, hovertemplate: '%{text}<extra></extra>',
    marker: { color, size: 7 }, meta: { role: 'cv-mean' },
  };
  if (options.errorBars ?? true) curve.error_y = { type: 'data', symmetric: true, array: sd, color: REFERENCE_GREY, thickness: 1, width: 3 };
  const data: PlotlyScatterTrace[] = [curve];
  const layout = baseLayout(title, options);
  layout.xaxis = axis(options.xTitle ?? 'log(λ)');
  layout.yaxis = axis(options.yTitle ?? measure);
  layout.showlegend = false;
  const shapes: PlotlyShape[] = [];
  const annotations: PlotlyAnnotation[] = [];
  if (options.lambdaLines ?? true) {
    for (const [label, l] of [['λ.min', input.lambdaMin], ['λ.1se', input.lambda1se]] as const) {
      const lx = Math.log(l);
      shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: lx, x1: lx, y0: 0, y1: 1, line: { color: REFERENCE_GREY, width: 1, dash: 'dot' }, layer: 'below' });
      annotations.push({ text: `${label} = ${formatNumber(l)}`, xref: 'x', yref: 'paper', x: lx, y: 0.02, showarrow: false, xanchor: 'left', yanchor: 'bottom', font: { size: 11, color: '#444444' } });
    }
  }
  if (options.nzeroAxis ?? true) {
    const step = Math.max(1, Math.ceil(L / nzeroTicks));
    const idx: number[] = [];
    for (let i = 0; i < L; i += step) idx.push(i);
    // A transparent trace on the top axis, so that plotly draws it; it shares the range of x.
    data.push({
      type: 'scatter', mode: 'markers', name: 'non-zero coefficients', x: [...x], y: [...y], xaxis: 'x2', yaxis: 'y',
      marker: { opacity: 0, size: 1 }, hoverinfo: 'skip', showlegend: false, meta: { role: 'nzero-axis' },
    });
    layout.xaxis2 = {
      title: { text: 'Non-zero coefficients' }, overlaying: 'x', side: 'top', matches: 'x', showgrid: false, zeroline: false, ticks: 'outside',
      tickvals: idx.map((i) => x[i] ?? null), ticktext: idx.map((i) => formatNumber(input.nzero[i])), automargin: true,
    };
    // Room for the figure title above the top axis's tick labels and title.
    layout.margin = { ...layout.margin, t: 140 };
  }
  if (shapes.length) layout.shapes = shapes;
  if (annotations.length) layout.annotations = annotations;
  return {
    data,
    layout,
    config: defaultConfig('cv-curve'),
    meta: { kind: 'cv-curve', title, measure, lambdaMin: input.lambdaMin, lambda1se: input.lambda1se, warnings: [] },
  };
}
