/**
 * The access level of a study (docs/access-levels.md) at the surfaces that
 * export rows: under `aggregate` they refuse, under `row-level` they export
 * and record the export in the ledger with its row count.
 */
import { AccessDeniedError } from '../../util/errors.js';
import type { SessionDisclosure } from '../access.js';

/**
 * Refuses a row-level output unless the study's access level is `row-level`.
 * @param what the output in words, e.g. `'midia table (one row per patient)'`
 * @throws AccessDeniedError under `aggregate` access, naming the study and the output.
 * @example requireRowLevel(session.disclosure, 'BC-1', 'midia timeline (one patient's records)')
 */
export function requireRowLevel(disclosure: Pick<SessionDisclosure, 'access'>, study: string | null, what: string): void {
  if (disclosure.access === 'row-level') return;
  throw new AccessDeniedError(
    `${what} is a row-level output, refused for study ${study ?? '(none)'}: its access level is aggregate (only disclosure-controlled aggregates leave). ` +
      "A study approved for pseudonymized row-level data is registered with 'midia study register ... --access row-level'",
  );
}

/**
 * Refuses an aggregate that rests on fewer rows or events than the study's
 * minimum cell count (a model or a validation metric of a handful of patients
 * describes those patients): the rule discloseModel applies, for outputs that
 * have no counts to hide but estimates only.
 * @param counts rows used and events among them
 * @throws AccessDeniedError when `0 < n < threshold` or `0 < events < threshold` (or nothing was used).
 * @example requireMinimumCounts({ n: 120, events: 3 }, 5, 'coxnet') // throws: fewer than 5 events
 */
export function requireMinimumCounts(counts: { n: number; events: number }, threshold: number, what: string): void {
  const small = (x: number) => x < threshold;
  if (counts.n === 0 || small(counts.n) || small(counts.events)) {
    throw new AccessDeniedError(`${what} rests on fewer than ${threshold} ${small(counts.n) || counts.n === 0 ? 'rows' : 'events'} (the study's minimum cell count): not shown`);
  }
}
