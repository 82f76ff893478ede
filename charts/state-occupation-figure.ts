/**
 * Stacked state occupation figure: for each curve (group) a panel whose
 * bands, stacked from the bottom in the order of `states` (or `order`), have the height of
 * the probability of being in each state (Aalen-Johansen `pstate` of a
 * multi-state model, or a Cox model's predicted occupation), drawn as step
 * functions (right-continuous: the value after each time). The bands fill
 * [0, 1] at every time, so the figure reads like the stacked curves of
 * `plot(survfit(...))` with `col` per state in the survival vignette
 * "Multi-state models and competing risks".
 *
 * Input is the JSON contract of `midia mstate` (states + strata with time and
 * pstate rows), disclosed or not; a curve may carry its initial distribution
 * `p0`, drawn from `xMin` (default 0) to the first time. All panels share the
 * time range (from `xMin` to the last time of any curve).
 */
import { UsageError } from '../util/errors.js';
import { axis, baseLayout, defaultConfig, legendOutsideRight, timeAxisTitle, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, withAlpha } from './palette.js';
import type { FigureSpec, PlotlyAnnotation, PlotlyAxis, PlotlyScatterTrace } from './types.js';

/** One curve to draw. */
export interface StateOccupationCurve {
  label: string;
  time: ArrayLike<number>;
  /** One row per time, one value per state. */
  pstate: readonly (readonly number[])[];
  /** Distribution before the first time (default: none, the panel starts at the first time). */
  p0?: readonly number[];
}

/** Options of {@link stateOccupationFigure}; every field optional. */
export interface StateOccupationFigureOptions extends CommonFigureOptions {
  /** Time unit shown in the x-axis title (default none: `Time`). */
  timeUnit?: string;
  /** y-axis title (default 'Probability in state'). */
  yTitle?: string;
  /** Display names of states by label (default: the labels; `(s0)` shows as 'initial state'). */
  stateLabels?: Readonly<Record<string, string>>;
  /** Start of the time axis where p0 is drawn (default 0). */
  xMin?: number;
  /** Opacity of the band fill (default 0.75). */
  fillOpacity?: number;
  /** Note under the plot, e.g. the disclosure rule (default none). */
  note?: string;
  /**
   * Stacking order from the bottom, by state label (default: the order of
   * `states`); states not named follow in the order of `states`. E.g.
   * `['(s0)', 'recurrence', 'death']` puts the absorbing state on top.
   */
  order?: readonly string[];
}

/** Gap between panels as a fraction of the width. */
const PANEL_GAP = 0.06;

/**
 * Stacked state occupation per curve (see the file comment).
 *
 * @param fit `{ states, strata: [{ label, time, pstate, p0? }] }`, e.g. `aalenJohansen(...).toJSON()`
 * @param options title ('State occupation'), timeUnit, yTitle, stateLabels, xMin (0), fillOpacity (0.75), note, order (states)
 * @returns a plotly figure spec (plain JSON)
 * @throws UsageError when a pstate row does not have one value per state, no curve has a time, or `order` names an unknown state
 * @example stateOccupationFigure(aalenJohansen('Surv(start, stop, state) ~ group', data, { id: 'id' }).toJSON())
 */
