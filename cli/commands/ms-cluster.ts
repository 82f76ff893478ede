/**
 * `midia ms cluster`: parses the flags, calls the analysis (analyses/ms/cluster.ts:
 * therapy-response clusters with quality and disclosed profiles), writes the
 * row-level assignments file when asked, prints text or JSON.
 */
import { writeFile } from 'node:fs/promises';
import type { DisclosedCluster, DisclosedLevels, DisclosedNumeric } from '../../analyses/ms/cluster-disclosure.js';
import { runMsCluster } from '../../analyses/ms/cluster.js';
import { choosesKBySilhouette, CLUSTER_DEFAULTS, CLUSTER_METHODS, DEFAULT_CLUSTER_FEATURES, RESPONSE_FEATURE_NAMES, type ClusterSettings, type ResponseFeatureName } from '../../analyses/ms/cluster-settings.js';
import { UsageError } from '../../util/errors.js';
import { checkFlags, choiceFlag, hasFlag, numberFlag, stringFlag } from '../args.js';
import type { CommandIO, ParsedArgs } from '../command.js';
import { runParameters } from '../io.js';
import { minCellFlag, withMsSource } from '../ms-data.js';
import { csvText, jsonText, progressBar, textTable, writeLine } from '../output.js';

// The clustering pipeline moved to analyses/ms (cluster-fit.ts, cluster-sequence.ts, spline-knots.ts); re-exported for existing callers.
export { fitClustering, sampleLabels, FULL_DISSIMILARITY_MAX, BOOTSTRAP_SUBSAMPLE_MAX } from '../../analyses/ms/cluster-fit.js';
export { fitSequenceClustering, sequenceCosts, SEQUENCE_MAX_OBJECTS, SEQUENCE_BOOTSTRAP_MAX } from '../../analyses/ms/cluster-sequence.js';
export { splineKnotsAt } from '../../analyses/ms/spline-knots.js';
export { CLUSTER_DEFAULTS, CLUSTER_METHODS, type ClusterMethod, type ClusterSettings, type SequenceCosts } from '../../analyses/ms/cluster-settings.js';
export type { DisclosedCluster, DisclosedLevels, DisclosedNumeric };

/** Flags of `ms cluster`. */
export const CLUSTER_FLAGS = ['db', 'study', 'purpose', 'method', 'k', 'k-max', 'seed', 'bootstrap', 'min-cell', 'assignments', 'features', 'grid-years', 'spline-knots', 'states', 'step-months', 'window-years', 'costs', 'indel', 'linkage'] as const;

/** Flags that apply to `--method sequence` only. */
const SEQUENCE_FLAGS = ['states', 'step-months', 'window-years', 'costs', 'indel', 'linkage'] as const;

function intFlag(args: ParsedArgs, name: string, lo: number, fallback: number | null): number | null {
  const v = numberFlag(args, name);
  if (v === undefined) return fallback;
  if (!(Number.isInteger(v) && v >= lo)) throw new UsageError(`--${name} must be a whole number >= ${lo}, got ${stringFlag(args, name)}`);
  return v;
}

