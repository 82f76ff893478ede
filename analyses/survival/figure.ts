/**
 * Figures as analyses: a figure is the chart (charts/) of an analysis result.
 * For a plain table the model is fitted and drawn whole; for a study the
 * figure shows what the analysis of the same name discloses, and is recorded
 * in the ledger as `figure` (its kind among the parameters):
 * - km: the strata of `km` under a study (release audit against the study's
 *   earlier releases, recorded in the release register as `figure km`; steps
 *   of at least the threshold of events on a time grid; small strata hidden),
 *   drawn by disclosedKaplanMeierFigure; refused when every stratum is hidden;
 * - cif: the curves of `cif` under a study (read on a grid);
 * - cox-forest, cif, coxnet-cv, coxnet-path, rsf-importance: refused when the
 *   model rests on fewer rows or events than the minimum cell count (the
 *   rule discloseModel hides estimates by);
 * - zph: one point per event (a patient's residual at the event time): only
 *   for row-level studies, recorded with its number of points.
 * Refusals (AccessDeniedError) come before anything is recorded. Rendering
 * (HTML, PNG) is the surface's job (render/).
 */
import { coefficientPathFigure } from '../../charts/coefficient-path-figure.js';
import { cumulativeIncidenceFigure } from '../../charts/cumulative-incidence-figure.js';
import { cvCurveFigure } from '../../charts/cv-curve-figure.js';
import { disclosedKaplanMeierFigure } from '../../charts/disclosed-kaplan-meier-figure.js';
import { forestFromCox } from '../../charts/forest-from-cox.js';
import { importanceFigure } from '../../charts/importance-figure.js';
import { kaplanMeierFigure } from '../../charts/kaplan-meier-figure.js';
import { schoenfeldFigure } from '../../charts/schoenfeld-figure.js';
import type { FigureSpec } from '../../charts/types.js';
import type { ColumnTable } from '../../models/design/types.js';
import { coxnetFormula, randomSurvivalForestFormula, type CoxnetFormulaOptions, type RsfFormulaOptions } from '../../models/risk/index.js';
import type { CoxFit } from '../../models/survival/cox/cox.js';
import type { CoxZphResult } from '../../models/survival/cox/cox-zph.js';
import type { CumulativeIncidenceResult } from '../../models/survival/competing-risks/cumulative-incidence.js';
import { coxph, coxZph, cumulativeIncidence, kaplanMeier } from '../../models/survival/index.js';
import { AccessDeniedError, UsageError } from '../../util/errors.js';
import type { DataSelection } from '../core/load.js';
import { loadTable } from '../core/load.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec, type DiscloseContext, type Disclosed } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { discloseCif } from './cif.js';
import { discloseKm, kmFitted, type KmFitted } from './km.js';
import type { FigureOptionsInput, KmOptionsParsed } from './options.js';

