import { Dec } from '../core/decimal.js';
import { applyConversions, convertingUncharged } from '../core/convert.js';
import { CheckError, DataError, UsageError, quote } from '../core/errors.js';
import { money, words } from '../core/messages.js';
import type { Diagnostic } from '../core/types.js';
import { SchoolSet } from '../core/school-set.js';
import type { ByteSource, CensusHeader } from '../io/census.js';
import { buildSettings, type Settings } from '../io/plan.js';
import { pendingWarnings } from '../core/decisions.js';
import { buyBackCharges } from '../core/buy-back.js';
import { pointGrouped, pointGroupedMoney, readNumber } from '../io/numbers.js';
import { inSheetTerms, isZip } from '../io/xlsx.js';
import { documentNotConfig, notTextError, sniff } from '../io/sniff.js';
import { configText } from '../io/decode.js';
import { controlTotalFailure, readSchoolsOf } from '../io/schools.js';
import type { ConfigInput } from '../io/config-schema.js';
import { messageText } from '../render/message.js';
import { openCensus, readInput, type Io } from './io.js';
import type { PlanCommandFlags } from './options.js';

/** Reads and validates a config file named by -c. */
export async function loadConfig(path: string | undefined, io: Io): Promise<ConfigInput | null> {
  if (path === undefined) return null;
  const { readConfig } = await import('../io/config.js');
  const bytes = await readInput(path, io);
  const kind = sniff(bytes);
  if (kind) throw documentNotConfig(kind, path) ?? notTextError(kind, path);
  // Standard input is named as a census read from it is: `<stdin>`, not `-`.
  const name = censusFile(path);
  return readConfig(configText(bytes, name), name);
}

export interface Loaded {
  settings: Settings;
  /** The census's header: its file, columns and fields (its rows are schools now). */
  census: CensusHeader;
  schools: SchoolSet;
  /** The schools as the census gives them, before any conversion cut their months. */
  planned: SchoolSet;
  diagnostics: Diagnostic[];
}

/** Config and flags → settings; census → schools. Shared by allocate, rates, explain and check. */
export async function loadPlan(censusPath: string, flags: PlanCommandFlags, io: Io): Promise<Loaded> {
  const { settings, diagnostics } = await loadSettings(flags, io);
  return readSchools(await openCensus(censusPath, io), censusFile(censusPath), settings, diagnostics, flags);
}

/** The config named by -c with each service's cost plan read into its target (and the plan's working). */
export async function loadProposal(flags: Pick<PlanCommandFlags, 'config'>, io: Io): Promise<{ config: ConfigInput | null; diagnostics: Diagnostic[] }> {
  const read = await loadConfig(flags.config, io);
  // A service's `costs` plan becomes its target here, at the edge: the core sees a target.
  return read ? (await import('../io/costs.js')).applyCostPlans(read, flags.config!, (path, name) => readInput(path, io, name)) : { config: null, diagnostics: [] };
}

/** How a census path is named in messages. */
export function censusFile(censusPath: string): string {
  return censusPath === '-' ? '<stdin>' : censusPath;
}

/** Config and flags → settings, with the notes of any cost plans read on the way. */
export async function loadSettings(flags: PlanCommandFlags, io: Io): Promise<{ settings: Settings; diagnostics: Diagnostic[] }> {
  const { config, diagnostics } = await loadProposal(flags, io);
  const settings = settingsOf(config, flags, flags.config);
  // A phase the forum has not decided is not charged: say so every time the proposal is read.
  return { settings, diagnostics: [...diagnostics, ...pendingWarnings(settings.plan.services)] };
}

/**
 * The settings from a config read and the flags, every error naming the config file: `check`
 * builds them too (with its own flags), and gave the JSON path alone (`at services[0].rate`).
 */
export function settingsOf(config: Parameters<typeof buildSettings>[0], flags: Parameters<typeof buildSettings>[1], configFile: string | undefined): Settings {
  const settings = withConfigFile(() => buildSettings(config, flags), configFile);
  // Errors found when the census is read (no rate for a phase a service charges) name the config file too.
  if (configFile !== undefined) for (const service of settings.plan.services) if (service.configAt) service.configAt.file = censusFile(configFile);
  return settings;
}

/**
 * `--encoding` names a text file's encoding; a workbook has none (it is UTF-8 inside, README
 * "Census workbooks"), so the flag beside one is refused (exit 2: it has nothing to do) rather
 * than passed by. A config's `census.encoding` is left to text censuses: one
 * config may serve a CSV one year and a workbook the next.
 */
export function refuseEncodingOfWorkbook(input: Uint8Array | ByteSource, file: string, encoding: string | undefined, flag = '--encoding', what = 'a census'): void {
  if (encoding === undefined || !isZip(input instanceof Uint8Array ? input : input.head)) return;
  throw new UsageError(`${flag} ${quote(encoding)} is for ${what} in CSV or tab-separated text; ${file} is an .xlsx workbook, which has no text encoding: leave out ${flag}`);
}

