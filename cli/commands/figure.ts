import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { FIGURE_KINDS, runFigure, type FigureKind, type FigureRequest } from '../../analyses/survival/figure.js';
import { figureHtml } from '../../render/figure-html.js';
import { figureToPng } from '../../render/png.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command, ParsedArgs } from '../command.js';
import { ANALYSIS_TABLE_FLAGS, DATA_FLAGS_HELP, runParameters } from '../io.js';
import { jsonText } from '../output.js';
import { withFlagSource } from '../source-flags.js';

/** The figures and their builder live in analyses/survival/figure.ts (re-exported for callers of this module). */
export { buildFigure, FIGURE_KINDS, type FigureKind, type FigureRequest } from '../../analyses/survival/figure.js';

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
    // Under a study: disclosed, recorded in the ledger (and the release register) before the file is written.
    const { result } = await withFlagSource(args, io, ({ source, selection }) => runFigure(source, { ...request, ...(selection ? { data: selection } : {}) }, { parameters: runParameters(args) }));
    const spec = result.spec;
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
