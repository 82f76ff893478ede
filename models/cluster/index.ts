/** Clustering of therapy-response features, trajectories and therapy sequences: k-means++, Gaussian mixtures (mclust VVV/VVI/VII), PAM/CLARA, silhouette, ARI. */
export { toRowMatrix } from './matrix.js';
export type { RowMatrix, PointsInput } from './matrix.js';
export { kmeans, kmeansPlusPlusSeeds } from './kmeans.js';
export type { KmeansOptions, KmeansResult } from './kmeans.js';
export { gaussianMixture, mclustBIC, gmmParameterCount } from './gaussian-mixture.js';
export type { GmmModelName, GmmOptions, GmmFit, MclustOptions, MclustResult, BicEntry } from './gaussian-mixture.js';
export { dissimilarityFrom, euclideanDissimilarity } from './dissimilarity.js';
export type { Dissimilarity } from './dissimilarity.js';
export { pam, pamBuild } from './pam.js';
export type { PamOptions, PamResult } from './pam.js';
export { silhouette } from './silhouette.js';
export type { SilhouetteResult } from './silhouette.js';
export { adjustedRandIndex } from './adjusted-rand.js';
