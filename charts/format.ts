/**
 * Number formatting and JSON-safety helpers shared by the figure builders.
 * Specs must survive `JSON.stringify`: NaN and ±Infinity become `null` and
 * typed arrays become plain arrays.
 */
import type { DisclosureDisplay } from './types.js';
import { UsageError } from '../util/errors.js';

/** A finite number, or null (NaN, ±Infinity). */
export function finiteOrNull(x: number | null | undefined): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** Plain array of finite numbers or nulls from any array-like of numbers. */
export function toPlain(xs: ArrayLike<number>): (number | null)[] {
  const out: (number | null)[] = new Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = finiteOrNull(xs[i]);
  return out;
}

/**
 * A number for hover text and labels: `digits` significant digits (default 4),
 * trailing zeros dropped, 'NA' for a missing value.
 * @example formatNumber(0.123456) // => '0.1235'
 */
export function formatNumber(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || Number.isNaN(x)) return 'NA';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return String(Number(x.toPrecision(digits)));
}

/**
 * A fixed-decimals number (estimates and CIs in text columns), 'NA' when missing.
 * @example formatFixed(0.5, 2) // => '0.50'
 */
export function formatFixed(x: number | null | undefined, decimals = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'NA';
  return x.toFixed(decimals);
}

/**
 * A p value as journals print it: `<0.001` below 0.001, else 2 significant
 * digits (at most 3 decimals), 'NA' when missing.
 * @example formatP(0.00131) // => '0.0013'
 * @example formatP(0.00002) // => '<0.001'
 */
export function formatP(p: number | null | undefined, floor = 0.001): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return 'NA';
  if (p < floor) return `<${floor}`;
  return String(Number(p.toPrecision(2)));
}

/**
 * "p = 0.27" or "p < 0.001" for titles and labels.
 * @example pEquals(0.00002) // => 'p < 0.001'
 */
export function pEquals(p: number | null | undefined, floor = 0.001): string {
  const t = formatP(p, floor);
  return t.startsWith('<') ? `p < ${t.slice(1)}` : `p = ${t}`;
}

/**
 * Validates a disclosure display option.
 * @throws UsageError when the threshold is not a positive finite number
 */
export function checkDisclosure(d: DisclosureDisplay | undefined): DisclosureDisplay | undefined {
  if (d === undefined) return undefined;
  if (!(Number.isFinite(d.threshold) && d.threshold > 0)) {
    throw new UsageError(`disclosure.threshold must be a positive number, got ${String(d.threshold)}`);
  }
  return d;
}

/**
 * A count as displayed under disclosure control: counts in (0, threshold) show
 * as `<threshold`; zero and counts at or above the threshold show as numbers
 * (zero reveals no individual). Non-integer (weighted) counts get 4 significant digits.
 * @example displayCount(3, { threshold: 5 }) // => '<5'
 */
export function displayCount(count: number, disclosure: DisclosureDisplay | undefined): string {
  if (!Number.isFinite(count)) return 'NA';
  if (disclosure && count > 0 && count < disclosure.threshold) return `<${formatNumber(disclosure.threshold)}`;
  return formatNumber(count);
}

