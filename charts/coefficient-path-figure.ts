/**
 * Coefficient paths of a penalized regression, as glmnet's `plot(fit,
 * xvar = "lambda" | "norm", label = TRUE)`: one line per term, the
 * coefficient against log(lambda) (natural log) or against the L1 norm of the
 * coefficient vector, an optional vertical line at a chosen lambda (e.g. the
 * cross-validated lambda.1se), and the names of the largest few terms written
 * at the full-model end of the path (the smallest lambda: the left end on a
 * log(lambda) axis, the right end on an L1-norm axis, as glmnet's `plotCoef`
 * places its labels).
 *
 * Coefficients between path points (for the chosen-lambda line on the L1 axis)
 * are interpolated linearly in lambda, as glmnet's `coef(fit, s, exact = FALSE)`.
 *
 * Reference: Friedman J, Hastie T, Tibshirani R (2010) J Stat Softw 33(1);
 * glmnet 4.1-6 `R/plot.glmnet.R`, `R/plotCoef.R`.
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, REFERENCE_GREY } from './palette.js';
import type { CoefficientPathInput, FigureSpec, PlotlyAnnotation, PlotlyScatterTrace, PlotlyShape } from './types.js';

/** Options of {@link coefficientPathFigure}; every field optional. */
export interface CoefficientPathFigureOptions extends CommonFigureOptions {
  /** Figure title (default 'Coefficient paths'). */
  title?: string;
  /**
   * x axis (default 'log-lambda'): natural log of lambda (glmnet `xvar = "lambda"`),
   * or 'l1-norm', the sum of |coefficients| (glmnet's own default `xvar = "norm"`;
   * log(lambda) is the default here so that the figure lines up with the CV curve).
   */
  xvar?: 'log-lambda' | 'l1-norm';
  /** x-axis title (default 'log(λ)' or 'L1 norm'). */
  xTitle?: string;
  /** y-axis title (default 'Coefficient'). */
  yTitle?: string;
  /** Draw a vertical line at this lambda (default none), e.g. lambda.1se. */
  lambda?: number;
  /** Text of that line (default `λ = <value>`). */
  lambdaLabel?: string;
  /** Label the terms with the largest |coefficient| at the full-model end (default 5; 0 for none). */
  labelTop?: number;
  /** Line width in px (default 1.5). */
  lineWidth?: number;
}

/** Coefficients at lambda `s`, linear in lambda between path points, clamped to the path's ends. */
function coefficientsAt(lambda: ArrayLike<number>, beta: readonly ArrayLike<number>[], s: number, p: number): number[] {
  const L = lambda.length;
  let best = 0;
  for (let k = 1; k < L; k++) if (Math.abs(lambda[k]! - s) < Math.abs(lambda[best]! - s)) best = k;
  for (let k = 0; k + 1 < L; k++) {
    const a = lambda[k]!;
    const b = lambda[k + 1]!;
    if ((s <= a && s >= b) || (s >= a && s <= b)) {
      const f = a === b ? 0 : (a - s) / (a - b);
      return Array.from({ length: p }, (_, j) => (1 - f) * beta[k]![j]! + f * beta[k + 1]![j]!);
    }
  }
  return Array.from({ length: p }, (_, j) => beta[best]![j]!);
}

/**
 * Builds the coefficient path figure.
 *
 * @param input lambda (> 0), one coefficient vector per lambda, term names; not modified.
 * @param options see {@link CoefficientPathFigureOptions}.
 * @returns a plotly spec; `meta.labelled` lists the labelled terms, `meta.nonZero` the non-zero terms at the smallest lambda.
 * @throws UsageError for an empty path, unequal lengths, a non-positive lambda, or bad options
 * @example coefficientPathFigure({ lambda: [0.3, 0.1], beta: [[0, 0], [0.2, -0.1]], names: ['age', 'nodes'] }, { lambda: 0.1 })
 */
