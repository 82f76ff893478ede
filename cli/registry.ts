/** The list of CLI commands, in the order `midia --help` shows them. */
import type { Command } from './command.js';
import { aftCommand } from './commands/aft.js';
import { cifCommand } from './commands/cif.js';
import { consentCommand } from './commands/consent.js';
import { coxCommand } from './commands/cox.js';
import { coxnetCommand } from './commands/coxnet.js';
import { demoCommand } from './commands/demo.js';
import { describeCommand } from './commands/describe.js';
import { figureCommand } from './commands/figure.js';
import { finegrayCommand } from './commands/finegray.js';
import { generateCommand } from './commands/generate.js';
import { importCommand } from './commands/import.js';
import { kmCommand } from './commands/km.js';
import { ledgerCommand } from './commands/ledger.js';
import { logrankCommand } from './commands/logrank.js';
import { msCommand } from './commands/ms.js';
import { pseudonymizeCommand } from './commands/pseudonymize.js';
import { queryCommand } from './commands/query.js';
import { rmstCommand } from './commands/rmst.js';
import { schemaCommand } from './commands/schema.js';
import { studyCommand } from './commands/study.js';
import { tableCommand } from './commands/table.js';
import { timelineCommand } from './commands/timeline.js';
import { zphCommand } from './commands/zph.js';
import { serveCommand } from './commands/serve.js';
import { riskCommand } from './commands/risk.js';

export const COMMANDS: readonly Command[] = [
  demoCommand,
  importCommand,
  pseudonymizeCommand,
  describeCommand,
  queryCommand,
  tableCommand,
  timelineCommand,
  kmCommand,
  logrankCommand,
  rmstCommand,
  coxCommand,
  zphCommand,
  coxnetCommand,
  riskCommand,
  serveCommand,
  cifCommand,
  finegrayCommand,
  aftCommand,
  msCommand,
  figureCommand,
  consentCommand,
  studyCommand,
  ledgerCommand,
  schemaCommand,
  generateCommand,
];
