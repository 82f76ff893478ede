/**
 * Flags of `midia patterns`: the mining options, the store alphabet, and the
 * data source (`--sequences FILE` or `--db FILE --study ID`), parsed into the
 * options of analyses/patterns/ (no SQL, no mining here).
 */
import type { DataSource } from '../../analyses/core/source.js';
import { parseMinSupport, type MiningOptions, type PatternSelectionOption, type SequenceOptions } from '../../analyses/patterns/options.js';
import type { SequenceAlphabet } from '../../analyses/patterns/store-sequences.js';
import { UsageError } from '../../util/errors.js';
import { choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { CommandIO, ParsedArgs } from '../command.js';
import { openStudyFlagSource } from '../source-flags.js';

/** Flags every sub-command takes. */
export const SEQUENCE_FLAGS = ['sequences', 'db', 'study', 'purpose', 'diagnosis', 'alphabet', 'therapy-by', 'switch-gap', 'psa-rise', 'min-support', 'max-length', 'max-size', 'min-gap', 'max-gap', 'max-window', 'max-patterns', 'top'] as const;
const STORE_FLAGS = ['diagnosis', 'alphabet', 'therapy-by', 'switch-gap', 'psa-rise'] as const;

/** A whole-number flag >= min, or undefined. */
export function wholeFlag(args: ParsedArgs, name: string, min: number): number | undefined {
  const v = numberFlag(args, name);
  if (v === undefined) return undefined;
  if (!(Number.isInteger(v) && v >= min)) throw new UsageError(`--${name} must be a whole number >= ${min}, got ${stringFlag(args, name)}`);
  return v;
}

/** Mining options from the flags (--min-support required). */
export function miningOptionsFromFlags(args: ParsedArgs): MiningOptions {
  const options: MiningOptions = { minSupport: parseMinSupport(requiredFlag(args, 'min-support')) };
  const set = (key: 'maxLength' | 'maxSize' | 'minGap' | 'maxGap' | 'maxWindow' | 'maxPatterns', flag: string, min: number): void => {
    const v = wholeFlag(args, flag, min);
    if (v !== undefined) options[key] = v;
  };
  set('maxLength', 'max-length', 1);
  set('maxSize', 'max-size', 1);
  set('minGap', 'min-gap', 0);
  set('maxGap', 'max-gap', 0);
  set('maxWindow', 'max-window', 0);
  set('maxPatterns', 'max-patterns', 1);
  if (options.minGap !== undefined && options.maxGap !== undefined && options.minGap > options.maxGap) throw new UsageError(`--min-gap (${options.minGap}) is larger than --max-gap (${options.maxGap})`);
  return options;
}

/** `--closed` / `--maximal`. */
export function selectionFromFlags(args: ParsedArgs): PatternSelectionOption {
  const closed = hasFlag(args, 'closed');
  const maximal = hasFlag(args, 'maximal');
  if (closed && maximal) throw new UsageError('give --closed or --maximal, not both');
  return closed ? 'closed' : maximal ? 'maximal' : 'all';
}

/** The store alphabet of `--alphabet`, `--therapy-by`, `--switch-gap`, `--psa-rise` (only with --db). */
function alphabetFromFlags(args: ParsedArgs): Partial<SequenceAlphabet> {
  const a: { -readonly [K in keyof SequenceAlphabet]?: SequenceAlphabet[K] } = {};
  const families = stringFlag(args, 'alphabet');
  if (families !== undefined) {
    const list = families.split(',').map((s) => s.trim()).filter(Boolean);
    const known = ['events', 'therapy', 'markers', 'visits'] as const;
    const bad = list.filter((f) => !(known as readonly string[]).includes(f));
    if (bad.length || list.length === 0) throw new UsageError(`--alphabet: a list of ${known.join(', ')}, got ${families}`);
    a.families = list as SequenceAlphabet['families'];
  }
  if (args.flags['therapy-by'] !== undefined) a.therapyBy = choiceFlag(args, 'therapy-by', ['drug', 'class', 'efficacy'] as const, 'drug');
  const gap = wholeFlag(args, 'switch-gap', 0);
  if (gap !== undefined) a.switchGapDays = gap;
  const rise = numberFlag(args, 'psa-rise');
  if (rise !== undefined) {
    if (!(rise >= 0)) throw new UsageError(`--psa-rise must be a share >= 0, got ${stringFlag(args, 'psa-rise')}`);
    a.psaRise = rise;
  }
  return a;
}

/** The options every sub-command shares. */
export function sequenceOptionsFromFlags(args: ParsedArgs): SequenceOptions {
  const mining = miningOptionsFromFlags(args);
  const top = wholeFlag(args, 'top', 1);
  const fromStore = args.flags.db !== undefined || args.flags.study !== undefined;
  if (!fromStore) for (const f of STORE_FLAGS) if (args.flags[f] !== undefined) throw new UsageError(`--${f} builds sequences from a cohort database: give --db FILE --study ID (not --sequences)`);
  const diagnosis = stringFlag(args, 'diagnosis')?.split(',').map((s) => s.trim()).filter(Boolean);
  const alphabet = fromStore ? alphabetFromFlags(args) : {};
  return { mining, ...(top !== undefined ? { top } : {}), ...(diagnosis?.length ? { diagnosis } : {}), ...(Object.keys(alphabet).length ? { alphabet } : {}) };
}

/**
 * Runs `fn` on the data source of the flags: `--sequences FILE` (an event
 * table) or `--db FILE --study ID` (the study's store sequences), closed after.
 * @throws UsageError for neither or both.
 */
export async function withPatternSource<T>(args: ParsedArgs, io: CommandIO, fn: (source: DataSource) => Promise<T>): Promise<T> {
  const file = stringFlag(args, 'sequences');
  const db = args.flags.db !== undefined || args.flags.study !== undefined;
  if (file !== undefined && db) throw new UsageError('give either --sequences FILE or --db FILE --study ID, not both');
  if (file !== undefined) {
    const { sequenceFileSource } = await import('../../analyses/patterns/sequence-file.js');
    return fn(await sequenceFileSource(file));
  }
  if (!db) throw new UsageError('--sequences is required (or --db FILE --study ID for sequences from a cohort database)');
  const source = await openStudyFlagSource(args, io);
  try {
    return await fn(source);
  } finally {
    source.session.close();
  }
}
