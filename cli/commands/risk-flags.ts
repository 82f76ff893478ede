/**
 * Flags shared by the `midia risk` sub-commands: the data flags, time units,
 * horizons of an evaluation or prediction, and number formatting.
 */
import { readModelArtifact, type ModelArtifact } from '../../analyses/risk/model-file.js';
import { TIME_UNITS, type TimeUnit } from '../../analyses/risk/rows.js';
import { UsageError } from '../../util/errors.js';
import { choiceFlag, numberFlag, numberListFlag, requiredFlag } from '../args.js';
import type { ParsedArgs } from '../command.js';
import { ANALYSIS_TABLE_FLAGS } from '../io.js';

/** --data, or --db --study with --table or the analysis-table flags. */
export const DATA_FLAGS = ['data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS];

export const UNITS = TIME_UNITS;

/** The artifact of --model (required). */
export function modelFlag(args: ParsedArgs): ModelArtifact {
  return readModelArtifact(requiredFlag(args, 'model'));
}

/** --horizons H[,H] in --horizon-unit U (undefined: the model's horizons; the unit defaults to the model's). */
export function horizonFlags(args: ParsedArgs, model: ModelArtifact): { horizons?: number[]; horizonUnit?: TimeUnit } {
  const horizons = numberListFlag(args, 'horizons');
  if (!horizons) return {};
  return { horizons, horizonUnit: choiceFlag(args, 'horizon-unit', UNITS, model.timeUnit) };
}

/**
 * An optional integer flag (>= min).
 * @throws UsageError naming the flag.
 */
export function intFlag(args: ParsedArgs, name: string, min: number): number | undefined {
  const v = numberFlag(args, name);
  if (v !== undefined && !(Number.isInteger(v) && v >= min)) throw new UsageError(`--${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

/** --conf-level L in (0, 1), default 0.95. */
export function confLevelFlag(args: ParsedArgs): number {
  const level = numberFlag(args, 'conf-level', 0.95) as number;
  if (!(level > 0 && level < 1)) throw new UsageError(`--conf-level must be in (0, 1), got ${level}`);
  return level;
}

/** A number with `d` decimals, or NA. */
export const fixed = (v: number, d = 4): string => (Number.isFinite(v) ? v.toFixed(d) : 'NA');
