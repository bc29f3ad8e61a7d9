import { Command } from 'commander';
import { allocate } from '../../core/allocate.js';
import { CheckError, DataError, DataErrors, DedelError, safeLine } from '../../core/errors.js';
import { controlTotalFailure, readSchoolsOf } from '../../io/schools.js';
import { restateInSheet } from '../../io/xlsx.js';
import { checkDoc } from '../../render/check-doc.js';
import { messageText } from '../../render/message.js';
import { pendingWarnings } from '../../core/decisions.js';
import { censusSummary } from '../../core/census-checks.js';
import { openCensus, type Io } from '../io.js';
import { CHARGED_TOTAL, checkTotal, convertSchools, loadProposal, noSchoolCharged, readCensusWith, refuseEncodingOfWorkbook, settingsOf, strictCheck } from '../load.js';
import { addInputOptions, addOutputOptions, addPlanOptions, type PlanCommandFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

/**
 * `dedel check <census>`: validates census and config without printing charges. Every
 * problem is reported, not just the first; any error exits 1 with nothing on stdout.
 */
export async function runCheck(censusPath: string, flags: PlanCommandFlags, io: Io): Promise<CommandResult> {
  // Cost plans are read and checked too: a service's target may come from one.
  const { config, diagnostics: notes } = await loadProposal(flags, io);
  // Without a config or a rate, check against the default rules (maintained primary and secondary, on NOR).
  const noService = !config?.services?.length && flags.rate === undefined && flags.target === undefined;
  const settings = settingsOf(config, noService ? { ...flags, rate: ['0'] } : flags, flags.config);
  const file = censusPath === '-' ? '<stdin>' : censusPath;
  // The bytes where the census was read whole (a workbook's problems are restated by sheet and cell).
  let whole: Uint8Array | undefined;
  const opened = await openCensus(censusPath, io);
  refuseEncodingOfWorkbook(opened, file, flags.encoding);
  const read = readCensusWith(opened, file, settings.census, (source) => {
    if (source instanceof Uint8Array) whole = source;
    return readSchoolsOf(source, file, settings.census, settings.plan.services, { all: true, collect: true });
  });
  const { diagnostics, controlTotals, problems = [] } = read;
  // Schools converting (--convert, the config's `convert`) are checked as allocate charges them:
  // a URN not in the census is a problem, and the Total --check-total checks is the one charged.
  let schools = read.schools;
  try {
    const converted = convertSchools(read.schools, settings, flags);
    schools = converted.schools;
    diagnostics.push(...converted.diagnostics);
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    problems.push(error);
  }
  // Rates and targets are resolved too: a per-phase rate missing for a phase charged is an error.
  let allocation: ReturnType<typeof allocate> | undefined;
  try {
    allocation = allocate(schools, settings.plan);
  } catch (error) {
    if (error instanceof DataErrors) problems.push(...error.problems);
    else if (error instanceof DataError) problems.push(error);
    else if (!(error instanceof DedelError)) throw error;
    else problems.push(new DataError(error.message));
  }
  if (allocation && problems.length === 0) diagnostics.push(...noSchoolCharged(allocation.rowCount, file));
  const control = diagnostics.filter((d) => d.code === 'control-total');
  if (problems.length) {
    if (flags.strict) for (const d of control) problems.push(new DataError(d.message));
    // Nothing reaches stdout on failure, so the warnings go to stderr here, before the errors.
    // One line each, escaped as every message is: a file named with an escape code turned the terminal red.
    if (!flags.quiet) for (const d of diagnostics) io.stderr(`dedel: ${d.level}: ${safeLine(messageText(d.message))}\n`);
    io.stderr(`dedel: ${safeLine(`${problems.length} error${problems.length === 1 ? '' : 's'} in ${file}:`)}\n`);
    throw restateInSheet(whole ?? new Uint8Array(0), file, settings.census.sheet, problems.length === 1 ? problems[0] : new DataErrors(problems), settings.census.columns ?? {});
  }
  // A failed check is exit 3 when the data itself is sound.
  if (flags.strict && controlTotals.length) throw new CheckError(controlTotals.map((m) => `check failed (--strict): ${controlTotalFailure(m)}`).join('\n'));
  strictCheck(diagnostics, flags);
  // This table prints no Total row: the Total checked is the one allocate prints with the same flags.
  if (allocation) checkTotal(flags.checkTotal, allocation.total.total, CHARGED_TOTAL);
  // A phase the forum has not decided is not charged: check says so, as every command does.
  // --title is listed with the plan flags: it heads the check as it heads every other table (it was passed by).
  const doc = checkDoc(censusSummary(schools, settings.plan.services), settings.plan.services, file, { ...(flags.title !== undefined ? { title: flags.title } : {}), diagnostics: [...notes, ...pendingWarnings(settings.plan.services), ...diagnostics] });
  return tableResult(doc, flags, io, [censusPath, flags.config]);
}

export function checkCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('check')
    .description('validate a census (and config) without computing charges: counts by phase and status, and every problem found')
    .argument('<census>', 'census: CSV, tab-separated text or an .xlsx workbook (- for stdin)')
    .addHelpText(
      'after',
      '\nExit code 1 if any error (all are listed), 0 otherwise. Services decide who is\ncharged, so the rate and charge flags apply; without a config or --rate, the\ndefault rules are checked.\n\nExample:\n  dedel check census.csv -c dedel.json\n  dedel check census.csv --statuses all --phases primary,secondary,special',
    );
  addPlanOptions(cmd);
  addInputOptions(cmd);
  addOutputOptions(cmd);
  return cmd.action((census: string, flags: PlanCommandFlags) => done(runCheck(census, flags, io)));
}
