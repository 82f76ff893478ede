/** Public datasets with provenance and the seeded synthetic cohort generator. */
export { PUBLIC_DATASETS, publicDataset, datasetPath, packageRoot } from './public.js';
export type { PublicDataset, PublicDatasetName } from './public.js';
export * from './synthetic/index.js';
export * from './ms-registry/index.js';
