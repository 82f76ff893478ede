/**
 * The encoding step of pattern mining, apart from the mining itself: dated
 * events (id, day, item) become a sequence database of itemsets, one sequence
 * per id (patient), one itemset per distinct day (the items recorded on the
 * same day form one itemset, a set: an item recorded twice on a day counts
 * once), itemsets in date order, items within an itemset in code-point order
 * of their labels ({@link buildAlphabet}).
 *
 * Layout (typed arrays, CSR style, so that a database of 10^5 patients with 40
 * itemsets each takes tens of megabytes): sequence `s` holds itemsets
 * `sequenceStart[s] .. sequenceStart[s + 1] - 1`; itemset `g` holds items
 * `items[itemsetStart[g] .. itemsetStart[g + 1] - 1]` (codes, ascending) and
 * is dated `itemsetDay[g]` (integer days, e.g. days since 1970-01-01 or since
 * an index date; strictly increasing within a sequence).
 *
 * The store-based path (sequences from the consented cohort) and file-based
 * path (`midia patterns mine --sequences FILE`) both end here; see
 * docs/patterns.md.
 */
import { UsageError } from '../../util/errors.js';
import { buildAlphabet, compareCodePoints } from './alphabet.js';

/** A sequence database in the layout described in the file header. */
export interface SequenceDatabase {
  /** Sequence ids (patients), by sequence index. */
  readonly ids: readonly string[];
  /** Item labels by code (code-point order). */
  readonly alphabet: readonly string[];
  /** Length ids.length + 1: first itemset of each sequence, then the itemset count. */
  readonly sequenceStart: Int32Array;
  /** Day of each itemset (integer; strictly increasing within a sequence). */
  readonly itemsetDay: Int32Array;
  /** Length itemsets + 1: first item of each itemset, then the item count. */
  readonly itemsetStart: Int32Array;
  /** Item codes, ascending within each itemset. */
  readonly items: Int32Array;
}

/** Dated events in columns: event `i` is item `item[i]` recorded for `id[i]` on day `day[i]`. */
export interface SequenceEvents {
  readonly id: ArrayLike<string>;
  /** Integer day numbers (e.g. days since 1970-01-01, or since the patient's index date). */
  readonly day: ArrayLike<number>;
  readonly item: ArrayLike<string>;
}

/** Options of {@link buildSequenceDatabase}. */
export interface BuildSequenceDatabaseOptions {
  /**
   * The sequences, in this order (default: the distinct ids of the events in
   * code-point order). An id without events gets an empty sequence (it counts
   * in the number of sequences and supports nothing); events of ids not listed
   * are left out and counted in `droppedEvents`.
   */
  ids?: readonly string[];
}

/** What {@link buildSequenceDatabase} returns. */
export interface BuiltSequenceDatabase {
  database: SequenceDatabase;
  /** Events that repeated an item already recorded for the same id on the same day (kept once). */
  duplicateEvents: number;
  /** Events of ids outside `options.ids` (left out). */
  droppedEvents: number;
}

const MAX_DAY = 2 ** 31 - 1;

/**
 * Encodes dated events as a sequence database (file header).
 * @throws UsageError when the columns differ in length, a day is not an
 *   integer within +-2^31, or `options.ids` repeats an id.
 * @example
 * buildSequenceDatabase({ id: ['p1', 'p1', 'p1'], day: [0, 0, 30], item: ['b', 'a', 'c'] }).database
 * // => one sequence: itemsets {a, b} on day 0, {c} on day 30
 */
