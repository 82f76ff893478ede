/**
 * BIC of Gaussian mixture models against the number of components, one line
 * per covariance model (VVV, VVI, VII, ...), as mclust's `plot(mclustBIC(x))`:
 * mclust's sign convention (BIC = 2 loglik - npar log n, larger is better),
 * cells that could not be fitted (NaN) drawn as gaps in their line, and the
 * best cell (largest BIC) marked and named.
 *
 * Reference: Fraley C, Raftery AE (2002) "Model-based clustering, discriminant
 * analysis, and density estimation", JASA 97:611–631; Scrucca L et al. (2016)
 * "mclust 5", R Journal 8(1):289–317.
 */
import { UsageError } from '../util/errors.js';
import { finiteOrNull, formatNumber } from './format.js';
import { axis, baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE } from './palette.js';
import type { BicCell, FigureSpec, PlotlyScatterTrace } from './types.js';

/** Marker symbols per model line (cycled), distinguishable in greyscale as mclust's `pch`. */
const SYMBOLS = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'x', 'triangle-down', 'star-square'];

/** Options of {@link bicFigure}; every field optional. */
export interface BicFigureOptions extends CommonFigureOptions {
  /** Figure title (default 'BIC by number of components' or 'ICL by number of components'). */
  title?: string;
  /** Which criterion (default 'bic'; 'icl' needs `icl` in every cell). */
  criterion?: 'bic' | 'icl';
  /** x-axis title (default 'Number of components'). */
  xTitle?: string;
  /** y-axis title (default 'BIC' or 'ICL'). */
  yTitle?: string;
  /** Model order of the lines (default: first appearance in the input). */
  models?: readonly string[];
}

/**
 * Builds the BIC figure.
 *
 * @param cells one cell per (G, model), e.g. `mclustBIC(...).table`; not modified.
 * @param options see {@link BicFigureOptions}.
 * @returns a plotly spec; `meta.best` = { G, model, value } of the largest finite criterion, `meta.gaps` counts NaN cells.
 * @throws UsageError for no cells, a duplicate (G, model), a bad G, no finite value, or a missing icl with criterion 'icl'
 * @example bicFigure(mclustBIC(rows, { G: [1, 2, 3] }).table)
 */
export function bicFigure(cells: readonly BicCell[], options: BicFigureOptions = {}): FigureSpec {
  if (cells.length === 0) throw new UsageError('bicFigure needs at least one cell');
  const criterion = options.criterion ?? 'bic';
  if (criterion !== 'bic' && criterion !== 'icl') throw new UsageError(`criterion must be 'bic' or 'icl', got '${String(criterion)}'`);
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    if (!(Number.isInteger(c.G) && c.G >= 1)) throw new UsageError(`BIC cell ${i}: G must be an integer >= 1, got ${c.G}`);
    const k = `${c.G}\u0000${c.model}`;
    if (seen.has(k)) throw new UsageError(`BIC cell ${i}: duplicate (G = ${c.G}, model = ${c.model})`);
    seen.add(k);
    if (criterion === 'icl' && c.icl === undefined) throw new UsageError(`BIC cell ${i}: criterion 'icl' needs 'icl' in every cell`);
  });
  const value = (c: BicCell): number => (criterion === 'bic' ? c.bic : (c.icl as number));
  const models: string[] = [];
  for (const c of cells) if (!models.includes(c.model)) models.push(c.model);
  if (options.models) {
    for (const m of models) if (!options.models.includes(m)) throw new UsageError(`models option lacks '${m}'`);
    const present = [...models];
    models.splice(0, models.length, ...options.models.filter((m) => present.includes(m)));
  }
  const Gs = [...new Set(cells.map((c) => c.G))].sort((a, b) => a - b);
  let best: BicCell | null = null;
  for (const c of cells) if (Number.isFinite(value(c)) && (best === null || value(c) > value(best))) best = c;
  if (best === null) throw new UsageError(`bicFigure: no cell has a finite ${criterion.toUpperCase()}`);
  const name = criterion.toUpperCase();
  const palette = options.colors ?? DEFAULT_PALETTE;
  let gaps = 0;
  const data: PlotlyScatterTrace[] = models.map((m, k) => {
    const color = colorAt(palette, k);
    const y: (number | null)[] = [];
    const text: string[] = [];
    for (const G of Gs) {
      const c = cells.find((z) => z.G === G && z.model === m);
      const v = c ? value(c) : NaN;
      if (c && !Number.isFinite(v)) gaps++;
      y.push(finiteOrNull(v));
      text.push(`${m}, G = ${G}<br>${name} = ${c === undefined ? 'not fitted' : Number.isFinite(v) ? formatNumber(v, 6) : 'NA (fit failed)'}`);
    }
    return {
      type: 'scatter', mode: 'lines+markers', name: m, x: [...Gs], y, text, hovertemplate: '%{text}<extra></extra>', connectgaps: false,
      line: { color, width: 2 }, marker: { color, size: 8, symbol: SYMBOLS[k % SYMBOLS.length]! }, meta: { role: 'model', model: m },
    };
  });
  const b = best;
  data.push({
    type: 'scatter', mode: 'markers+text', name: `best: ${b.model}, G = ${b.G}`, x: [b.G], y: [value(b)], text: [`${b.model}, G = ${b.G}`],
    textposition: 'top center', cliponaxis: false, marker: { color: '#000000', size: 18, symbol: 'circle-open', line: { color: '#000000', width: 2 } },
    hovertemplate: `best by ${name}: ${b.model}, G = ${b.G}<br>${name} = ${formatNumber(value(b), 6)}<extra></extra>`, meta: { role: 'best' },
  });
  const title = options.title ?? `${name} by number of components`;
  const layout = baseLayout(title, options);
  layout.xaxis = axis(options.xTitle ?? 'Number of components', { tickvals: [...Gs], ticktext: Gs.map(String) });
  layout.yaxis = axis(options.yTitle ?? name);
  layout.legend = { title: { text: 'Model' } };
  const warnings = gaps > 0 ? [`${gaps} (G, model) cell(s) could not be fitted: shown as gaps`] : [];
  return {
    data,
    layout,
    config: defaultConfig(`${criterion}-components`),
    meta: { kind: 'bic', title, criterion, best: { G: b.G, model: b.model, value: value(b) }, models, G: Gs, gaps, warnings },
  };
}
