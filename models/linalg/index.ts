/**
 * Small dense linear algebra for model fitting: LDLᵀ Cholesky with R
 * survival's singularity tolerance, solves and inverses. Matrices are
 * row-major `Float64Array`s of length `n * n`.
 */
export { choleskyLdl, choleskyLdlInPlace, DEFAULT_TOLER_CHOL } from './cholesky.js';
export type { CholeskyFactor } from './cholesky.js';
export { choleskySolve, choleskySolveInPlace } from './cholesky-solve.js';
export { choleskyInverse } from './cholesky-inverse.js';
export { solveSymmetric, invertSymmetric } from './symmetric.js';
