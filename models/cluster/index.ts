/**
 * Clustering of therapy-response features, trajectories and therapy sequences: k-means++, Gaussian mixtures (mclust VVV/VVI/VII), PAM/CLARA, silhouette, ARI.
 *
 * Entry point `midia-hub/models/cluster` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export { toRowMatrix } from './matrix.js';
export type { RowMatrix, PointsInput } from './matrix.js';
export { kmeans, kmeansPlusPlusSeeds } from './kmeans.js';
export type { KmeansOptions, KmeansResult } from './kmeans.js';
export { gaussianMixture, mclustBIC, gmmParameterCount } from './gaussian-mixture.js';
export type { GmmModelName, GmmInit, GmmOptions, GmmFit, MclustOptions, MclustResult, BicEntry } from './gaussian-mixture.js';
export { modelBasedHc, hcPartition, hcSvdTransform, quantileClasses } from './model-based-hc.js';
export type { HcModelName, HcTransform, ModelBasedHcOptions, ModelBasedHcResult } from './model-based-hc.js';
export { dissimilarityFrom, euclideanDissimilarity, condensedFrom, condensedIndex, dissimilarityValue, isCondensed, rowOffset, toCondensed, toFull, allocateCondensed } from './dissimilarity.js';
export type { Dissimilarity, CondensedDissimilarity, AnyDissimilarity, CondensedOptions } from './dissimilarity.js';
export { pam, pamBuild } from './pam.js';
export { fastPamBuild, fastPamSwap, medoidDistances } from './fastpam.js';
export type { FastPamSwapResult, MedoidDistances } from './fastpam.js';
export type { PamOptions, PamResult } from './pam.js';
export { silhouette } from './silhouette.js';
export type { SilhouetteResult } from './silhouette.js';
export { adjustedRandIndex } from './adjusted-rand.js';
export { checkCourse } from './trajectory.js';
export type { Course } from './trajectory.js';
export { dtwDistance, dtwKernel, dtwKernelInt, integerScale } from './dtw.js';
export type { DtwOptions } from './dtw.js';
export { dtwMatrix, dtwMatrixSync } from './dtw-matrix.js';
export type { DtwMatrixOptions } from './dtw-matrix.js';
export { interpolateCourse, courseGrid, gridDistance, regularGrid } from './grid-distance.js';
export { clara } from './clara.js';
export type { ClaraOptions, ClaraResult } from './clara.js';
export { hierarchicalClustering, cutTree } from './hierarchical.js';
export type { Linkage, Dendrogram } from './hierarchical.js';
export { optimalMatchingDistance } from './optimal-matching.js';
export type { OptimalMatchingOptions } from './optimal-matching.js';
export { latentClassGrowth, lcgmTrajectory } from './latent-class-growth.js';
export type { LatentClassGrowthOptions, LatentClassGrowthFit, LcgmBasis } from './latent-class-growth.js';
export { bootstrapStability } from './bootstrap-stability.js';
export type { BootstrapStabilityOptions, BootstrapStabilityResult } from './bootstrap-stability.js';
export { clusterProfiles } from './cluster-profiles.js';
export type { ProfileVariable, NumericProfile, CategoricalProfile, ClusterProfile } from './cluster-profiles.js';