export function stateOccupationFigure(
  fit: { states: readonly string[]; strata: readonly StateOccupationCurve[] },
  options: StateOccupationFigureOptions = {},
): FigureSpec {
  const S = fit.states.length;
  const curves = fit.strata.filter((c) => c.time.length > 0);
  if (curves.length === 0) throw new UsageError('stateOccupationFigure: no curve has a time to draw');
  for (const c of curves) {
    if (c.pstate.length !== c.time.length) throw new UsageError(`stateOccupationFigure: curve ${c.label} has ${c.time.length} times but ${c.pstate.length} pstate rows`);
    for (const row of [...c.pstate, ...(c.p0 ? [c.p0] : [])]) {
      if (row.length !== S) throw new UsageError(`stateOccupationFigure: curve ${c.label} has a row of ${row.length} values for ${S} states`);
    }
  }
  for (const o of options.order ?? []) if (!fit.states.includes(o)) throw new UsageError(`stateOccupationFigure: order names ${o}, not a state (${fit.states.join(', ')})`);
  const stack = [...new Set([...(options.order ?? []), ...fit.states])].map((st) => fit.states.indexOf(st));
  let tMax = -Infinity;
  let tMin = Infinity;
  for (const c of curves) {
    tMax = Math.max(tMax, c.time[c.time.length - 1]!);
    tMin = Math.min(tMin, c.time[0]!);
  }
  const palette = options.colors ?? DEFAULT_PALETTE;
  const opacity = options.fillOpacity ?? 0.75;
  const xMin = options.xMin ?? 0;
  const name = (s: string): string => options.stateLabels?.[s] ?? (s === '(s0)' ? 'initial state' : s);
  const k = curves.length;
  const width = (1 - PANEL_GAP * (k - 1)) / k;
  const layout = baseLayout(options.title ?? 'State occupation', options);
  layout.legend = { ...legendOutsideRight(), traceorder: 'reversed' };
  layout.hovermode = 'x unified';
  const annotations: PlotlyAnnotation[] = [];
  const data: PlotlyScatterTrace[] = [];
  curves.forEach((c, panel) => {
    const suffix = panel === 0 ? '' : String(panel + 1);
    const from = panel * (width + PANEL_GAP);
    const xAxis: PlotlyAxis = axis(timeAxisTitle(options.timeUnit), { domain: [from, from + width], anchor: `y${suffix}`, range: [Math.min(xMin, tMin), tMax] });
    const yAxis: PlotlyAxis = axis(panel === 0 ? (options.yTitle ?? 'Probability in state') : '', {
      range: [0, 1],
      anchor: `x${suffix}`,
      showticklabels: panel === 0,
      fixedrange: true,
    });
    if (panel === 0) {
      layout.xaxis = xAxis;
      layout.yaxis = yAxis;
    } else {
      layout[`xaxis${panel + 1}`] = xAxis;
      layout[`yaxis${panel + 1}`] = yAxis;
    }
    if (k > 1) annotations.push({ text: `<b>${c.label}</b>`, xref: 'paper', yref: 'paper', x: from + width / 2, y: 1.0, xanchor: 'center', yanchor: 'bottom', showarrow: false });
    const times = Array.from(c.time);
    const rows = c.pstate.map((r) => [...r]);
    if (c.p0) {
      times.unshift(Math.min(xMin, times[0]!));
      rows.unshift([...c.p0]);
    }
    const cumulative = new Array<number>(times.length).fill(0);
    stack.forEach((s, level) => {
      const state = fit.states[s]!;
      const y = rows.map((r, i) => {
        cumulative[i]! += r[s]!;
        return Math.min(1, Math.max(0, cumulative[i]!));
      });
      data.push({
        type: 'scatter',
        x: times,
        y,
        mode: 'lines',
        line: { shape: 'hv', width: 0.8, color: colorAt(palette, s) },
        fill: level === 0 ? 'tozeroy' : 'tonexty',
        fillcolor: withAlpha(colorAt(palette, s), opacity),
        name: name(state),
        legendgroup: state,
        showlegend: panel === 0,
        xaxis: `x${suffix}`,
        yaxis: `y${suffix}`,
        customdata: rows.map((r) => [r[s]!]),
        hovertemplate: `${name(state)}: %{customdata[0]:.3f}<extra>${c.label}</extra>`,
        meta: { role: 'state', state, curve: c.label },
      });
    });
  });
  if (options.note) annotations.push({ text: options.note, xref: 'paper', yref: 'paper', x: 0, y: -0.22, xanchor: 'left', yanchor: 'top', showarrow: false, font: { size: 11 } });
  if (annotations.length) layout.annotations = annotations;
  if (k > 1) layout.margin = { ...layout.margin, t: 90 };
  if (options.note) layout.margin = { ...layout.margin, b: 100 };
  return { data, layout, config: defaultConfig('state-occupation') };
}
