import { Command } from 'commander';
import { allocate } from '../../core/allocate.js';
import { buyBackPlan, buyBackSchools } from '../../core/buy-back.js';
import { applyConversions } from '../../core/convert.js';
import { UsageError } from '../../core/errors.js';
import { buyBackDoc } from '../../render/buy-back-doc.js';
import type { Io } from '../io.js';
import { checkTotal, loadPlan, strictCheck } from '../load.js';
import { addInputOptions, addOutputOptions, addPlanOptions, hidePlanFlags, refuseUnusedPlanFlags, type PlanCommandFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

/**
 * `dedel buy-back <census> -c dedel.json`: the buy-back schedule, priced from the same
 * model as the maintained table, with a total of its own.
 */
export async function runBuyBack(censusPath: string, flags: PlanCommandFlags, io: Io): Promise<CommandResult> {
  // The schedule's months are the proposal's (buyBack.months); --months 5,7 was passed by without a word.
  refuseUnusedPlanFlags(flags, {
    months: "splits allocate's table into periods; the buy-back schedule prices the months its config gives (\"buyBack\": { \"months\": 7 }), and takes no period split",
    labels: "names the periods of --months; the buy-back schedule has no periods (its months are the config's buyBack.months)",
    // The schedule rounds each school on its own (buyBackPlan): --foot was passed by without a word.
    foot: 'foots a table of charges to its rounded exact total; the buy-back schedule is a price list, each school rounded on its own, and takes no footing (give --foot to allocate)',
  });
  if (flags.config === undefined) throw new UsageError('dedel buy-back needs the proposal with its buyBack schedule: give -c FILE');
  const { settings, schools, planned, diagnostics } = await loadPlan(censusPath, flags, io);
  const buyBack = settings.buyBack;
  if (!buyBack) throw new UsageError('the config has no buyBack; add one, such as "buyBack": { "statuses": ["academy"], "months": 7 }');
  // The maintained table first: a service solved from a target is bought back at the rate it solved.
  const maintained = allocate(schools, settings.plan);
  // A school converting during the year (--convert) is bought back for its months after, as the paper lists it.
  const converting = settings.conversions.length > 0 ? applyConversions([...planned], settings.conversions).converting : [];
  const schedule = allocate(buyBackSchools([...schools], buyBack, converting), buyBackPlan(maintained, buyBack));
  // --strict fails on what it fails on for allocate (an all-through school left undecided …): it was passed by here.
  strictCheck([...diagnostics, ...maintained.diagnostics, ...schedule.diagnostics], flags);
  checkTotal(flags.checkTotal, schedule.total.total);
  // A price list rounds each school on its own, as its footnote says: no warning that the rows are not footed.
  const doc = buyBackDoc(schedule, buyBack, { title: flags.title, all: flags.all, converting, diagnostics: [...diagnostics, ...schedule.diagnostics.filter((d) => d.code !== 'footing')] });
  return tableResult(doc, flags, io, [censusPath, flags.config]);
}

export function buyBackCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('buy-back')
    .description('the buy-back schedule: academies (or the statuses named) priced from the same rates or their own, with their own total')
    .argument('<census>', 'census: CSV, tab-separated text or an .xlsx workbook (- for stdin)')
    .addHelpText('after', '\nExample:\n  dedel buy-back census.csv -c dedel.json --format md');
  addPlanOptions(cmd);
  addInputOptions(cmd, 'the proposal (config JSON) with its buyBack schedule; required');
  addOutputOptions(cmd);
  hidePlanFlags(cmd, ['months', 'labels', 'foot']);
  return cmd.action((census: string, flags: PlanCommandFlags) => done(runBuyBack(census, flags, io)));
}
