/**
 * Frequent sequential patterns (SPADE semantics, cSPADE constraints): the
 * facade over the two mining engines, which find the same patterns:
 * - models/patterns/spam.ts, per-sequence position bitmaps (SPAM), used
 *   without maxWindow (each end's latest start matters then) when the bitmaps
 *   fit in memory;
 * - models/patterns/cspade.ts, cSPADE id-lists keeping every end and the
 *   latest start, for every constraint set.
 * Definitions in models/patterns/mining-options.ts and docs/patterns.md.
 */
import { compactDatabase, PatternSink, type FrequentPattern, type SequenceGroups } from './compact-database.js';
import { mineIdLists } from './cspade.js';
import { miningControl, minSupportCount, type MiningControl, type MiningOptions } from './mining-options.js';
import { UsageError } from '../../util/errors.js';
import { comparePatterns } from './pattern-order.js';
import type { SequenceDatabase } from './sequence-database.js';
import { bitmapWords, mineBitmaps, MAX_BITMAP_WORDS } from './spam.js';

export type { FrequentPattern, SequenceGroups } from './compact-database.js';

/** Extra inputs of {@link mineFrequentSequences}. */
export interface MiningExtras {
  /** Which engine mines (default 'auto'). */
  engine?: MiningEngine;
  /** Count each pattern's supporting sequences per group too (FrequentPattern.groupSupport). */
  groups?: SequenceGroups;
}

/** Which engine mines: chosen by the constraints (default), or forced (for tests and benchmarks). */
export type MiningEngine = 'auto' | 'bitmap' | 'idlist';

/** What {@link mineFrequentSequences} returns. */
export interface FrequentSequences {
  /** Every frequent pattern, in pattern order (models/patterns/pattern-order.ts). */
  patterns: FrequentPattern[];
  /** Number of sequences in the database (the denominator of shares). */
  sequences: number;
  /** The minimum support as a count. */
  minSupport: number;
  /** Item labels by code. */
  alphabet: readonly string[];
  /** The options used, defaults filled in. */
  control: MiningControl;
  /** The engine that mined. */
  engine: 'bitmap' | 'idlist';
}

/**
 * Mines every frequent sequential pattern of `db`.
 * @param extras.engine 'auto' (default): bitmaps without maxWindow when they
 *   fit (at most MAX_BITMAP_WORDS 32-bit words), id-lists otherwise.
 * @param extras.groups a group index per sequence: each pattern then carries
 *   its support per group (for models/patterns/discriminating-patterns.ts).
 * @throws UsageError on invalid options or a forced engine that cannot run;
 *   ModelError when more than `maxPatterns` patterns are frequent.
 * @example
 * const { database } = buildSequenceDatabase({ id: ['1', '1', '2', '2'], day: [0, 5, 0, 9], item: ['a', 'b', 'a', 'b'] });
 * mineFrequentSequences(database, { minSupport: { count: 2 } }).patterns.length // => 3 (<a>, <b>, <a, b>)
 */
export function mineFrequentSequences(db: SequenceDatabase, options: MiningOptions, extras: MiningExtras = {}): FrequentSequences {
  const engine = extras.engine ?? 'auto';
  const control = miningControl(options);
  const nSeq = db.ids.length;
  const minSup = minSupportCount(control.minSupport, nSeq);
  const cdb = compactDatabase(db, minSup);
  if (extras.groups && extras.groups.of.length !== nSeq) throw new UsageError(`groups: ${extras.groups.of.length} group indices for ${nSeq} sequences`);
  const sink = new PatternSink(cdb.original, control.maxPatterns, extras.groups);
  const bitmapOk = control.maxWindow === Infinity && bitmapWords(cdb) <= MAX_BITMAP_WORDS;
  if (engine === 'bitmap' && !bitmapOk) throw new UsageError('the bitmap engine needs no maxWindow, and bitmaps that fit in memory');
  const used = engine === 'idlist' || !bitmapOk ? 'idlist' : 'bitmap';
  if (nSeq > 0 && minSup <= nSeq) {
    if (used === 'bitmap') mineBitmaps(cdb, control, minSup, sink);
    else mineIdLists(cdb, control, minSup, sink);
  }
  return { patterns: sink.patterns.sort(comparePatterns), sequences: nSeq, minSupport: minSup, alphabet: db.alphabet, control, engine: used };
}
