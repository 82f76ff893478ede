/**
 * The forest-specific part of a kind-rsf artifact (format 2): the gridded
 * forest as predictor, after the disclosure floors of exported forests.
 * {@link buildModelArtifact} adds the sections every kind shares.
 *
 * Disclosure control: a forest is refused when it was grown with
 * `minNodeSize` below {@link RSF_EXPORT_MIN_NODE_SIZE} = 10 bootstrap samples
 * or has a leaf of fewer than {@link RSF_EXPORT_MIN_LEAF_PATIENTS} = 5
 * distinct training patients (the usual small-cell threshold, as the training
 * summary's `minCellCount`), so that a leaf's hazard describes a group, not
 * one patient. Leaves count bootstrap samples, so a leaf holds fewer distinct
 * patients than `minNodeSize` (about 63% as many on average): hence the
 * separate check on distinct patients. See rsf-risk-model.ts for the
 * defaults that pass these floors.
 */
import { UsageError } from '../../../util/errors.js';
import type { ForestPredictor } from '../artifact/types.js';
import type { RandomSurvivalForestSettings } from '../forest/forest-options.js';
import type { TrainedRsfModel } from './trained-rsf-model.js';

/** Smallest `minNodeSize` an exported forest may have been grown with, by default: 10. */
export const RSF_EXPORT_MIN_NODE_SIZE = 10;
/** Fewest distinct training patients in a leaf of an exported forest, by default: 5. */
export const RSF_EXPORT_MIN_LEAF_PATIENTS = 5;

/** The disclosure floors of an exported forest. */
export interface ForestExportFloors {
  /** Smallest forest `minNodeSize` accepted. Default {@link RSF_EXPORT_MIN_NODE_SIZE} = 10. */
  minNodeSize?: number;
  /** Fewest distinct training patients accepted in a leaf. Default {@link RSF_EXPORT_MIN_LEAF_PATIENTS} = 5. */
  minLeafPatients?: number;
}

/** The baseline estimator written to a forest's artifact (the cohort's Nelson-Aalen on the grid). */
export const FOREST_BASELINE_ESTIMATOR =
  "Nelson-Aalen of the training cohort (reference only: forest predictions use the leaves' cumulative hazards on this grid)";

function forestSettingsOf(s: RandomSurvivalForestSettings): ForestPredictor['settings'] {
  return {
    nTrees: s.nTrees,
    mtry: s.mtry,
    minNodeSize: s.minNodeSize,
    nSplit: s.nSplit,
    maxDepth: Number.isFinite(s.maxDepth) ? s.maxDepth : null,
    seed: s.seed,
    splitRule: 'logrank',
  };
}

/**
 * The forest predictor of a trained forest's artifact, after the disclosure floors.
 *
 * @param model a model trained by `rsfRiskModel`; not modified.
 * @param floors `minNodeSize` (10) and `minLeafPatients` (5).
 * @returns the predictor section (type 'forest').
 * @throws UsageError for a forest with smaller leaves (samples or patients) than allowed.
 * @example forestArtifactPredictor(rsfRiskModel(f).fit(gbsg), {}).settings.nTrees // => 100
 */
export function forestArtifactPredictor(model: TrainedRsfModel, floors: ForestExportFloors): ForestPredictor {
  const floor = floors.minNodeSize ?? RSF_EXPORT_MIN_NODE_SIZE;
  const s = model.forest.settings;
  if (s.minNodeSize < floor)
    throw new UsageError(`the forest was grown with minNodeSize ${s.minNodeSize}: exported forests need leaves of at least ${floor} samples (disclosure control); grow it with a larger minNodeSize`);
  const patients = model.forest.structure.leafPatients;
  if (!patients) throw new UsageError('the forest does not record its leaves\' patient counts (grow it with rsfRiskModel)');
  let fewest = Infinity;
  for (const v of patients) fewest = Math.min(fewest, v);
  const patientFloor = floors.minLeafPatients ?? RSF_EXPORT_MIN_LEAF_PATIENTS;
  if (fewest < patientFloor)
    throw new UsageError(
      `a leaf of the forest holds ${fewest} distinct training patients: exported forests need at least ${patientFloor} per leaf (disclosure control); grow it with a larger minNodeSize (now ${s.minNodeSize})`,
    );
  const f = model.gridForest;
  const oob = model.forest.oobError;
  return {
    type: 'forest',
    settings: forestSettingsOf(s),
    treeRoot: f.treeRoot,
    splitColumn: f.splitColumn,
    splitValue: f.splitValue,
    left: f.left,
    right: f.right,
    leafStart: f.leafStart,
    jumpGrid: f.jumpGrid,
    jumpChf: f.jumpChf,
    minLeafPatients: fewest,
    oobHarrellC: Number.isFinite(oob) ? 1 - oob : null,
    importance: model.forest.importance ? Array.from(model.forest.importance, (v) => (Number.isFinite(v) ? v : null)) : null,
  };
}
