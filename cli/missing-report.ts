/** Moved to analyses/core/missing-data.ts (the analyses layer discloses; the CLI formats). Re-exported while the commands move to analyses/. */
export * from '../analyses/core/missing-data.js';
