/**
 * The worked model shipped with midia-hub: a Cox model of recurrence-free
 * survival on the German Breast Cancer Study Group 2 data (gbsg, R survival
 * 3.5-3; datasets/gbsg.csv), `Surv(rfstime, status) ~ age + meno + size +
 * grade + nodes + pgr + er + hormon`, Efron ties (R's default), risk at 3 and
 * 5 years (1095.75 and 1826.25 days, monthly grid), apparent and bootstrap
 * optimism-corrected validation (B = 100, seed 20261128), written to
 * models/artifacts/gbsg-cox.json with its model card (also rendered as
 * models/artifacts/gbsg-cox.card.md).
 *
 * Regenerate (after `npm run build`): `node dist/models/artifacts/build-gbsg.js`
 * from the repository root. The test test/models/risk/artifact/gbsg-cox.test.ts
 * checks that the committed files equal a fresh build.
 *
 * References: Schumacher M et al. (1994) J Clin Oncol 12:2086-2093 (GBSG 2
 * trial); Sauerbrei W, Royston P (1999) JRSS-A 162:71-94; Royston P, Altman DG
 * (2013) BMC Med Res Methodol 13:33 (the 686-patient data set).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ColumnTable } from '../design/types.js';
import { modelCardMarkdown } from '../risk/artifact/card-markdown.js';
import { saveModelArtifact } from '../risk/artifact/load.js';
import type { ModelArtifact, ModelCard } from '../risk/artifact/types.js';
import { buildModelArtifact } from '../risk/model/build-artifact.js';
import { coxRiskModel } from '../risk/model/cox-risk-model.js';
import { validateRiskModel } from '../risk/model/validate.js';

/** The formula of the worked model. */
export const GBSG_COX_FORMULA = 'Surv(rfstime, status) ~ age + meno + size + grade + nodes + pgr + er + hormon';
/** 3 and 5 years in days (365.25-day years; points of the monthly grid). */
export const GBSG_HORIZONS: readonly number[] = [1095.75, 1826.25];

/** The model card of the worked model. */
export const GBSG_COX_CARD: ModelCard = {
  title: 'Recurrence-free survival after primary node-positive breast cancer (GBSG 2), Cox model',
  intendedUse:
    'Research demonstration of the midia-hub model artifact and prediction service. NOT for clinical use: not validated for decisions about individual patients.',
  population:
    'German Breast Cancer Study Group 2 trial (1984-1989): 686 women with primary node-positive breast cancer and complete covariates, as distributed with R survival 3.5-3 (gbsg).',
  horizon: '3 and 5 years after study entry (1095.75 and 1826.25 days)',
  outcome: 'Recurrence-free survival: recurrence or death (status = 1), censored at last follow-up.',
  limitations: [
    'Trial cohort treated in the 1980s; treatment, staging and receptor assays have changed since, so absolute risks are likely miscalibrated for patients treated today.',
    'Node-positive patients only (nodes >= 1); the model must not be applied to node-negative disease.',
    'Linear effects and proportional hazards assumed for every covariate (no transformation of nodes or receptors, no time-varying effects); meno, grade and hormon are entered as numbers.',
    'Only apparent and bootstrap optimism-corrected internal validation; no external validation was done for this artifact.',
    'Chemotherapy and other treatments of the trial arms are not in the model; hormon (tamoxifen) is.',
    'Predictions beyond the training range of a covariate are extrapolations and are flagged with a warning.',
  ],
  authors: ['MIDIA Hub analytics engine team'],
  version: '1.0.0',
  references: [
    'Schumacher M et al. (1994) J Clin Oncol 12:2086-2093',
    'Royston P, Altman DG (2013) BMC Med Res Methodol 13:33',
    'Therneau T (2023) survival 3.5-3, dataset gbsg',
  ],
};

/** Covariate descriptions of gbsg (units and codes, as ?survival::gbsg), shared by the worked artifacts. */
export const GBSG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  age: 'age at entry, years',
  meno: 'menopausal status: 0 = premenopausal, 1 = postmenopausal',
  size: 'tumour size, mm',
  grade: 'tumour grade, 1-3',
  nodes: 'number of positive lymph nodes',
  pgr: 'progesterone receptors, fmol/l',
  er: 'oestrogen receptors, fmol/l',
  hormon: 'hormonal therapy (tamoxifen): 0 = no, 1 = yes',
};

/** Options of {@link buildGbsgCoxArtifact}. */
export interface GbsgBuildOptions {
  /** Bootstrap replicates of the optimism-corrected C. Default 100. */
  bootstrap?: number;
  /** Build timestamp. Default '2026-11-28T00:00:00.000Z' (fixed, so the file is reproducible). */
  createdAt?: string;
}

/**
 * Builds the worked gbsg Cox artifact from the gbsg columns.
 *
 * @param gbsg datasets/gbsg.csv as columns; not modified.
 * @param options bootstrap (100), createdAt (fixed).
 * @returns the artifact.
 * @example saveModelArtifact(buildGbsgCoxArtifact(readCsvColumns('datasets/gbsg.csv')))
 */
export function buildGbsgCoxArtifact(gbsg: ColumnTable, options: GbsgBuildOptions = {}): ModelArtifact {
  const spec = coxRiskModel(GBSG_COX_FORMULA, { ties: 'efron', grid: { timeUnit: 'days' } });
  const model = spec.fit(gbsg);
  const validation = validateRiskModel(spec, model, gbsg, { horizons: GBSG_HORIZONS, bootstrap: options.bootstrap ?? 100, seed: 20261128 });
  return buildModelArtifact(model, {
    id: 'gbsg-cox',
    card: GBSG_COX_CARD,
    horizons: GBSG_HORIZONS,
    validation,
    createdAt: options.createdAt ?? '2026-11-28T00:00:00.000Z',
    descriptions: GBSG_DESCRIPTIONS,
  });
}

/** Minimal reader of an all-numeric CSV with a header (empty field = NaN), for the build scripts. */
export function readNumericCsv(path: string): ColumnTable {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  const names = lines[0]!.split(',').map((s) => s.replace(/^"|"$/g, ''));
  const cols = names.map(() => new Float64Array(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const f = lines[r]!.split(',');
    names.forEach((_, c) => (cols[c]![r - 1] = f[c] === '' || f[c] === undefined ? NaN : Number(f[c])));
  }
  return Object.fromEntries(names.map((n, c) => [n, cols[c]!]));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const artifact = buildGbsgCoxArtifact(readNumericCsv('datasets/gbsg.csv'));
  writeFileSync('models/artifacts/gbsg-cox.json', saveModelArtifact(artifact));
  writeFileSync('models/artifacts/gbsg-cox.card.md', modelCardMarkdown(artifact));
  process.stdout.write(`wrote models/artifacts/gbsg-cox.json (C = ${artifact.validation!.harrellC.toFixed(4)}, corrected ${artifact.validation!.optimismCorrectedC?.toFixed(4)})\n`);
}
