/**
 * Predicted survival (or cumulative risk) curves of one or more patients from
 * a risk model's prediction (`predictRisk`: a time grid and S(t | x) per
 * patient), drawn as right-continuous step functions (the value at the last
 * grid point <= t, as the prediction defines them), with markers and labels at
 * the requested horizons giving the risk 1 - S(h | x) in %, and the model's
 * warnings (e.g. "age 95 outside the training range 24-80") as an annotation
 * on the figure, so that an extrapolated prediction never goes out unmarked.
 *
 * Reference: Cox DR (1972) JRSS-B 34:187–220 (S(t | x) = S0(t)^exp(xβ));
 * Collins GS et al. (2015) TRIPOD, BMJ 350:g7594 (presenting predictions of a
 * model with their horizon).
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatFixed, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE } from './palette.js';
import type { FigureSpec, PlotlyAnnotation, PlotlyScatterTrace, PredictedSurvivalInput } from './types.js';
import { lastIndexAtOrBefore } from '../util/step-index.js';

/** Options of {@link predictedSurvivalFigure}; every field optional. */
export interface PredictedSurvivalFigureOptions extends CommonFigureOptions {
  /** Figure title (default 'Predicted survival' or 'Predicted cumulative risk'). */
  title?: string;
  /** What the y axis shows (default 'survival': S(t); 'risk': 1 - S(t)). */
  scale?: 'survival' | 'risk';
  /** Horizons to mark (default the input's `horizons`, else none); each within the grid. */
  horizons?: readonly number[];
  /** Curve names, one per patient (default 'Patient 1', 'Patient 2', ...). */
  labels?: readonly string[];
  /** Time unit in the x-axis title and labels (default the input's `timeUnit`, else 'days'). */
  timeUnit?: string;
  /** x-axis title (default `Time (${timeUnit})`). */
  xTitle?: string;
  /** y-axis title (default 'Predicted survival' or 'Predicted cumulative risk'). */
  yTitle?: string;
  /** Percent tick labels on the y axis (default true). */
  percent?: boolean;
  /** Show the warnings as an annotation (default true; they are always in `meta.warnings`). */
  showWarnings?: boolean;
  /** Most warning lines in the annotation (default 5; the rest are counted). */
  maxWarnings?: number;
}

/**
 * Builds the predicted survival figure.
 *
 * @param input the grid, one survival curve per patient, optional horizons, time unit and warnings (e.g. a `RiskPrediction`); not modified.
 * @param options see {@link PredictedSurvivalFigureOptions}.
 * @returns a plotly spec; `meta.riskAtHorizons[p][h]` holds the risk 1 - S(h) at each horizon, `meta.warnings` the model's warnings.
 * @throws UsageError for an empty or decreasing grid, a curve of another length or outside [0, 1], a horizon outside the grid, or labels of the wrong length
 * @example predictedSurvivalFigure(predictRisk(model, patient, [1826]), { timeUnit: 'days' })
 */
