#!/usr/bin/env node
/** Process entry of the `midia` command. */
import { runCli } from './run.js';

// A closed pipe (`midia km ... | head`) is a normal end, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  showProgress: Boolean(process.stderr.isTTY),
  env: process.env,
});
process.exitCode = code;
