/**
 * What engine modules need to know of an open cohort store to reach its
 * connection (engine/store-internal.ts) or refuse a write: its path and whether
 * it is read-only. `CohortStore` (engine/store.ts) is one; modules that the
 * store itself imports (the importers, the pseudonym settings) take this type
 * instead of the class, so that no import circle runs through store.ts.
 */
export interface StoreHandle {
  /** Database file, or `:memory:`. */
  readonly path: string;
  /** Opened read-only (writes refused). */
  readonly readOnly: boolean;
}
