/** A tiny hand-made artifact for the artifact tests (values chosen to be checked by hand). */
import type { ModelArtifact } from '../../../../models/risk/artifact/types.js';
import { handMadeCoxArtifact } from '../../../helpers/hand-made-artifact.js';

export function tinyArtifact(): ModelArtifact {
  return handMadeCoxArtifact({
    id: 'tiny-cox',
    age: { range: [30, 70], description: 'years' },
    centers: [50, 0.5, 0.25],
    coefficients: [0.02, 0.4, 0.8],
    baseline: { grid: [0, 1, 2, 3], cumulativeHazard: [0, 0.1, 0.25, 0.3], gridRule: 'yearly' },
    horizons: [1, 3],
    medianFollowUp: 2.5,
    note: 'hand-made',
    card: { title: 'tiny', intendedUse: 'tests only', population: 'none', horizon: '1 and 3 years', limitations: ['hand-made numbers'], authors: ['test'], version: '1.0.0' },
  });
}

/**
 * A tiny hand-made random-survival-forest artifact (format 2): two trees on
 * the design (age, grade2, grade3), grid [0, 1, 2, 3] years.
 * Tree 0 splits on age <= 50: leaf 0 has H = [0, .1, .1, .1], leaf 1 has
 * H = [0, .2, .5, .5]. Tree 1 splits on grade3 <= 0.5: leaf 2 has H = 0,
 * leaf 3 has H = [0, 0, .3, .6]. The ensemble H is the mean of the two
 * leaves a patient falls in; e.g. age 60, grade 3: H = [0, .1, .4, .55].
 */
export function tinyForestArtifact(): ModelArtifact {
  const base = tinyArtifact();
  return {
    ...base,
    formatVersion: 2,
    id: 'tiny-rsf',
    kind: 'rsf',
    preprocessing: {
      columns: [
        { name: 'age', covariate: 'age', center: 0, scale: 1 },
        { name: 'grade2', covariate: 'grade', level: '2', center: 0, scale: 1 },
        { name: 'grade3', covariate: 'grade', level: '3', center: 0, scale: 1 },
      ],
    },
    predictor: {
      type: 'forest',
      settings: { nTrees: 2, mtry: 1, minNodeSize: 10, nSplit: 0, maxDepth: null, seed: 1, splitRule: 'logrank' },
      treeRoot: [0, 3],
      splitColumn: [0, -1, -1, 2, -1, -1],
      splitValue: [50, 0, 0, 0.5, 0, 0],
      left: [1, 0, 1, 4, 2, 3],
      right: [2, -1, -1, 5, -1, -1],
      leafStart: [0, 1, 3, 3, 5],
      jumpGrid: [1, 1, 2, 2, 3],
      jumpChf: [0.1, 0.2, 0.5, 0.3, 0.6],
      minLeafPatients: 8,
      oobHarrellC: 0.7,
      importance: [0.05, 0, 0.02],
    },
    baselineHazard: { grid: [0, 1, 2, 3], cumulativeHazard: [0, 0.1, 0.25, 0.3], estimator: 'Nelson-Aalen (hand-made)', gridRule: 'yearly' },
  };
}
