import { listed } from '../../core/messages.js';
import { Command } from 'commander';
import { allocate } from '../../core/allocate.js';
import { impliedRate } from '../../core/costs.js';
import type { Dec } from '../../core/decimal.js';
import { UsageError } from '../../core/errors.js';
import type { ChargeRule, Diagnostic } from '../../core/types.js';
import { encodingFrom } from '../../io/plan.js';
import { readSchoolsOf } from '../../io/schools.js';
import { costsDoc, perPupilNote, type PerPupil } from '../../render/costs-doc.js';
import { openCensus, readInput, type Io } from '../io.js';
import { checkTotal, loadConfig, readCensusWith, refuseEncodingOfWorkbook, settingsOf } from '../load.js';
import { addConfigOption, addOutputOptions, collect, type InputFlags, type OutputFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

export interface CostsFlags extends OutputFlags, InputFlags {
  /** The plan's sheet, where it is a workbook (`--sheet`). */
  sheet?: string;
  /** The plan's encoding, where it is text (`--encoding`). */
  encoding?: string;
  perPupil?: string;
  /** The --per-pupil census's sheet and encoding: `--sheet` and `--encoding` are the plan's. */
  censusSheet?: string;
  censusEncoding?: string;
  phases?: string;
  statuses?: string;
  title?: string;
  checkTotal?: string;
}

/** "maintained primary and secondary", for the per-pupil sentence (which adds "schools charged"). */
function describeRule(rule: ChargeRule): string {
  const statuses = rule.statuses === 'maintained' ? 'maintained ' : rule.statuses === 'all' ? '' : `${rule.statuses.join(', ')} `;
  const phases = listed(rule.phases);
  return `${statuses}${phases}`;
}

/** A bad --census-encoding is refused by its own name before anything is read (encodingFrom names --encoding). */
function censusEncoding(flags: CostsFlags): void {
  try {
    encodingFrom(null, { encoding: flags.censusEncoding });
  } catch (error) {
    if (error instanceof UsageError) throw new UsageError(error.message.replace(/^--encoding/, '--census-encoding'));
    throw error;
  }
}

/**
 * The rate the total implies over the NOR of the schools the charge rules select: the rate
 * `rates --target TOTAL` would solve, so months pro-rata and all-through splits count alike.
 */
async function perPupil(total: Dec, censusPath: string, flags: CostsFlags, io: Io): Promise<{ perPupil: PerPupil; diagnostics: Diagnostic[] }> {
  const config = await loadConfig(flags.config, io);
  const { plan, census: options } = settingsOf(config ? { ...config, services: [] } : null, {
    target: [total.toFixed()],
    service: 'Cost plan',
    phases: flags.phases,
    statuses: flags.statuses,
    column: flags.column,
    encoding: flags.censusEncoding,
    ...(flags.censusSheet !== undefined ? { sheet: flags.censusSheet } : {}),
    la: flags.la,
  }, flags.config);
  const file = censusPath === '-' ? '<stdin>' : censusPath;
  const opened = await openCensus(censusPath, io);
  refuseEncodingOfWorkbook(opened, file, flags.censusEncoding, '--census-encoding', 'a --per-pupil census');
  const { schools, diagnostics } = readCensusWith(opened, file, options, (source) => readSchoolsOf(source, file, options, plan.services));
  const service = allocate(schools, { services: plan.services, periods: [] });
  const charged = service.services[0]!;
  const all = charged.rates.find((r) => r.phase === 'all')!;
  const { rate, exact } = impliedRate(total, all.units);
  const rule = describeRule(charged.service.charge);
  return { perPupil: { rate, exact, nor: all.units, schools: service.rowCount, census: file, rule }, diagnostics };
}

/** `dedel costs <plan.csv>`: a cost build-up, each line priced, and the Total. */
export async function runCosts(planPath: string, flags: CostsFlags, io: Io): Promise<CommandResult> {
  if (planPath === '-' && flags.perPupil === '-') throw new UsageError('the plan and the --per-pupil census cannot both be standard input (-)');
  const file = planPath === '-' ? '<stdin>' : planPath;
  const { costPlanFrom } = await import('../../io/costs.js');
  if (flags.perPupil === undefined) {
    // Every flag of the per-pupil rate is refused without it: --phases, --statuses, -c, --column and --la were passed by without a word.
    const given: [unknown, string][] = [
      [flags.censusSheet, '--census-sheet'],
      [flags.censusEncoding, '--census-encoding'],
      [flags.phases, '--phases'],
      [flags.statuses, '--statuses'],
      [flags.config, '--config'],
      [flags.column, '--column'],
      [flags.la, '--la'],
    ];
    const unused = given.find(([value]) => value !== undefined)?.[1];
    if (unused) throw new UsageError(`${unused} is for the --per-pupil census; give --per-pupil CENSUS with it (the plan's own are --sheet and --encoding)`);
  }
  // The plan is read as a census is: --sheet and --encoding are its own (README "costs").
  const encoding = encodingFrom(null, { encoding: flags.encoding });
  censusEncoding(flags);
  const bytes = await readInput(planPath, io);
  refuseEncodingOfWorkbook(bytes, file, flags.encoding, '--encoding', 'a cost plan');
  const { plan, diagnostics } = costPlanFrom(bytes, file, { ...(flags.sheet !== undefined ? { sheet: flags.sheet } : {}), ...(encoding !== undefined ? { encoding } : {}) });
  checkTotal(flags.checkTotal, plan.total);
  const per = flags.perPupil !== undefined ? await perPupil(plan.total, flags.perPupil, flags, io) : undefined;
  const doc = costsDoc(plan, { title: flags.title, perPupil: per?.perPupil, diagnostics: [...diagnostics, ...(per?.diagnostics ?? [])] });
  // Machine tables have no footnote: csv and tsv say the per-pupil rate on stderr instead.
  const extra: Diagnostic[] =
    per && (flags.format === 'csv' || flags.format === 'tsv') ? [{ level: 'info', code: 'per-pupil', message: perPupilNote(plan.total, per.perPupil) }] : [];
  return tableResult(doc, flags, io, [planPath, flags.perPupil, flags.config], extra);
}

export function costsCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('costs')
    .description('a cost build-up: quantity × unit cost × times or a lump total per line, and the Total')
    .argument('<plan>', 'cost plan: CSV, tab-separated text or an .xlsx workbook, with columns item,quantity,unit_cost,times,total (- for stdin)')
    .optionsGroup('Cost plan:')
    .option('--sheet <name>', 'an .xlsx plan: the sheet to read (default: the first not hidden)')
    .option('--encoding <name>', 'plan encoding: utf-8, windows-1252 or cp850 (default: detected)')
    .optionsGroup('Per pupil:')
    .option('--per-pupil <census>', 'also give the rate the total implies over the NOR of the schools charged')
    .option('--phases <list>', 'phases charged, e.g. primary,secondary (default, or the config\'s charge)')
    .option('--statuses <list>', 'statuses charged: maintained (default), all, or a list')
    .option('--census-sheet <name>', 'an .xlsx --per-pupil census: the sheet to read (default: the first not hidden)')
    .option('--census-encoding <name>', '--per-pupil census encoding: utf-8, windows-1252 or cp850 (default: detected)')
    .option('--title <text>', 'title line above the table')
    .option('--check-total <amount>', 'fail (exit 3) unless the Total equals AMOUNT')
    .addHelpText(
      'after',
      '\nPlan columns: item, then quantity and unit_cost (times defaults to 1), or total\nfor a lump sum.\n\nExample:\n  dedel costs commitment.csv --per-pupil census.csv --format md',
    );
  addConfigOption(cmd)
    .option('--column <field=header>', 'map a field to a --per-pupil census header, e.g. nor="NOR October 22" (repeatable)', collect)
    .option('--la <names>', 'a --per-pupil census of several local authorities: the one(s) to read, by name or code (comma-separated)');
  addOutputOptions(cmd);
  return cmd.action((plan: string, flags: CostsFlags) => done(runCosts(plan, flags, io)));
}
