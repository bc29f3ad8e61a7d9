import { Command, Option } from 'commander';
import { allocate, type Allocation } from '../../core/allocate.js';
import { buyBackPlan, buyBackSchools } from '../../core/buy-back.js';
import { applyConversions, conversionReport, withoutConverting, type ConversionReport } from '../../core/convert.js';
import { DataError, UsageError } from '../../core/errors.js';
import type { Settings } from '../../io/plan.js';
import type { School } from '../../core/types.js';
import type { Message } from '../../core/messages.js';
import { conversionDoc, neededRateDoc } from '../../render/conversion-doc.js';
import type { Io } from '../io.js';
import { censusFile, checkTotal, loadPlan, noSchoolCharged, strictCheck } from '../load.js';
import { addInputOptions, addOutputOptions, addPlanOptions, hidePlanFlags, oneOf, refuseUnusedPlanFlags, type PlanCommandFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

/**
 * The engine run three ways: as planned, with the conversions, and a full year after them.
 * `schedule`: the months after a conversion are bought back, as this buy-back schedule prices them.
 */
export function whatIf(settings: Settings, converted: readonly School[], planned: readonly School[], schedule?: Allocation): ConversionReport {
  const { converting } = applyConversions(planned, settings.conversions);
  return conversionReport(
    settings.plan,
    converting,
    {
      planned: allocate(planned, settings.plan),
      thisYear: allocate(converted, settings.plan),
      fullYear: fullYearAfter(withoutConverting(planned, converting), settings),
    },
    schedule,
  );
}

/**
 * The plan a full year after the conversions, without the converting schools, or why it cannot
 * be solved (the only secondary school converts, and no school is left to recover the secondary
 * target): the charges and this year's rates stand, and the full year's cells are left empty.
 */
function fullYearAfter(schools: readonly School[], settings: Settings): Allocation | { problem: Message } {
  try {
    return allocate(schools, settings.plan);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return { problem: error.detail };
  }
}

/**
 * Where the proposal has a buy-back schedule, its prices with each converting school listed as
 * an academy for its months after (`buyBackSchools`), over the maintained schools' `allocation`;
 * undefined without one. `paper` prints it; `convert` and `paper` read a converting school's
 * months after from it where academies buy back.
 */
export function scheduleWithConverting(settings: Settings, schools: readonly School[], planned: readonly School[], allocation: Allocation): Allocation | undefined {
  const buyBack = settings.buyBack;
  if (!buyBack) return undefined;
  const converting = settings.conversions.length > 0 ? applyConversions([...planned], settings.conversions).converting : [];
  return allocate(buyBackSchools([...schools], buyBack, converting), buyBackPlan(allocation, buyBack));
}

/** `dedel convert <census> --convert URN=MONTH …`: what converting schools do to the charges. */
export async function runConvert(censusPath: string, flags: PlanCommandFlags & { by: 'school' | 'rate' }, io: Io): Promise<CommandResult> {
  // convert's tables are the converting schools' months before and after, or the rates: these shape
  // only a table of every school's charges, and were passed by without a word.
  refuseUnusedPlanFlags(flags, {
    months: "splits a table of charges into periods; convert's table is each converting school's months before and after its conversion, and takes no period split (give --months to allocate)",
    labels: "names the periods of --months; convert's table has no periods (give --months and --labels to allocate)",
    all: "lists the schools a table of charges leaves out; convert lists the converting schools only (give --all to allocate)",
  });
  const loaded = await loadPlan(censusPath, flags, io);
  if (loaded.settings.conversions.length === 0) throw new UsageError('name the converting schools with --convert URN=MONTH (or a "convert" list in the config)');
  // Where academies buy the service back, a converting school's months after are bought back, as `paper` shows them.
  const boughtBack = loaded.settings.buyBack?.statuses.includes('academy') === true;
  // The charges as Appendix B prints them with the conversions: `--check-total` checks their Total,
  // as it does for allocate --convert (convert listed the flag and passed it by without a word).
  const charged = allocate(loaded.schools, loaded.settings.plan);
  // --strict fails on what it fails on for allocate --convert (an all-through school left undecided …): it was passed by here.
  strictCheck([...loaded.diagnostics, ...charged.diagnostics, ...noSchoolCharged(charged.rowCount, censusFile(censusPath))], flags);
  checkTotal(flags.checkTotal, charged.total.total, 'the Total charged with the conversions (as allocate --convert prints it)');
  const schedule = boughtBack ? scheduleWithConverting(loaded.settings, [...loaded.schools], [...loaded.planned], charged) : undefined;
  const report = whatIf(loaded.settings, [...loaded.schools], [...loaded.planned], schedule);
  const places = Math.max(0, ...loaded.settings.plan.services.map((s) => s.rounding.unit.decimalPlaces()));
  const options = { title: loaded.settings.title, places, diagnostics: loaded.diagnostics };
  const doc = flags.by === 'rate' ? neededRateDoc(report, options) : conversionDoc(report, { ...options, after: boughtBack ? 'bought back' : 'lost' });
  return tableResult(doc, flags, io, [censusPath, flags.config]);
}

export function convertCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('convert')
    .description('what if schools convert: their charges for the months before, the months lost, and the rates the rest would need')
    .argument('<census>', 'census: CSV, tab-separated text or an .xlsx workbook (- for stdin)')
    .optionsGroup('What if:')
    .addOption(oneOf(new Option('--by <view>', 'school: the converting schools; rate: the rates the schools left would need'), ['school', 'rate']).default('school'))
    .addHelpText(
      'after',
      '\nThe financial year runs from April: --convert 100001=January charges the school\nfor April to December.\n\nExample:\n  dedel convert census.csv -c proposal.json --convert 100001=January \\\n      --convert 100002=September --by rate',
    );
  addPlanOptions(cmd);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  hidePlanFlags(cmd, ['months', 'labels', 'all']);
  return cmd.action((census: string, flags: PlanCommandFlags & { by: 'school' | 'rate' }) => done(runConvert(census, flags, io)));
}