export function predictedSurvivalFigure(input: PredictedSurvivalInput, options: PredictedSurvivalFigureOptions = {}): FigureSpec {
  const G = input.grid.length;
  if (G === 0) throw new UsageError('predictedSurvivalFigure needs a non-empty grid');
  for (let k = 0; k < G; k++) {
    const t = input.grid[k]!;
    if (!Number.isFinite(t)) throw new UsageError(`predicted survival input 'grid' must be finite, got ${t} at ${k}`);
    if (k > 0 && t < input.grid[k - 1]!) throw new UsageError(`predicted survival input 'grid' must be non-decreasing (at ${k})`);
  }
  const P = input.predictions.length;
  if (P === 0) throw new UsageError('predictedSurvivalFigure needs at least one prediction');
  input.predictions.forEach((p, i) => {
    if (p.survival.length !== G) throw new UsageError(`predicted survival input 'predictions[${i}].survival' has ${p.survival.length} values for ${G} grid times`);
    for (let k = 0; k < G; k++) {
      const s = p.survival[k]!;
      if (Number.isFinite(s) && (s < 0 || s > 1)) throw new UsageError(`predicted survival input 'predictions[${i}].survival' has ${s} outside [0, 1] at ${k}`);
    }
  });
  const scale = options.scale ?? 'survival';
  if (scale !== 'survival' && scale !== 'risk') throw new UsageError(`scale must be 'survival' or 'risk', got '${String(scale)}'`);
  const labels = options.labels ?? input.predictions.map((_, i) => `Patient ${i + 1}`);
  if (labels.length !== P) throw new UsageError(`labels has ${labels.length} names for ${P} predictions`);
  const horizons = options.horizons ?? input.horizons ?? [];
  const g0 = input.grid[0]!;
  const gmax = input.grid[G - 1]!;
  horizons.forEach((h, i) => {
    if (!(Number.isFinite(h) && h >= g0 && h <= gmax)) throw new UsageError(`horizons[${i}] must be a number in [${formatNumber(g0, 6)}, ${formatNumber(gmax, 6)}], got ${h}`);
  });
  const maxWarnings = options.maxWarnings ?? 5;
  if (!(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new UsageError(`maxWarnings must be an integer >= 0, got ${maxWarnings}`);
  const unit = options.timeUnit ?? input.timeUnit ?? 'days';
  const percent = options.percent ?? true;
  const palette = options.colors ?? DEFAULT_PALETTE;
  const yName = scale === 'survival' ? 'Predicted survival' : 'Predicted cumulative risk';
  const f = (s: number): number => (scale === 'survival' ? s : 1 - s);
  const pct = (v: number): string => `${formatFixed(v * 100, 1)}%`;
  const x = Array.from({ length: G }, (_, k) => finiteOrNull(input.grid[k]));
  const data: PlotlyScatterTrace[] = [];
  const atHorizons: (number | null)[][] = [];
  input.predictions.forEach((p, i) => {
    const color = colorAt(palette, i);
    const name = labels[i]!;
    const y: (number | null)[] = [];
    const text: string[] = [];
    for (let k = 0; k < G; k++) {
      const s = p.survival[k]!;
      y.push(finiteOrNull(f(s)));
      text.push(`${name}<br>t = ${formatNumber(input.grid[k]!, 6)} ${unit}<br>survival ${pct(s)}, risk ${pct(1 - s)}`);
    }
    data.push({
      type: 'scatter', mode: 'lines', name, x: [...x], y, text, hovertemplate: '%{text}<extra></extra>',
      line: { color, width: 2, shape: 'hv' }, legendgroup: `patient-${i}`, meta: { role: 'curve', patient: i },
    });
    const risks: (number | null)[] = [];
    if (horizons.length) {
      const hy: (number | null)[] = [];
      const htext: string[] = [];
      const hover: string[] = [];
      for (const h of horizons) {
        const s = p.survival[Math.max(0, lastIndexAtOrBefore(input.grid, h))]!;
        const risk = 1 - s;
        risks.push(finiteOrNull(risk));
        hy.push(finiteOrNull(f(s)));
        htext.push(`risk ${Number.isFinite(risk) ? pct(risk) : 'NA'}`);
        hover.push(`${name}<br>at ${formatNumber(h, 6)} ${unit}: risk ${pct(risk)} (survival ${pct(s)})`);
      }
      data.push({
        type: 'scatter', mode: 'markers+text', name: `${name} at horizons`, x: horizons.map(finiteOrNull), y: hy, text: htext,
        textposition: scale === 'survival' ? 'top right' : 'bottom right', textfont: { color, size: 12 }, cliponaxis: false,
        marker: { color, size: 9, symbol: 'circle', line: { color: '#FFFFFF', width: 1 } },
        customdata: hover.map((h) => [h]), hovertemplate: '%{customdata[0]}<extra></extra>',
        legendgroup: `patient-${i}`, showlegend: false, meta: { role: 'horizons', patient: i },
      });
    }
    atHorizons.push(risks);
  });
  // Warnings: per patient when the curves carry them (prefixed by the curve name with several patients), else the input's.
  const warnings: string[] = [];
  const seen = new Set<string>();
  const add = (w: string): void => {
    if (!seen.has(w)) {
      seen.add(w);
      warnings.push(w);
    }
  };
  const perPatient = input.predictions.some((p) => (p.warnings?.length ?? 0) > 0);
  if (perPatient) input.predictions.forEach((p, i) => p.warnings?.forEach((w) => add(P > 1 ? `${labels[i]}: ${w}` : w)));
  else input.warnings?.forEach(add);
  const title = options.title ?? yName;
  const layout = baseLayout(title, options);
  layout.xaxis = axis(options.xTitle ?? `Time (${unit})`, { rangemode: 'tozero' });
  layout.yaxis = axis(options.yTitle ?? yName, { range: [0, 1.02], ...(percent ? { tickformat: '.0%' } : {}) });
  const annotations: PlotlyAnnotation[] = [];
  if ((options.showWarnings ?? true) && warnings.length && maxWarnings > 0) {
    const lines = warnings.slice(0, maxWarnings);
    if (warnings.length > maxWarnings) lines.push(`… and ${warnings.length - maxWarnings} more`);
    annotations.push({
      text: `⚠ ${lines.join('<br>')}`, xref: 'paper', yref: 'paper', x: 0.01, y: scale === 'survival' ? 0.02 : 0.98, showarrow: false,
      xanchor: 'left', yanchor: scale === 'survival' ? 'bottom' : 'top', align: 'left', font: { size: 12, color: '#A33A00' },
    });
  }
  if (annotations.length) layout.annotations = annotations;
  return {
    data,
    layout,
    config: defaultConfig('predicted-survival'),
    meta: { kind: 'predicted-survival', title, scale, horizons: [...horizons], riskAtHorizons: atHorizons, warnings },
  };
}
