/**
 * Benchmark: time-dependent covariates as R's tmerge (models/survival/counting-process/tmerge.ts)
 * on 10^5 patients with 30 marker values each, here and in R in the same run.
 *
 * Data (seeded, 20261208): patient `P000001`..., follow-up `futime` uniform on
 * 365..3650 days, `status` 1 with probability 0.3, a baseline `x`; 30 marker
 * values per patient, the first 0..30 days before time 0, then every 60 to
 * 120 days (so some fall after the end of follow-up and are ignored), values
 * rounded to 3 decimals, one in 50 missing.
 * Timed here: `tmergeBase` + `event(futime, status)` + `tdc(day, value)` from
 * arrays (about 3 million records), then the same plus `tmergeColumns`
 * (carrying the baseline columns to every row). Target (issue): under 3 s.
 * R (`Rscript bench/tmerge.R`, CSVs read with fread, untimed): the same two
 * tmerge calls. The agreement (rows, sums of tstart and marker, events) is
 * printed. Ours: the minimum of 3 runs after an untimed warm-up; R: one run.
 * CPU seconds (user + system) are the main figure; wall seconds also print.
 *
 * Usage: node dist/bench/tmerge.js [PATIENTS] [VALUES] [--no-r]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { tmerge, tmergeBase, tmergeColumns, type TmergeData } from '../models/survival/counting-process/tmerge.js';
import { normal, seededRandom } from '../util/random.js';
import { seconds } from './timing.js';

interface BenchData {
  id: string[];
  futime: Float64Array;
  status: Float64Array;
  x: Float64Array;
  mid: string[];
  day: Float64Array;
  value: Float64Array;
}

function simulate(patients: number, values: number, seed: number): BenchData {
  const rand = seededRandom(seed);
  const width = String(patients).length;
  const id: string[] = new Array<string>(patients);
  const futime = new Float64Array(patients);
  const status = new Float64Array(patients);
  const x = new Float64Array(patients);
  const m = patients * values;
  const mid: string[] = new Array<string>(m);
  const day = new Float64Array(m);
  const value = new Float64Array(m);
  for (let j = 0, k = 0; j < patients; j++) {
    const p = `P${String(j + 1).padStart(Math.max(6, width), '0')}`;
    id[j] = p;
    futime[j] = 365 + Math.floor(rand() * 3286);
    status[j] = rand() < 0.3 ? 1 : 0;
    x[j] = Math.round(normal(rand) * 1000) / 1000;
    let t = -Math.floor(rand() * 31);
    let level = 1 + normal(rand, 0, 0.5);
    for (let v = 0; v < values; v++, k++) {
      mid[k] = p;
      day[k] = t;
      value[k] = rand() < 0.02 ? NaN : Math.round(level * 1000) / 1000;
      level += normal(rand, 0.01, 0.2);
      t += 60 + Math.floor(rand() * 61);
    }
  }
  return { id, futime, status, x, mid, day, value };
}

function build(d: BenchData): TmergeData {
  const base = tmergeBase({ id: d.id, tstop: d.futime });
  const withEvent = tmerge(base, [{ name: 'death', kind: 'event', id: d.id, time: d.futime, value: d.status }]);
  return tmerge(withEvent, [{ name: 'marker', kind: 'tdc', id: d.mid, time: d.day, value: d.value }]);
}

const argv = process.argv.slice(2);
const nums = argv.filter((a) => !a.startsWith('--')).map(Number);
const patients = nums[0] || 100_000;
const values = nums[1] || 30;
const withR = !argv.includes('--no-r') && spawnSync('Rscript', ['--version']).status === 0;
const d = simulate(patients, values, 20261208);

build(simulate(2000, values, 7)); // warm-up, untimed
const runs: { wall: number; cpu: number; wallColumns: number; cpuColumns: number }[] = [];
let result: TmergeData | null = null;
for (let r = 0; r < 3; r++) {
  const [res, wall, cpu] = seconds(() => build(d));
  const [, wallC, cpuC] = seconds(() => tmergeColumns(build(d), { id: d.id, x: d.x }));
  result = res;
  runs.push({ wall, cpu, wallColumns: wallC, cpuColumns: cpuC });
}
const out = result as TmergeData;
const marker = out.variables.find((v) => v.name === 'marker')!.values as Float64Array;
const death = out.variables.find((v) => v.name === 'death')!.values as Float64Array;
let sumStart = 0;
let sumMarker = 0;
let markerValues = 0;
let events = 0;
for (let i = 0; i < out.tstart.length; i++) {
  sumStart += out.tstart[i]!;
  if (!Number.isNaN(marker[i]!)) {
    sumMarker += marker[i]!;
    markerValues++;
  }
  events += death[i]!;
}
const min = (xs: number[]): number => Math.min(...xs);
const summary: Record<string, unknown> = {
  load1: Number(loadavg()[0]?.toFixed(2)),
  patients,
  markerRecords: d.day.length,
  rows: out.tstart.length,
  oursCpuSeconds: Number(min(runs.map((r) => r.cpu)).toFixed(3)),
  oursSeconds: Number(min(runs.map((r) => r.wall)).toFixed(3)),
  oursWithColumnsCpuSeconds: Number(min(runs.map((r) => r.cpuColumns)).toFixed(3)),
  counts: out.counts,
};
if (withR) {
  const dir = join(process.cwd(), 'bench', 'data');
  mkdirSync(dir, { recursive: true });
  const baseFile = join(dir, `tmerge-base-${patients}.csv`);
  const markerFile = join(dir, `tmerge-markers-${patients}x${values}.csv`);
  const b = ['id,futime,status,x'];
  for (let j = 0; j < patients; j++) b.push(`${d.id[j]},${d.futime[j]},${d.status[j]},${d.x[j]}`);
  writeFileSync(baseFile, b.join('\n') + '\n');
  const mk = ['id,day,value'];
  for (let k = 0; k < d.day.length; k++) mk.push(`${d.mid[k]},${d.day[k]},${Number.isNaN(d.value[k]!) ? 'NA' : d.value[k]}`);
  writeFileSync(markerFile, mk.join('\n') + '\n');
  const r = spawnSync('Rscript', ['bench/tmerge.R', baseFile, markerFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`Rscript failed: ${r.stderr}`);
  const rr = JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; cpuSeconds: number; rows: number; sumStart: string; sumMarker: string; markerValues: number; events: number; r: string; survival: string };
  Object.assign(summary, {
    rSeconds: rr.seconds,
    rCpuSeconds: rr.cpuSeconds,
    ratioToR: Number((min(runs.map((x) => x.cpu)) / rr.cpuSeconds).toFixed(3)),
    sameRows: rr.rows === out.tstart.length,
    sameSumStart: Number(rr.sumStart) === sumStart,
    relDiffSumMarker: Math.abs(Number(rr.sumMarker) - sumMarker) / Math.abs(sumMarker),
    sameMarkerValues: rr.markerValues === markerValues,
    sameEvents: rr.events === events,
    r: `${rr.r}, survival ${rr.survival}`,
  });
} else summary.r = withR ? '' : 'R not run (--no-r or no Rscript)';
console.log(JSON.stringify(summary));
