/**
 * The worked random-survival-forest model shipped with midia-hub, beside the
 * Cox model of build-gbsg.ts: recurrence-free survival on the German Breast
 * Cancer Study Group 2 data (gbsg, R survival 3.5-3; datasets/gbsg.csv) with
 * the same covariates, `Surv(rfstime, status) ~ age + meno + size + grade +
 * nodes + pgr + er + hormon`, 100 trees, mtry 2 (floor(sqrt(8))), minimum
 * node size 15 bootstrap samples, every midpoint tried, seed 20261128,
 * permutation importance; leaf cumulative hazards on the monthly grid; risk at
 * 3 and 5 years; apparent and bootstrap optimism-corrected validation
 * (B = 100, seed 20261128; the refits skip the importance, which does not
 * change a forest). Every leaf holds at least 5 distinct training patients
 * (the export's floor). Written to models/artifacts/gbsg-rsf.json (0.94 MB:
 * 100 trees, 3,225 leaves, ~17,000 stored leaf values) with its card
 * models/artifacts/gbsg-rsf.card.md.
 *
 * Regenerate (after `npm run build`): `node dist/models/artifacts/build-gbsg-rsf.js`
 * from the repository root (1-2 minutes, mostly the bootstrap). The test
 * test/models/risk/artifact/gbsg-rsf.test.ts checks that the committed forest
 * equals a fresh build (without re-running the bootstrap).
 *
 * References: Schumacher M et al. (1994) J Clin Oncol 12:2086-2093 (GBSG 2
 * trial); Ishwaran H et al. (2008) Ann Appl Stat 2:841-860 (random survival
 * forests); Wright MN, Ziegler A (2017) J Stat Softw 77(1) (ranger).
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ColumnTable } from '../design/types.js';
import { modelCardMarkdown } from '../risk/artifact/card-markdown.js';
import { saveModelArtifact } from '../risk/artifact/load.js';
import type { ModelArtifact, ModelCard, ValidationSummary } from '../risk/artifact/types.js';
import { buildModelArtifact } from '../risk/model/build-artifact.js';
import { rsfRiskModel } from '../risk/model/rsf-risk-model.js';
import type { RsfRiskModelOptions } from '../risk/model/rsf-risk-model.js';
import { validateRiskModel } from '../risk/model/validate.js';
import { GBSG_DESCRIPTIONS, readNumericCsv } from './build-gbsg.js';

/** The formula of the worked forest (the covariates of gbsg-cox). */
export const GBSG_RSF_FORMULA = 'Surv(rfstime, status) ~ age + meno + size + grade + nodes + pgr + er + hormon';
/** 3 and 5 years in days (365.25-day years; points of the monthly grid). */
export const GBSG_RSF_HORIZONS: readonly number[] = [1095.75, 1826.25];
/** Forest settings of the worked model (nTrees 100, minNodeSize 15, seed 20261128; mtry and nSplit as the defaults). */
export const GBSG_RSF_OPTIONS: RsfRiskModelOptions = { nTrees: 100, minNodeSize: 15, seed: 20261128, importance: 'permutation', grid: { timeUnit: 'days' } };

