/**
 * Catalogue of the public survival datasets shipped in `datasets/*.csv`.
 *
 * Provenance: exported unchanged from R's survival package, version 3.5-3
 * (Debian package r-cran-survival), with
 * `write.csv(survival::NAME, row.names = FALSE, na = "")`: header row, empty
 * field = missing, factor columns as their labels, integer codings as in R.
 * Documentation of each dataset: `?survival::NAME` in R. The survival package
 * is LGPL; the datasets are published research data distributed with it.
 * Integrity: `datasets/SHA256SUMS` (checked by test/datasets/public.test.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../util/errors.js';

/** One public dataset of the catalogue. */
export interface PublicDataset {
  /** Name as in R (`survival::<name>`). */
  readonly name: string;
  /** CSV path relative to the package root, e.g. `datasets/gbsg.csv`. */
  readonly file: string;
  /** Number of data rows (header excluded). */
  readonly rows: number;
  /** Column names in file order. */
  readonly columns: readonly string[];
  /** What the data are. */
  readonly description: string;
  /** Time column(s): one for right-censored data, `[start, stop]` for counting-process data. */
  readonly time: readonly string[];
  /** Status / event column(s), paired with `time` where there are several endpoints. */
  readonly status: readonly string[];
  /** Coding of the status column(s). */
  readonly statusCoding: string;
}

/** The datasets in `datasets/`, in alphabetical order. */
export const PUBLIC_DATASETS: readonly PublicDataset[] = [
  {
    name: 'bladder',
    file: 'datasets/bladder.csv',
    rows: 340,
    columns: ['id', 'rx', 'number', 'size', 'stop', 'event', 'enum'],
    description: 'Recurrent bladder cancer (Wei, Lin and Weissfeld format: up to 4 rows per patient, enum = recurrence number)',
    time: ['stop'],
    status: ['event'],
    statusCoding: '1 = recurrence, 0 = censored',
  },
  {
    name: 'cgd',
    file: 'datasets/cgd.csv',
    rows: 203,
    columns: ['id', 'center', 'random', 'treat', 'sex', 'age', 'height', 'weight', 'inherit', 'steroids', 'propylac', 'hos.cat', 'tstart', 'enum', 'tstop', 'status'],
    description: 'Chronic granulomatous disease: recurrent serious infections, gamma interferon versus placebo, counting-process form',
    time: ['tstart', 'tstop'],
    status: ['status'],
    statusCoding: '1 = infection at tstop, 0 = censored',
  },
  {
    name: 'colon',
    file: 'datasets/colon.csv',
    rows: 1858,
    columns: ['id', 'study', 'rx', 'sex', 'age', 'obstruct', 'perfor', 'adhere', 'nodes', 'status', 'differ', 'extent', 'surg', 'node4', 'time', 'etype'],
    description: 'Adjuvant chemotherapy (levamisole, 5-FU) for stage B/C colon cancer; two rows per patient (etype 1 recurrence, 2 death)',
    time: ['time'],
    status: ['status'],
    statusCoding: '1 = event of type etype, 0 = censored',
  },
  {
    name: 'gbsg',
    file: 'datasets/gbsg.csv',
    rows: 686,
    columns: ['pid', 'age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon', 'rfstime', 'status'],
    description: 'German Breast Cancer Study Group 2: node-positive breast cancer, recurrence-free survival with age, menopause, tumour size and grade, positive nodes, progesterone and estrogen receptors, hormonal therapy',
    time: ['rfstime'],
    status: ['status'],
    statusCoding: '1 = recurrence or death, 0 = censored',
  },
  {
    name: 'heart',
    file: 'datasets/heart.csv',
    rows: 172,
    columns: ['start', 'stop', 'event', 'age', 'year', 'surgery', 'transplant', 'id'],
    description: 'Stanford heart transplant programme: survival with time-varying transplant status, counting-process form',
    time: ['start', 'stop'],
    status: ['event'],
    statusCoding: '1 = death at stop, 0 = censored',
  },
  {
    name: 'lung',
    file: 'datasets/lung.csv',
    rows: 228,
    columns: ['inst', 'time', 'status', 'age', 'sex', 'ph.ecog', 'ph.karno', 'pat.karno', 'meal.cal', 'wt.loss'],
    description: 'NCCTG advanced lung cancer: survival with performance scores',
    time: ['time'],
    status: ['status'],
    statusCoding: '1 = censored, 2 = dead',
  },
  {
    name: 'mgus2',
    file: 'datasets/mgus2.csv',
    rows: 1384,
    columns: ['id', 'age', 'sex', 'dxyr', 'hgb', 'creat', 'mspike', 'ptime', 'pstat', 'futime', 'death'],
    description: 'Monoclonal gammopathy of undetermined significance: progression to plasma cell malignancy and death (a competing-risks example)',
    time: ['ptime', 'futime'],
    status: ['pstat', 'death'],
    statusCoding: 'pstat: 1 = progression at ptime; death: 1 = dead at futime; 0 = censored',
  },
  {
    name: 'ovarian',
    file: 'datasets/ovarian.csv',
    rows: 26,
    columns: ['futime', 'fustat', 'age', 'resid.ds', 'rx', 'ecog.ps'],
    description: 'Ovarian cancer trial comparing two treatments',
    time: ['futime'],
    status: ['fustat'],
    statusCoding: '1 = dead, 0 = censored',
  },
  {
    name: 'pbc',
    file: 'datasets/pbc.csv',
    rows: 418,
    columns: ['id', 'time', 'status', 'trt', 'age', 'sex', 'ascites', 'hepato', 'spiders', 'edema', 'bili', 'chol', 'albumin', 'copper', 'alk.phos', 'ast', 'trig', 'platelet', 'protime', 'stage'],
    description: 'Mayo Clinic primary biliary cholangitis trial (312 randomized, 106 followed only)',
    time: ['time'],
    status: ['status'],
    statusCoding: '0 = censored, 1 = transplant, 2 = dead',
  },
  {
    name: 'rotterdam',
    file: 'datasets/rotterdam.csv',
    rows: 2982,
    columns: ['pid', 'year', 'age', 'meno', 'size', 'grade', 'nodes', 'pgr', 'er', 'hormon', 'chemo', 'rtime', 'recur', 'dtime', 'death'],
    description: 'Rotterdam tumour bank: primary breast cancer, recurrence and death',
    time: ['rtime', 'dtime'],
    status: ['recur', 'death'],
    statusCoding: 'recur: 1 = recurrence at rtime; death: 1 = dead at dtime; 0 = censored',
  },
  {
    name: 'veteran',
    file: 'datasets/veteran.csv',
    rows: 137,
    columns: ['trt', 'celltype', 'time', 'status', 'karno', 'diagtime', 'age', 'prior'],
    description: "Veterans' Administration lung cancer trial: standard versus test chemotherapy",
    time: ['time'],
    status: ['status'],
    statusCoding: '1 = dead, 0 = censored',
  },
];

