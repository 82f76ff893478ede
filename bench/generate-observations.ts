/**
 * Data generator for the import benchmark: a canonical observations CSV of N
 * rows (pseudonym,date,code,code_system,value,value_text,unit,source) and the
 * matching patients CSV, written by streaming (chunked string building,
 * `fs.createWriteStream` with backpressure) so 10^7 rows need little memory.
 * Seeded: the same (rows, seed, patients) gives byte-identical files.
 *
 * Every (pseudonym, date, code) is unique, so an importer that skips duplicate
 * keys loads exactly N rows; every observation lies within its patient's
 * [index_date, last_contact].
 *
 * Usage: node dist/bench/generate-observations.js OUT_DIR ROWS [SEED] [PATIENTS]
 *        writes OUT_DIR/observations.csv and OUT_DIR/patients.csv.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { UsageError } from '../util/errors.js';
import { randomInt, seededRandom, type RandomSource } from '../util/random.js';
import { daysFromCivil, isoFromDays } from '../datasets/synthetic/dates.js';
import { hex10, streamSeed } from '../datasets/synthetic/sampling.js';

/** Where and how many patients to write. */
export interface BenchPatientsOptions {
  /** Patients CSV path (default: `patients.csv` beside the observations file). */
  file?: string;
  /** Number of patients (default: ceil(rows / 100), at least 1). */
  count?: number;
}

/** What {@link writeObservationsCsv} wrote. */
export interface ObservationsCsvResult {
  observationsFile: string;
  patientsFile: string;
  rows: number;
  patients: number;
  /** Bytes of the observations file. */
  bytes: number;
  seconds: number;
}

const OBS_HEADER = 'pseudonym,date,code,code_system,value,value_text,unit,source\n';
const PATIENT_HEADER = 'pseudonym,birth_year,birth_month,sex,diagnosis,diagnosis_icd10,site,index_date,last_contact,source\n';
/** Flush the chunk to the stream beyond this many characters. */
const CHUNK_CHARS = 1 << 20;
/**
 * Observations per patient spread over about this many days (~8.2 years from
 * index dates in 2008-2009). The gaps' spread keeps every date before 2024 even
 * for 10^5 patients (mean 2,800 days, sd 431), so no date lies in the future,
 * which the import's plausibility rules refuse (docs/schema.md).
 */
const SPAN_DAYS = 3000;
const SITES = ['UK-Nord', 'UK-Sued', 'Praxis-West'] as const;
const DIAGNOSES = [
  { diagnosis: 'breast_cancer', icd10: 'C50.9', sex: 'female' },
  { diagnosis: 'prostate_cancer', icd10: 'C61', sex: 'male' },
  { diagnosis: 'multiple_sclerosis', icd10: 'G35.10', sex: 'female' },
] as const;
const HER2_TEXT = ['0', '1+', '2+', '3+'] as const;

/** The measurement kinds cycled through at each visit: code, system, unit and a value maker returning `value,value_text`. */
const CODES: readonly { prefix: string; make: (rand: RandomSource) => string }[] = [
  { prefix: 'PSA,local,', make: (r) => `${String(randomInt(r, 2000) / 100)},` },
  { prefix: 'EDSS,local,', make: (r) => `${String(randomInt(r, 20) / 2)},` },
  { prefix: 'KI67,local,', make: (r) => `${String(1 + randomInt(r, 95))},` },
  { prefix: '718-7,LOINC,', make: (r) => `${String((100 + randomInt(r, 71)) / 10)},` },
  { prefix: '2160-0,LOINC,', make: (r) => `${String((50 + randomInt(r, 101)) / 100)},` },
  {
    prefix: 'HER2,local,',
    make: (r) => {
      const s = randomInt(r, 4);
      return `${s},${HER2_TEXT[s] as string}`;
    },
  },
  {
    prefix: 'ER,local,',
    make: (r) => {
      const v = randomInt(r, 101);
      return `${v},${v >= 1 ? 'positive' : 'negative'}`;
    },
  },
];
const UNITS = [',ng/mL,bench\n', ',,bench\n', ',%,bench\n', ',g/dL,bench\n', ',mg/dL,bench\n', ',,bench\n', ',%,bench\n'] as const;