/** A census's bytes → schools, under the settings; `notes` come first among the warnings. */
export function readSchools(input: Uint8Array | ByteSource, file: string, settings: Settings, notes: readonly Diagnostic[], flags: PlanCommandFlags): Loaded {
  refuseEncodingOfWorkbook(input, file, flags.encoding);
  // With a buy-back schedule, the schools it prices are read as carefully as those charged.
  const services = settings.buyBack ? [...settings.plan.services, ...buyBackCharges(settings.plan.services, settings.buyBack)] : settings.plan.services;
  const { header: census, ...schoolsRead } = readCensusWith(input, file, settings.census, (source) => readSchoolsOf(source, file, settings.census, services));
  const { diagnostics, controlTotals } = schoolsRead;
  const { schools, diagnostics: converting } = convertSchools(schoolsRead.schools, settings, flags);
  if (flags.strict && controlTotals.length) {
    throw new CheckError(controlTotals.map((m) => `check failed (--strict): ${controlTotalFailure(m)}`).join('\n'));
  }
  return { settings, census, schools, planned: schoolsRead.schools, diagnostics: [...notes, ...diagnostics, ...converting] };
}

/**
 * The schools with the conversions (`--convert`, the config's `convert`) applied: a converting
 * school is charged for the months before it converts, a change to its months, nothing else.
 * Every command that reads a census applies them here (`check` too: it passed them by, so
 * `check --convert … --check-total` checked the Total without them, and a URN not in the census
 * was not found).
 */
export function convertSchools(planned: SchoolSet, settings: Settings, flags: Pick<PlanCommandFlags, 'config'>): { schools: SchoolSet; diagnostics: Diagnostic[] } {
  if (settings.conversions.length === 0) return { schools: planned, diagnostics: [] };
  // An error in the config's `convert` list names the config file, as its other errors do (--convert's name the flag).
  const conversions = withConfigFile(() => applyConversions([...planned], settings.conversions), settings.conversions.some((c) => c.source?.startsWith('convert[')) ? flags.config : undefined);
  // A school converting that the plan does not charge (an academy's URN, say) is said once, whichever command reads it.
  return { schools: SchoolSet.of(conversions.schools), diagnostics: convertingUncharged(settings.plan.services, conversions.converting) };
}

/**
 * Reads a census, bytes or a file read a piece at a time, with `read`: every command reads
 * its census this way. A workbook is read whole, and its errors are restated by sheet and
 * cell rather than line and column.
 */
export function readCensusWith<T>(input: Uint8Array | ByteSource, file: string, census: { sheet?: string; columns?: Readonly<Record<string, string>> }, read: (source: Uint8Array | ByteSource) => T): T {
  const bytes = input instanceof Uint8Array ? input : isZip(input.head) ? wholeOf(input) : null;
  return bytes ? inSheetTerms(bytes, file, census.sheet, () => read(bytes), census.columns ?? {}) : read(input);
}

function wholeOf(source: ByteSource): Uint8Array {
  try {
    return source.whole();
  } finally {
    source.close();
  }
}

/** Warnings `--strict` makes a failed check (exit 3), beside a control-total mismatch. */
const STRICT_CODES = new Set(['all-through-parts', 'all-through-undecided', 'no-school-charged', 'free-school-code']);

/** A run that charges no school is almost always a wrong rule or file: a warning (`--strict`: exit 3). */
export function noSchoolCharged(charged: number, file: string): Diagnostic[] {
  if (charged > 0) return [];
  return [{ level: 'warning', code: 'no-school-charged', message: `${file}: no school is charged: every school is left out by the charge rules (--all, or dedel check, lists why)` }];
}

/** With `--strict`, the warnings it makes failures: exit 3, naming each. */
export function strictCheck(diagnostics: readonly Diagnostic[], flags: Pick<PlanCommandFlags, 'strict'>): void {
  if (!flags.strict) return;
  const failed = diagnostics.filter((d) => STRICT_CODES.has(d.code));
  if (failed.length) throw new CheckError(failed.map((d) => `check failed (--strict): ${messageText(d.message)}`).join('\n'));
}

/** Names the config file in errors that give only a JSON path (they come from merging, which knows no file). */
function withConfigFile<T>(build: () => T, file: string | undefined): T {
  try {
    return build();
  } catch (error) {
    if (file === undefined || !(error instanceof DataError) || !error.where?.path || error.where.file) throw error;
    throw new DataError(error.detail, { ...error.where, file: censusFile(file) });
  }
}

/** What `--check-total` checks on a command that prints no Total row (rates, check, explain): "the table's Total" named none. */
export const CHARGED_TOTAL = "the Total charged (allocate's Total row with the same flags)";

/** `--check-total AMOUNT`: exit 3 unless the printed Total equals it (`what` names that Total in the message). */
export function checkTotal(expected: string | undefined, printed: Dec, what = "the table's Total"): void {
  if (expected === undefined) return;
  const reading = readNumber(expected);
  if (!reading.ok) throw new UsageError(`--check-total expects an amount such as 50837; got "${expected}"`);
  if (pointGrouped(expected)) throw new UsageError(`--check-total "${expected}": ${pointGroupedMoney(expected)}`);
  if (!reading.value.equals(printed)) {
    // Both as sums of money (£50,837), alike: in pence (£999.50) where either has a fraction.
    const fraction = Math.max(reading.value.decimalPlaces(), printed.decimalPlaces());
    const dp = fraction === 0 ? 0 : Math.max(2, fraction);
    throw new CheckError(words`check failed: expected a Total of ${money(reading.value, dp)}, but ${what} is ${money(printed, dp)}`);
  }
}
