/**
 * Hand-made Cox artifacts (format 1) on two covariates, numeric `age` and
 * categorical `grade` (levels 1-3, design columns age, grade2, grade3), whose
 * risks can be worked by hand. The artifact and service tests each choose
 * their own numbers; the shape of the artifact is built here once.
 */
import { inputJsonSchema } from '../../models/risk/artifact/input-schema.js';
import type { ArtifactCovariate, ModelArtifact, ModelCard } from '../../models/risk/artifact/types.js';

/** The numbers and texts that differ between hand-made artifacts. */
export interface HandMadeCoxSpec {
  id: string;
  /** Training range of age and its description. */
  age: { range: [number, number]; description: string };
  /** Description of grade (none by default). */
  gradeDescription?: string;
  /** Centres of the design columns age, grade2, grade3. */
  centers: [number, number, number];
  /** Coefficients of age, grade2, grade3. */
  coefficients: [number, number, number];
  /** Baseline cumulative hazard on a grid (years) and the grid's description. */
  baseline: { grid: number[]; cumulativeHazard: number[]; gridRule: string };
  horizons: number[];
  medianFollowUp: number;
  /** Note of the training summary. */
  note: string;
  card: ModelCard;
}

/** A format-1 Cox artifact from {@link HandMadeCoxSpec} (n = 100, 40 events, no validation). */
export function handMadeCoxArtifact(s: HandMadeCoxSpec): ModelArtifact {
  const covariates: ArtifactCovariate[] = [
    { name: 'age', type: 'numeric', range: s.age.range, description: s.age.description },
    { name: 'grade', type: 'categorical', levels: ['1', '2', '3'], ...(s.gradeDescription ? { description: s.gradeDescription } : {}) },
  ];
  const [cAge, c2, c3] = s.centers;
  return {
    formatVersion: 1,
    id: s.id,
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
        { name: 'age', covariate: 'age', center: cAge, scale: 1 },
        { name: 'grade2', covariate: 'grade', level: '2', center: c2, scale: 1 },
        { name: 'grade3', covariate: 'grade', level: '3', center: c3, scale: 1 },
      ],
    },
    predictor: { type: 'linear', coefficients: [...s.coefficients] },
    baselineHazard: { grid: s.baseline.grid, cumulativeHazard: s.baseline.cumulativeHazard, estimator: 'Breslow', gridRule: s.baseline.gridRule },
    horizons: s.horizons,
    trainingSummary: { n: 100, events: 40, nDropped: 0, medianFollowUp: s.medianFollowUp, covariates: [], minCellCount: 5, note: s.note },
    validation: null,
    card: s.card,
  };
}
