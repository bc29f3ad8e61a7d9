import { Command, Option } from 'commander';
import type { Dec } from '../../core/decimal.js';
import { DataError, UsageError } from '../../core/errors.js';
import { splitAmounts } from '../../core/split.js';
import { ROUNDING_MODES, type RoundingMode } from '../../core/types.js';
import { pointGrouped, pointGroupedMoney, readDecimal, readNumber } from '../../io/numbers.js';
import { periodsFrom } from '../../io/plan.js';
import { periodKeys, splitDoc } from '../../render/split-doc.js';
import type { Io } from '../io.js';
import { addOutputOptions, oneOf, type OutputFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

export interface SplitFlags extends OutputFlags {
  months: string;
  labels?: string;
  round: string;
  rounding: RoundingMode;
  title?: string;
}

/** `School Improvement=149600` → a named amount; a bare `149600` is `Amount N`. */
export function parseAmount(text: string, index: number): { name: string; amount: Dec } {
  const at = text.lastIndexOf('=');
  const name = at >= 0 ? text.slice(0, at).trim() : `Amount ${index + 1}`;
  const value = at >= 0 ? text.slice(at + 1) : text;
  if (at >= 0 && name === '') throw new UsageError(`"${text}": give a name before "=", such as "School Improvement=149600"`);
  const reading = readNumber(value);
  if (!reading.ok) {
    const why = reading.problem === 'negative' ? 'a negative amount; amounts to split must be 0 or more' : `${reading.problem}; expected an amount such as 149600 or £149,600`;
    throw new DataError(`amount ${index + 1}, "${text}": ${why}`);
  }
  if (pointGrouped(value)) throw new DataError(`amount ${index + 1}, "${text}": ${pointGroupedMoney(value)}`);
  return { name, amount: reading.value };
}

/** `dedel split <name=amount …> --months 5,7`: each amount split into periods of the year. */
export async function runSplit(args: readonly string[], flags: SplitFlags, io: Io): Promise<CommandResult> {
  const unit = readDecimal(flags.round);
  if (!unit || unit.isZero()) throw new UsageError(`--round expects a unit more than 0, such as 1 or 100; got "${flags.round}"`);
  const periods = periodsFrom(null, { months: flags.months, labels: flags.labels });
  const keys = periodKeys({ periods });
  for (const [i, key] of keys.entries()) {
    if (key === 'name' || key === 'total' || keys.indexOf(key) !== i) {
      throw new UsageError(`--labels: "${periods[i]!.name}" would head the column ${key}, which another column has; choose another label`);
    }
  }
  const result = splitAmounts(args.map(parseAmount), periods, { unit, mode: flags.rounding });
  const doc = splitDoc(result, { title: flags.title, unit, mode: flags.rounding });
  return tableResult(doc, flags, io, []);
}

export function splitCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('split')
    .description('period split: each amount divided into fractions of the year, parts adding up to it')
    .argument('<amounts...>', 'NAME=AMOUNT (or a bare AMOUNT), e.g. "School Improvement=149600"')
    .optionsGroup('Periods and rounding:')
    .requiredOption('--months <list>', 'months of each period, adding up to 12, e.g. 5,7')
    .option('--labels <list>', 'labels of the periods (default Period 1, Period 2 …), e.g. "De-delegated,Buy-back"')
    .option('--round <unit>', 'round each amount and part to this unit: 0.01, 1, 100 …', '1')
    .addOption(oneOf(new Option('--rounding <mode>', 'rounding mode for each amount'), ROUNDING_MODES).default('half-up'))
    .option('--title <text>', 'title line above the table')
    .addHelpText(
      'after',
      '\nExample:\n  dedel split "School Improvement=149600" "Behaviour Support=139300" \\\n      --months 5,7 --labels "De-delegated,Buy-back" --round 100',
    );
  addOutputOptions(cmd);
  return cmd.action((amounts: string[], flags: SplitFlags) => done(runSplit(amounts, flags, io)));
}
