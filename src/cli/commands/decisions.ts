import { Command } from 'commander';
import { decisionGrid } from '../../core/decisions.js';
import { UsageError } from '../../core/errors.js';
import { decisionsDoc } from '../../render/decisions-doc.js';
import type { Io } from '../io.js';
import { loadSettings } from '../load.js';
import { addConfigOption, addOutputOptions, type OutputFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

export interface DecisionsFlags extends OutputFlags {
  config?: string;
  title?: string;
}

/** `dedel decisions -c dedel.json`: the forum's decision grid, service by service and phase by phase. */
export async function runDecisions(flags: DecisionsFlags, io: Io): Promise<CommandResult> {
  if (flags.config === undefined) throw new UsageError('dedel decisions needs the proposal: give -c FILE');
  const { settings, diagnostics } = await loadSettings(flags, io);
  return tableResult(decisionsDoc(decisionGrid(settings.plan.services), { title: flags.title ?? settings.title, diagnostics }), flags, io, [flags.config]);
}

export function decisionsCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('decisions')
    .description("the forum's decision grid: per service and phase, the decision, the vote and the years committed")
    // It reads no census: the census flags (--column, --encoding, --sheet, --la) are not its own.
    .optionsGroup('Table:')
    .option('--title <text>', 'title line above the table')
    .addHelpText('after', '\nExample:\n  dedel decisions -c dedel.json --format md');
  addConfigOption(cmd, 'the proposal (config JSON) whose decisions to show; required');
  addOutputOptions(cmd);
  return cmd.action((flags: DecisionsFlags) => done(runDecisions(flags, io)));
}