/** Validates the flags of `ms cluster` (UsageError naming the flag). */
export function clusterSettings(args: ParsedArgs): ClusterSettings {
  checkFlags(args, CLUSTER_FLAGS);
  const method = choiceFlag(args, 'method', CLUSTER_METHODS, CLUSTER_DEFAULTS.method);
  if (args.flags.k !== undefined && args.flags['k-max'] !== undefined) throw new UsageError('Give either --k or --k-max, not both');
  const k = intFlag(args, 'k', 1, null);
  if (k !== null && choosesKBySilhouette(method) && k < 2) throw new UsageError(`--k must be >= 2 for --method ${method}, got ${k}`);
  const kMax = intFlag(args, 'k-max', 2, CLUSTER_DEFAULTS.kMax) as number;
  const seed = intFlag(args, 'seed', 0, CLUSTER_DEFAULTS.seed) as number;
  const bootstrap = intFlag(args, 'bootstrap', 0, CLUSTER_DEFAULTS.bootstrap) as number;
  const gridYears = numberFlag(args, 'grid-years', CLUSTER_DEFAULTS.gridYears) as number;
  if (!(gridYears >= 1)) throw new UsageError(`--grid-years must be >= 1, got ${gridYears}`);
  const featureText = stringFlag(args, 'features');
  let features = [...DEFAULT_CLUSTER_FEATURES];
  if (featureText !== undefined) {
    if (method !== 'gmm' && method !== 'kmeans') throw new UsageError(`--features applies to --method gmm or kmeans, not ${method}`);
    features = featureText.split(',').map((s) => s.trim()) as ResponseFeatureName[];
    for (const f of features) if (!(RESPONSE_FEATURE_NAMES as readonly string[]).includes(f)) throw new UsageError(`--features: unknown feature '${f}' (one of ${RESPONSE_FEATURE_NAMES.join(', ')})`);
    if (new Set(features).size !== features.length || features.length === 0) throw new UsageError(`--features must name distinct features, got '${featureText}'`);
  }
  const splineKnots = intFlag(args, 'spline-knots', 3, null);
  if (splineKnots !== null && method !== 'lcgm') throw new UsageError(`--spline-knots applies to --method lcgm, not ${method}`);
  if (method !== 'sequence') for (const f of SEQUENCE_FLAGS) if (args.flags[f] !== undefined) throw new UsageError(`--${f} applies to --method sequence, not ${method}`);
  if (method === 'sequence' && args.flags['grid-years'] !== undefined) throw new UsageError('--grid-years applies to grid-pam, not sequence (use --window-years)');
  const states = choiceFlag(args, 'states', ['class', 'drug'] as const, CLUSTER_DEFAULTS.states);
  const stepMonths = intFlag(args, 'step-months', 1, CLUSTER_DEFAULTS.stepMonths) as number;
  const windowYears = numberFlag(args, 'window-years', CLUSTER_DEFAULTS.windowYears) as number;
  if (!(windowYears > 0 && (windowYears * 12) / stepMonths >= 2)) throw new UsageError(`--window-years must hold at least 2 slots of --step-months ${stepMonths}, got ${stringFlag(args, 'window-years') ?? windowYears}`);
  const costs = choiceFlag(args, 'costs', ['constant', 'trate'] as const, CLUSTER_DEFAULTS.costs);
  const indelFlag = numberFlag(args, 'indel');
  if (indelFlag !== undefined && !(indelFlag > 0 && Number.isFinite(indelFlag))) throw new UsageError(`--indel must be a number > 0, got ${stringFlag(args, 'indel')}`);
  const linkage = choiceFlag(args, 'linkage', ['ward', 'average'] as const, CLUSTER_DEFAULTS.linkage);
  return { method, k, kMax, seed, bootstrap, features, gridYears, splineKnots, states, stepMonths, windowYears, costs, indel: indelFlag ?? null, linkage };
}

function fmt(x: number | null): string {
  return x === null || !Number.isFinite(x) ? 'NA' : Number(x.toPrecision(4)).toString();
}

