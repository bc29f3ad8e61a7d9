import { Command } from 'commander';
import { allocate } from '../../core/allocate.js';
import { footingMessage } from '../../core/messages.js';
import type { Diagnostic } from '../../core/types.js';
import { ratesDoc } from '../../render/rates-doc.js';
import type { Io } from '../io.js';
import { CHARGED_TOTAL, checkTotal, loadPlan, noSchoolCharged, strictCheck } from '../load.js';
import { addInputOptions, addOutputOptions, addPlanOptions, type PlanCommandFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

/** `dedel rates <census>`: the per-phase table of units, rate, amount, target and difference. */
export async function runRates(censusPath: string, flags: PlanCommandFlags, io: Io): Promise<CommandResult> {
  const { settings, census, schools, diagnostics } = await loadPlan(censusPath, flags, io);
  // The amounts are those `allocate` prints: the same rounding and footing, school by school.
  // Periods (--months, --labels) split a table of charges this table does not print, and change
  // no amount in it: without them, no warning names period columns the reader cannot see.
  const result = allocate(schools, { ...settings.plan, periods: [] });
  // The rates table has no Total row: its footing warnings name the amount column instead.
  const footing = result.services
    .filter((r) => r.service.rounding.foot === 'none' && !r.total.equals(r.expected))
    .map((r): Diagnostic => ({ level: 'warning', code: 'footing', message: footingMessage(r.service.name, r.total, r.exactTotal, r.expected, r.service.rounding.unit, 'amount') }));
  const said = [...diagnostics, ...result.diagnostics.filter((d) => d.code !== 'footing'), ...footing, ...noSchoolCharged(result.rowCount, census.file)];
  strictCheck(said, flags);
  // This table prints no Total row: the Total checked is the one allocate prints with the same flags.
  checkTotal(flags.checkTotal, result.total.total, CHARGED_TOTAL);
  return tableResult(ratesDoc(result, { title: settings.title, diagnostics: said }), flags, io, [censusPath, flags.config]);
}

export function ratesCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('rates')
    .description('the per-phase table: units, rate, amount, target and difference per service')
    .argument('<census>', 'census: CSV, tab-separated text or an .xlsx workbook (- for stdin)')
    .addHelpText(
      'after',
      '\nExample:\n  dedel rates census.csv --target 1160000 \\\n      --weight primary=2 --weight secondary=3\n  dedel rates census.csv --target primary=122909 --target secondary=26691 \\\n      --rate-unit 0.01 --format md',
    );
  addPlanOptions(cmd);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  return cmd.action((census: string, flags: PlanCommandFlags) => done(runRates(census, flags, io)));
}