export function buildSequenceDatabase(events: SequenceEvents, options: BuildSequenceDatabaseOptions = {}): BuiltSequenceDatabase {
  const n = events.id.length;
  if (events.day.length !== n || events.item.length !== n) {
    throw new UsageError(`buildSequenceDatabase: columns of unequal length (id ${n}, day ${events.day.length}, item ${events.item.length})`);
  }
  for (let i = 0; i < n; i++) {
    const d = events.day[i] as number;
    if (!Number.isInteger(d) || Math.abs(d) > MAX_DAY) throw new UsageError(`buildSequenceDatabase: day of event ${i} must be an integer number of days, got ${String(d)}`);
  }

  // Sequences: the given ids, or the distinct event ids in code-point order.
  let ids: string[];
  if (options.ids) {
    ids = [...options.ids];
    if (new Set(ids).size !== ids.length) throw new UsageError('buildSequenceDatabase: options.ids lists an id more than once');
  } else {
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) seen.add(events.id[i] as string);
    ids = [...seen].sort(compareCodePoints);
  }
  const sequenceOf = new Map<string, number>();
  ids.forEach((id, s) => sequenceOf.set(id, s));

  // Which events are kept, their sequence, and the alphabet of the kept events.
  const seqOfEvent = new Int32Array(n);
  const counts = new Int32Array(ids.length + 1);
  let droppedEvents = 0;
  const keptItems = new Set<string>();
  for (let i = 0; i < n; i++) {
    const s = sequenceOf.get(events.id[i] as string);
    if (s === undefined) {
      seqOfEvent[i] = -1;
      droppedEvents++;
      continue;
    }
    seqOfEvent[i] = s;
    counts[s + 1]!++;
    keptItems.add(events.item[i] as string);
  }
  const alphabet = buildAlphabet(keptItems);
  const codeOfEvent = new Int32Array(n);
  for (let i = 0; i < n; i++) if (seqOfEvent[i]! >= 0) codeOfEvent[i] = alphabet.codes.get(events.item[i] as string) as number;

  // Counting sort of the kept events by sequence (stable), then by (day, code) within each sequence.
  for (let s = 0; s < ids.length; s++) counts[s + 1]! += counts[s]!;
  const kept = counts[ids.length]!;
  const order = new Int32Array(kept);
  const cursor = counts.slice(0, ids.length);
  for (let i = 0; i < n; i++) {
    const s = seqOfEvent[i]!;
    if (s >= 0) order[cursor[s]!++] = i;
  }

  const sequenceStart = new Int32Array(ids.length + 1);
  const itemsetDay = new Int32Array(kept);
  const itemsetStart = new Int32Array(kept + 1);
  const items = new Int32Array(kept);
  let g = 0; // itemsets written
  let k = 0; // items written
  let duplicateEvents = 0;
  const byDayThenCode = (a: number, b: number): number => (events.day[a] as number) - (events.day[b] as number) || codeOfEvent[a]! - codeOfEvent[b]!;
  for (let s = 0; s < ids.length; s++) {
    sequenceStart[s] = g;
    const from = counts[s]!;
    const to = counts[s + 1]!;
    const evs = Array.from(order.subarray(from, to)).sort(byDayThenCode);
    let lastDay = Number.NaN;
    let lastCode = -1;
    for (const e of evs) {
      const day = events.day[e] as number;
      const code = codeOfEvent[e]!;
      if (day !== lastDay) {
        itemsetStart[g] = k;
        itemsetDay[g] = day;
        g++;
        lastDay = day;
      } else if (code === lastCode) {
        duplicateEvents++;
        continue;
      }
      items[k++] = code;
      lastCode = code;
    }
  }
  sequenceStart[ids.length] = g;
  itemsetStart[g] = k;
  return {
    database: {
      ids,
      alphabet: alphabet.labels,
      sequenceStart,
      itemsetDay: itemsetDay.slice(0, g),
      itemsetStart: itemsetStart.slice(0, g + 1),
      items: items.slice(0, k),
    },
    duplicateEvents,
    droppedEvents,
  };
}

/**
 * One sequence as labelled itemsets with their days (for display and tests).
 * @example sequenceItemsets(db, 0) // => [{ day: 0, items: ['a', 'b'] }, { day: 30, items: ['c'] }]
 */
export function sequenceItemsets(db: SequenceDatabase, s: number): { day: number; items: string[] }[] {
  const out: { day: number; items: string[] }[] = [];
  for (let g = db.sequenceStart[s]!; g < db.sequenceStart[s + 1]!; g++) {
    const items: string[] = [];
    for (let k = db.itemsetStart[g]!; k < db.itemsetStart[g + 1]!; k++) items.push(db.alphabet[db.items[k]!] as string);
    out.push({ day: db.itemsetDay[g]!, items });
  }
  return out;
}

/**
 * Checks the layout invariants of a database built elsewhere (sizes, codes in
 * range, items ascending and distinct within an itemset, days strictly
 * increasing within a sequence).
 * @throws UsageError naming the first violation.
 */
export function checkSequenceDatabase(db: SequenceDatabase): void {
  const nSeq = db.ids.length;
  const nSets = db.itemsetDay.length;
  if (db.sequenceStart.length !== nSeq + 1 || db.sequenceStart[0] !== 0 || db.sequenceStart[nSeq] !== nSets) throw new UsageError('sequence database: sequenceStart does not span the itemsets');
  if (db.itemsetStart.length !== nSets + 1 || db.itemsetStart[0] !== 0 || db.itemsetStart[nSets] !== db.items.length) throw new UsageError('sequence database: itemsetStart does not span the items');
  for (let s = 0; s < nSeq; s++) {
    const a = db.sequenceStart[s]!;
    const b = db.sequenceStart[s + 1]!;
    if (b < a) throw new UsageError(`sequence database: sequence ${s} has a negative length`);
    for (let g = a; g < b; g++) {
      if (g > a && !(db.itemsetDay[g]! > db.itemsetDay[g - 1]!)) throw new UsageError(`sequence database: days of sequence ${db.ids[s]} are not strictly increasing at itemset ${g - a}`);
      const ia = db.itemsetStart[g]!;
      const ib = db.itemsetStart[g + 1]!;
      if (ib <= ia) throw new UsageError(`sequence database: itemset ${g - a} of sequence ${db.ids[s]} is empty`);
      for (let k = ia; k < ib; k++) {
        const c = db.items[k]!;
        if (!(c >= 0 && c < db.alphabet.length)) throw new UsageError(`sequence database: item code ${c} outside the alphabet`);
        if (k > ia && !(c > db.items[k - 1]!)) throw new UsageError(`sequence database: items of itemset ${g - a} of sequence ${db.ids[s]} are not ascending and distinct`);
      }
    }
  }
}