/** Runs `midia ms cluster`. */
export async function runMsClusterCommand(args: ParsedArgs, io: CommandIO): Promise<number> {
  const s = clusterSettings(args);
  const assignments = stringFlag(args, 'assignments');
  const r = await withMsSource(args, io, (source) => {
    const minCell = minCellFlag(args, source.session.disclosure.threshold);
    return runMsCluster(source, { ...s, ...(minCell !== undefined ? { minCell } : {}), ...(assignments !== undefined ? { assignments } : {}) }, { parameters: runParameters(args) }, progressBar(io.stderr, io.showProgress));
  });
  const { report, assignments: rows } = r.result;
  if (assignments !== undefined && rows) await writeFile(assignments, csvText(['pseudonym', 'cluster'], rows.map((a) => [a.pseudonym, a.cluster])), 'utf8');
  if (hasFlag(args, 'json')) {
    io.stdout.write(jsonText(report));
    return 0;
  }
  for (const w of report.warnings) writeLine(io.stderr, `warning: ${w}`);
  const c = (v: number | null): string | number => v ?? 'suppressed';
  const q = report.quality;
  io.stdout.write(`${report.method}: k = ${report.k} (${report.selection.criterion}); patients clustered ${c(report.patients.clustered)} of ${c(report.patients.cohort)}\n`);
  io.stdout.write(`silhouette ${fmt(q.silhouette)}, BIC ${fmt(q.bic)}, ICL ${fmt(q.icl)}, bootstrap ARI ${q.stability ? `${fmt(q.stability.meanAri)} (min ${fmt(q.stability.minAri)}, ${q.stability.bootstrap} resamples)` : 'not run'}\n\n`);
  const mean = (cl: DisclosedCluster, g: 'baseline' | 'outcomes' | 'therapies', name: string): number | null => ((cl[g]?.[name] as DisclosedNumeric | undefined)?.mean ?? null);
  const sequence = report.method === 'sequence';
  const seqCols = sequence ? ['untreated', 'moderate', 'high'] : [];
  const seqVals = (cl: DisclosedCluster): (number | null)[] => (sequence ? ['shareUntreated', 'shareModerate', 'shareHigh'].map((name) => mean(cl, 'therapies', name)) : []);
  const share = (cl: DisclosedCluster, g: 'outcomes' | 'therapies', name: string): number | null => ((cl[g]?.[name] as DisclosedLevels | undefined)?.find((l) => l.level === 'yes')?.share ?? null);
  io.stdout.write(
    textTable(
      ['cluster', 'size', 'silhouette', 'age', 'baseEDSS', 'ARR', 'ARR on DMT', 'EDSS/yr', 'CDW', 'NEDA-3', 'high eff.', ...seqCols],
      report.clusters.map((cl) => [cl.cluster, c(cl.size), cl.silhouette, mean(cl, 'baseline', 'ageAtOnset'), mean(cl, 'baseline', 'baselineEdss'), mean(cl, 'outcomes', 'arr'), mean(cl, 'outcomes', 'arrOnTherapy'), mean(cl, 'outcomes', 'edssSlope'), share(cl, 'outcomes', 'cdw'), share(cl, 'outcomes', 'neda'), share(cl, 'therapies', 'everHighEfficacy'), ...seqVals(cl)]),
    ),
  );
  if (sequence) io.stdout.write('\nuntreated / moderate / high: mean share of the sequence slots in each efficacy class\n');
  io.stdout.write(`\nmeans and shares; counts below ${report.threshold} suppressed${assignments ? `; assignments written to ${assignments}` : ''}\n`);
  return 0;
}