/** Figure kinds. */
export const FIGURE_KINDS = ['km', 'cox-forest', 'zph', 'cif', 'coxnet-cv', 'coxnet-path', 'rsf-importance'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

/** Options of {@link figure} (every field but kind and formula optional; defaults per field). */
export interface FigureRequest {
  kind: FigureKind;
  formula: string;
  title?: string;
  /** x-axis time unit of km, cif and zph (default: the axis says 'Time'). */
  timeUnit?: string;
  /** For zph: the term to plot (default: the first term of the model). */
  term?: string;
  /** coxnet-cv, coxnet-path: elastic-net mixing (default 1, lasso, as glmnet). */
  alpha?: number;
  /** coxnet-cv (default 10, as cv.glmnet), coxnet-path (default none: no CV): number of folds. */
  nfolds?: number;
  /** Seed of the CV folds (default 1) and of the forest (default 1). */
  seed?: number;
  /** coxnet-cv, coxnet-path: path length (default 100, as glmnet). */
  nlambda?: number;
  /** coxnet-path: draw the vertical line at this lambda (default: the CV choice when nfolds is given, else none). */
  lambda?: number;
  /** coxnet-path with nfolds: which CV lambda to mark (default 'lambda.1se', as coef.cv.glmnet). */
  rule?: 'lambda.min' | 'lambda.1se';
  /** coxnet-path: x axis (default 'log-lambda'). */
  xvar?: 'log-lambda' | 'l1-norm';
  /** rsf-importance: forest options (defaults of randomSurvivalForest: 100 trees, mtry floor(sqrt(p)), minNodeSize 3). */
  forest?: Pick<RsfFormulaOptions, 'nTrees' | 'mtry' | 'minNodeSize' | 'nSplit' | 'maxDepth'>;
  /** rsf-importance: show only the top N variables (default all). */
  top?: number;
  /** What to read from a study (ignored for a plain table). */
  data?: DataSelection;
}

/** Result of {@link figure}: the figure spec (plotly), for render/ to draw. */
export interface FigureResult {
  kind: FigureKind;
  spec: FigureSpec;
}

function coxnetOptions(request: FigureRequest, crossValidate: boolean): CoxnetFormulaOptions {
  const alpha = request.alpha ?? 1;
  if (!(alpha >= 0 && alpha <= 1)) throw new UsageError(`--alpha must be in [0, 1], got ${alpha}`);
  const o: CoxnetFormulaOptions = { alpha };
  if (request.nlambda !== undefined) o.nlambda = request.nlambda;
  if (crossValidate) {
    const nfolds = request.nfolds ?? 10;
    if (!(Number.isInteger(nfolds) && nfolds >= 3)) throw new UsageError(`--nfolds must be an integer >= 3, got ${nfolds}`);
    Object.assign(o, { crossValidate: true, nfolds, seed: request.seed ?? 1 });
  }
  return o;
}

/** The model behind a figure, per kind (risk-model figures are built on demand: a study refuses small data before the fit). */
type FigureFit =
  | { kind: 'km'; km: KmFitted }
  | { kind: 'cox-forest'; fit: CoxFit }
  | { kind: 'zph'; zph: CoxZphResult }
  | { kind: 'cif'; res: CumulativeIncidenceResult }
  | { kind: 'coxnet-cv' | 'coxnet-path' | 'rsf-importance'; build: () => FigureSpec };

function commonOptions(request: FigureRequest): { title?: string; timeUnit?: string } {
  const common: { title?: string; timeUnit?: string } = {};
  if (request.title !== undefined) common.title = request.title;
  if (request.timeUnit !== undefined) common.timeUnit = request.timeUnit;
  return common;
}

/** The chart of a risk model (coxnet-cv, coxnet-path, rsf-importance). */
function riskModelFigure(request: FigureRequest, data: ColumnTable): FigureSpec {
  switch (request.kind) {
    case 'coxnet-cv': {
      const { cv } = coxnetFormula(request.formula, data, coxnetOptions(request, true));
      const alpha = request.alpha ?? 1;
      return cvCurveFigure(cv!, { title: request.title ?? `Cross-validation of the penalized Cox model (α = ${alpha})` });
    }
    case 'coxnet-path': {
      const withCv = request.nfolds !== undefined && request.lambda === undefined;
      const { fit, cv } = coxnetFormula(request.formula, data, coxnetOptions(request, withCv));
      const options: Parameters<typeof coefficientPathFigure>[1] = { xvar: request.xvar ?? 'log-lambda' };
      if (request.title !== undefined) options.title = request.title;
      if (request.lambda !== undefined) {
        if (!(request.lambda > 0)) throw new UsageError(`--lambda must be > 0, got ${request.lambda}`);
        options.lambda = request.lambda;
      } else if (cv) {
        const rule = request.rule ?? 'lambda.1se';
        options.lambda = rule === 'lambda.min' ? cv.lambdaMin : cv.lambda1se;
        options.lambdaLabel = `${rule} = ${Number(options.lambda.toPrecision(4))}`;
      }
      return coefficientPathFigure({ lambda: fit.lambda, beta: fit.beta, names: fit.columnNames }, options);
    }
    default: {
      const { forest } = randomSurvivalForestFormula(request.formula, data, { ...(request.forest ?? {}), seed: request.seed ?? 1, importance: 'permutation' });
      const imp = forest.importance;
      if (!imp) throw new UsageError('the forest has no permutation importance');
      const rows = forest.featureNames.map((name, j) => ({ name, value: imp[j] ?? NaN }));
      return importanceFigure(rows, {
        title: request.title ?? 'Random survival forest: permutation importance',
        xTitle: 'Permutation importance (decrease in C)',
        ...(request.top !== undefined ? { top: request.top } : {}),
      });
    }
  }
}

/** Fits the model a figure draws (risk models on demand). */
function fitFigure(request: FigureRequest, data: ColumnTable): FigureFit {
  switch (request.kind) {
    case 'km':
      return { kind: 'km', km: kmFitted(kaplanMeier(request.formula, data)) };
    case 'cox-forest':
      return { kind: 'cox-forest', fit: coxph(request.formula, data) };
    case 'zph':
      return { kind: 'zph', zph: coxZph(coxph(request.formula, data).internals) };
    case 'cif':
      return { kind: 'cif', res: cumulativeIncidence(request.formula, data) };
    default: {
      const kind = request.kind;
      return { kind, build: () => riskModelFigure(request, data) };
    }
  }
}

/** The scaled Schoenfeld residuals of the request's term (default the first). */
function zphFigure(zph: CoxZphResult, request: FigureRequest): FigureSpec {
  const term = request.term ?? zph.yNames[0];
  if (term === undefined || !zph.yNames.includes(term)) throw new UsageError(`Unknown term for zph: ${term} (one of ${zph.yNames.join(', ')})`);
  return schoenfeldFigure(zph, term, commonOptions(request));
}

/** The figure of a whole fit (a plain table). */
function plainFigure(f: FigureFit, request: FigureRequest): FigureSpec {
  switch (f.kind) {
    case 'km':
      return kaplanMeierFigure(f.km.fit, commonOptions(request));
    case 'cox-forest':
      return forestFromCox(f.fit, request.title === undefined ? {} : { title: request.title });
    case 'zph':
      return zphFigure(f.zph, request);
    case 'cif':
      return cumulativeIncidenceFigure(f.res, commonOptions(request));
    default:
      return f.build();
  }
}

/**
 * Fits the model the figure needs and builds its spec from the whole fit (a
 * plain table): km (Kaplan-Meier), cox-forest (Cox hazard ratios), zph (scaled
 * Schoenfeld residuals of one term), cif (cumulative incidence by cause),
 * coxnet-cv (cv.glmnet-style CV curve), coxnet-path (glmnet coefficient
 * paths), rsf-importance (random survival forest permutation importance).
 * @throws UsageError for an unknown zph term or bad model options; model errors from the fits
 * @example buildFigure({ kind: 'km', formula: 'Surv(rfstime, status) ~ hormon' }, gbsg).meta?.kind // => 'kaplan-meier'
 */
export function buildFigure(request: FigureRequest, data: ColumnTable): FigureSpec {
  return plainFigure(fitFigure(request, data), request);
}

/** The options of the `km` analysis a km figure discloses (R's defaults). */
function kmOptions(request: FigureRequest): KmOptionsParsed {
  return { formula: request.formula, confType: 'log', confLevel: 0.95 };
}

/** The figure of a study: the disclosure of the analysis it draws, and its own refusals. */
async function discloseFigure(f: FigureFit, ctx: DiscloseContext<FigureRequest, ColumnTable>): Promise<Disclosed<FigureResult>> {
  const request = ctx.options;
  const { threshold } = ctx.disclosure;
  const studyId = ctx.study.id;
  const tooSmall = (n: number, events: number, what: string): void => {
    if ((n > 0 && n < threshold) || (events > 0 && events < threshold)) {
      throw new AccessDeniedError(`figure ${request.kind}: the ${what} rests on fewer than ${threshold} ${n < threshold ? 'rows' : 'events'} (study ${studyId}'s minimum cell count): not drawn`);
    }
  };
  switch (f.kind) {
    case 'km': {
      const d = await discloseKm(f.km, { ...ctx, options: kmOptions(request), planRelease: (cells) => ctx.session.planRelease('figure km', cells) });
      if (d.result.kind !== 'curves' || !d.result.disclosed) throw new TypeError('figure km: expected disclosed curves');
      const curves = d.result.curves;
      if (curves.strata.every((s) => s.suppressed)) throw new AccessDeniedError(`figure km: every stratum is hidden by disclosure control (study ${studyId}, minimum cell count ${threshold}): nothing to draw`);
      return { ...d, result: { kind: 'km', spec: disclosedKaplanMeierFigure(curves, commonOptions(request)) } };
    }
    case 'cif': {
      tooSmall(f.res.n, f.res.n, 'cumulative incidence');
      const d = discloseCif(f.res, ctx);
      const table = d.result.table;
      const curves = table.curves.map((c) => ({ ...c, time: Float64Array.from(c.time), est: Float64Array.from(c.est), var: Float64Array.from(c.var) }));
      const spec = cumulativeIncidenceFigure({ curves, tests: f.res.tests, confLevel: f.res.confLevel }, commonOptions(request));
      return { ...d, result: { kind: 'cif', spec }, summary: { n: f.res.n, tests: f.res.tests, gridWidth: table.gridWidth } };
    }
    case 'cox-forest': {
      tooSmall(f.fit.n, f.fit.nEvent, 'Cox model');
      const spec = forestFromCox(f.fit, request.title === undefined ? {} : { title: request.title });
      return { result: { kind: 'cox-forest', spec }, summary: { n: f.fit.n, events: f.fit.nEvent, terms: f.fit.terms.map((t) => ({ term: t.term, hr: t.hr })) } };
    }
    case 'zph': {
      if (ctx.disclosure.access !== 'row-level') {
        throw new AccessDeniedError(`figure zph draws one point per event (a patient's residual at the event time): row-level output, refused for study ${studyId} (access level aggregate); 'midia zph --db' gives the tests`);
      }
      const spec = zphFigure(f.zph, request);
      const rows = spec.data.reduce((k, t) => k + (t.type === 'scatter' && t.mode === 'markers' ? t.x.length : 0), 0);
      return { result: { kind: 'zph', spec }, summary: { rows, access: 'row-level' } };
    }
    default: {
      // Rows and events of the response (Surv(...) ~ 1), checked before the model is fitted.
      const response = kaplanMeier(`${request.formula.split('~')[0]!.trim()} ~ 1`, ctx.data).toJSON().strata[0];
      const n = response?.n ?? 0;
      const events = response?.events ?? 0;
      tooSmall(n, events, 'model');
      const spec = f.build();
      return { result: { kind: f.kind, spec }, summary: { n, events, traces: spec.data.length } };
    }
  }
}

const FIGURE: AnalysisSpec<FigureRequest, ColumnTable, FigureFit, FigureResult> = {
  name: 'figure',
  load: (source, o) => loadTable(source, o.data),
  fit: (data, o) => fitFigure(o, data),
  plain: (f, o) => ({ kind: o.kind, spec: plainFigure(f, o) }),
  disclose: discloseFigure,
};

/**
 * A figure of a data source: the model fitted and drawn whole for a plain
 * table, the disclosed result of its analysis for a study (recorded in the
 * ledger as `figure`). Validates the options (zod, loaded on demand).
 * @throws UsageError for invalid options; FormulaError; AccessDeniedError where the study's disclosure settings forbid the figure.
 * @example const r = await figure(tableSource(gbsg), { kind: 'km', formula: 'Surv(rfstime, status) ~ hormon' }); r.result.spec
 */
export async function figure(source: DataSource, options: FigureOptionsInput, call?: AnalysisCall): Promise<AnalysisResult<FigureResult>> {
  const { FigureOptions } = await import('./options.js');
  return runFigure(source, parseOptions('figure', FigureOptions, options) as FigureRequest, call);
}

/** {@link figure} with a request in its parsed form (the CLI's validated flags): no zod load. */
export function runFigure(source: DataSource, request: FigureRequest, call?: AnalysisCall): Promise<AnalysisResult<FigureResult>> {
  return runAnalysis(FIGURE, source, request, call);
}