/** Names of the public datasets. */
export type PublicDatasetName = 'bladder' | 'cgd' | 'colon' | 'gbsg' | 'heart' | 'lung' | 'mgus2' | 'ovarian' | 'pbc' | 'rotterdam' | 'veteran';

let cachedRoot: string | null = null;

/**
 * Absolute path of the package root: the nearest directory at or above this
 * module that holds a `package.json`. Works from the TypeScript source
 * (`datasets/public.ts`) and from the compiled output (`dist/datasets/public.js`).
 * @throws {UsageError} when no `package.json` is found above the module.
 */
export function packageRoot(): string {
  if (cachedRoot !== null) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new UsageError(`No package.json found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/**
 * Catalogue entry of a public dataset.
 * @throws {UsageError} for an unknown name (the message lists the known ones).
 * @example publicDataset('gbsg').rows // => 686
 */
export function publicDataset(name: string): PublicDataset {
  const entry = PUBLIC_DATASETS.find((d) => d.name === name);
  if (!entry) throw new UsageError(`Unknown dataset: ${name} (known: ${PUBLIC_DATASETS.map((d) => d.name).join(', ')})`);
  return entry;
}

/**
 * Absolute path of a public dataset's CSV file.
 * @param name dataset name as in R, e.g. `gbsg`.
 * @throws {UsageError} for an unknown name.
 * @example datasetPath('lung') // => '/path/to/midia-hub/datasets/lung.csv'
 */
export function datasetPath(name: PublicDatasetName | (string & {})): string {
  return resolve(packageRoot(), publicDataset(name).file);
}
