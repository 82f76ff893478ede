import { extname } from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { coefficientPathFigure } from '../../charts/coefficient-path-figure.js';
import { cumulativeIncidenceFigure } from '../../charts/cumulative-incidence-figure.js';
import { cvCurveFigure } from '../../charts/cv-curve-figure.js';
import { disclosedKaplanMeierFigure } from '../../charts/disclosed-kaplan-meier-figure.js';
import { forestFromCox } from '../../charts/forest-from-cox.js';
import { importanceFigure } from '../../charts/importance-figure.js';
import { kaplanMeierFigure } from '../../charts/kaplan-meier-figure.js';
import { schoenfeldFigure } from '../../charts/schoenfeld-figure.js';
import type { FigureSpec } from '../../charts/types.js';
import { coxnetFormula, randomSurvivalForestFormula, type CoxnetFormulaOptions, type RsfFormulaOptions } from '../../models/risk/index.js';
import { coxph, coxZph, cumulativeIncidence, kaplanMeier } from '../../models/survival/index.js';
import { discloseModel } from '../../engine/disclosure/disclose-model.js';
import { discloseIncidenceCurves } from '../../engine/disclosure/disclose-summaries.js';
import type { ColumnTable } from '../../models/design/types.js';
import { figureHtml } from '../../render/figure-html.js';
import { figureToPng } from '../../render/png.js';
import { AccessDeniedError, UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS, type StudyRun } from '../io.js';
import { discloseKaplanMeierRun } from '../km-release.js';
import { jsonText } from '../output.js';

