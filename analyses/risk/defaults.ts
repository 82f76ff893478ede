/**
 * Defaults the surfaces document (help texts), in a module without the
 * artifact code (no zod): `midia risk --help` loads only this.
 */
export { RSF_MODEL_MIN_NODE_SIZE } from '../../models/risk/model/rsf-risk-model.js';
