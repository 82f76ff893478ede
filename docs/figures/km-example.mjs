// Regenerates docs/figures/km-example.png (the README screenshot) with the project's PNG renderer.
// Run from the repository root after building dist/:  npm run build && node docs/figures/km-example.mjs
import { readDataFile, toColumnTable } from '../../dist/engine/index.js';
import { datasetPath } from '../../dist/datasets/index.js';
import { kaplanMeier } from '../../dist/models/survival/index.js';
import { kaplanMeierFigure } from '../../dist/charts/kaplan-meier-figure.js';
import { figureToPng } from '../../dist/render/png.js';

const raw = toColumnTable(await readDataFile(datasetPath('gbsg')));
const er = raw.er;
const pgr = raw.pgr;
const data = {
  ...raw,
  years: raw.rfstime.map((d) => d / 365.25),
  // hormone receptor positive: ER or PR >= 10 fmol/l (as in notebooks/breast-cancer-relapse.ipynb)
  hr_status: Array.from(er, (v, i) => (v >= 10 || pgr[i] >= 10 ? 'positive' : 'negative')),
};
const fit = kaplanMeier('Surv(years, status) ~ hr_status', data);
const spec = kaplanMeierFigure(fit, {
  timeUnit: 'years',
  title: 'GBSG2: recurrence-free survival by hormone receptor status (HR+ = ER or PR >= 10 fmol/l)',
  labels: { 'hr_status=positive': 'HR+', 'hr_status=negative': 'HR-' },
});
const out = await figureToPng(spec, 'docs/figures/km-example.png', { width: 900, height: 600, scale: 1 });
console.log(out);
