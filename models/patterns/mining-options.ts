/**
 * The options of sequential pattern mining, validated in one place with their
 * defaults (as `coxph.control` gathers the Cox options): minimum support and
 * the cSPADE constraints of Zaki, "Sequence mining in categorical domains:
 * incorporating constraints", CIKM 2000 (maxLength, maxSize, minGap, maxGap,
 * maxWindow). Definitions in docs/patterns.md:
 *
 * - support: the number of sequences (patients) containing the pattern, each
 *   counted once; a sequence contains a pattern when ANY one embedding of it
 *   satisfies every constraint.
 * - minimum support: a count of sequences, or a share S of the n sequences,
 *   which means a count of ceil(S x n) (computed exactly on the decimal S);
 *   a pattern is frequent when its support is at least that count.
 * - maxLength: most itemsets in a pattern; maxSize: most items in one itemset.
 * - gaps: the days between the dates of consecutive matched itemsets, within
 *   [minGap, maxGap]; window: the days between the first and the last matched
 *   itemset, at most maxWindow. All bounds inclusive. Consecutive itemsets of
 *   a pattern always match itemsets on different days (a gap of at least one
 *   day), so minGap 0 and 1 mean the same.
 */
import { UsageError } from '../../util/errors.js';

/**
 * Minimum support: a count of sequences, or a share of them. `text`, when
 * given, is the decimal as written (used for an exact ceil(share x n)).
 */
export type MinSupport = { count: number } | { share: number; text?: string };

/** Options of {@link mineFrequentSequences} (models/patterns/cspade.ts). */
export interface MiningOptions {
  /** Minimum support (required). */
  minSupport: MinSupport;
  /** Most itemsets in a pattern (default Infinity). */
  maxLength?: number;
  /** Most items in one itemset of a pattern (default Infinity). */
  maxSize?: number;
  /** Least days between consecutive matched itemsets (default 0). */
  minGap?: number;
  /** Most days between consecutive matched itemsets (default Infinity). */
  maxGap?: number;
  /** Most days between the first and the last matched itemset (default Infinity). */
  maxWindow?: number;
  /**
   * Stop with a ModelError when more frequent patterns than this are found
   * (default 5,000,000): a guard against a support threshold so low that the
   * output would exhaust memory.
   */
  maxPatterns?: number;
}

/** Validated mining options with every default filled in. */
export interface MiningControl {
  readonly minSupport: MinSupport;
  readonly maxLength: number;
  readonly maxSize: number;
  readonly minGap: number;
  readonly maxGap: number;
  readonly maxWindow: number;
  readonly maxPatterns: number;
}

/** Default of {@link MiningOptions.maxPatterns}. */
export const DEFAULT_MAX_PATTERNS = 5_000_000;

function checkBound(name: string, v: number | undefined, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (v === Infinity) return v;
  if (!(Number.isInteger(v) && v >= min)) throw new UsageError(`${name} must be a whole number >= ${min}, got ${String(v)}`);
  return v;
}

/**
 * Validates mining options and fills in the defaults.
 * @throws UsageError on a missing or invalid minimum support, a bound that is
 *   not a whole number in range, or minGap > maxGap.
 * @example miningControl({ minSupport: { share: 0.1 }, maxLength: 5 }).maxGap // => Infinity
 */
export function miningControl(options: MiningOptions): MiningControl {
  const ms = options.minSupport as MinSupport | undefined;
  if (!ms || typeof ms !== 'object') throw new UsageError('minSupport is required ({ count } or { share })');
  if ('count' in ms) {
    if (!(Number.isInteger(ms.count) && ms.count >= 1)) throw new UsageError(`minimum support as a count must be a whole number >= 1, got ${String(ms.count)}`);
  } else if ('share' in ms) {
    if (!(Number.isFinite(ms.share) && ms.share > 0 && ms.share <= 1)) throw new UsageError(`minimum support as a share must be in (0, 1], got ${String(ms.share)}`);
  } else throw new UsageError('minSupport must be { count } or { share }');
  const control: MiningControl = {
    minSupport: ms,
    maxLength: checkBound('maxLength', options.maxLength, Infinity, 1),
    maxSize: checkBound('maxSize', options.maxSize, Infinity, 1),
    minGap: checkBound('minGap', options.minGap, 0, 0),
    maxGap: checkBound('maxGap', options.maxGap, Infinity, 0),
    maxWindow: checkBound('maxWindow', options.maxWindow, Infinity, 0),
    maxPatterns: checkBound('maxPatterns', options.maxPatterns, DEFAULT_MAX_PATTERNS, 1),
  };
  if (control.minGap > control.maxGap) throw new UsageError(`minGap (${control.minGap}) is larger than maxGap (${control.maxGap})`);
  return Object.freeze(control);
}

/**
 * Minimum support as the contract writes it: text without a decimal point
 * (`30`) is a count of sequences, text with one (`0.1`, `1.0`, `.5`) a share.
 * @throws UsageError for anything else (`1e3`, `-2`, `abc`, `0`, `0.0`, `1.5`).
 * @example parseMinSupport('30') // => { count: 30 }
 * @example parseMinSupport('0.1') // => { share: 0.1, text: '0.1' }
 */
export function parseMinSupport(text: string): MinSupport {
  const t = text.trim();
  if (/^\d+$/.test(t)) {
    const count = Number(t);
    if (!(count >= 1 && Number.isSafeInteger(count))) throw new UsageError(`minimum support as a count must be a whole number >= 1, got '${text}'`);
    return { count };
  }
  if (/^(\d+\.\d*|\.\d+)$/.test(t)) {
    const share = Number(t);
    if (!(share > 0 && share <= 1)) throw new UsageError(`minimum support as a share must be in (0, 1], got '${text}'`);
    return { share, text: t };
  }
  throw new UsageError(`minimum support must be a count (e.g. 30) or a share with a decimal point (e.g. 0.1), got '${text}'`);
}

/** A decimal (plain or with an exponent, as String(number) writes it) as mantissa x 10^exponent, exactly. */
function decimalParts(text: string): { mantissa: bigint; exponent: number } {
  const m = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!m) throw new UsageError(`not a decimal number: ${text}`);
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? '0');
  return { mantissa: BigInt(`${whole}${frac}` || '0'), exponent: exp - frac.length };
}

/**
 * The minimum support as a count of sequences for a database of `n`
 * sequences: the count itself, or ceil(share x n) computed exactly on the
 * decimal share (so 0.07 x 100 is 7, not 8 as floating point would round it).
 * @example minSupportCount({ share: 0.07 }, 100) // => 7
 * @example minSupportCount({ share: 0.1 }, 55) // => 6
 */
export function minSupportCount(spec: MinSupport, n: number): number {
  if ('count' in spec) return spec.count;
  const { mantissa, exponent } = decimalParts(spec.text ?? String(spec.share));
  const num = mantissa * BigInt(n);
  if (exponent >= 0) return Number(num * 10n ** BigInt(exponent));
  const den = 10n ** BigInt(-exponent);
  return Number((num + den - 1n) / den);
}
