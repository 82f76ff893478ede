#!/usr/bin/env node
/** Process entry of the `midia` command. */
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  showProgress: Boolean(process.stderr.isTTY),
  env: process.env,
});
process.exitCode = code;
