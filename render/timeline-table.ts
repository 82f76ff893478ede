/**
 * A patient timeline summarised for a report: one row per kind and label
 * (every EDSS, every relapse, each substance, each visit type) with the number
 * of entries, the first and last date and the latest value, instead of one row
 * per entry (a synthetic MS patient has about 170). The figure of the timeline
 * shows every entry; `midia timeline` lists them.
 */
import type { TimelineEntryInput } from '../charts/types.js';
import type { CaptionedTable } from './fit-tables.js';
import type { TableCell } from './table-html.js';

const KIND_ORDER: Readonly<Record<TimelineEntryInput['kind'], number>> = { event: 0, observation: 1, treatment: 2, visit: 3 };

/**
 * Summary rows of a timeline, ordered by kind (events, observations,
 * treatments, visits), then by first date, then label. `latest` is the value
 * of the last entry (its text, e.g. a unit or therapy class, when it has no
 * number; null when it has neither); `last` is the last date (for therapies
 * the last stop date when it is later than every start).
 *
 * @param pseudonym the patient, for the caption
 * @param entries the timeline entries in any order; not modified
 * @returns the caption and rows `{ kind, label, entries, first, last, latest }`
 * @example timelineSummaryTable('P-1', entries).rows[0] // => { kind: 'event', label: 'relapse', entries: 3, first: '2018-06-01', last: '2021-02-03', latest: null }
 */
export function timelineSummaryTable(pseudonym: string, entries: readonly TimelineEntryInput[]): CaptionedTable {
  const groups = new Map<string, { kind: TimelineEntryInput['kind']; label: string; list: TimelineEntryInput[] }>();
  for (const e of entries) {
    const key = `${e.kind}\u0000${e.label}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { kind: e.kind, label: e.label, list: [] }));
    g.list.push(e);
  }
  const rows = [...groups.values()].map((g) => {
    const dated = [...g.list].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const first = dated[0]!.date;
    let last = dated[dated.length - 1]!.date;
    for (const e of dated) if (e.stop !== null && e.stop > last) last = e.stop;
    const lastEntry = dated[dated.length - 1]!;
    const latest: TableCell = lastEntry.value ?? lastEntry.text;
    return { kind: g.kind, label: g.label, entries: g.list.length, first, last, latest };
  });
  rows.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return {
    caption: `Timeline of ${pseudonym}: ${entries.length} entries summarised by kind and label (the figure shows each one; 'midia timeline' lists them)`,
    rows,
  };
}