/** Help of `ms cluster` (included in `midia ms --help`). */
export const MS_CLUSTER_HELP = `cluster: therapy-response clusters with quality and profiles.
  midia ms cluster --db FILE --study ID [--method gmm|kmeans|grid-pam|dtw-pam|lcgm|sequence]
                   [--k K | --k-max 6] [--seed 1] [--bootstrap 50] [--min-cell N]
                   [--features arrOnTherapy,edssSlope,mriActivity] [--grid-years 10]
                   [--spline-knots K] [--states class|drug] [--step-months 3] [--window-years 5]
                   [--costs constant|trate] [--indel 1] [--linkage ward|average]
                   [--assignments FILE] [--json]
  --method      gmm (default): Gaussian mixtures VVV/VVI/VII on standardised response
                features, k and model by BIC (as mclust); kmeans: k-means++ (10 starts);
                grid-pam: PAM on EDSS courses (years since first EDSS) compared on a
                yearly grid 0..--grid-years; dtw-pam: PAM with DTW distances (normalized
                by n + m); lcgm: latent-class linear growth model, k by BIC;
                sequence: therapy sequences compared by optimal matching, clustered
                hierarchically, k by silhouette
  --k / --k-max a fixed k, or the largest k tried (default 6; from 1 for gmm/lcgm, from 2
                for silhouette choice with kmeans, the PAM methods and sequence)
  --spline-knots lcgm only: natural cubic spline trajectories with K >= 3 knots at the
                j/(K-1) quantiles (j = 0..K-1, type 7) of all visit times, so the boundary
                knots are the 0 and 1 quantiles (default: off, linear); quality.model
                states the basis, objects.basis the knot quantiles (interior knots rounded
                to 0.1 year; boundary knots withheld: they are single visit times)
  sequence: each patient's DMT states at the midpoint of every --step-months slot (default
                3, quarterly) over --window-years (default 5) from the index date:
                --states class (default: untreated, moderate, high efficacy by DGN 2021,
                unclassified) or drug (untreated or the drug). Follow-up shorter than
                the window: the sequence ends at the last slot before the last contact
                (optimal matching compares unequal lengths by indels); such patients are
                counted in objects.sequences.truncated; no slot at all: left out, counted
                as excluded. Distance: optimal matching (Abbott & Tsay 2000) with
                --costs constant (default: substitution 2) or trate (2 - p(j|i) - p(i|j)
                from the observed transition rates, TraMineR seqcost TRATE) and --indel
                (default 1 for constant, max substitution / 2 for trate), as TraMineR
                seqdist(method = "OM", sm = "CONSTANT", indel = 1) (Gabadinho et al. 2011,
                J Stat Softw 40(4)). --linkage ward (default; hclust ward.D2 on the
                distances, as usual with OM: Studer & Ritschard 2016, J R Stat Soc A
                179:481-511) or average. The bootstrap refits the hierarchical clustering
                on each resample (a seeded subsample of 500 when there are more).
                Up to 2000 sequences are clustered as a whole; with more, a seeded random
                subsample of 2000 is clustered (k and silhouette on it) and the others join
                the cluster of the nearest cluster medoid (a warning says so).
  --features    response features of gmm/kmeans (default arrOnTherapy,edssSlope,mriActivity;
                also baselineEdss, arr, neda); patients missing one (e.g. never on a DMT)
                are left out and counted
  --seed        seed of every random step (default 1): same seed, same clusters
  --bootstrap   resamples for stability, mean adjusted Rand index of refits against the
                clustering (default 50; 0 skips)
  --min-cell    disclosure threshold; may only raise the study's minimum cell count
                (default: the study's, 5 unless registered otherwise)
  Up to 10,000 objects every dissimilarity is computed (DTW on worker threads) and PAM is
  exact; the PAM bootstrap resamples a seeded random subsample of 2000 when there are more.
  Above 10,000 PAM runs as CLARA (5 samples of 40 + 2k, as cluster::clara) and the
  silhouette uses a seeded random subsample of 2000 (warnings say so).
  --assignments write pseudonym,cluster rows to FILE (the only row-level output; the file
                name and row count are recorded in the data-use ledger; refused for
                studies with access level aggregate)
  Output: quality (silhouette, BIC/ICL where defined, bootstrap ARI) and per cluster
  (numbered by decreasing size) baseline (age at onset, sex, baseline EDSS, follow-up),
  outcomes (ARR, ARR on DMT, EDSS slope, MRI activity, CDW, NEDA-3 over 2 years from the
  first DMT) and therapies (ever moderate/high efficacy, strategy as Harding 2019; with
  sequence also shareUntreated/shareModerate/shareHigh: the share of each patient's
  sequence slots untreated, on moderate and on high efficacy, summarised per cluster).
  Clusters smaller than the threshold are suppressed (and one more when a single one
  would be revealed by the total); within shown clusters counts below the threshold
  are suppressed with complementary suppression, and summaries of fewer values withheld.
  --json prints {method, objects (what was clustered, distance, basis or sequences), seed, patients{cohort,clustered,excluded}, k,
  selection{criterion,table}, quality{model,bic,icl,loglik,silhouette,silhouetteObjects,stability},
  clusters[{cluster,size,suppressed,silhouette,baseline,outcomes,therapies}], threshold,
  assignments, warnings}.
`;
