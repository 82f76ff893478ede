/**
 * Pathway summary: Sankey-ready transitions from line k to line k + 1 with
 * counts, and the time on each line (median and IQR).
 *
 * Nodes are `L{k} {label}` with the label the drug (normalized name), the efficacy class or the
 * DGN class (`by`). A patient whose last episode has a stop adds a link to
 * `L{k+1} stopped`. Time on line: R's default quantiles (type 7, Hyndman &
 * Fan 1996) of the durations of the completed episodes of that line; ongoing
 * episodes are counted apart (`ongoing`) and not in the quantiles (censored;
 * the medians are those of completed lines, stated in `warnings`).
 */
import type { DmtEpisode } from './dmt-episodes.js';
import { normalizeDrugName } from './drug-classes.js';
import { quantileSortedType7 } from '../../stats/quantile.js';

/** Options of {@link pathwaySummary}. */
export interface PathwaySummaryOptions {
  /** Node label: `drug` (default), `efficacy` or `dgnClass`. Unknown classes read `unclassified`. */
  by?: 'drug' | 'efficacy' | 'dgnClass';
}

/** One Sankey link. */
export interface PathwayLink {
  source: string;
  target: string;
  fromLine: number;
  count: number;
}

/** Time on one therapy line. */
export interface LineTime {
  line: number;
  /** Episodes at this line. */
  n: number;
  /** Of which ongoing (not in the quantiles). */
  ongoing: number;
  /** Quantiles of completed durations in days; null with no completed episode. */
  medianDays: number | null;
  q1Days: number | null;
  q3Days: number | null;
}

/** Result of {@link pathwaySummary}. */
export interface PathwaySummary {
  /** Node names in order of first appearance by line. */
  nodes: string[];
  links: PathwayLink[];
  /** Patients starting at each first-line node. */
  firstLine: { node: string; count: number }[];
  lines: LineTime[];
  warnings: string[];
}

function label(e: DmtEpisode, by: 'drug' | 'efficacy' | 'dgnClass'): string {
  if (by === 'drug') return normalizeDrugName(e.drug);
  const v = by === 'efficacy' ? e.efficacy : e.dgnClass;
  return v ?? 'unclassified';
}

/**
 * Summarizes episodes ({@link dmtEpisodes}) into Sankey links and time on line.
 * @param episodes episodes of any number of patients (not mutated).
 * @param options by `drug` (default).
 * @example pathwaySummary(dmtEpisodes(records).episodes, { by: 'efficacy' }).links
 */
export function pathwaySummary(episodes: readonly DmtEpisode[], options: PathwaySummaryOptions = {}): PathwaySummary {
  const by = options.by ?? 'drug';
  const byId = new Map<string, DmtEpisode[]>();
  for (const e of episodes) {
    let list = byId.get(e.id);
    if (!list) byId.set(e.id, (list = []));
    list.push(e);
  }
  const links = new Map<string, PathwayLink>();
  const nodes = new Map<string, number>();
  const first = new Map<string, number>();
  const addNode = (n: string, line: number): void => {
    if (!nodes.has(n)) nodes.set(n, line);
  };
  const durations = new Map<number, { done: number[]; n: number; ongoing: number }>();
  for (const list of byId.values()) {
    const eps = [...list].sort((a, b) => a.line - b.line);
    eps.forEach((e, k) => {
      let d = durations.get(e.line);
      if (!d) durations.set(e.line, (d = { done: [], n: 0, ongoing: 0 }));
      d.n++;
      if (e.ongoing) d.ongoing++;
      else d.done.push(e.durationDays);
      const src = `L${e.line} ${label(e, by)}`;
      addNode(src, e.line);
      if (k === 0) first.set(src, (first.get(src) ?? 0) + 1);
      const next = eps[k + 1];
      let tgt: string | null = null;
      if (next) tgt = `L${next.line} ${label(next, by)}`;
      else if (!e.ongoing) tgt = `L${e.line + 1} stopped`;
      if (tgt === null) return;
      addNode(tgt, e.line + 1);
      const key = `${src}\u0000${tgt}`;
      const l = links.get(key);
      if (l) l.count++;
      else links.set(key, { source: src, target: tgt, fromLine: e.line, count: 1 });
    });
  }
  const lines: LineTime[] = [...durations.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([line, d]) => {
      const s = [...d.done].sort((a, b) => a - b);
      const q = (p: number): number | null => (s.length === 0 ? null : quantileSortedType7(s, p));
      return { line, n: d.n, ongoing: d.ongoing, medianDays: q(0.5), q1Days: q(0.25), q3Days: q(0.75) };
    });
  const warnings: string[] = [];
  if (lines.some((l) => l.ongoing > 0)) warnings.push('time on line: quantiles of completed episodes only; ongoing episodes are censored and counted apart');
  const sortedLinks = [...links.values()].sort((a, b) => a.fromLine - b.fromLine || b.count - a.count || (a.source + a.target).localeCompare(b.source + b.target));
  return {
    nodes: [...nodes.entries()].sort((a, b) => a[1] - b[1]).map(([n]) => n),
    links: sortedLinks,
    firstLine: [...first.entries()].map(([node, count]) => ({ node, count })).sort((a, b) => b.count - a.count || a.node.localeCompare(b.node)),
    lines,
    warnings,
  };
}
