/**
 * Progress reporting. Library functions accept an optional `onProgress`
 * callback; the CLI turns it into a bar on stderr when stderr is a terminal.
 */

/** One progress report: `done` of `total` units of the named step. */
export interface ProgressEvent {
  step: string;
  done: number;
  /** Total units, or `null` when unknown. */
  total: number | null;
}

/** Callback that receives progress reports. Must be cheap; may be called often. */
export type ProgressCallback = (event: ProgressEvent) => void;

/** A callback that ignores every report. */
export const noProgress: ProgressCallback = () => {};