/** Figure kinds `midia figure` draws. */
export const FIGURE_KINDS = ['km', 'cox-forest', 'zph', 'cif', 'coxnet-cv', 'coxnet-path', 'rsf-importance'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

/** Options of {@link buildFigure} (the CLI flags). */
export interface FigureRequest {
  kind: FigureKind;
  formula: string;
  title?: string;
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

/**
 * Fits the model the figure needs and builds its spec: km (Kaplan-Meier),
 * cox-forest (Cox hazard ratios), zph (scaled Schoenfeld residuals of one term),
 * cif (cumulative incidence by cause), coxnet-cv (cv.glmnet-style CV curve),
 * coxnet-path (glmnet coefficient paths), rsf-importance (random survival
 * forest permutation importance).
 * @throws UsageError for an unknown zph term or bad model options; model errors from the fits
 */
export function buildFigure(request: FigureRequest, data: Parameters<typeof kaplanMeier>[1]): FigureSpec {
  const common: { title?: string; timeUnit?: string } = {};
  if (request.title !== undefined) common.title = request.title;
  if (request.timeUnit !== undefined) common.timeUnit = request.timeUnit;
  switch (request.kind) {
    case 'km':
      return kaplanMeierFigure(kaplanMeier(request.formula, data), common);
    case 'cox-forest':
      return forestFromCox(coxph(request.formula, data), request.title === undefined ? {} : { title: request.title });
    case 'zph': {
      const zph = coxZph(coxph(request.formula, data).internals);
      const term = request.term ?? zph.yNames[0];
      if (term === undefined || !zph.yNames.includes(term)) throw new UsageError(`Unknown term for zph: ${term} (one of ${zph.yNames.join(', ')})`);
      return schoenfeldFigure(zph, term, common);
    }
    case 'cif':
      return cumulativeIncidenceFigure(cumulativeIncidence(request.formula, data), common);
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
    case 'rsf-importance': {
      const { forest } = randomSurvivalForestFormula(request.formula, data, { ...(request.forest ?? {}), seed: request.seed ?? 1, importance: 'permutation' });
      const imp = forest.importance;
      if (!imp) throw new UsageError('the forest has no permutation importance');
      const rows = forest.featureNames.map((name, j) => ({ name, value: imp[j]! }));
      return importanceFigure(rows, {
        title: request.title ?? 'Random survival forest: permutation importance',
        xTitle: 'Permutation importance (decrease in C)',
        ...(request.top !== undefined ? { top: request.top } : {}),
      });
    }
  }
}

/** A figure of a --db run and what the ledger records about it. */
interface StudyFigure {
  spec: FigureSpec;
  summary: Record<string, unknown>;
  /** Called after the ledger entry, before the file is written (commits the release). */
  commit?: () => Promise<void>;
}

/**
 * A figure from a cohort database (--db --study): the same load -> disclose ->
 * ledger sequence as the command of the same analysis.
 * - km: the strata of `midia km --db` (release audit against the study's
 *   earlier releases, steps of at least the threshold of events on a time
 *   grid, small strata hidden), drawn by disclosedKaplanMeierFigure;
 * - cif: the curves of `midia cif --db` (read on a grid; nothing under the threshold);
 * - cox-forest, coxnet-cv, coxnet-path, rsf-importance: model summaries, refused
 *   when the model rests on fewer rows or events than the threshold (as discloseModel hides them);
 * - zph: one point per event (a patient's residual at the event time): only for
 *   row-level studies, recorded with its row count.
 * @throws AccessDeniedError where the study's disclosure settings forbid the figure.
 */
async function figureFromStudy(request: FigureRequest, data: ColumnTable, run: StudyRun): Promise<StudyFigure> {
  const { threshold } = run.disclosure;
  const common: { title?: string; timeUnit?: string } = {};
  if (request.title !== undefined) common.title = request.title;
  if (request.timeUnit !== undefined) common.timeUnit = request.timeUnit;
  const tooSmall = (n: number, events: number, what: string): void => {
    if ((n > 0 && n < threshold) || (events > 0 && events < threshold)) {
      throw new AccessDeniedError(`figure ${request.kind}: the ${what} rests on fewer than ${threshold} ${n < threshold ? 'rows' : 'events'} (study ${run.study.id}'s minimum cell count): not drawn`);
    }
  };
  switch (request.kind) {
    case 'km': {
      const fit = kaplanMeier(request.formula, data);
      const { disclosed, release } = await discloseKaplanMeierRun(run, 'figure km', fit, data);
      if (disclosed.strata.every((s) => s.suppressed)) throw new AccessDeniedError(`figure km: every stratum is hidden by disclosure control (study ${run.study.id}, minimum cell count ${threshold}): nothing to draw`);
      const spec = disclosedKaplanMeierFigure(disclosed, common);
      return { spec, summary: { n: fit.n, strata: disclosed.strata.map((s) => ({ label: s.label, n: s.n, events: s.events, median: s.median })) }, commit: release.commit };
    }
    case 'cif': {
      const res = cumulativeIncidence(request.formula, data);
      tooSmall(res.n, res.n, 'cumulative incidence');
      const d = discloseIncidenceCurves(res.toJSON().curves, run.disclosure);
      const curves = d.curves.map((c) => ({ ...c, time: Float64Array.from(c.time), est: Float64Array.from(c.est), var: Float64Array.from(c.var) }));
      return { spec: cumulativeIncidenceFigure({ curves, tests: res.tests, confLevel: res.confLevel }, common), summary: { n: res.n, tests: res.tests, gridWidth: d.gridWidth } };
    }
    case 'cox-forest': {
      const fit = coxph(request.formula, data);
      const d = discloseModel(fit.toJSON(), run.disclosure);
      tooSmall(fit.n, fit.nEvent, 'Cox model');
      return { spec: forestFromCox(fit, request.title === undefined ? {} : { title: request.title }), summary: { n: d.n, events: d.events, terms: fit.terms.map((t) => ({ term: t.term, hr: t.hr })) } };
    }
    case 'zph': {
      if (run.disclosure.access !== 'row-level') {
        throw new AccessDeniedError(`figure zph draws one point per event (a patient's residual at the event time): row-level output, refused for study ${run.study.id} (access level aggregate); 'midia zph --db' gives the tests`);
      }
      const spec = buildFigure(request, data);
      const rows = spec.data.reduce((k, t) => k + (t.type === 'scatter' && t.mode === 'markers' ? t.x.length : 0), 0);
      return { spec, summary: { rows, access: 'row-level' } };
    }
    default: {
      // coxnet-cv, coxnet-path, rsf-importance: rows and events of the response (Surv(...) ~ 1).
      const response = kaplanMeier(`${request.formula.split('~')[0]!.trim()} ~ 1`, data).toJSON().strata[0];
      tooSmall(response?.n ?? 0, response?.events ?? 0, 'model');
      const spec = buildFigure(request, data);
      return { spec, summary: { n: response?.n ?? 0, events: response?.events ?? 0, traces: spec.data.length } };
    }
  }
}

/** Flags of the risk-model kinds. */
const COXNET_FLAGS = ['alpha', 'nfolds', 'nlambda', 'lambda', 's', 'xvar'] as const;
const FOREST_FLAGS = ['trees', 'mtry', 'min-node-size', 'nsplit', 'max-depth', 'top'] as const;
const MODEL_FLAGS = [...COXNET_FLAGS, ...FOREST_FLAGS, 'seed'];

/** An optional integer flag (>= min). */
function intFlag(args: ParsedArgs, name: string, min: number): number | undefined {
  const v = numberFlag(args, name);
  if (v !== undefined && !(Number.isInteger(v) && v >= min)) throw new UsageError(`--${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

/** The model options of a risk-model kind from the flags; flags of another kind are refused. */
function modelRequest(args: ParsedArgs, kind: FigureKind): Partial<FigureRequest> {
  const coxnet = kind === 'coxnet-cv' || kind === 'coxnet-path';
  const rsf = kind === 'rsf-importance';
  const own: readonly string[] = coxnet ? (kind === 'coxnet-cv' ? ['alpha', 'nfolds', 'nlambda', 'seed'] : [...COXNET_FLAGS, 'seed']) : rsf ? [...FOREST_FLAGS, 'seed'] : [];
  for (const f of MODEL_FLAGS) if (stringFlag(args, f) !== undefined && !own.includes(f)) throw new UsageError(`--${f} does not apply to midia figure ${kind}`);
  const r: Partial<FigureRequest> = {};
  const seed = numberFlag(args, 'seed');
  if (seed !== undefined) r.seed = seed;
  if (coxnet) {
    const alpha = numberFlag(args, 'alpha');
    if (alpha !== undefined) r.alpha = alpha;
    const nfolds = intFlag(args, 'nfolds', 3);
    if (nfolds !== undefined) r.nfolds = nfolds;
    const nlambda = intFlag(args, 'nlambda', 1);
    if (nlambda !== undefined) r.nlambda = nlambda;
    const lambda = numberFlag(args, 'lambda');
    if (lambda !== undefined) r.lambda = lambda;
    if (stringFlag(args, 's') !== undefined) r.rule = choiceFlag(args, 's', ['lambda.1se', 'lambda.min'] as const, 'lambda.1se');
    if (stringFlag(args, 'xvar') !== undefined) r.xvar = choiceFlag(args, 'xvar', ['log-lambda', 'l1-norm'] as const, 'log-lambda');
  }
  if (rsf) {
    const forest: NonNullable<FigureRequest['forest']> = {};
    const trees = intFlag(args, 'trees', 1);
    const mtry = intFlag(args, 'mtry', 1);
    const minNodeSize = intFlag(args, 'min-node-size', 1);
    const nSplit = intFlag(args, 'nsplit', 0);
    const maxDepth = intFlag(args, 'max-depth', 0);
    if (trees !== undefined) forest.nTrees = trees;
    if (mtry !== undefined) forest.mtry = mtry;
    if (minNodeSize !== undefined) forest.minNodeSize = minNodeSize;
    if (nSplit !== undefined) forest.nSplit = nSplit;
    if (maxDepth !== undefined) forest.maxDepth = maxDepth;
    r.forest = forest;
    const top = intFlag(args, 'top', 1);
    if (top !== undefined) r.top = top;
  }
  return r;
}

export const figureCommand: Command = {
  name: 'figure',
  summary: 'Draw a figure (km, cox-forest, zph, cif, coxnet-cv, coxnet-path, rsf-importance) to a standalone HTML file or a PNG',
  help: `Usage: midia figure KIND --formula F (--data FILE | --db FILE --study ID --table T) --out FILE.html|FILE.png [flags]

Fits the model and writes the figure: an HTML file with plotly.js inlined
(opens offline, no CDN) or a PNG rendered by headless Chromium (Debian's
/usr/bin/chromium, or env MIDIA_CHROMIUM).

From a cohort database (--db --study) a figure shows what the command of the
same analysis prints, and each run is recorded in the data-use ledger: km the
disclosed strata of 'midia km --db' (steps of at least the study's minimum cell
count of events on a time grid, small strata and strata that would reveal a
small group by difference with the study's earlier releases hidden), cif the
curves of 'midia cif --db' on a grid; model figures are refused when the model
rests on fewer rows or events than the minimum cell count; zph (one point per
event) only for row-level studies.

Kinds:
  km           Kaplan-Meier curves with confidence bands and number at risk   Surv(time, status) ~ group
  cox-forest   forest plot of Cox hazard ratios                                Surv(time, status) ~ x + ...
  zph          scaled Schoenfeld residuals of one term (PH check, cox.zph)     Surv(time, status) ~ x + ...
  cif          cumulative incidence by cause (status 0 censored, 1, 2, ...)    Surv(time, status) ~ group
  coxnet-cv    penalized Cox cross-validation curve (as plot(cv.glmnet)):     Surv(time, status) ~ x + ...
               mean CV deviance ± 1 SE against log(lambda), lambda.min and
               lambda.1se marked, non-zero coefficients on the top axis
  coxnet-path  penalized Cox coefficient paths (as plot(glmnet)), with a      Surv(time, status) ~ x + ...
               line at --lambda, or at the CV choice with --nfolds
  rsf-importance  random survival forest permutation importance, sorted     Surv(time, status) ~ x + ...

${DATA_FLAGS_HELP}
Flags:
  --formula F      model formula (required)
  --out FILE       .html or .png (required)
  --title T        figure title (default: each figure's own)
  --time-unit U    x-axis time unit for km, cif and zph (default: the --unit of
                   the analysis table built with --endpoint, days unless given;
                   for --data files and --table none: the axis says 'Time')
  --term NAME      zph: the model column to plot (default: the first)
  --alpha A        coxnet-*: elastic-net mixing in [0, 1] (default 1, lasso, as glmnet)
  --nfolds K       coxnet-cv: folds (default 10, as cv.glmnet); coxnet-path: cross-validate
                   and mark the CV lambda (default: no CV)
  --seed S         seed of the CV folds and of the forest (default 1)
  --nlambda N      coxnet-*: path length (default 100, as glmnet)
  --lambda L       coxnet-path: mark this lambda
  --s RULE         coxnet-path with --nfolds: lambda.1se (default, as coef.cv.glmnet) | lambda.min
  --xvar X         coxnet-path: log-lambda (default) | l1-norm
  --trees N, --mtry M, --min-node-size K, --nsplit S, --max-depth D
                   rsf-importance: forest options as midia risk train --kind rsf
                   (defaults of the forest: 100 trees, mtry floor(sqrt(p)), min node size 3,
                   all split points, unlimited depth)
  --top N          rsf-importance: show the N most important variables (default all)
  --width W, --height H   PNG size in CSS pixels (default 900 x 560), --scale S pixel density (default 2)
  --json           print {"out","kind","traces"}

Examples:
  midia figure km --formula "Surv(rfstime, status) ~ hormon" --data datasets/gbsg.csv --out km.png
  midia figure coxnet-cv --formula "Surv(rfstime, status) ~ age + size + factor(grade) + nodes + pgr + er" --data datasets/gbsg.csv --alpha 0.5 --nfolds 10 --seed 42 --out cv.html
  midia figure rsf-importance --formula "Surv(rfstime, status) ~ age + size + nodes + pgr + er" --data datasets/gbsg.csv --trees 200 --seed 7 --out importance.html
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'out', 'title', 'time-unit', 'term', 'width', 'height', 'scale', ...MODEL_FLAGS]);
    const kind = args.positional[0];
    if (kind === undefined || !(FIGURE_KINDS as readonly string[]).includes(kind)) throw new UsageError(`midia figure needs a kind: one of ${FIGURE_KINDS.join(', ')}${kind ? ` (got ${kind})` : ''}`);
    const out = requiredFlag(args, 'out');
    const ext = extname(out).toLowerCase();
    if (ext !== '.html' && ext !== '.png') throw new UsageError(`--out must end in .html or .png, got ${out}`);
    const request: FigureRequest = { kind: kind as FigureKind, formula: requiredFlag(args, 'formula') };
    const title = stringFlag(args, 'title');
    if (title !== undefined) request.title = title;
    const unit = stringFlag(args, 'time-unit');
    if (unit !== undefined) request.timeUnit = unit;
    // an analysis table built with --endpoint knows its unit (--unit, default days); a data file does not
    else if (stringFlag(args, 'endpoint') !== undefined) request.timeUnit = stringFlag(args, 'unit') ?? 'days';
    const term = stringFlag(args, 'term');
    if (term !== undefined) request.term = term;
    Object.assign(request, modelRequest(args, request.kind));
    const { data, run } = await loadAnalysisData(args, io);
    let spec: FigureSpec;
    if (run) {
      // --db: disclose, record in the ledger, commit the release, then write.
      const fig = await figureFromStudy(request, data, run);
      await run.record('figure', args, fig.summary);
      await fig.commit?.();
      spec = fig.spec;
    } else spec = buildFigure(request, data);
    const path = resolve(out);
    if (ext === '.html') {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, figureHtml(spec), 'utf8');
    } else {
      const png: { width?: number; height?: number; scale?: number } = {};
      const w = numberFlag(args, 'width');
      const h = numberFlag(args, 'height');
      const s = numberFlag(args, 'scale');
      if (w !== undefined) png.width = w;
      if (h !== undefined) png.height = h;
      if (s !== undefined) png.scale = s;
      await figureToPng(spec, path, png);
    }
    if (hasFlag(args, 'json')) io.stdout.write(jsonText({ out: path, kind, traces: spec.data.length }));
    else io.stdout.write(`${path}\n`);
    return 0;
  },
};
