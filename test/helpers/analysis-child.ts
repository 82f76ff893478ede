/**
 * A long analysis in a process of its own, through the CLI's plumbing
 * (cli/io.ts openStoreFlag + sessionFor, session queries, recordRun), for the
 * concurrency tests: `node --import ./test/helpers/ts-register.mjs test/helpers/analysis-child.ts DB STUDY`.
 * Prints "copied P1,P2,..." once the session holds its copy, keeps analysing
 * until a line arrives on stdin, then records the run in the ledger and prints
 * "recorded SEQ N" (N = patients counted in the session).
 */
import { createInterface } from 'node:readline';
import type { CommandIO, ParsedArgs } from '../../cli/command.js';
import { openStoreFlag, recordRun, sessionFor } from '../../cli/io.js';

const [db, study] = process.argv.slice(2);
if (!db || !study) throw new Error('usage: analysis-child.ts DB STUDY');
const args: ParsedArgs = { positional: [], flags: { db, study } };
const io: CommandIO = { stdout: process.stdout, stderr: process.stderr, showProgress: false, env: process.env };
const store = await openStoreFlag(args);
const session = await sessionFor(store, args, io);
process.stdout.write(`copied ${session.pseudonyms.join(',')}\n`);
const lines = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => lines.once('line', () => resolve()));
lines.close();
process.stdin.destroy();
const rows = await session.queryRows('SELECT count(*)::INTEGER AS n FROM patients');
const entry = await recordRun(session, 'query', args, { rows: rows.length });
process.stdout.write(`recorded ${entry.seq} ${String(rows[0]?.n)}\n`);
session.close();
