/**
 * Benchmark: import of a generated observations CSV into the cohort store.
 * Prints rows per second and peak memory (resident set size, sampled every
 * 20 ms, and V8 heap). Target on the 2-core reference machine: >= 1 million
 * rows/s, and memory that does not grow with file size (DuckDB reads the file).
 *
 * Usage: node --expose-gc dist/bench/import-observations.js [ROWS...]
 *        (default 1e6 and 1e7 rows; files are written to bench/data/)
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CohortStore } from '../engine/store.js';
import { writeObservationsCsv } from './generate-observations.js';

interface Result {
  rows: number;
  fileMB: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMB: number;
  baselineRssMB: number;
  peakHeapMB: number;
}

async function measure(dir: string, rows: number): Promise<Result> {
  const sub = join(dir, `obs-${rows}`);
  const obsFile = join(sub, 'observations.csv');
  const patientsFile = join(sub, 'patients.csv');
  if (!existsSync(obsFile)) {
    mkdirSync(sub, { recursive: true });
    process.stderr.write(`generating ${rows.toLocaleString('en')} rows in ${sub} ...\n`);
    await writeObservationsCsv(obsFile, rows, 1, patientsFile);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const store = await CohortStore.open(':memory:');
  try {
    await store.importFile(patientsFile, { table: 'patients' });
    const baselineRss = process.memoryUsage().rss;
    let peakRss = baselineRss;
    let peakHeap = process.memoryUsage().heapUsed;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 20);
    const t0 = performance.now();
    const report = await store.importFile(obsFile, { table: 'observations' });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(timer);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    if (report.loaded + report.duplicates !== rows) throw new Error(`expected ${rows} rows, loaded ${report.loaded} + ${report.duplicates} duplicates`);
    return {
      rows,
      fileMB: statSync(obsFile).size / 2 ** 20,
      seconds,
      rowsPerSecond: rows / seconds,
      peakRssMB: peakRss / 2 ** 20,
      baselineRssMB: baselineRss / 2 ** 20,
      peakHeapMB: peakHeap / 2 ** 20,
    };
  } finally {
    await store.close();
  }
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const dir = join(process.cwd(), 'bench', 'data');
mkdirSync(dir, { recursive: true });
const results: Result[] = [];
for (const rows of sizes.length ? sizes : [1_000_000, 10_000_000]) results.push(await measure(dir, rows));
console.log('rows        file MB   seconds   rows/s      peak RSS MB (baseline)   peak heap MB');
for (const r of results) {
  console.log(
    `${r.rows.toLocaleString('en').padEnd(11)} ${r.fileMB.toFixed(0).padStart(7)}   ${r.seconds.toFixed(2).padStart(7)}   ${Math.round(r.rowsPerSecond).toLocaleString('en').padStart(10)}  ${r.peakRssMB.toFixed(0).padStart(8)} (${r.baselineRssMB.toFixed(0)})            ${r.peakHeapMB.toFixed(0)}`,
  );
}
console.log(JSON.stringify({ benchmark: 'import-observations', results }));