/** The model card of the worked forest. */
export const GBSG_RSF_CARD: ModelCard = {
  title: 'Recurrence-free survival after primary node-positive breast cancer (GBSG 2), random survival forest',
  intendedUse:
    'Research demonstration of forest models in the midia-hub model artifact and prediction service. NOT for clinical use: not validated for decisions about individual patients.',
  population:
    'German Breast Cancer Study Group 2 trial (1984-1989): 686 women with primary node-positive breast cancer and complete covariates, as distributed with R survival 3.5-3 (gbsg).',
  horizon: '3 and 5 years after study entry (1095.75 and 1826.25 days)',
  outcome: 'Recurrence-free survival: recurrence or death (status = 1), censored at last follow-up.',
  limitations: [
    'Trial cohort treated in the 1980s; treatment, staging and receptor assays have changed since, so absolute risks are likely miscalibrated for patients treated today.',
    'Node-positive patients only (nodes >= 1); the model must not be applied to node-negative disease.',
    'A forest does not extrapolate: beyond the training range of a covariate the prediction is that of the most extreme training patients (flagged with a warning).',
    "The apparent C of a forest is strongly optimistic (the trees have seen the patients). Of the internal estimates, the forest's out-of-bag C is the more conservative here: Harrell's bootstrap optimism correction under-corrects a model that nearly memorises its training rows. No external validation was done.",
    'Leaf cumulative hazards are stored on a monthly grid, so risks are step functions of the horizon; each leaf holds at least 15 bootstrap samples. Split thresholds are midpoints between neighbouring training values of a covariate.',
    'meno, grade and hormon are entered as numbers, as in the Cox model gbsg-cox; chemotherapy arms of the trial are not in the model.',
  ],
  authors: ['MIDIA Hub analytics engine team'],
  version: '1.0.0',
  references: [
    'Schumacher M et al. (1994) J Clin Oncol 12:2086-2093',
    'Ishwaran H, Kogalur UB, Blackstone EH, Lauer MS (2008) Ann Appl Stat 2:841-860',
    'Wright MN, Ziegler A (2017) J Stat Softw 77(1) (ranger)',
    'Therneau T (2023) survival 3.5-3, dataset gbsg',
  ],
};

/** Options of {@link buildGbsgRsfArtifact}. */
export interface GbsgRsfBuildOptions {
  /** Bootstrap replicates of the optimism-corrected C. Default 100; 0 skips the bootstrap. */
  bootstrap?: number;
  /** Use this validation section instead of computing one (e.g. the committed file's, to compare a rebuild). */
  validation?: ValidationSummary;
  /** Build timestamp. Default '2026-11-28T00:00:00.000Z' (fixed, so the file is reproducible). */
  createdAt?: string;
}

/**
 * Builds the worked gbsg forest artifact from the gbsg columns.
 *
 * @param gbsg datasets/gbsg.csv as columns; not modified.
 * @param options bootstrap (100), validation (computed), createdAt (fixed).
 * @returns the artifact.
 * @example saveModelArtifact(buildGbsgRsfArtifact(readCsvColumns('datasets/gbsg.csv')))
 */
export function buildGbsgRsfArtifact(gbsg: ColumnTable, options: GbsgRsfBuildOptions = {}): ModelArtifact {
  const model = rsfRiskModel(GBSG_RSF_FORMULA, GBSG_RSF_OPTIONS).fit(gbsg);
  let validation = options.validation;
  if (!validation) {
    const refit = rsfRiskModel(GBSG_RSF_FORMULA, { ...GBSG_RSF_OPTIONS, importance: 'none' });
    const v = validateRiskModel(refit, model, gbsg, { horizons: GBSG_RSF_HORIZONS, bootstrap: options.bootstrap ?? 100, seed: 20261128 });
    const oob = model.details.oobHarrellC as number | null;
    validation = { ...v, note: `${v.note}; forest out-of-bag Harrell's C ${oob === null ? 'undefined' : oob.toFixed(4)}` };
  }
  return buildModelArtifact(model, {
    id: 'gbsg-rsf',
    card: GBSG_RSF_CARD,
    horizons: GBSG_RSF_HORIZONS,
    validation,
    createdAt: options.createdAt ?? '2026-11-28T00:00:00.000Z',
    descriptions: GBSG_DESCRIPTIONS,
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const artifact = buildGbsgRsfArtifact(readNumericCsv('datasets/gbsg.csv'));
  const text = saveModelArtifact(artifact);
  writeFileSync('models/artifacts/gbsg-rsf.json', text);
  writeFileSync('models/artifacts/gbsg-rsf.card.md', modelCardMarkdown(artifact));
  process.stdout.write(
    `wrote models/artifacts/gbsg-rsf.json (${(Buffer.byteLength(text) / 1e6).toFixed(2)} MB; C = ${artifact.validation!.harrellC.toFixed(4)}, corrected ${artifact.validation!.optimismCorrectedC?.toFixed(4)})\n`,
  );
}
