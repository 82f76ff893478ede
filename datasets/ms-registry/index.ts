/** Seeded synthetic MS registry with ground truth (latent classes, therapy effects, true worsening dates). */
export { generateMsRegistry, MS_REGISTRY_VERSION, MS_REGISTRY_MAX_PATIENTS } from './generate-ms-registry.js';
export type { MsRegistry, MsRegistryOptions, MsRegistryRecords, MsRegistryTruth, MsRegistryPatientTruth, TrueWorsening } from './generate-ms-registry.js';
export { MS_REGISTRY_PARAMETERS, MS_REGISTRY_SEPARATED_CLASSES } from './parameters.js';
export type { ExposureClass, LatentClassSpec } from './parameters.js';
export { msRegistryFiles } from './ms-registry-files.js';
