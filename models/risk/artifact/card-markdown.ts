/**
 * Human-readable model card (Markdown) rendered from an artifact: the card
 * fields, inputs with training ranges, training summary and validation (and,
 * for a forest, its settings, OOB C and permutation importance), in
 * the section order of Mitchell M et al. (2019) "Model cards for model
 * reporting", FAT* '19 (short form). Pure: artifact in, text out.
 */
import type { ModelArtifact } from './types.js';

const f = (v: number | null | undefined, d = 3): string => (v === null || v === undefined ? 'n/a' : String(Number(v.toFixed(d))));

/**
 * Renders the model card of an artifact as Markdown.
 *
 * @param a a validated artifact; not modified.
 * @returns Markdown text ending with a newline.
 * @example writeFileSync('gbsg-cox.card.md', modelCardMarkdown(artifact))
 */
export function modelCardMarkdown(a: ModelArtifact): string {
  const c = a.card;
  const out: string[] = [];
  out.push(`# Model card: ${c.title}`, '');
  out.push(`- id: \`${a.id}\`, version ${a.version}, kind \`${a.kind}\`, artifact format ${a.formatVersion}, built ${a.createdAt} by midia-hub ${a.engineVersion}`);
  if (a.formula) out.push(`- formula: \`${a.formula}\``);
  out.push(`- time unit: ${a.timeUnit}; default horizons: ${a.horizons.join(', ')} (${c.horizon})`, '');
  out.push('## Intended use', '', c.intendedUse, '');
  out.push('## Population', '', c.population, '');
  if (c.outcome) out.push('## Outcome', '', c.outcome, '');
  out.push('## Inputs', '', '| name | type | levels / training range | description |', '| --- | --- | --- | --- |');
  for (const v of a.covariates) {
    const dom = v.type === 'categorical' ? (v.levels ?? []).join(', ') : v.range ? `${f(v.range[0])} to ${f(v.range[1])}` : '';
    out.push(`| ${v.name} | ${v.type} | ${dom} | ${v.description ?? ''} |`);
  }
  out.push('');
  const t = a.trainingSummary;
  out.push('## Training data (aggregates only)', '');
  out.push(`- n = ${t.n}, events = ${t.events}, dropped for missing values = ${t.nDropped}, median follow-up = ${f(t.medianFollowUp, 1)} ${a.timeUnit}`);
  for (const s of t.covariates) {
    if (s.type === 'numeric') out.push(`- ${s.name}: mean ${f(s.mean)}, SD ${f(s.sd)}, quartiles ${s.quartiles ? (s.quartiles as readonly number[]).map((q) => f(q)).join(' / ') : 'n/a'}`);
    else out.push(`- ${s.name}: ${Object.entries(s.counts ?? {}).map(([k, n]) => `${k} ${n === null ? `<${t.minCellCount}` : n}`).join(', ')}`);
  }
  out.push(`- ${t.note}`, '');
  out.push('## Validation', '');
  const v = a.validation;
  if (!v) out.push('Not validated.');
  else {
    out.push(`- Harrell's C ${f(v.harrellC)}; optimism-corrected ${f(v.optimismCorrectedC)} (${v.bootstrapReplicates} bootstrap replicates); Uno's C ${f(v.unoC)} (tau ${f(v.unoTau, 2)})`);
    for (let k = 0; k < v.auc.length; k++) out.push(`- horizon ${f(v.auc[k]!.horizon, 2)}: AUC ${f(v.auc[k]!.auc)}, Brier ${f(v.brier[k]?.brier ?? null)}`);
    out.push(`- ${v.note}`);
  }
  out.push('', '## Limitations', '', ...c.limitations.map((l) => `- ${l}`), '');
  out.push('## Authors', '', c.authors.join(', '), '');
  if (c.references?.length) out.push('## References', '', ...c.references.map((r) => `- ${r}`), '');
  const p = a.predictor;
  if (p.type === 'forest') {
    const s = p.settings;
    out.push('## Forest', '');
    out.push(
      `- random survival forest, log-rank splitting: ${s.nTrees} trees, ${p.leafStart.length - 1} leaves, mtry ${s.mtry}, minimum node size ${s.minNodeSize} (bootstrap samples), ${s.nSplit === 0 ? 'every midpoint tried' : `${s.nSplit} random split points`}, max depth ${s.maxDepth ?? 'unlimited'}, seed ${s.seed}`,
    );
    out.push(`- every leaf holds at least ${p.minLeafPatients ?? 'an unknown number of'} distinct training patients; out-of-bag Harrell's C ${f(p.oobHarrellC)}`);
    if (p.importance) {
      const ranked = a.preprocessing.columns.map((c, j) => [c.name, p.importance![j] ?? null] as const).sort((x, y) => (y[1] ?? -Infinity) - (x[1] ?? -Infinity));
      out.push(`- permutation importance (C units): ${ranked.map(([n, v]) => `${n} ${f(v, 4)}`).join(', ')}`);
    }
    out.push(`- each leaf's cumulative hazard is stored only at the ${a.baselineHazard.grid.length} grid points: ${a.baselineHazard.gridRule}`, '');
    out.push('## Reference hazard', '', `${a.baselineHazard.estimator}.`, '');
  } else out.push('## Baseline hazard', '', `${a.baselineHazard.estimator}, ${a.baselineHazard.grid.length} grid points: ${a.baselineHazard.gridRule}.`, '');
  return out.join('\n');
}
