/**
 * Benchmark: import of a generated observations CSV into the cohort store,
 * against a plain `INSERT INTO cohort.observations SELECT * FROM read_csv(...)`
 * of the same file measured in the same run (the machine is shared and noisy:
 * only the ratio of the two is comparable across runs).
 *
 * Each measurement runs in a fresh child process (so one run's memory does not
 * inflate the next one's): a fresh in-memory store, the patients CSV imported,
 * then the observations file timed. Printed per size: wall seconds, rows per
 * second, CPU seconds (user + system, all threads), peak resident set size
 * (sampled every 20 ms; the process's RSS before the timed step in brackets)
 * and peak V8 heap, for the baseline and for `importFile`, and the ratio of
 * their times. With `--repeat=N` the two alternate N times and the medians are
 * printed. Target on the 2-core reference machine: >= 1 million rows/s for
 * 10^7 rows, and memory that does not grow with file size beyond the rows stored.
 *
 * Usage: node --expose-gc dist/bench/import-observations.js [--repeat=N] [ROWS...]
 *        (default 1e6 and 1e7 rows; files are generated once into bench/data/)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CohortStore } from '../engine/store.js';
import { rawConnection } from '../engine/store-internal.js';
import { quoteLiteral } from '../engine/store-sql.js';
import { writeObservationsCsv } from './generate-observations.js';

/** What is timed: `importFile` (validation, duplicates, import log) or the plain INSERT baseline. */
type Mode = 'import' | 'plain';

/** One timed run (in its own process). */
interface Run {
  mode: Mode;
  rows: number;
  seconds: number;
  cpuSeconds: number;
  rowsPerSecond: number;
  peakRssMB: number;
  baselineRssMB: number;
  peakHeapMB: number;
}

/** Median of a non-empty list. */
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Files of one size, generated on first use. */
async function ensureFiles(dir: string, rows: number): Promise<{ obsFile: string; patientsFile: string }> {
  const sub = join(dir, `obs-${rows}`);
  const obsFile = join(sub, 'observations.csv');
  const patientsFile = join(sub, 'patients.csv');
  if (!existsSync(obsFile) || !existsSync(patientsFile)) {
    mkdirSync(sub, { recursive: true });
    process.stderr.write(`generating ${rows.toLocaleString('en')} rows in ${sub} ...\n`);
    await writeObservationsCsv(obsFile, rows, 1, patientsFile);
  }
  return { obsFile, patientsFile };
}

/** Child process: one timed run, printed as JSON on stdout. */
async function child(mode: Mode, rows: number, obsFile: string, patientsFile: string): Promise<Run> {
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
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let written: number;
    if (mode === 'import') {
      const report = await store.importFile(obsFile, { table: 'observations' });
      written = report.loaded + report.duplicates;
    } else {
      const result = await rawConnection(store).run(`INSERT INTO cohort.observations SELECT * FROM read_csv(${quoteLiteral(obsFile)})`);
      written = result.rowsChanged;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(timer);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    if (written !== rows) throw new Error(`${mode}: expected ${rows} rows, got ${written}`);
    return {
      mode,
      rows,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      rowsPerSecond: rows / seconds,
      peakRssMB: peakRss / 2 ** 20,
      baselineRssMB: baselineRss / 2 ** 20,
      peakHeapMB: peakHeap / 2 ** 20,
    };
  } finally {
    store.close();
  }
}

/** Runs one measurement in a fresh Node process (same flags) and parses its result. */
function spawnRun(mode: Mode, rows: number, obsFile: string, patientsFile: string): Run {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [...process.execArgv, self, '--child', mode, String(rows), obsFile, patientsFile], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`${mode} run for ${rows} rows failed (exit ${out.status})`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Run;
}

function row(label: string, r: Pick<Run, 'seconds' | 'rowsPerSecond' | 'cpuSeconds' | 'peakRssMB' | 'baselineRssMB' | 'peakHeapMB'>): string {
  return (
    `${label.padEnd(18)} ${r.seconds.toFixed(2).padStart(7)}   ${Math.round(r.rowsPerSecond).toLocaleString('en').padStart(10)}   ` +
    `${r.cpuSeconds.toFixed(2).padStart(7)}   ${r.peakRssMB.toFixed(0).padStart(6)} (${r.baselineRssMB.toFixed(0)})   ${r.peakHeapMB.toFixed(0).padStart(5)}`
  );
}

function summarize(runs: readonly Run[]): Omit<Run, 'mode' | 'rows'> {
  return {
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    rowsPerSecond: median(runs.map((r) => r.rowsPerSecond)),
    peakRssMB: median(runs.map((r) => r.peakRssMB)),
    baselineRssMB: median(runs.map((r) => r.baselineRssMB)),
    peakHeapMB: median(runs.map((r) => r.peakHeapMB)),
  };
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--child') {
    const [, mode, rows, obsFile, patientsFile] = argv;
    const r = await child(mode as Mode, Number(rows), obsFile!, patientsFile!);
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const repeatArg = argv.find((a) => a.startsWith('--repeat='));
  const repeat = repeatArg ? Math.max(1, Number(repeatArg.slice('--repeat='.length)) || 1) : 1;
  const sizes = argv.filter((a) => !a.startsWith('--')).map(Number).filter((n) => n > 0);
  const dir = join(process.cwd(), 'bench', 'data');
  mkdirSync(dir, { recursive: true });
  const results: Array<{ rows: number; fileMB: number; import: Omit<Run, 'mode' | 'rows'>; plain: Omit<Run, 'mode' | 'rows'>; ratio: number; runs: Run[] }> = [];
  for (const rows of sizes.length ? sizes : [1_000_000, 10_000_000]) {
    const { obsFile, patientsFile } = await ensureFiles(dir, rows);
    const runs: Run[] = [];
    // Alternate baseline and import so both see the same load.
    for (let i = 0; i < repeat; i++) {
      runs.push(spawnRun('plain', rows, obsFile, patientsFile));
      runs.push(spawnRun('import', rows, obsFile, patientsFile));
    }
    const imp = summarize(runs.filter((r) => r.mode === 'import'));
    const plain = summarize(runs.filter((r) => r.mode === 'plain'));
    results.push({ rows, fileMB: statSync(obsFile).size / 2 ** 20, import: imp, plain, ratio: imp.seconds / plain.seconds, runs });
  }
  console.log(`median of ${repeat} run(s) each; RSS before the timed step in brackets`);
  console.log('rows        file MB  step               seconds       rows/s   CPU s   peak RSS MB   heap MB');
  for (const r of results) {
    const head = `${r.rows.toLocaleString('en').padEnd(11)} ${r.fileMB.toFixed(0).padStart(7)}  `;
    console.log(head + row('importFile', r.import));
    console.log(' '.repeat(head.length) + row('plain INSERT', r.plain));
    console.log(' '.repeat(head.length) + `importFile / plain time: ${r.ratio.toFixed(2)}`);
  }
  console.log(JSON.stringify({ benchmark: 'import-observations', repeat, results }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
