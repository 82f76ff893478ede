/**
 * `msCluster`: therapy-response clusters of an MS cohort with quality
 * measures and cluster profiles under disclosure control (`midia ms cluster`).
 *
 * load (the MS cohort of a study: ms-cohort.ts) -> fit (what is clustered:
 * cluster-objects.ts; the clustering and the choice of k: cluster-fit.ts,
 * cluster-sequence.ts; silhouette, bootstrap stability (ARI), profiles) ->
 * disclose (cluster-disclosure.ts) -> ledger entry (analyses/core/run-analysis.ts).
 * Choice of k (unless `k`): BIC for `gmm` (mclust's `Mclust`: G = 1..kMax and
 * models VVV/VVI/VII) and `lcgm`; average silhouette width for `kmeans`, the
 * PAM methods and `sequence` (Kaufman & Rousseeuw 1990, k = 2..kMax).
 * Row-level assignments (pseudonym, cluster) only when asked (`assignments`,
 * recorded in the ledger with their row count) and only for row-level studies.
 */
import { requireRowLevel } from '../../engine/disclosure/access-level.js';
import { bootstrapStability } from '../../models/cluster/bootstrap-stability.js';
import { clusterProfiles, type ClusterProfile, type ProfileVariable } from '../../models/cluster/cluster-profiles.js';
import { silhouette, type SilhouetteResult } from '../../models/cluster/silhouette.js';
import { UsageError } from '../../util/errors.js';
import { noProgress, type ProgressCallback } from '../../util/progress.js';
import { parseOptions } from '../core/options.js';
import { runAnalysis, type AnalysisCall, type AnalysisResult, type AnalysisSpec, type DiscloseContext, type Disclosed } from '../core/run-analysis.js';
import type { DataSource } from '../core/source.js';
import { describeObjects, discloseClusterTable, finite, type DisclosedCluster } from './cluster-disclosure.js';
import { canonicalLabels, fitClustering, sampleLabels, type ClusterFit } from './cluster-fit.js';
import { clusterCentres, clusterObjects, cohortFeatures, isTrajectoryMethod, profileVariables, sequenceShares, type ClusterObjects } from './cluster-objects.js';
import { fitSequenceClustering } from './cluster-sequence.js';
import type { ClusterSettings, MsClusterOptions } from './cluster-settings.js';
import { aggregateWarnings, runThreshold } from './disclosure.js';
import { cohortWarnings, deriveMsPatients, loadMsCohort, type MsCohortRecords } from './ms-cohort.js';
import type { MsClusterOptionsInput } from './options.js';
import { splineKnotsAt } from './spline-knots.js';

export type { MsClusterOptions } from './cluster-settings.js';

/** The report of a clustering: what leaves for any study (the JSON document of `midia ms cluster --json`). */
export interface ClusterReport {
  method: ClusterSettings['method'];
  /** What was clustered: kind, time scale, distance, basis or sequences. */
  objects: Record<string, unknown>;
  seed: number;
  patients: { cohort: number | null; clustered: number | null; excluded: number | null };
  k: number;
  selection: { criterion: string; table: Record<string, number | string | null>[] };
  quality: {
    model: string | null;
    bic: number | null;
    icl: number | null;
    loglik: number | null;
    silhouette: number | null;
    silhouetteObjects: number;
    stability: { bootstrap: number; meanAri: number; minAri: number } | null;
  };
  clusters: DisclosedCluster[];
  threshold: number;
  /** The destination of the row-level assignments (`options.assignments`), or null. */
  assignments: string | null;
  warnings: string[];
}

/** One patient's cluster (row-level). */
export interface ClusterAssignment {
  pseudonym: string;
  /** 1-based, as the report numbers the clusters. */
  cluster: number;
  /** Silhouette width (null when the silhouette used a subsample without the patient, or k = 1). */
  silhouette: number | null;
}

/** The mean EDSS course of a shown cluster on a yearly grid (trajectory methods). */
export interface ClusterCentre {
  cluster: number;
  time: number[];
  value: number[];
}

/** The result of {@link msCluster}. */
export interface MsClusterResult {
  report: ClusterReport;
  /** Row-level assignments: only when `options.assignments` was given (row-level studies). */
  assignments: ClusterAssignment[] | null;
  /** Trajectory methods: the mean EDSS course of each shown cluster (years since the first EDSS, yearly grid 0..gridYears); else null. */
  centres: ClusterCentre[] | null;
}