async function writeChunk(out: WriteStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function closeStream(out: WriteStream): Promise<void> {
  out.end();
  await once(out, 'finish');
}

/**
 * Write N canonical observation rows and the matching patients CSV.
 * @param file observations CSV path (its folder is created).
 * @param rows number of observation rows (integer >= 0).
 * @param seed random seed (default 1).
 * @param patients the patients CSV path (string), or `{ file, count }`; default
 *   `patients.csv` beside `file` and ceil(rows / 100) patients.
 * @throws {UsageError} for a bad row or patient count, or when both files would be the same.
 * @example await writeObservationsCsv('bench/data/observations.csv', 1_000_000, 1)
 */
export async function writeObservationsCsv(file: string, rows: number, seed = 1, patients?: string | BenchPatientsOptions): Promise<ObservationsCsvResult> {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new UsageError(`rows must be a non-negative integer, got ${rows}`);
  const opts: BenchPatientsOptions = typeof patients === 'string' ? { file: patients } : (patients ?? {});
  const nPatients = opts.count ?? Math.max(1, Math.ceil(rows / 100));
  if (!Number.isSafeInteger(nPatients) || nPatients < 1) throw new UsageError(`patient count must be a positive integer, got ${nPatients}`);
  const obsFile = resolve(file);
  const patientsFile = resolve(opts.file ?? join(dirname(obsFile), 'patients.csv'));
  if (patientsFile === obsFile) throw new UsageError(`observations and patients files must differ: ${obsFile}`);
  mkdirSync(dirname(obsFile), { recursive: true });
  mkdirSync(dirname(patientsFile), { recursive: true });
  const t0 = performance.now();

  const rand = seededRandom(streamSeed(seed, 0xbe4c));
  const used = new Set<string>();
  const pseudonyms: string[] = new Array<string>(nPatients);
  const indexDays = new Int32Array(nPatients);
  const lastDays = new Int32Array(nPatients);
  const firstDay = daysFromCivil(2008, 1, 1);
  for (let p = 0; p < nPatients; p++) {
    let id = `P-${hex10(rand)}`;
    while (used.has(id)) id = `P-${hex10(rand)}`;
    used.add(id);
    pseudonyms[p] = id;
    indexDays[p] = firstDay + randomInt(rand, 730);
  }

  // ISO dates are cached by day offset from 2008-01-01.
  const dateCache: string[] = [];
  const dateOf = (day: number): string => {
    const k = day - firstDay;
    return (dateCache[k] ??= isoFromDays(day));
  };

  const out = createWriteStream(obsFile, { encoding: 'utf8' });
  let bytes = 0;
  try {
    let chunk = OBS_HEADER;
    const base = Math.floor(rows / nPatients);
    const extra = rows % nPatients;
    const nCodes = CODES.length;
    for (let p = 0; p < nPatients; p++) {
      const n = base + (p < extra ? 1 : 0);
      const visits = Math.ceil(n / nCodes);
      const meanGap = Math.max(1, Math.floor(SPAN_DAYS / Math.max(1, visits)));
      let day = indexDays[p] as number;
      let date = dateOf(day);
      const head = `${pseudonyms[p] as string},`;
      for (let k = 0; k < n; k++) {
        const c = k % nCodes;
        if (c === 0 && k > 0) {
          day += 1 + randomInt(rand, 2 * meanGap - 1);
          date = dateOf(day);
        }
        const kind = CODES[c] as (typeof CODES)[number];
        chunk += head + date + ',' + kind.prefix + kind.make(rand) + (UNITS[c] as string);
        if (chunk.length > CHUNK_CHARS) {
          bytes += Buffer.byteLength(chunk);
          await writeChunk(out, chunk);
          chunk = '';
        }
      }
      lastDays[p] = day;
    }
    bytes += Buffer.byteLength(chunk);
    await writeChunk(out, chunk);
  } finally {
    await closeStream(out);
  }

  const pout = createWriteStream(patientsFile, { encoding: 'utf8' });
  try {
    let chunk = PATIENT_HEADER;
    for (let p = 0; p < nPatients; p++) {
      const dx = DIAGNOSES[p % DIAGNOSES.length] as (typeof DIAGNOSES)[number];
      const birthYear = 1935 + randomInt(rand, 60);
      const birthMonth = 1 + randomInt(rand, 12);
      const site = SITES[randomInt(rand, SITES.length)] as string;
      chunk += `${pseudonyms[p] as string},${birthYear},${birthMonth},${dx.sex},${dx.diagnosis},${dx.icd10},${site},${dateOf(indexDays[p] as number)},${dateOf(lastDays[p] as number)},bench\n`;
      if (chunk.length > CHUNK_CHARS) {
        await writeChunk(pout, chunk);
        chunk = '';
      }
    }
    await writeChunk(pout, chunk);
  } finally {
    await closeStream(pout);
  }
  return { observationsFile: obsFile, patientsFile, rows, patients: nPatients, bytes, seconds: (performance.now() - t0) / 1000 };
}

async function main(argv: readonly string[]): Promise<void> {
  const [dir, rowsText, seedText, patientsText] = argv;
  if (!dir || !rowsText) {
    process.stderr.write('Usage: node dist/bench/generate-observations.js OUT_DIR ROWS [SEED] [PATIENTS]\n');
    process.exitCode = 2;
    return;
  }
  const rows = Number(rowsText);
  const seed = seedText === undefined ? 1 : Number(seedText);
  const patientsOpts: BenchPatientsOptions = { file: join(dir, 'patients.csv') };
  if (patientsText !== undefined) patientsOpts.count = Number(patientsText);
  const r = await writeObservationsCsv(join(dir, 'observations.csv'), rows, seed, patientsOpts);
  process.stdout.write(`${JSON.stringify({ ...r, megabytes: Math.round(r.bytes / 2 ** 20), rowsPerSecond: Math.round(r.rows / r.seconds) })}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
