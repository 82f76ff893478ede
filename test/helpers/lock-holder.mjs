/**
 * Holds a DuckDB database file open (its write lock) in a separate process,
 * as another midia process would: `node test/helpers/lock-holder.mjs FILE`.
 * Prints "held" once the lock is taken and releases it when a line arrives on
 * stdin (or stdin closes), then prints "released" and exits.
 */
import { createInterface } from 'node:readline';
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`ATTACH '${process.argv[2].replace(/'/g, "''")}' AS held`);
process.stdout.write('held\n');
const lines = createInterface({ input: process.stdin });
const release = () => {
  connection.closeSync();
  instance.closeSync();
  process.stdout.write('released\n');
  process.exit(0);
};
lines.once('line', release);
lines.once('close', release);