/** The fitted clustering before disclosure. */
interface ClusterFitted {
  objects: ClusterObjects;
  fit: ClusterFit & { distance?: string };
  labels: Int32Array;
  K: number;
  sil: SilhouetteResult | null;
  stability: { bootstrap: number; meanAri: number; minAri: number } | null;
  profiles: ClusterProfile[];
  vars: ProfileVariable[];
  spline: { knots: number[]; probs: number[] } | null;
  centres: { time: number[]; value: number[][] } | null;
  warnings: string[];
}

async function fitMsCluster(records: MsCohortRecords, s: MsClusterOptions, progress: ProgressCallback): Promise<ClusterFitted> {
  const cohort = deriveMsPatients(records);
  const patients = cohort.patients;
  const features = cohortFeatures(patients);
  const objects = clusterObjects(patients, features, s);
  const seq = objects.sequences;
  const fit = seq ? fitSequenceClustering(s, seq.encoded, seq.alphabet.length, progress) : await fitClustering(s, objects.rows, objects.courses, progress);
  const labels = canonicalLabels(fit.labels);
  const K = Math.max(...labels) + 1;
  const warnings = [...cohortWarnings(cohort), ...fit.warnings];
  if (K < fit.k) warnings.push(`${fit.k - K} of ${fit.k} clusters came out empty`);
  const sil = K >= 2 ? silhouette(fit.diss, sampleLabels(labels, fit.sample)) : null;
  let stability: ClusterFitted['stability'] = null;
  if (s.bootstrap > 0 && K >= 2) {
    let b = 0;
    const st = bootstrapStability(
      sampleLabels(labels, fit.bootstrapSample),
      (idx) => {
        progress({ step: 'bootstrap stability', done: b++, total: s.bootstrap });
        return fit.refit(idx);
      },
      { nBoot: s.bootstrap, seed: s.seed },
    );
    progress({ step: 'bootstrap stability', done: s.bootstrap, total: s.bootstrap });
    stability = { bootstrap: s.bootstrap, meanAri: st.mean, minAri: st.min };
  }
  // profile groups: clusters 0..K-1, and K = patients left out (no complete features / course)
  const index = new Map(objects.ids.map((id, i) => [id, i]));
  const groupOf = Int32Array.from(patients, (p) => {
    const i = index.get(p.id);
    return i === undefined ? K : (labels[i] as number);
  });
  const vars = profileVariables(patients, features, s.method === 'sequence' ? sequenceShares(patients, s) : null);
  const profiles = clusterProfiles(groupOf, vars, { clusters: K + 1 });
  const spline = s.method === 'lcgm' && s.splineKnots !== null ? splineKnotsAt(objects.courses, s.splineKnots) : null;
  const centres = isTrajectoryMethod(s.method) ? clusterCentres(objects.courses, labels, K, s.gridYears) : null;
  return { objects, fit, labels, K, sil, stability, profiles, vars, spline, centres, warnings };
}

/** The row-level assignments with silhouette widths (a width only for objects of the silhouette's sample). */
function assignmentRows(f: ClusterFitted): ClusterAssignment[] {
  const width = new Map<number, number>();
  if (f.sil) {
    const sample = f.fit.sample;
    f.sil.widths.forEach((w, a) => width.set(sample ? (sample[a] as number) : a, w));
  }
  return f.objects.ids.map((pseudonym, i) => ({ pseudonym, cluster: (f.labels[i] as number) + 1, silhouette: finite(width.get(i)) }));
}

