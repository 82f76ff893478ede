/**
 * The R fits of test/golden/cox-post.json (written by test/golden/cox-post.R)
 * and their conversion to CoxPostInput, shared by the residual, cox.zph and
 * survfit golden tests.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { CoxPostInput } from '../../../../models/survival/cox/cox-post-types.js';

export type Num = number | null;

/** Fields every fit of the fixture has; each test extends it with its own results. */
export interface CoxPostFitBase {
  name: string;
  ties: 'efron' | 'breslow';
  x: number[][];
  time: number[];
  status: number[];
  start: number[] | null;
  strata: number[] | null;
  weights: number[] | null;
  offset: number[] | null;
  coef: number[];
  var: number[];
  naiveVar: number[] | null;
  means: number[];
  columnNames: string[];
  assign: number[];
  termLabels: string[];
}

/** The fits of the fixture, typed by the caller's view of them. */
export function loadCoxPostFits<T extends CoxPostFitBase>(): { fits: T[] } {
  return JSON.parse(readFileSync('test/golden/cox-post.json', 'utf8')) as { fits: T[] };
}

/** JSON numbers to Float64Array (null = R's NA -> NaN). */
export const f64 = (a: Num[]): Float64Array => Float64Array.from(a, (v) => (v === null ? NaN : v));

/** The post-fit input of one R fit. */
export function inputOf(f: CoxPostFitBase): CoxPostInput {
  return {
    x: f.x.map(f64), time: f64(f.time), status: f64(f.status),
    start: f.start ? f64(f.start) : null,
    strata: f.strata ? Int32Array.from(f.strata) : null,
    weights: f.weights ? f64(f.weights) : null,
    offset: f.offset ? f64(f.offset) : null, cluster: null,
    coef: f64(f.coef), var: f64(f.var), naiveVar: f.naiveVar ? f64(f.naiveVar) : null, means: f64(f.means),
    ties: f.ties, columnNames: f.columnNames, assign: f.assign, termLabels: f.termLabels,
  };
}

/** Relative difference with an absolute floor; NaN matches NaN only. */
export function rel(got: number, want: number, floor = 1e-10): number {
  if (Number.isNaN(want)) return Number.isNaN(got) ? 0 : Infinity;
  const d = Math.abs(got - want) / Math.max(Math.abs(want), floor);
  return Number.isNaN(d) ? Infinity : d;
}

/** Largest {@link rel} over two arrays of equal length (asserts the length). */
export function maxRel(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let w = 0;
  for (let i = 0; i < want.length; i++) w = Math.max(w, rel(got[i]!, want[i]!));
  return w;
}
