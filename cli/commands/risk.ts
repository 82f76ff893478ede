/**
 * `midia risk train|evaluate|compare|predict`: deployable risk models as
 * versioned JSON artifacts (models/risk/artifact): train a Cox, penalized
 * Cox or random survival forest model and write its artifact with a model
 * card and validation; evaluate
 * an artifact on a data set (Harrell's and Uno's C, IPCW time-dependent AUC
 * and Brier score at horizons); compare two artifacts on the same patients
 * (difference in Harrell's C with a paired bootstrap interval); predict risk
 * for the rows of a file or one patient given as JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ColumnTable } from '../../models/design/types.js';
import { loadModelArtifact, saveModelArtifact } from '../../models/risk/artifact/load.js';
import { predictRisk } from '../../models/risk/artifact/predict-risk.js';
import type { ModelArtifact, ModelCard, PatientInput, RiskPrediction } from '../../models/risk/artifact/types.js';
import { brierScore } from '../../models/risk/metrics/brier.js';
import { compareConcordance } from '../../models/risk/metrics/compare.js';
import { harrellC } from '../../models/risk/metrics/harrell-c.js';
import { timeDependentAuc } from '../../models/risk/metrics/td-auc.js';
import { unoC } from '../../models/risk/metrics/uno-c.js';
import { buildModelArtifact } from '../../models/risk/model/build-artifact.js';
import { coxRiskModel } from '../../models/risk/model/cox-risk-model.js';
import { coxnetRiskModel } from '../../models/risk/model/coxnet-risk-model.js';
import { rsfRiskModel, RSF_MODEL_MIN_NODE_SIZE } from '../../models/risk/model/rsf-risk-model.js';
import type { RsfRiskModelOptions } from '../../models/risk/model/rsf-risk-model.js';
import type { RiskModel } from '../../models/risk/model/types.js';
import { validateRiskModel } from '../../models/risk/model/validate.js';
import { qnorm } from '../../models/stats/distributions.js';
import { DataValidationError, UsageError } from '../../util/errors.js';
import { requireMinimumCounts } from '../../engine/disclosure/access-level.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, numberListFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, CommandIO, ParsedArgs } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, loadAnalysisData } from '../io.js';
import { jsonText, progressBar, textTable, writeLine } from '../output.js';

const DATA_FLAGS = ['data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS];
const UNIT_DAYS = { days: 1, months: 365.25 / 12, years: 365.25 } as const;
const UNITS = ['days', 'months', 'years'] as const;

/** Reads and validates an artifact file (errors name the file). */
function readArtifact(path: string): ModelArtifact {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`Cannot read model '${path}': ${(e as Error).message}`);
  }
  return loadModelArtifact(text, { source: path });
}

/** `Surv(time, status)` column names of an artifact's formula, or the --time/--status flags. */
function responseColumns(a: ModelArtifact, args: ParsedArgs): { time: string; status: string } {
  const m = /Surv\(\s*([^,()]+?)\s*,\s*([^,()]+?)\s*\)/.exec(a.formula ?? '');
  const time = stringFlag(args, 'time') ?? m?.[1];
  const status = stringFlag(args, 'status') ?? m?.[2];
  if (!time || !status) throw new UsageError(`Model '${a.id}' has no Surv(time, status) formula: give --time COL and --status COL`);
  return { time, status };
}

function numericColumn(data: ColumnTable, name: string, source: string): Float64Array {
  const col = data[name];
  if (col === undefined) throw new UsageError(`Column '${name}' is not in ${source} (columns: ${Object.keys(data).join(', ')})`);
  if (!(col instanceof Float64Array)) throw new DataValidationError([{ file: source, row: 0, field: name, message: `column '${name}' must be numeric` }]);
  return col;
}

/**
 * The rows of `data` as patient objects for `a`: numeric covariates as
 * numbers, categorical ones as strings (a numeric column's value 2 becomes
 * level "2"). Rows with a missing covariate are left out and counted.
 */
