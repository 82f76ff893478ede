/** A tiny hand-made artifact for the artifact tests (values chosen to be checked by hand). */
import { inputJsonSchema } from '../../../../models/risk/artifact/input-schema.js';
import type { ArtifactCovariate, ModelArtifact } from '../../../../models/risk/artifact/types.js';

export function tinyArtifact(): ModelArtifact {
  const covariates: ArtifactCovariate[] = [
    { name: 'age', type: 'numeric', range: [30, 70], description: 'years' },
    { name: 'grade', type: 'categorical', levels: ['1', '2', '3'] },
  ];
  return {
    formatVersion: 1,
    id: 'tiny-cox',
    version: '1.0.0',
    kind: 'cox',
    createdAt: '2026-01-01T00:00:00.000Z',
    engineVersion: '0.1.0',
    formula: 'Surv(time, status) ~ age + grade',
    timeUnit: 'years',
    inputSchema: inputJsonSchema(covariates),
    covariates,
    preprocessing: {
      columns: [
        { name: 'age', covariate: 'age', center: 50, scale: 1 },
        { name: 'grade2', covariate: 'grade', level: '2', center: 0.5, scale: 1 },
        { name: 'grade3', covariate: 'grade', level: '3', center: 0.25, scale: 1 },
      ],
    },
    predictor: { type: 'linear', coefficients: [0.02, 0.4, 0.8] },
    baselineHazard: { grid: [0, 1, 2, 3], cumulativeHazard: [0, 0.1, 0.25, 0.3], estimator: 'Breslow', gridRule: 'yearly' },
    horizons: [1, 3],
    trainingSummary: { n: 100, events: 40, nDropped: 0, medianFollowUp: 2.5, covariates: [], minCellCount: 5, note: 'hand-made' },
    validation: null,
    card: {
      title: 'tiny',
      intendedUse: 'tests only',
      population: 'none',
      horizon: '1 and 3 years',
      limitations: ['hand-made numbers'],
      authors: ['test'],
      version: '1.0.0',
    },
  };
}
