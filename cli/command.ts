/**
 * The command contract of the `midia` CLI. Each command lives in its own file
 * under cli/commands/ and is listed in cli/registry.ts.
 */
import type { Writable } from 'node:stream';

/** Parsed command-line flags: `--name value` pairs and bare `--flag` switches. */
export interface ParsedArgs {
  /** Positional arguments after the command (and sub-command) name. */
  positional: string[];
  /** Flag values by name without leading dashes (`--conf-type log` -> `{'conf-type': 'log'}`); switches are `true`. */
  flags: Record<string, string | true>;
}

/** What a command may use to talk to the world (injected, so tests can capture it). */
export interface CommandIO {
  stdout: Writable;
  stderr: Writable;
  /** True when stderr is a terminal and --quiet was not given: show progress bars. */
  showProgress: boolean;
  /** Environment variables (for keys and defaults). */
  env: Readonly<Record<string, string | undefined>>;
}

/** One CLI command. */
export interface Command {
  /** Name as typed, e.g. `km` or `import`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help text printed by `midia NAME --help` (usage, flags with defaults, examples). */
  help: string;
  /** Runs the command; returns the exit code (0 ok, 1 usage, 2 bad data). Throws MidiaError subclasses on failure. */
  run(args: ParsedArgs, io: CommandIO): Promise<number>;
}