function patientsFromTable(a: ModelArtifact, data: ColumnTable, source: string, extraRows?: (i: number) => boolean): { patients: PatientInput[]; rows: number[]; dropped: number } {
  const n = Object.values(data)[0]?.length ?? 0;
  const cols = a.covariates.map((c) => {
    const col = data[c.name];
    if (col === undefined) throw new UsageError(`Model '${a.id}' needs column '${c.name}', not in ${source}`);
    return col;
  });
  const patients: PatientInput[] = [];
  const rows: number[] = [];
  let dropped = 0;
  for (let i = 0; i < n; i++) {
    const p: Record<string, number | string> = {};
    let ok = extraRows ? extraRows(i) : true;
    a.covariates.forEach((c, k) => {
      const col = cols[k]!;
      const v = col[i];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) ok = false;
      else if (c.type === 'numeric') {
        if (typeof v === 'number') p[c.name] = v;
        else {
          const num = Number(v);
          if (String(v).trim() === '' || !Number.isFinite(num)) ok = false;
          else p[c.name] = num;
        }
      } else p[c.name] = typeof v === 'number' ? String(v) : v;
    });
    if (ok) {
      patients.push(p);
      rows.push(i);
    } else dropped++;
  }
  return { patients, rows, dropped };
}

/** Horizons from --horizons (in --horizon-unit, default the model's unit) converted to the model's time unit. */
function horizonsFor(a: ModelArtifact, args: ParsedArgs): number[] {
  const given = numberListFlag(args, 'horizons');
  if (!given) return [...a.horizons];
  const unit = choiceFlag(args, 'horizon-unit', UNITS, a.timeUnit);
  return given.map((h) => (h * UNIT_DAYS[unit]) / UNIT_DAYS[a.timeUnit]);
}

/** Risk at each horizon per patient, as one Float64Array per horizon. */
function riskColumns(pred: RiskPrediction): Float64Array[] {
  return pred.horizons.map((_, k) => Float64Array.from(pred.predictions, (p) => p.risk[k] as number));
}

interface Outcome { time: Float64Array; status: Float64Array }

function outcomeOf(data: ColumnTable, cols: { time: string; status: string }, rows: readonly number[], source: string): Outcome {
  const t = numericColumn(data, cols.time, source);
  const s = numericColumn(data, cols.status, source);
  return { time: Float64Array.from(rows, (i) => t[i]!), status: Float64Array.from(rows, (i) => (s[i] === 1 ? 1 : 0)) };
}

function outcomePresent(data: ColumnTable, cols: { time: string; status: string }, source: string): (i: number) => boolean {
  const t = numericColumn(data, cols.time, source);
  const s = numericColumn(data, cols.status, source);
  return (i) => Number.isFinite(t[i]!) && Number.isFinite(s[i]!);
}

const fixed = (v: number, d = 4): string => (Number.isFinite(v) ? v.toFixed(d) : 'NA');

