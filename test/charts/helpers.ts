/** Shared helpers of the chart tests: dataset loading, the golden fixture, JSON round trip, deep freezing. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { readCsvColumns } from '../helpers/read-csv.js';
import type { ColumnTable } from '../../models/design/types.js';
import type { FigureSpec, PlotlyScatterTrace, PlotlyTrace } from '../../charts/types.js';

export function lung(): ColumnTable {
  return readCsvColumns('datasets/lung.csv');
}

export interface ChartsGolden {
  kmRisk: { formula: string; times: number[]; strata: { label: string; nRisk: number[] }[] };
  cox: { formula: string; term: string[]; hr: number[]; lower: number[]; upper: number[]; p: number[] };
}

export function golden(): ChartsGolden {
  return JSON.parse(readFileSync('test/charts/golden/charts.json', 'utf8')) as ChartsGolden;
}

/** The spec survives JSON unchanged: no NaN/Infinity, no typed arrays, no functions, no undefined values. */
export function expectJsonRoundTrip(spec: FigureSpec): void {
  const text = JSON.stringify(spec);
  expect(text).not.toMatch(/NaN|Infinity/);
  expect(JSON.parse(text)).toStrictEqual(stripUndefined(spec));
  expect(hasUndefinedOrTyped(spec)).toBe(false);
}

function stripUndefined<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

function hasUndefinedOrTyped(x: unknown): boolean {
  if (x === undefined || typeof x === 'function') return true;
  if (typeof x === 'number') return !Number.isFinite(x);
  if (ArrayBuffer.isView(x)) return true;
  if (Array.isArray(x)) return x.some(hasUndefinedOrTyped);
  if (x !== null && typeof x === 'object') return Object.values(x).some(hasUndefinedOrTyped);
  return false;
}

/** Deep-freezes plain objects and arrays (typed arrays cannot be frozen; snapshot those instead). */
export function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !ArrayBuffer.isView(x)) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

export function scatter(t: PlotlyTrace | undefined): PlotlyScatterTrace {
  if (!t || t.type !== 'scatter') throw new Error(`expected a scatter trace, got ${t?.type}`);
  return t;
}

export function byRole(spec: FigureSpec, role: string): PlotlyScatterTrace[] {
  return spec.data.filter((t) => t.meta?.role === role).map(scatter);
}

/** mgus2 with the competing-risks coding of the cmprsk examples: etime, event (0 censored, 1 PCM, 2 death). */
export function mgus2(): ColumnTable {
  const d = readCsvColumns('datasets/mgus2.csv');
  const pstat = d['pstat'] as Float64Array;
  const etime = pstat.map((s, i) => (s === 0 ? (d['futime'] as Float64Array)[i]! : (d['ptime'] as Float64Array)[i]!));
  const event = pstat.map((s, i) => (s === 0 ? 2 * (d['death'] as Float64Array)[i]! : 1));
  return { ...d, etime, event };
}