function discloseMsCluster(f: ClusterFitted, ctx: DiscloseContext<MsClusterOptions, { records: MsCohortRecords }>): Disclosed<MsClusterResult> {
  const s = ctx.options;
  const threshold = runThreshold(s.minCell, ctx.disclosure.threshold);
  const { K, fit, objects } = f;
  const ids = objects.ids;
  const table = discloseClusterTable({ profiles: f.profiles, vars: f.vars, K, clusterSilhouette: f.sil ? Array.from(f.sil.clusterAverage) : null }, threshold);
  const clusteredShown = table.cohort !== null && table.excluded !== null;
  const seq = objects.sequences;
  const report: ClusterReport = {
    method: s.method,
    objects: describeObjects(s, fit, { sequences: seq ? { alphabet: seq.alphabet, slots: seq.slots, truncated: seq.truncated, complete: ids.length - seq.truncated, shown: clusteredShown } : null, spline: f.spline }, threshold),
    seed: s.seed,
    patients: { cohort: table.cohort, clustered: clusteredShown ? ids.length : null, excluded: table.excluded },
    k: K,
    selection: { criterion: s.k !== null ? 'fixed (--k)' : fit.criterion, table: fit.selection },
    quality: { model: fit.model, bic: fit.bic, icl: fit.icl, loglik: fit.loglik, silhouette: f.sil ? f.sil.average : null, silhouetteObjects: fit.sample ? fit.sample.length : ids.length, stability: f.stability },
    clusters: table.clusters,
    threshold,
    assignments: s.assignments ?? null,
    warnings: [...new Set(aggregateWarnings(f.warnings))],
  };
  const centres = f.centres ? table.shown.map((c) => ({ cluster: c + 1, time: [...(f.centres as { time: number[] }).time], value: f.centres?.value[c] ?? [] })) : null;
  const hidden = table.clusters.filter((c) => c.suppressed).map((c) => `cluster ${c.cluster}`);
  return {
    result: { report, assignments: s.assignments !== undefined ? assignmentRows(f) : null, centres },
    summary: { method: s.method, k: K, clustered: ids.length, sizes: f.profiles.slice(0, K).map((p) => p.size), assignments: s.assignments !== undefined ? { file: s.assignments, rows: ids.length } : null },
    hidden,
    notes: [`counts below ${threshold} suppressed (complementary suppression across clusters); summaries of fewer values withheld`],
    warnings: report.warnings,
    pseudonyms: ids,
  };
}

function clusterSpec(progress: ProgressCallback): AnalysisSpec<MsClusterOptions, { records: MsCohortRecords }, ClusterFitted, MsClusterResult> {
  return {
    name: 'ms cluster',
    async load(source, o) {
      if (source.kind !== 'study') throw new UsageError('ms cluster reads the MS cohort of a study (patients, EDSS, relapses, MRI, DMTs): give a study source (a cohort database with --db and --study)');
      const session = source.session;
      if (o.assignments !== undefined) requireRowLevel(session.disclosure, session.study, 'ms cluster assignments (--assignments: one row per patient)');
      runThreshold(o.minCell, session.disclosure.threshold);
      const records = await loadMsCohort(session);
      return { data: { records }, pseudonyms: records.patients.map((p) => p.id) };
    },
    fit: ({ records }, o) => fitMsCluster(records, o, progress),
    plain() {
      throw new UsageError('ms cluster needs a study source');
    },
    disclose: discloseMsCluster,
  };
}

/**
 * Therapy-response clusters of a study's MS patients (see the module comment).
 * Validates the options (zod, loaded on demand; defaults in cluster-settings.ts CLUSTER_DEFAULTS).
 * @param source a study source (a plain table is refused: the analysis reads several tables).
 * @param onProgress progress of the dissimilarities, fits and bootstrap (default none).
 * @throws UsageError for invalid options, too few patients, a plain-table source; AccessDeniedError for assignments under an aggregate study.
 * @example const r = await msCluster(source, { method: 'grid-pam', kMax: 4, bootstrap: 0 }); r.result.report.clusters
 */
export async function msCluster(source: DataSource, options: MsClusterOptionsInput = {}, call?: AnalysisCall, onProgress: ProgressCallback = noProgress): Promise<AnalysisResult<MsClusterResult>> {
  const { MsClusterOptionsSchema } = await import('./options.js');
  return runMsCluster(source, parseOptions('ms cluster', MsClusterOptionsSchema, options), call, onProgress);
}

/**
 * {@link msCluster} with options in their validated form (every default
 * explicit), as the CLI passes them after checking its flags.
 */
export function runMsCluster(source: DataSource, options: MsClusterOptions, call?: AnalysisCall, onProgress: ProgressCallback = noProgress): Promise<AnalysisResult<MsClusterResult>> {
  return runAnalysis(clusterSpec(onProgress), source, options, call);
}