export function coefficientPathFigure(input: CoefficientPathInput, options: CoefficientPathFigureOptions = {}): FigureSpec {
  const L = input.lambda.length;
  const p = input.names.length;
  if (L === 0) throw new UsageError('coefficientPathFigure needs at least one lambda');
  if (p === 0) throw new UsageError('coefficientPathFigure needs at least one term name');
  if (input.beta.length !== L) throw new UsageError(`coefficient path input 'beta' has ${input.beta.length} vectors for ${L} lambdas`);
  input.beta.forEach((b, k) => {
    if (b.length !== p) throw new UsageError(`coefficient path input 'beta[${k}]' has ${b.length} values for ${p} names`);
  });
  for (let k = 0; k < L; k++) {
    const l = input.lambda[k]!;
    if (!(Number.isFinite(l) && l > 0)) throw new UsageError(`coefficient path input 'lambda' must be positive, got ${l} at ${k}`);
  }
  const xvar = options.xvar ?? 'log-lambda';
  if (xvar !== 'log-lambda' && xvar !== 'l1-norm') throw new UsageError(`xvar must be 'log-lambda' or 'l1-norm', got '${String(xvar)}'`);
  const labelTop = options.labelTop ?? 5;
  if (!(Number.isInteger(labelTop) && labelTop >= 0)) throw new UsageError(`labelTop must be an integer >= 0, got ${labelTop}`);
  if (options.lambda !== undefined && !(Number.isFinite(options.lambda) && options.lambda > 0)) {
    throw new UsageError(`lambda must be a positive number, got ${options.lambda}`);
  }
  const l1 = (b: ArrayLike<number>): number => {
    let s = 0;
    for (let j = 0; j < b.length; j++) if (Number.isFinite(b[j]!)) s += Math.abs(b[j]!);
    return s;
  };
  const xs: number[] = [];
  for (let k = 0; k < L; k++) xs.push(xvar === 'log-lambda' ? Math.log(input.lambda[k]!) : l1(input.beta[k]!));
  const xName = xvar === 'log-lambda' ? 'log(λ)' : 'L1 norm';
  const palette = options.colors ?? DEFAULT_PALETTE;
  const width = options.lineWidth ?? 1.5;
  const data: PlotlyScatterTrace[] = input.names.map((name, j) => ({
    type: 'scatter',
    mode: 'lines',
    name,
    x: xs.map(finiteOrNull),
    y: input.beta.map((b) => finiteOrNull(b[j])),
    line: { color: colorAt(palette, j), width },
    text: input.beta.map((b, k) => `${name}<br>λ = ${formatNumber(input.lambda[k]!)}<br>${xName} = ${formatNumber(xs[k]!)}<br>coefficient = ${formatNumber(b[j])}`),
    hovertemplate: '%{text}<extra></extra>',
    meta: { role: 'path', term: name },
  }));
  // The full-model end: the smallest lambda.
  let end = 0;
  for (let k = 1; k < L; k++) if (input.lambda[k]! < input.lambda[end]!) end = k;
  const endBeta = input.beta[end]!;
  const ranked = input.names.map((_, j) => j).filter((j) => Number.isFinite(endBeta[j]!) && endBeta[j] !== 0).sort((a, b) => Math.abs(endBeta[b]!) - Math.abs(endBeta[a]!));
  const labelled = ranked.slice(0, labelTop);
  const annotations: PlotlyAnnotation[] = labelled.map((j) => ({
    text: input.names[j]!, xref: 'x', yref: 'y', x: finiteOrNull(xs[end]), y: finiteOrNull(endBeta[j]), showarrow: false,
    xanchor: xvar === 'log-lambda' ? 'right' : 'left', yanchor: 'middle', font: { size: 11, color: colorAt(palette, j) },
  }));
  const shapes: PlotlyShape[] = [
    { type: 'line', xref: 'paper', yref: 'y', x0: 0, x1: 1, y0: 0, y1: 0, line: { color: REFERENCE_GREY, width: 1 }, layer: 'below' },
  ];
  let chosenX: number | null = null;
  if (options.lambda !== undefined) {
    chosenX = xvar === 'log-lambda' ? Math.log(options.lambda) : l1(coefficientsAt(input.lambda, input.beta, options.lambda, p));
    shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: chosenX, x1: chosenX, y0: 0, y1: 1, line: { color: REFERENCE_GREY, width: 1, dash: 'dash' }, layer: 'below' });
    annotations.push({
      text: options.lambdaLabel ?? `λ = ${formatNumber(options.lambda)}`, xref: 'x', yref: 'paper', x: chosenX, y: 1, showarrow: false,
      xanchor: 'left', yanchor: 'top', font: { size: 11, color: '#444444' },
    });
  }
  const title = options.title ?? 'Coefficient paths';
  const layout = baseLayout(title, options);
  layout.xaxis = axis(options.xTitle ?? xName);
  layout.yaxis = axis(options.yTitle ?? 'Coefficient');
  layout.shapes = shapes;
  if (annotations.length) layout.annotations = annotations;
  // With labels the legend is redundant for the labelled terms, but it still lists the others.
  layout.legend = { x: 1.02, xanchor: 'left', y: 1, yanchor: 'top' };
  return {
    data,
    layout,
    config: defaultConfig('coefficient-path'),
    meta: {
      kind: 'coefficient-path',
      title,
      xvar,
      lambda: options.lambda ?? null,
      lambdaX: chosenX,
      labelled: labelled.map((j) => input.names[j]!),
      nonZero: ranked.map((j) => input.names[j]!),
      warnings: [],
    },
  };
}
