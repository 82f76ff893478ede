/**
 * Cumulative incidence figure: Aalen–Johansen step curves per group and cause
 * (as `plot(cmprsk::cuminc(...))`), optional pointwise confidence bands, Gray's
 * test p values under the title, and an at-risk table when the caller supplies
 * the counts (the cumulative incidence result carries none; pass e.g.
 * `kaplanMeier('Surv(time, event != 0) ~ group', data).atRisk(times)`).
 *
 * Bands: computed here from cmprsk's variance at each jump,
 * `F^exp(±z √var / (F log F))` on the log(-log) scale by default (as
 * `cumulativeIncidence`'s `timepoints`, tidycmprsk and Stata's stcompet) or
 * `F ± z √var` clipped to [0, 1] (`bandType: 'plain'`), at the result's
 * `confLevel`.
 */
import type { CumulativeIncidenceResult } from '../models/survival/competing-risks/cumulative-incidence.js';
import { qnorm } from '../models/stats/distributions.js';
import { UsageError } from '../util/errors.js';
import { checkDisclosure, finiteOrNull, formatNumber, pEquals } from './format.js';
import { axis, baseLayout, defaultConfig, legendOutsideRight, TEXT_COLOR, timeAxisTitle, type CommonFigureOptions } from './layout-defaults.js';
import { niceBreaks } from './nice-breaks.js';
import { colorAt, DEFAULT_PALETTE, withAlpha } from './palette.js';
import { checkRiskTimes, defaultRiskTableFraction, RISK_TABLE_GAP, RISK_TABLE_LEFT_PAD, riskTableParts, type RiskTableRow } from './risk-table.js';
import type { DisclosureDisplay, FigureSpec, PlotlyAnnotation, PlotlyLine, PlotlyTrace } from './types.js';

/** Line dashes that distinguish causes within a group (cause 1 solid, cause 2 dashed, ...). */
export const CAUSE_DASHES: readonly NonNullable<PlotlyLine['dash']>[] = ['solid', 'dash', 'dot', 'dashdot', 'longdash', 'longdashdot'];

/** Counts at risk supplied by the caller for the table. */
export interface IncidenceAtRisk {
  times: readonly number[];
  /** One row per group (label = the group label of the result, or any text). */
  rows: readonly { label: string; nRisk: readonly number[] }[];
}

/** Options of {@link cumulativeIncidenceFigure}; every field optional. */
export interface CumulativeIncidenceFigureOptions extends CommonFigureOptions {
  /** Time unit shown in the x-axis title (default: none, the axis says 'Time'; give the unit of the data). */
  timeUnit?: string;
  /** x-axis title (default `Time (${timeUnit})`, or `Time` without a unit). */
  xTitle?: string;
  /** y-axis title (default 'Cumulative incidence'). */
  yTitle?: string;
  /** Display names of groups by group label (default: the labels). */
  groupLabels?: Readonly<Record<string, string>>;
  /** Display names of causes by status code (default: `cause <code>`). */
  causeLabels?: Readonly<Record<number, string>>;
  /** Only these causes (default: all). */
  causes?: readonly number[];
  /** Draw pointwise confidence bands (default false: cmprsk draws none). */
  confidenceBands?: boolean;
  /** Band scale (default 'log-log', as cumulativeIncidence's intervals). */
  bandType?: 'log-log' | 'plain';
  /** Opacity of the band fill (default 0.15). */
  bandOpacity?: number;
  /** Curve line width in px (default 2). */
  lineWidth?: number;
  /** Show Gray's test p values under the title when the result has tests (default true). */
  showTests?: boolean;
  /** At-risk counts for the table (default: none, and then no table). */
  atRisk?: IncidenceAtRisk;
  /** Fraction of the figure height for the at-risk table (default `min(0.4, 0.1 + 0.05 × rows)`). */
  riskTableFraction?: number;
  /** Display-side disclosure of the at-risk counts: values in (0, threshold) show as `<threshold`. */
  disclosure?: DisclosureDisplay;
  /** Upper end of the time axis (default: the last follow-up time). */
  xMax?: number;
}

/** Reduces cmprsk's corner layout (each jump time twice) to one point per time: the value after the jump. */
function jumpPoints(time: ArrayLike<number>, est: ArrayLike<number>, v: ArrayLike<number>): { t: number[]; f: number[]; v: number[] } {
  const t: number[] = [];
  const f: number[] = [];
  const vv: number[] = [];
  for (let i = 0; i < time.length; i++) {
    if (i + 1 < time.length && time[i + 1] === time[i]) continue;
    t.push(time[i]!);
    f.push(est[i]!);
    vv.push(v[i]!);
  }
  return { t, f, v: vv };
}

