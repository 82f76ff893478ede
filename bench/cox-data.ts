/**
 * The seeded synthetic Cox data of the survival benchmarks: 10 covariates
 * (every third binary with P = 0.4, the others N(0, 1), rounded to 4 decimals
 * unless `fullPrecision`: then written with all 17 significant digits, about
 * 190 bytes a row, as exported data often is),
 * exponential event times with hazard 0.002 exp(x'beta), exponential censoring
 * (rate 0.0008) and administrative censoring at 2000, times rounded up to whole
 * days (many ties, about 30% censored). Written as CSV with the columns
 * `time,status,x1..x10` (12 columns), as `bench/survival.ts` and
 * `bench/whole-process.ts` read it.
 */
import { createWriteStream } from 'node:fs';
import { exponential, normal, seededRandom } from '../util/random.js';

/** Number of covariates. */
export const P = 10;
/** True log hazard ratios of x1..x10. */
export const BETA = [0.5, -0.5, 0.25, -0.25, 0.1, 0, 0.3, -0.3, 0.2, 0];

/** The Cox formula over all ten covariates. */
export const COX_FORMULA = `Surv(time, status) ~ ${Array.from({ length: P }, (_, j) => `x${j + 1}`).join(' + ')}`;

/** Simulated columns of {@link writeCoxCsv}. */
export interface CoxData {
  time: Float64Array;
  status: Float64Array;
  x: Float64Array[];
}

/** Simulates `n` rows with the seed (same seed, same rows on every machine). */
export function simulateCox(n: number, seed: number, options: { fullPrecision?: boolean } = {}): CoxData {
  const scale = options.fullPrecision ? 0 : 1e4;
  const rand = seededRandom(seed);
  const x = Array.from({ length: P }, () => new Float64Array(n));
  const time = new Float64Array(n);
  const status = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lp = 0;
    for (let j = 0; j < P; j++) {
      let v: number;
      if (j % 3 === 2) v = rand() < 0.4 ? 1 : 0;
      else {
        const z = normal(rand);
        v = scale ? Math.round(z * scale) / scale : z;
      }
      (x[j] as Float64Array)[i] = v;
      lp += (BETA[j] as number) * v;
    }
    const t = exponential(rand, 0.002 * Math.exp(lp));
    const c = exponential(rand, 0.0008);
    time[i] = Math.max(1, Math.ceil(Math.min(t, c, 2000)));
    status[i] = t <= c && t <= 2000 ? 1 : 0;
  }
  return { time, status, x };
}

/** Writes the data as CSV (`time,status,x1..x10`). */
export async function writeCoxCsv(file: string, d: CoxData): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', resolve)));
  await write(`time,status,${Array.from({ length: P }, (_, j) => `x${j + 1}`).join(',')}\n`);
  const n = d.time.length;
  let buf = '';
  for (let i = 0; i < n; i++) {
    buf += `${d.time[i]},${d.status[i]}`;
    for (let j = 0; j < P; j++) buf += `,${(d.x[j] as Float64Array)[i]}`;
    buf += '\n';
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise<void>((resolve) => out.end(resolve));
}
