/**
 * A long analysis in a process of its own, through the plumbing the CLI uses
 * (cli/io.ts openStoreFlag, a study source of analyses/core: the store file is
 * released after the copy; session queries; the ledger entry), for the
 * concurrency tests: `node --import ./test/helpers/ts-register.mjs test/helpers/analysis-child.ts DB STUDY`.
 * Prints "copied P1,P2,..." once the session holds its copy, keeps analysing
 * until a line arrives on stdin, then records the run in the ledger and prints
 * "recorded SEQ N" (N = patients counted in the session).
 */
import { createInterface } from 'node:readline';
import { openStudySource } from '../../analyses/core/source.js';
import type { ParsedArgs } from '../../cli/command.js';
import { openStoreFlag, runParameters } from '../../cli/io.js';

const [db, study] = process.argv.slice(2);
if (!db || !study) throw new Error('usage: analysis-child.ts DB STUDY');
const args: ParsedArgs = { positional: [], flags: { db, study } };
const store = await openStoreFlag(args);
const { session } = await openStudySource(store, study, { closeStoreAfterCopy: true });
store.close();
process.stdout.write(`copied ${session.pseudonyms.join(',')}\n`);
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();
process.stdin.destroy();
const rows = await session.queryRows('SELECT count(*)::INTEGER AS n FROM patients');
const entry = await session.record('query', runParameters(args), { rows: rows.length });
process.stdout.write(`recorded ${entry.seq} ${String(rows[0]?.n)}\n`);
session.close();