function interval(est: number, v: number, z: number, type: 'log-log' | 'plain'): [number, number] {
  if (!Number.isFinite(est) || !Number.isFinite(v)) return [NaN, NaN];
  const se = Math.sqrt(Math.max(0, v));
  if (type === 'plain') return [Math.max(0, est - z * se), Math.min(1, est + z * se)];
  if (est <= 0 || est >= 1) return [est, est];
  const k = (z * se) / (est * Math.log(est));
  return [Math.pow(est, Math.exp(-k)), Math.pow(est, Math.exp(k))];
}

/**
 * Builds the cumulative incidence figure of a competing-risks result.
 *
 * @param result a {@link CumulativeIncidenceResult} (only `curves`, `tests`, `confLevel` are read; not modified).
 * @param options see {@link CumulativeIncidenceFigureOptions}.
 * @throws UsageError for invalid options or at-risk rows that do not match the times
 * @example
 * ```ts
 * const ci = cumulativeIncidence('Surv(etime, event) ~ sex', mgus2);
 * cumulativeIncidenceFigure(ci, { causeLabels: { 1: 'PCM', 2: 'death' }, timeUnit: 'months' });
 * ```
 */
export function cumulativeIncidenceFigure(
  result: Pick<CumulativeIncidenceResult, 'curves' | 'tests' | 'confLevel'>,
  options: CumulativeIncidenceFigureOptions = {},
): FigureSpec {
  const palette = options.colors ?? DEFAULT_PALETTE;
  const bands = options.confidenceBands ?? false;
  const bandType = options.bandType ?? 'log-log';
  const bandOpacity = options.bandOpacity ?? 0.15;
  const lineWidth = options.lineWidth ?? 2;
  const showTests = options.showTests ?? true;
  const disclosure = checkDisclosure(options.disclosure);
  if (bandType !== 'log-log' && bandType !== 'plain') throw new UsageError(`bandType must be 'log-log' or 'plain', got '${String(bandType)}'`);
  if (!(bandOpacity >= 0 && bandOpacity <= 1)) throw new UsageError(`bandOpacity must be in [0, 1], got ${bandOpacity}`);
  const z = qnorm((1 + result.confLevel) / 2);
  const level = `${formatNumber(result.confLevel * 100)}%`;

  const groups = [...new Set(result.curves.map((c) => c.group))];
  const allCauses = [...new Set(result.curves.map((c) => c.cause))].sort((a, b) => a - b);
  const causes = options.causes ? allCauses.filter((c) => options.causes!.includes(c)) : allCauses;
  if (options.causes && causes.length === 0) throw new UsageError(`none of the causes ${options.causes.join(', ')} is in the result`);
  const groupName = (g: string): string => options.groupLabels?.[g] ?? g;
  const causeName = (c: number): string => options.causeLabels?.[c] ?? `cause ${formatNumber(c)}`;
  // One group: colour by cause. Several: colour by group, dash by cause.
  const colorOf = (g: string, c: number): string =>
    groups.length === 1 ? colorAt(palette, causes.indexOf(c)) : colorAt(palette, groups.indexOf(g));
  const dashOf = (c: number): NonNullable<PlotlyLine['dash']> =>
    groups.length === 1 ? 'solid' : CAUSE_DASHES[causes.indexOf(c) % CAUSE_DASHES.length]!;

  const data: PlotlyTrace[] = [];
  let lastTime = 0;
  for (const curve of result.curves) {
    if (!causes.includes(curve.cause)) continue;
    const p = jumpPoints(curve.time, curve.est, curve.var);
    if (p.t.length) lastTime = Math.max(lastTime, p.t[p.t.length - 1]!);
    const name = groups.length === 1 ? causeName(curve.cause) : `${groupName(curve.group)}, ${causeName(curve.cause)}`;
    const color = colorOf(curve.group, curve.cause);
    const legendgroup = `curve-${curve.label}`;
    const lims = p.f.map((f, i) => interval(f, p.v[i]!, z, bandType));
    if (bands) {
      const keep = p.t.map((_, i) => Number.isFinite(lims[i]![0]) && Number.isFinite(lims[i]![1]));
      const bx = p.t.filter((_, i) => keep[i]);
      const bandLine = { shape: 'hv' as const, width: 0, color: withAlpha(color, 0) };
      data.push({
        type: 'scatter', mode: 'lines', x: bx, y: lims.filter((_, i) => keep[i]).map((l) => l[1]), line: bandLine,
        hoverinfo: 'skip', showlegend: false, legendgroup, name: `${name} upper ${level}`,
        meta: { role: 'band-upper', curve: curve.label },
      });
      data.push({
        type: 'scatter', mode: 'lines', x: [...bx], y: lims.filter((_, i) => keep[i]).map((l) => l[0]), line: bandLine,
        fill: 'tonexty', fillcolor: withAlpha(color, bandOpacity), hoverinfo: 'skip', showlegend: false, legendgroup,
        name: `${name} lower ${level}`, meta: { role: 'band-lower', curve: curve.label },
      });
    }
    const text = p.t.map((t, i) => {
      const ci = bands ? ` (${level} CI ${formatNumber(lims[i]![0])}–${formatNumber(lims[i]![1])})` : '';
      return `${name}<br>t = ${formatNumber(t, 6)}<br>F(t) = ${formatNumber(p.f[i]!)}${ci}`;
    });
    data.push({
      type: 'scatter', mode: 'lines', name, x: p.t, y: p.f.map(finiteOrNull), text, hovertemplate: '%{text}<extra></extra>',
      line: { shape: 'hv', color, width: lineWidth, dash: dashOf(curve.cause) }, legendgroup,
      meta: { role: 'curve', curve: curve.label, group: curve.group, cause: curve.cause },
    });
  }

  const tests = result.tests.filter((t) => causes.includes(t.cause));
  const baseTitle = options.title ?? 'Cumulative incidence';
  const title = showTests && tests.length
    ? `${baseTitle}<br><sup>Gray's test: ${tests.map((t) => `${causeName(t.cause)} ${pEquals(t.p)}`).join('; ')}</sup>`
    : baseTitle;
  const layout = baseLayout(title, options, options.atRisk ? 500 + 25 * options.atRisk.rows.length : 500);
  const xMax = options.xMax ?? (lastTime > 0 ? lastTime : 1);
  if (!(Number.isFinite(xMax) && xMax > 0)) throw new UsageError(`xMax must be a positive number, got ${xMax}`);
  const xRange = [options.atRisk ? -RISK_TABLE_LEFT_PAD * xMax : 0, xMax * 1.02];
  const riskTimes = options.atRisk ? [...options.atRisk.times] : niceBreaks(0, xMax, 5);
  checkRiskTimes(riskTimes);
  layout.xaxis = axis(options.xTitle ?? timeAxisTitle(options.timeUnit), { range: xRange, anchor: 'y', tickvals: riskTimes });
  layout.yaxis = axis(options.yTitle ?? 'Cumulative incidence', { range: [0, 1.02], anchor: 'x', rangemode: 'tozero' });
  // outside the plot: inside, at the top left, it hid rising curves (transplant data, 170-320 days)
  layout.legend = legendOutsideRight();
  const annotations: PlotlyAnnotation[] = [];
  let tableRows: RiskTableRow[] | null = null;
  if (options.atRisk) {
    const rows = options.atRisk.rows;
    const fraction = options.riskTableFraction ?? defaultRiskTableFraction(rows.length);
    const parts = riskTableParts({
      times: riskTimes, rows, names: rows.map((r) => groupName(r.label)),
      colors: rows.map((r) => (groups.length > 1 && groups.includes(r.label) ? colorAt(palette, groups.indexOf(r.label)) : TEXT_COLOR)),
      fraction, xRange, disclosure, fontSize: options.fontSize ?? 14,
    });
    layout.yaxis.domain = [fraction + RISK_TABLE_GAP, 1];
    data.push(...parts.traces);
    layout.xaxis2 = parts.xaxis2;
    layout.yaxis2 = parts.yaxis2;
    annotations.push(parts.heading);
    tableRows = parts.rows;
  }
  if (annotations.length) layout.annotations = annotations;
  return {
    data,
    layout,
    config: defaultConfig('cumulative-incidence'),
    meta: {
      kind: 'cumulative-incidence',
      title: baseTitle,
      groups,
      causes,
      bands,
      bandType,
      confLevel: result.confLevel,
      tests: tests.map((t) => ({ cause: t.cause, stat: finiteOrNull(t.stat), df: t.df, p: finiteOrNull(t.p) })),
      riskTable: tableRows ? { times: riskTimes, rows: tableRows } : null,
      warnings: [],
    },
  };
}