/** An optional integer flag (>= min). */
function intFlag(args: ParsedArgs, name: string, min: number): number | undefined {
  const v = numberFlag(args, name);
  if (v !== undefined && !(Number.isInteger(v) && v >= min)) throw new UsageError(`--${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

/** Forest options from --trees, --mtry, --min-node-size, --nsplit, --max-depth, --importance, --seed. */
function forestOptions(args: ParsedArgs, seed: number): RsfRiskModelOptions {
  const o: RsfRiskModelOptions = { seed, importance: choiceFlag(args, 'importance', ['permutation', 'none'] as const, 'permutation') };
  const trees = intFlag(args, 'trees', 1);
  const mtry = intFlag(args, 'mtry', 1);
  const minNodeSize = intFlag(args, 'min-node-size', 1);
  const nSplit = intFlag(args, 'nsplit', 0);
  const maxDepth = intFlag(args, 'max-depth', 0);
  if (trees !== undefined) o.nTrees = trees;
  if (mtry !== undefined) o.mtry = mtry;
  if (minNodeSize !== undefined) o.minNodeSize = minNodeSize;
  if (nSplit !== undefined) o.nSplit = nSplit;
  if (maxDepth !== undefined) o.maxDepth = maxDepth;
  return o;
}

const FOREST_FLAGS = ['trees', 'mtry', 'min-node-size', 'nsplit', 'max-depth', 'importance'];
const KIND_TITLES = { cox: 'Cox model', coxnet: 'Penalized Cox model', rsf: 'Random survival forest' } as const;
const orNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

// ---------------------------------------------------------------- train

async function train(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...DATA_FLAGS, 'formula', 'kind', 'horizons', 'horizon-unit', 'time-unit', 'out', 'id', 'alpha', 'lambda', 'nfolds', 'seed', 'bootstrap', 'title', 'intended-use', 'population', 'author', 'model-version', 'created-at', ...FOREST_FLAGS]);
  const formula = requiredFlag(args, 'formula');
  const kind = choiceFlag(args, 'kind', ['cox', 'coxnet', 'rsf'] as const, 'cox');
  if (kind !== 'rsf') for (const f of FOREST_FLAGS) if (stringFlag(args, f) !== undefined) throw new UsageError(`--${f} applies to --kind rsf only`);
  const out = requiredFlag(args, 'out');
  const timeUnit = choiceFlag(args, 'time-unit', UNITS, 'days');
  const horizonUnit = choiceFlag(args, 'horizon-unit', UNITS, 'years');
  const given = numberListFlag(args, 'horizons') ?? [3, 5];
  const horizons = given.map((h) => (h * UNIT_DAYS[horizonUnit]) / UNIT_DAYS[timeUnit]);
  const seed = numberFlag(args, 'seed', 1) as number;
  const bootstrap = numberFlag(args, 'bootstrap', 0) as number;
  if (!(Number.isInteger(bootstrap) && bootstrap >= 0)) throw new UsageError(`--bootstrap must be a non-negative integer, got ${bootstrap}`);
  const id = stringFlag(args, 'id', out.replace(/^.*[\\/]/, '').replace(/\.json$/i, '').toLowerCase().replace(/[^a-z0-9._-]/g, '-'));
  const grid = { timeUnit };
  let spec: RiskModel;
  // the model refitted by the bootstrap validation (the forest's permutation importance does not change the forest: skipped there)
  let refit: RiskModel | null = null;
  if (kind === 'cox') spec = coxRiskModel(formula, { grid });
  else if (kind === 'rsf') {
    const fo = forestOptions(args, seed);
    spec = rsfRiskModel(formula, { ...fo, grid });
    refit = rsfRiskModel(formula, { ...fo, importance: 'none', grid });
  } else {
    const alpha = numberFlag(args, 'alpha', 1) as number;
    if (!(alpha >= 0 && alpha <= 1)) throw new UsageError(`--alpha must be in [0, 1], got ${alpha}`);
    const lambda = numberFlag(args, 'lambda');
    const nfolds = numberFlag(args, 'nfolds', 10) as number;
    spec = coxnetRiskModel(formula, { alpha, nfolds, seed, grid, ...(lambda !== undefined ? { lambda } : {}) });
  }
  if (stringFlag(args, 'db')) throw new UsageError('risk train writes a model file: train on an exported --data file (the --db path would put cohort aggregates in the artifact outside the study ledger)');
  const { data, source } = await loadAnalysisData(args, io);
  const trained = spec.fit(data);
  const grid0 = trained.baseline.grid;
  const gmax = grid0[grid0.length - 1] as number;
  for (const h of horizons)
    if (!(h > 0 && h <= gmax)) throw new UsageError(`horizon ${h} ${timeUnit} is outside the baseline grid (0, ${gmax}] ${timeUnit} (the grid ends where fewer than 10 patients remain at risk)`);
  const validation = validateRiskModel(refit ?? spec, trained, data, { horizons, bootstrap, seed, onProgress: progressBar(io.stderr, io.showProgress) });
  const version = stringFlag(args, 'model-version', '0.1.0');
  const hText = given.map((h) => `${h} ${horizonUnit}`).join(' and ');
  const card: ModelCard = {
    title: stringFlag(args, 'title', `${KIND_TITLES[kind]} ${formula}`),
    intendedUse: stringFlag(args, 'intended-use', 'Research use: risk estimates for the outcome of the formula; not validated for clinical decisions.'),
    population: stringFlag(args, 'population', `Patients like those in ${source.replace(/^.*[\\/]/, '')} (see trainingSummary)`),
    horizon: hText,
    limitations: [
      'Apparent validation on the training data unless stated otherwise; validate externally before use.',
      kind === 'rsf'
        ? "Leaf cumulative hazards on a monthly grid: risks are step functions of the horizon; the apparent C of a forest is optimistic (see the forest's out-of-bag C)."
        : 'Baseline hazard on a monthly grid: risks are step functions of the horizon.',
    ],
    authors: [stringFlag(args, 'author', 'midia risk train')],
    version,
  };
  const createdAt = stringFlag(args, 'created-at');
  const buildOptions = { id, card, horizons, validation, ...(createdAt ? { createdAt } : {}) };
  const artifact = buildModelArtifact(trained, buildOptions);
  const text = saveModelArtifact(artifact);
  writeFileSync(out, text);
  const summary = {
    out,
    id: artifact.id,
    kind: artifact.kind,
    version: artifact.version,
    n: artifact.trainingSummary.n,
    events: artifact.trainingSummary.events,
    nDropped: artifact.trainingSummary.nDropped,
    timeUnit,
    horizons,
    validation,
    columns: artifact.preprocessing.columns.map((c) => c.name),
    coefficients: artifact.predictor.type === 'linear' ? artifact.predictor.coefficients : null,
    forest:
      artifact.predictor.type === 'forest'
        ? {
            settings: artifact.predictor.settings,
            leaves: artifact.predictor.leafStart.length - 1,
            minLeafPatients: artifact.predictor.minLeafPatients,
            oobHarrellC: artifact.predictor.oobHarrellC,
            importance: artifact.predictor.importance,
            bytes: Buffer.byteLength(text),
          }
        : null,
    warnings: [...trained.warnings],
  };
  if (hasFlag(args, 'json')) writeLine(io.stdout, jsonText(summary));
  else {
    writeLine(
      io.stdout,
      `Wrote ${out}: ${artifact.kind} model '${artifact.id}' v${artifact.version}, n = ${summary.n}, events = ${summary.events}\n` +
        `Harrell C (apparent) = ${fixed(validation.harrellC)}${validation.optimismCorrectedC !== null ? `, optimism-corrected = ${fixed(validation.optimismCorrectedC)} (${validation.bootstrapReplicates} bootstrap)` : ''}\n` +
        (summary.forest ? `Forest: ${summary.forest.settings.nTrees} trees, ${summary.forest.leaves} leaves, out-of-bag C = ${fixed(summary.forest.oobHarrellC ?? NaN)}\n` : '') +
        textTable(['horizon', 'AUC', 'Brier'], validation.auc.map((a, k) => [a.horizon, a.auc, validation.brier[k]?.brier ?? null])) +
        (summary.warnings.length ? `\nWarnings:\n${summary.warnings.map((w) => `  ${w}`).join('\n')}` : ''),
    );
  }
  return 0;
}

// ---------------------------------------------------------------- evaluate

/** JSON of `midia risk evaluate`. */
export interface RiskEvaluation {
  model: { id: string; version: string; kind: string };
  source: string;
  n: number;
  events: number;
  /** Rows left out for a missing covariate or outcome (with --db: null when below the study's minimum cell count). */
  dropped: number | null;
  timeUnit: string;
  /** Harrell's C of the model score with its infinitesimal-jackknife SE and a normal interval. */
  harrellC: { c: number; se: number; lower: number; upper: number };
  /** Uno's C truncated at the largest horizon. */
  unoC: { c: number | null; tau: number };
  /** With --db, cases or controls below the study's minimum cell count are null, and so is the AUC on them. */
  auc: { horizon: number; auc: number | null; cases: number | null; controls: number | null }[];
  brier: { horizon: number; brier: number | null; brierNull: number | null }[];
  warnings: string[];
}

async function evaluate(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...DATA_FLAGS, 'model', 'horizons', 'horizon-unit', 'time', 'status', 'conf-level']);
  const a = readArtifact(requiredFlag(args, 'model'));
  const horizons = horizonsFor(a, args);
  const level = numberFlag(args, 'conf-level', 0.95) as number;
  const { data, source, run } = await loadAnalysisData(args, io);
  const cols = responseColumns(a, args);
  const { patients, rows, dropped } = patientsFromTable(a, data, source, outcomePresent(data, cols, source));
  if (patients.length === 0) throw new DataValidationError([{ file: source, row: 0, field: null, message: 'no complete rows to evaluate' }]);
  const pred = predictRisk(a, patients, horizons, { survivalCurve: false });
  const { time, status } = outcomeOf(data, cols, rows, source);
  const score = Float64Array.from(pred.predictions, (p) => p.score);
  const h = harrellC(time, status, score);
  if (!(level > 0 && level < 1)) throw new UsageError(`--conf-level must be in (0, 1), got ${level}`);
  const z = qnorm(1 - (1 - level) / 2);
  const tau = Math.max(...pred.horizons);
  const auc = timeDependentAuc(time, status, riskColumns(pred), pred.horizons);
  const brier = brierScore(time, status, riskColumns(pred), pred.horizons);
  let events = 0;
  for (const s of status) events += s;
  const warnings = [...new Set(pred.predictions.flatMap((p) => p.warnings))];
  const result: RiskEvaluation = {
    model: { id: a.id, version: a.version, kind: a.kind },
    source,
    n: patients.length,
    events,
    dropped,
    timeUnit: a.timeUnit,
    harrellC: { c: h.c, se: h.se, lower: h.c - z * h.se, upper: h.c + z * h.se },
    unoC: { c: orNull(unoC(time, status, score, { tau })), tau },
    auc: pred.horizons.map((t, k) => ({ horizon: t, auc: orNull(auc.auc[k]!), cases: auc.cases[k]!, controls: auc.controls[k]! })),
    brier: pred.horizons.map((t, k) => ({ horizon: t, brier: orNull(brier.brier[k]!), brierNull: orNull(brier.brierNull[k]!) })),
    warnings: dropped ? [`${dropped} rows with a missing covariate or outcome left out`, ...warnings] : warnings,
  };
  if (run) {
    // --db: no evaluation on fewer rows or events than the study's minimum cell count; small counts hidden.
    const t = run.disclosure.threshold;
    requireMinimumCounts({ n: result.n, events: result.events }, t, 'risk evaluate');
    const small = (x: number | null) => x !== null && x > 0 && x < t;
    if (small(result.dropped)) {
      result.dropped = null;
      result.warnings = result.warnings.map((w) => (w.endsWith('rows with a missing covariate or outcome left out') ? `fewer than ${t} rows with a missing covariate or outcome left out` : w));
    }
    result.auc = result.auc.map((r) => (small(r.cases) || small(r.controls) ? { horizon: r.horizon, auc: null, cases: small(r.cases) ? null : r.cases, controls: small(r.controls) ? null : r.controls } : r));
    await run.record('risk evaluate', args, { n: result.n, events: result.events, harrellC: result.harrellC.c });
  }
  if (hasFlag(args, 'json')) writeLine(io.stdout, jsonText(result));
  else {
    writeLine(
      io.stdout,
      `Model ${a.id} v${a.version} on ${source}: n = ${result.n}, events = ${events}${result.dropped === null ? ', rows left out (fewer than the minimum cell count)' : result.dropped ? `, ${result.dropped} rows left out` : ''}\n` +
        `Harrell C = ${fixed(h.c)} (${Math.round(level * 100)}% CI ${fixed(result.harrellC.lower)} to ${fixed(result.harrellC.upper)}); Uno C (tau = ${tau}) = ${fixed(result.unoC.c ?? NaN)}\n` +
        textTable([`horizon (${a.timeUnit})`, 'AUC', 'Brier', 'Brier (null)'], result.auc.map((r, k) => [r.horizon, r.auc, result.brier[k]!.brier, result.brier[k]!.brierNull])),
    );
  }
  return 0;
}

// ---------------------------------------------------------------- compare

async function compare(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...DATA_FLAGS, 'model', 'time', 'status', 'bootstrap', 'seed', 'conf-level']);
  const paths = requiredFlag(args, 'model').split(',').map((s) => s.trim()).filter(Boolean);
  if (paths.length !== 2) throw new UsageError('risk compare needs two models: --model A,B (model 1 = A, model 2 = B; the difference is C(B) - C(A))');
  const [a, b] = paths.map(readArtifact) as [ModelArtifact, ModelArtifact];
  const B = numberFlag(args, 'bootstrap', 1000) as number;
  if (!(Number.isInteger(B) && B >= 10)) throw new UsageError(`--bootstrap must be an integer >= 10, got ${B}`);
  const seed = numberFlag(args, 'seed', 1) as number;
  const confLevel = numberFlag(args, 'conf-level', 0.95) as number;
  const { data, source, run } = await loadAnalysisData(args, io);
  const cols = responseColumns(a, args);
  const colsB = responseColumns(b, args);
  if (colsB.time !== cols.time || colsB.status !== cols.status)
    throw new UsageError(`The models have different outcomes (Surv(${cols.time}, ${cols.status}) vs Surv(${colsB.time}, ${colsB.status})): give --time and --status`);
  if (a.timeUnit !== b.timeUnit) throw new UsageError(`The models use different time units (${a.timeUnit} vs ${b.timeUnit})`);
  const present = outcomePresent(data, cols, source);
  // the same patients for both: complete for both models' covariates
  const pa = patientsFromTable(a, data, source, present);
  const okA = new Set(pa.rows);
  const pb = patientsFromTable(b, data, source, (i) => okA.has(i));
  const okB = new Set(pb.rows);
  const rows = pa.rows.filter((i) => okB.has(i));
  const keepA = pa.rows.map((i) => okB.has(i));
  const patientsA = pa.patients.filter((_, k) => keepA[k]);
  if (rows.length === 0) throw new DataValidationError([{ file: source, row: 0, field: null, message: 'no rows complete for both models' }]);
  const sa = Float64Array.from(predictRisk(a, patientsA, undefined, { survivalCurve: false }).predictions, (p) => p.score);
  const sb = Float64Array.from(predictRisk(b, pb.patients, undefined, { survivalCurve: false }).predictions, (p) => p.score);
  const { time, status } = outcomeOf(data, cols, rows, source);
  const cmp = compareConcordance(time, status, sa, sb, { B, seed, confLevel });
  let events = 0;
  for (const s of status) events += s;
  const n0 = Object.values(data)[0]?.length ?? 0;
  const result = {
    model1: { id: a.id, version: a.version, c: cmp.c1 },
    model2: { id: b.id, version: b.version, c: cmp.c2 },
    source,
    n: rows.length,
    events,
    dropped: n0 - rows.length,
    difference: cmp.difference,
    se: cmp.se,
    lower: cmp.lower,
    upper: cmp.upper,
    confLevel,
    pValue: cmp.pValue,
    bootstrap: cmp.B,
    seed,
    method: 'paired bootstrap of Harrell C (same resampled rows for both models), percentile interval; p from difference / bootstrap SE',
  };
  if (run) {
    // --db: no comparison on fewer rows or events than the study's minimum cell count; a small dropped count hidden.
    requireMinimumCounts({ n: result.n, events }, run.disclosure.threshold, 'risk compare');
    if (result.dropped > 0 && result.dropped < run.disclosure.threshold) (result as { dropped: number | null }).dropped = null;
    await run.record('risk compare', args, { n: result.n, events, difference: result.difference });
  }
  if (hasFlag(args, 'json')) writeLine(io.stdout, jsonText(result));
  else {
    writeLine(
      io.stdout,
      `On ${source}: n = ${result.n}, events = ${events}\n` +
        textTable(['model', 'version', 'Harrell C'], [[a.id, a.version, cmp.c1], [b.id, b.version, cmp.c2]]) +
        `\nDifference (model 2 - model 1) = ${fixed(cmp.difference)}, ${Math.round(confLevel * 100)}% CI ${fixed(cmp.lower)} to ${fixed(cmp.upper)}, p = ${fixed(cmp.pValue)} (${cmp.B} paired bootstrap replicates, seed ${seed})`,
    );
  }
  return 0;
}

// ---------------------------------------------------------------- predict

async function predict(args: ParsedArgs, io: CommandIO): Promise<number> {
  checkFlags(args, [...DATA_FLAGS, 'model', 'patient', 'horizons', 'horizon-unit', 'survival']);
  const a = readArtifact(requiredFlag(args, 'model'));
  const horizons = horizonsFor(a, args);
  const curve = hasFlag(args, 'survival');
  const patientText = stringFlag(args, 'patient');
  if (patientText !== undefined) {
    if (stringFlag(args, 'data') || stringFlag(args, 'db')) throw new UsageError('Give either --patient or --data, not both');
    const text = patientText.startsWith('@') ? readFileSync(patientText.slice(1), 'utf8') : patientText;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new DataValidationError([{ file: '--patient', row: 0, field: null, message: `not valid JSON: ${(e as Error).message}` }]);
    }
    const pred = predictRisk(a, value as PatientInput | PatientInput[], horizons, { survivalCurve: curve });
    if (hasFlag(args, 'json')) writeLine(io.stdout, jsonText(pred));
    else writeLine(io.stdout, predictionTable(pred, pred.predictions.map((_, k) => k + 1)));
    return 0;
  }
  if (stringFlag(args, 'db')) throw new UsageError('risk predict writes one row per patient: not offered on a cohort database (--db); use --data with a file your study may use, or --patient');
  const { data, source } = await loadAnalysisData(args, io);
  const { patients, rows, dropped } = patientsFromTable(a, data, source);
  const pred = predictRisk(a, patients, horizons, { survivalCurve: curve });
  if (hasFlag(args, 'json')) writeLine(io.stdout, jsonText({ ...pred, rows: rows.map((r) => r + 1), dropped }));
  else writeLine(io.stdout, predictionTable(pred, rows.map((r) => r + 1)) + (dropped ? `\n${dropped} rows with a missing covariate left out` : ''));
  return 0;
}

function predictionTable(pred: RiskPrediction, rows: readonly number[]): string {
  const head = ['row', 'score', ...pred.horizons.map((h) => `risk@${Number(h.toFixed(4))}`), 'warnings'];
  return (
    `Model ${pred.modelId} v${pred.modelVersion} (horizons in ${pred.timeUnit})\n` +
    textTable(head, pred.predictions.map((p, k) => [rows[k] ?? k + 1, p.score, ...p.risk, p.warnings.join('; ')]))
  );
}

// ---------------------------------------------------------------- command

const SUBCOMMANDS: Record<string, (args: ParsedArgs, io: CommandIO) => Promise<number>> = { train, evaluate, compare, predict };

export const riskCommand: Command = {
  name: 'risk',
  summary: 'Risk models as JSON artifacts: train (cox|coxnet|rsf), evaluate (C, AUC, Brier), compare (difference in C), predict',
  help: `Usage: midia risk train|evaluate|compare|predict [flags]

  midia risk train --data FILE --formula "Surv(time, status) ~ terms" --kind cox|coxnet|rsf [--horizons 3,5] --out model.json
      Fits the model, apparent validation (Harrell/Uno C, AUC, Brier at the
      horizons; --bootstrap B adds Harrell's optimism-corrected C) and writes a
      versioned artifact with a model card.
        cox     Efron ties as R coxph; Breslow baseline hazard on a monthly grid.
        coxnet  glmnet family = "cox": --alpha A (default 1), --lambda L or the
                CV lambda.min with --nfolds K (default 10) --seed S (default 1).
        rsf     random survival forest, log-rank splitting as ranger: --trees N
                (default 100), --mtry M (default floor(sqrt(design columns))),
                --min-node-size K (default ${RSF_MODEL_MIN_NODE_SIZE}; an exported forest needs at
                least 10 and at least 5 distinct patients in every leaf, so a
                leaf describes a group), --nsplit S (default 0 =
                every midpoint), --max-depth D (default unlimited), --importance
                permutation|none (default permutation), --seed S (default 1).
                Leaf cumulative hazards are kept on the monthly grid only; the
                artifact also reports the forest's out-of-bag C.
      Flags: --time-unit days|months|years
      (unit of the time column, default days), --horizon-unit (unit of
      --horizons, default years; default horizons 3,5), --id ID (default the
      file name), --title, --intended-use, --population, --author,
      --model-version (default 0.1.0), --created-at ISO (for reproducible files).

  midia risk evaluate --model M.json --data FILE [--horizons H] [--horizon-unit U]
      Harrell's C (with a normal ${'95%'} interval, --conf-level), Uno's C truncated
      at the largest horizon, IPCW cumulative/dynamic AUC and IPCW Brier score
      at the horizons (default the model's), on the rows with complete data.
      The outcome columns are those of the model's Surv() (or --time/--status).
      Any kind: C uses the model's score (cox, coxnet: linear predictor;
      deepsurv: network output; rsf: gridded mortality, the sum of the
      cumulative hazard over the grid points).

  midia risk compare --model A.json,B.json --data FILE [--bootstrap 1000] [--seed 1]
      Harrell's C of both models on the same patients and the difference
      C(B) - C(A) with a paired bootstrap percentile interval (--conf-level 0.95).
      The two models are given comma-separated in one --model flag.

  midia risk predict --model M.json (--data FILE | --patient JSON|@file.json) [--horizons H] [--survival]
      Risk 1 - S(h) at the horizons (default the model's) and the score per
      patient, with warnings (e.g. a covariate outside the training range);
      --survival adds the survival curve on the model's grid (JSON output).
      Not offered on a cohort database (--db): its output is one row per patient.
      train also needs a --data file (an artifact leaves the study ledger).

${DATA_FLAGS_HELP}
  --json           machine-readable output (every sub-command)

Example:
  midia risk train --data datasets/gbsg.csv --formula "Surv(rfstime, status) ~ age + meno + size + factor(grade) + nodes + pgr + er + hormon" --kind cox --horizons 3,5 --out gbsg.json
  midia risk predict --model gbsg.json --patient '{"age": 52, "meno": 1, "size": 25, "grade": "2", "nodes": 3, "pgr": 40, "er": 60, "hormon": 0}'
  midia risk train --data datasets/gbsg.csv --formula "Surv(rfstime, status) ~ age + size + factor(grade) + nodes + pgr + er" --kind rsf --trees 200 --seed 7 --out gbsg-rsf.json
`,
  async run(args, io) {
    const [sub, ...rest] = args.positional;
    const fn = sub ? SUBCOMMANDS[sub] : undefined;
    if (!fn) throw new UsageError(sub ? `Unknown sub-command 'risk ${sub}' (one of ${Object.keys(SUBCOMMANDS).join(', ')})` : `risk needs a sub-command: ${Object.keys(SUBCOMMANDS).join(', ')}`);
    if (rest.length) throw new UsageError(`Unexpected argument '${rest[0]}'`);
    return fn({ positional: [], flags: args.flags }, io);
  },
};
