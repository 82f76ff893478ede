/** Statistics and models on typed arrays: formulas and design, survival analysis, distributions, linear algebra. */
export * from './design/index.js';
export * from './survival/index.js';
export * from './stats/distributions.js';
export * from './risk/index.js';
export * from './ms/index.js';
export * from './glm/index.js';
