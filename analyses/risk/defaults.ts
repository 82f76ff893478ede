/**
 * Defaults the surfaces print in their help texts, in a module of their own:
 * `midia risk --help` loads the forest model's module for its constant, not
 * the training and evaluation pipelines of this folder.
 */
export { RSF_MODEL_MIN_NODE_SIZE } from '../../models/risk/model/rsf-risk-model.js';
