/** The list of CLI commands, in the order `midia --help` shows them. */
import type { Command } from './command.js';
import { demoCommand } from './commands/demo.js';
import { describeCommand } from './commands/describe.js';
import { generateCommand } from './commands/generate.js';
import { importCommand } from './commands/import.js';
import { queryCommand } from './commands/query.js';
import { schemaCommand } from './commands/schema.js';
import { tableCommand } from './commands/table.js';
import { timelineCommand } from './commands/timeline.js';

export const COMMANDS: readonly Command[] = [
  demoCommand,
  importCommand,
  describeCommand,
  queryCommand,
  tableCommand,
  timelineCommand,
  schemaCommand,
  generateCommand,
];
