/**
 * The missing-data report every survival analysis returns: rows used (`n`),
 * events, and rows dropped because a variable of the formula was missing
 * (R prints "(3 observations deleted due to missingness)"). The counts come
 * from the fit's model frame; this module only discloses and formats them.
 *
 * Under a study (`--db`), `dropped` is a count like any other cell: a value
 * `0 < dropped < threshold` (the study's minimum cell count) is hidden (null)
 * and `droppedNote` says why; 0 is shown (an empty cell reveals no one). The
 * callers disclose `n` and `events` with the rule of their own output, so the
 * totals never reveal a hidden group count. See docs/missing-data.md.
 */

/** What the JSON output carries (keys `n`, `events`, `dropped`; `droppedNote` only when `dropped` is hidden). */
export interface MissingDataReport {
  /** Rows used by the fit; null when hidden by disclosure control. */
  n: number | null;
  /** Events (of the cause of interest where the command has one; weighted counts with case weights); null when hidden. */
  events: number | null;
  /** Rows dropped for missing values; null when hidden by disclosure control. */
  dropped: number | null;
  /** Why `dropped` is null (present only then). */
  droppedNote?: string;
}

/** True for a count that disclosure control hides: `0 < x < threshold`. */
export function isSmallCount(x: number, threshold: number): boolean {
  return x > 0 && x < threshold;
}

/**
 * A count with the small-cell rule applied: null when `0 < x < threshold`.
 * @example hideSmallCount(3, 5) // => null
 */
export function hideSmallCount(x: number, threshold: number): number | null {
  return isSmallCount(x, threshold) ? null : x;
}

/**
 * The report of a study output: `dropped` hidden when `0 < dropped < threshold`,
 * with a note; `n` and `events` as the caller disclosed them.
 * @example discloseMissingReport({ n: 120, events: 40, dropped: 2 }, 5) // => { n: 120, events: 40, dropped: null, droppedNote: 'fewer than 5 ...' }
 */
export function discloseMissingReport(report: { n: number | null; events: number | null; dropped: number }, threshold: number): MissingDataReport {
  if (!isSmallCount(report.dropped, threshold)) return { n: report.n, events: report.events, dropped: report.dropped };
  return {
    n: report.n,
    events: report.events,
    dropped: null,
    droppedNote: `fewer than ${threshold} observations deleted due to missingness: count hidden (the study's minimum cell count)`,
  };
}

/** R's wording: "1 observation deleted due to missingness", "12 observations deleted due to missingness". */
export function droppedText(report: MissingDataReport): string {
  if (report.dropped === null) return report.droppedNote ?? 'observations deleted due to missingness: count hidden';
  if (report.dropped === 0) return 'no observations deleted due to missingness';
  return `${report.dropped} observation${report.dropped === 1 ? '' : 's'} deleted due to missingness`;
}

/**
 * The text line of the report.
 * @example missingDataLine({ n: 225, events: 160, dropped: 3 }) // => 'n = 225, events = 160 (3 observations deleted due to missingness)'
 */
export function missingDataLine(report: MissingDataReport, eventsLabel = 'events'): string {
  const count = (x: number | null) => (x === null ? 'hidden' : String(Number(x.toPrecision(7))));
  return `n = ${count(report.n)}, ${eventsLabel} = ${count(report.events)} (${droppedText(report)})`;
}

const MISSINGNESS = /^(\d+) observations? deleted due to missingness$/;
const NOT_FINITE = /^(.*) is not finite for (\d+) rows? \((.*)\): dropped$/;

/**
 * A study output's warnings without small row counts: the model frame's
 * "3 observations deleted due to missingness" follows the disclosed report, and
 * "log(x) is not finite for 2 rows (...): dropped" says "fewer than T rows" when
 * the count is small. Other warnings are kept as they are.
 * @example discloseWarnings(['2 observations deleted due to missingness'], { n: 50, events: 20, dropped: null, droppedNote: '...' }, 5)
 */
export function discloseWarnings(warnings: readonly string[], report: MissingDataReport, threshold: number): string[] {
  return warnings.map((w) => {
    if (MISSINGNESS.test(w)) return droppedText(report);
    const m = NOT_FINITE.exec(w);
    if (m && isSmallCount(Number(m[2]), threshold)) return `${m[1]} is not finite for fewer than ${threshold} rows (${m[3]}): dropped`;
    return w;
  });
}
