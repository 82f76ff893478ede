/**
 * Public datasets with provenance and the seeded synthetic cohort generator.
 *
 * Entry point `midia-hub/datasets` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export { PUBLIC_DATASETS, publicDataset, datasetPath, packageRoot } from './public.js';
export type { PublicDataset, PublicDatasetName } from './public.js';
export * from './synthetic/index.js';
export * from './ms-registry/index.js';
