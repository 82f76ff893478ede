import { extname } from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { cumulativeIncidenceFigure } from '../../charts/cumulative-incidence-figure.js';
import { forestFromCox } from '../../charts/forest-from-cox.js';
import { kaplanMeierFigure } from '../../charts/kaplan-meier-figure.js';
import { schoenfeldFigure } from '../../charts/schoenfeld-figure.js';
import type { FigureSpec } from '../../charts/types.js';
import { coxph, coxZph, cumulativeIncidence, kaplanMeier } from '../../models/survival/index.js';
import { figureHtml } from '../../render/figure-html.js';
import { figureToPng } from '../../render/png.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, hasFlag, numberFlag, requiredFlag, stringFlag } from '../args.js';
import type { Command } from '../command.js';
import { DATA_FLAGS_HELP, loadAnalysisData, ANALYSIS_TABLE_FLAGS } from '../io.js';
import { jsonText } from '../output.js';

/** Figure kinds `midia figure` draws. */
export const FIGURE_KINDS = ['km', 'cox-forest', 'zph', 'cif'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];

/** Options of {@link buildFigure} (the CLI flags). */
export interface FigureRequest {
  kind: FigureKind;
  formula: string;
  title?: string;
  timeUnit?: string;
  /** For zph: the term to plot (default: the first term of the model). */
  term?: string;
}

/**
 * Fits the model the figure needs and builds its spec: km (Kaplan-Meier),
 * cox-forest (Cox hazard ratios), zph (scaled Schoenfeld residuals of one term),
 * cif (cumulative incidence by cause).
 * @throws UsageError for an unknown zph term; model errors from the fits
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
      return schoenfeldFigure(zph, term, request.title === undefined ? {} : { title: request.title });
    }
    case 'cif':
      return cumulativeIncidenceFigure(cumulativeIncidence(request.formula, data), common);
  }
}

export const figureCommand: Command = {
  name: 'figure',
  summary: 'Draw a figure (km, cox-forest, zph, cif) to a standalone HTML file or a PNG',
  help: `Usage: midia figure KIND --formula F (--data FILE | --db FILE --table T) --out FILE.html|FILE.png [flags]

Fits the model and writes the figure: an HTML file with plotly.js inlined
(opens offline, no CDN) or a PNG rendered by headless Chromium (Debian's
/usr/bin/chromium, or env MIDIA_CHROMIUM).

Kinds:
  km           Kaplan-Meier curves with confidence bands and number at risk   Surv(time, status) ~ group
  cox-forest   forest plot of Cox hazard ratios                                Surv(time, status) ~ x + ...
  zph          scaled Schoenfeld residuals of one term (PH check, cox.zph)     Surv(time, status) ~ x + ...
  cif          cumulative incidence by cause (status 0 censored, 1, 2, ...)    Surv(time, status) ~ group

${DATA_FLAGS_HELP}
Flags:
  --formula F      model formula (required)
  --out FILE       .html or .png (required)
  --title T        figure title (default: each figure's own)
  --time-unit U    x-axis time unit for km and cif (default days)
  --term NAME      zph: the model column to plot (default: the first)
  --width W, --height H   PNG size in CSS pixels (default 900 x 560), --scale S pixel density (default 2)
  --json           print {"out","kind","traces"}

Example:
  midia figure km --formula "Surv(rfstime, status) ~ hormon" --data datasets/gbsg.csv --out km.png
`,
  async run(args, io) {
    checkFlags(args, ['formula', 'data', 'db', 'table', 'study', 'purpose', ...ANALYSIS_TABLE_FLAGS, 'out', 'title', 'time-unit', 'term', 'width', 'height', 'scale']);
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
    const term = stringFlag(args, 'term');
    if (term !== undefined) request.term = term;
    const { data } = await loadAnalysisData(args, io);
    const spec = buildFigure(request, data);
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
