/**
 * Therapy pathway Sankey diagram: nodes are therapies (or lines of therapy),
 * links the number of patients moving from one to the next. Node labels
 * should carry the stage (e.g. '1L: tamoxifen' → '2L: letrozole') so that the
 * graph has no cycles, which plotly's Sankey requires.
 *
 * Display-side disclosure control (`disclosure.threshold`): for each source
 * node, links with fewer than `threshold` patients are merged into one link
 * to an 'Other' node; a merged link still below the threshold shows its count
 * as `<threshold` on hover; node hover shows no totals. The engine's
 * disclosure control does the real suppression before data leave it.
 *
 * Reference: Schmidt M (2008) "The Sankey diagram in energy and material flow
 * management", J Ind Ecol 12:82–94; treatment-pathway Sankey diagrams as in
 * Hripcsak G et al. (2016) PNAS 113:7329–7336 (OHDSI).
 */
import { UsageError } from '../util/errors.js';
import { checkDisclosure, displayCount, formatNumber } from './format.js';
import { baseLayout, defaultConfig, type CommonFigureOptions } from './layout-defaults.js';
import { colorAt, DEFAULT_PALETTE, withAlpha } from './palette.js';
import type { DisclosureDisplay, FigureSpec, PlotlySankeyTrace, SankeyTransition } from './types.js';

/** Options of {@link sankeyFigure}; every field optional. */
export interface SankeyFigureOptions extends CommonFigureOptions {
  /** Display-side disclosure: links below the threshold merge into 'Other' (default none). */
  disclosure?: DisclosureDisplay;
  /** Label of the merged node (default 'Other'). */
  otherLabel?: string;
  /** Node colours by label (default: palette in order of first appearance; 'Other' grey). */
  nodeColors?: Readonly<Record<string, string>>;
  /** Opacity of the link fill (default 0.35; links take their source node's colour). */
  linkOpacity?: number;
  /** Unit name in hover text (default 'patients'). */
  unit?: string;
}

/**
 * Builds a Sankey diagram of therapy transitions.
 *
 * @param transitions from/to labels and patient counts (not modified); repeated pairs are summed.
 * @param options see {@link SankeyFigureOptions}.
 * @throws UsageError for an empty list, a negative or non-finite count, or a self-loop
 * @example sankeyFigure([{ from: '1L: tamoxifen', to: '2L: letrozole', count: 40 }], { disclosure: { threshold: 5 } })
 */
export function sankeyFigure(transitions: readonly SankeyTransition[], options: SankeyFigureOptions = {}): FigureSpec {
  if (transitions.length === 0) throw new UsageError('sankeyFigure needs at least one transition');
  const disclosure = checkDisclosure(options.disclosure);
  const other = options.otherLabel ?? 'Other';
  const unit = options.unit ?? 'patients';
  const linkOpacity = options.linkOpacity ?? 0.35;
  const palette = options.colors ?? DEFAULT_PALETTE;
  // Sum repeated pairs, keeping first-appearance order.
  const pairs = new Map<string, SankeyTransition>();
  for (const t of transitions) {
    if (!Number.isFinite(t.count) || t.count < 0) throw new UsageError(`transition ${t.from} -> ${t.to}: count must be a finite number >= 0, got ${t.count}`);
    if (t.from === t.to) throw new UsageError(`transition ${t.from} -> ${t.to}: a node cannot link to itself`);
    const k = JSON.stringify([t.from, t.to]);
    const prev = pairs.get(k);
    pairs.set(k, { from: t.from, to: t.to, count: (prev?.count ?? 0) + t.count });
  }
  let links = [...pairs.values()].filter((l) => l.count > 0);
  let merged = 0;
  if (disclosure) {
    const kept: SankeyTransition[] = [];
    const toOther = new Map<string, number>();
    for (const l of links) {
      if (l.count < disclosure.threshold) {
        toOther.set(l.from, (toOther.get(l.from) ?? 0) + l.count);
        merged++;
      } else kept.push(l);
    }
    for (const [from, count] of toOther) {
      const existing = kept.find((l) => l.from === from && l.to === other);
      if (existing) existing.count += count;
      else kept.push({ from, to: other, count });
    }
    links = kept.map((l) => ({ ...l }));
  }
  const labels: string[] = [];
  const index = new Map<string, number>();
  const node = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = labels.length;
      labels.push(s);
      index.set(s, i);
    }
    return i;
  };
  for (const l of links) {
    node(l.from);
    node(l.to);
  }
  const nodeColors = labels.map((s, i) => options.nodeColors?.[s] ?? (s === other && disclosure ? '#AAAAAA' : colorAt(palette, i)));
  const source = links.map((l) => index.get(l.from)!);
  const target = links.map((l) => index.get(l.to)!);
  const shown = links.map((l) => displayCount(l.count, disclosure));
  const trace: PlotlySankeyTrace = {
    type: 'sankey',
    orientation: 'h',
    arrangement: 'snap',
    node: {
      label: labels,
      color: nodeColors,
      pad: 15,
      thickness: 18,
      line: { color: '#444444', width: 0.5 },
      hovertemplate: disclosure ? '%{label}<extra></extra>' : `%{label}<br>%{value} ${unit}<extra></extra>`,
    },
    link: {
      source,
      target,
      value: links.map((l) => l.count),
      label: links.map((l) => `${l.from} → ${l.to}`),
      color: source.map((s) => withAlpha(nodeColors[s]!, linkOpacity)),
      customdata: shown,
      hovertemplate: `%{source.label} → %{target.label}<br>%{customdata} ${unit}<extra></extra>`,
    },
    meta: { role: 'sankey' },
  };
  const title = options.title ?? 'Therapy pathways';
  const layout = baseLayout(title, options);
  layout.showlegend = false;
  const warnings = merged ? [`${merged} link(s) below ${formatNumber(disclosure!.threshold)} merged into '${other}'`] : [];
  return { data: [trace], layout, config: defaultConfig('therapy-pathways'), meta: { kind: 'sankey', title, nodes: labels.length, links: links.length, warnings } };
}
