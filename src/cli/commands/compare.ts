import { Command, Option } from 'commander';
import { allocate } from '../../core/allocate.js';
import { UsageError } from '../../core/errors.js';
import { compareYears, placesOfSide, yearFromAllocation, type SchoolChange, type YearOnYear, type YearSide } from '../../core/year-on-year.js';
import type { Diagnostic } from '../../core/types.js';
import { words } from '../../core/messages.js';
import { NOTE_TEXT, schoolChangeDoc, serviceChangeDoc } from '../../render/year-on-year-doc.js';
import { openCensus, readInput, type Io } from '../io.js';
import { censusFile, loadSettings, readSchools } from '../load.js';
import { TABLE_FIELDS, type ChargeTableOptions } from '../../io/charge-table.js';
import { fieldKey } from '../../io/headers.js';
import { columnsFrom, encodingFrom } from '../../io/plan.js';
import { isZip } from '../../io/xlsx.js';
import { addOutputOptions, collect, oneOf, type OutputFlags, type PlanCommandFlags } from '../options.js';
import { tableResult, type CommandResult } from '../result.js';

export interface CompareFlags extends OutputFlags {
  by: 'school' | 'service';
  config?: string;
  beforeConfig?: string;
  column?: string[];
  beforeColumn?: string[];
  encoding?: string;
  sheet?: string;
  beforeSheet?: string;
  years?: string;
  title?: string;
}

const label = (path: string) => (path === '-' ? '<stdin>' : path);

/**
 * Schools charged on one side only. Two allocations list only the schools they charge, so such a
 * school is in one file only; two censuses list every school, so a school that converted (or is
 * no longer charged) is in both files, charged in one, and the warning says so, with why.
 */
function onlyIn(result: YearOnYear, beforeFile: string, afterFile: string, censuses: boolean): Diagnostic[] {
  const name = (r: { urn: string; school: string }) => (r.urn !== '' ? `${r.school} (${r.urn})` : r.school);
  const named = (r: SchoolChange) => (censuses && r.note !== null ? `${name(r)}, ${NOTE_TEXT[r.note]}` : name(r));
  const out: Diagnostic[] = [];
  const before = result.schools.filter((s) => s.after === null);
  const after = result.schools.filter((s) => s.before === null);
  const say = (rows: typeof before, file: string, other: string) => {
    if (rows.length === 0) return;
    const schools = `${rows.length} school${rows.length === 1 ? '' : 's'}`;
    const where = censuses ? `charged in ${file} but not in ${other}` : `only in ${file}, not in ${other}`;
    out.push({ level: 'warning', code: 'unmatched', message: `${schools} ${where} (counted as 0 there): ${rows.map(named).join('; ')}` });
  };
  say(before, beforeFile, afterFile);
  say(after, afterFile, beforeFile);
  return out;
}

/** `--years "2023/24,2024/25"`: how the two sides are headed. */
function yearLabels(text: string | undefined): [string, string] {
  if (text === undefined) return ['Before', 'After'];
  const parts = text.split(',').map((s) => s.trim());
  if (parts.length !== 2 || parts.some((p) => p === '')) throw new UsageError(`--years expects two labels, such as "2023/24,2024/25"; got "${text}"`);
  // `--years 2023/24,2023/24` headed both sides alike: a reader could not tell before from after.
  if (parts[0]!.toLowerCase() === parts[1]!.toLowerCase()) throw new UsageError(`--years gives both sides the same label, "${parts[0]}"; give two, such as "2023/24,2024/25", the earlier first`);
  return [parts[0]!, parts[1]!];
}

/** A census run through a proposal (config), as one year of the comparison. */
async function censusYear(path: string, configPath: string, labelText: string, flags: CompareFlags, io: Io): Promise<{ side: YearSide; diagnostics: Diagnostic[]; places: number; workbook: boolean }> {
  const source = await openCensus(path, io);
  // The sheet is a workbook's to choose: a census in CSV beside a workbook passes it by.
  const workbook = isZip(source instanceof Uint8Array ? source : source.head);
  const planFlags = { config: configPath, column: flags.column, encoding: flags.encoding, ...(workbook && flags.sheet !== undefined ? { sheet: flags.sheet } : {}) } as PlanCommandFlags;
  const { settings, diagnostics: notes } = await loadSettings(planFlags, io);
  const { schools, diagnostics, census } = readSchools(source, censusFile(path), settings, notes, planFlags);
  // A table of charges given with -c is read as a census and charged again through the
  // proposal: its own amounts (last year's published figures) are not what is compared. Said.
  const { chargesAsCensus } = await import('../../io/charge-table.js');
  const charges = chargesAsCensus(census, censusFile(path), 'with -c', "compare the file with this year's allocation (dedel allocate CENSUS -c PROPOSAL --format csv), without -c");
  if (charges) diagnostics.push(charges);
  const allocation = allocate(schools, settings.plan);
  const places = Math.max(0, ...settings.plan.services.map((s) => s.rounding.unit.decimalPlaces()));
  // The comparison shows no period columns: a period's footing is no concern of it. A year's
  // footing warning says which census it is of (the two years' came alike, unnamed).
  const own = allocation.diagnostics.filter((d) => d.code !== 'period-footing').map((d) => (d.code === 'footing' ? { ...d, message: words`${censusFile(path)}: ${d.message}` } : d));
  return { side: yearFromAllocation(labelText, allocation), diagnostics: [...diagnostics, ...own], places, workbook };
}

/**
 * An output of `dedel allocate` (csv, tsv or json), or a table of charges dedel did not write
 * (last year's published Appendix B: README "check, explain, compare"), as one year of the
 * comparison. `own`: it was dedel's output (on which `--column` has no say).
 */
async function outputYear(path: string, labelText: string, table: ChargeTableOptions, io: Io): Promise<{ side: YearSide; diagnostics: Diagnostic[]; places: number; own: boolean; workbook: boolean }> {
  // The reading of another year's table is loaded only for compare, not on every start.
  const { readComparedYear } = await import('../../io/allocation-year.js');
  const diagnostics: Diagnostic[] = [];
  const { side, own, workbook } = readComparedYear(await readInput(path, io), label(path), labelText, diagnostics, table);
  return { side, diagnostics, places: placesOfSide(side), own, workbook };
}

/** Field → header as `--column` flags again (a census's columns are read from the flags). */
const columnFlags = (columns: Record<string, string>) => Object.entries(columns).map(([field, header]) => `${field}=${header}`);

/** `--column` (both files) and `--before-column` (the first alone, over `--column` field by field) as field → header. */
function columnsOf(flags: CompareFlags): { before: Record<string, string>; after: Record<string, string> } {
  const after = columnsFrom(null, { column: flags.column });
  const own = columnsFrom(null, { column: flags.beforeColumn });
  // Without -c the files are tables of charges, read by their school, NOR and amount alone: a field they have not was read by nothing.
  if (flags.config === undefined) {
    for (const [columns, flag] of [[after, '--column'], [own, '--before-column']] as const) {
      const other = Object.keys(columns).find((field) => !(TABLE_FIELDS as readonly string[]).includes(fieldKey(field)));
      if (other !== undefined) throw new UsageError(`${flag} ${other}: a table of charges not written by dedel is read by ${TABLE_FIELDS.join(', ')} (total: the amount charged)`);
    }
  }
  const before = Object.fromEntries(Object.entries(after).filter(([field]) => !Object.keys(own).some((f) => fieldKey(f) === fieldKey(field))));
  return { before: { ...before, ...own }, after };
}

/**
 * `dedel compare <before> <after>`: year on year, per school (default) or per service and
 * phase. The two files are dedel allocate outputs, or, with `-c`, two censuses run through
 * the proposal (`--before-config` gives the earlier year its own).
 */
export async function runCompare(beforePath: string, afterPath: string, flags: CompareFlags, io: Io): Promise<CommandResult> {
  const [beforeLabel, afterLabel] = yearLabels(flags.years);
  if (flags.beforeConfig !== undefined && flags.config === undefined) throw new UsageError('--before-config needs -c: the two files are then censuses');
  const columns = columnsOf(flags);
  const encoding = flags.encoding === undefined ? {} : { encoding: encodingFrom(null, flags)! };
  let before;
  let after;
  if (flags.config !== undefined) {
    before = await censusYear(beforePath, flags.beforeConfig ?? flags.config, beforeLabel, { ...flags, column: columnFlags(columns.before), sheet: flags.beforeSheet ?? flags.sheet }, io);
    after = await censusYear(afterPath, flags.config, afterLabel, flags, io);
  } else {
    const beforeSheet = flags.beforeSheet ?? flags.sheet;
    before = await outputYear(beforePath, beforeLabel, { columns: columns.before, ...encoding, flag: '--before-column', ...(beforeSheet !== undefined ? { sheet: beforeSheet } : {}), sheetFlag: flags.beforeSheet !== undefined || flags.sheet === undefined ? '--before-sheet' : '--sheet' }, io);
    after = await outputYear(afterPath, afterLabel, { columns: columns.after, ...encoding, flag: '--column', ...(flags.sheet !== undefined ? { sheet: flags.sheet } : {}) }, io);
    // Both dedel's own: --column, --before-column, --encoding and the sheet flags had nothing to read.
    const given = [flags.column && '--column', flags.beforeColumn && '--before-column', flags.encoding && '--encoding'].filter(Boolean);
    if (before.own && after.own && given.length > 0) {
      throw new UsageError(`${given.join(' and ')} read a table of charges not written by dedel (or, with -c, a census); ${label(beforePath)} and ${label(afterPath)} are both dedel's allocations, read by their own columns`);
    }
  }
  // A sheet named where no file is a workbook (or --before-sheet where the before file is not one) had nothing to choose from.
  const sheetless = [flags.sheet !== undefined && !before.workbook && !after.workbook && '--sheet', flags.beforeSheet !== undefined && !before.workbook && '--before-sheet'].find(Boolean);
  if (sheetless) throw new UsageError(`${sheetless} chooses a workbook's sheet; ${sheetless === '--sheet' ? `neither ${label(beforePath)} nor ${label(afterPath)} is` : `${label(beforePath)} is not`} an .xlsx workbook`);
  const result = compareYears(before.side, after.side);
  const diagnostics = [...before.diagnostics, ...after.diagnostics, ...onlyIn(result, label(beforePath), label(afterPath), flags.config !== undefined)];
  const options = { title: flags.title, places: Math.max(before.places, after.places), diagnostics };
  const doc = flags.by === 'service' ? serviceChangeDoc(result, options) : schoolChangeDoc(result, options);
  return tableResult(doc, flags, io, [beforePath, afterPath, flags.config, flags.beforeConfig]);
}

export function compareCommand(io: Io, done: (result: Promise<CommandResult>) => void): Command {
  const cmd = new Command('compare')
    .description('year on year: per school, or per service and phase, between two allocations (dedel outputs, or two censuses through a proposal)')
    .argument('<before>', "allocation written by dedel allocate --format csv or json, or a table of charges such as last year's published Appendix B (csv or .xlsx; - for stdin); with -c, a census")
    .argument('<after>', 'the allocation (or census) to compare it with')
    .optionsGroup('Comparison:')
    .addOption(oneOf(new Option('--by <view>', 'school: one row per school; service: one row per service and phase'), ['school', 'service']).default('school'))
    .option('--years <labels>', 'how the two sides are headed, e.g. "2023/24,2024/25" (default Before,After)')
    .option('--title <text>', 'title line above the table')
    .optionsGroup('Censuses:')
    .option('-c, --config <file>', 'the proposal (config): the two files are then censuses run through it')
    .option('--before-config <file>', "the earlier year's own proposal (with -c)")
    .option('--column <field=header>', 'map a field to a header of a census, or of a table not written by dedel, e.g. total="23/24 \u00a3" (repeatable)', collect)
    .option('--before-column <field=header>', 'the same for the before file alone, e.g. total="23/24 \u00a3" (repeatable)', collect)
    .option('--encoding <name>', 'census encoding: utf-8, windows-1252 or cp850 (default: detected)')
    .option('--sheet <name>', 'a workbook: the sheet to read (default: the first not hidden)')
    .option('--before-sheet <name>', 'the same for the before file alone')
    .addHelpText(
      'after',
      '\nSchools are matched on urn, else on school name. Total and subtotal rows are\nchecked against the schools they cover (a warning where they differ), never\ncompared as schools. A table dedel did not write is read as a census is; its\namount is the column --column total=HEADER names, else its one column headed\nas money (\u00a3, Total, Amount, Charge, a year such as 23/24), else its Total one.\n\nExample:\n  dedel compare at-5.10.csv at-5.61.json --format md\n  dedel compare appendix-b-2023.xlsx at-5.30.csv --years 2023/24,2024/25\n  dedel compare census-2023.csv census-2024.csv -c proposal.json \\\n      --before-config proposal-2023.json --by service --years 2023/24,2024/25',
    );
  addOutputOptions(cmd);
  return cmd.action((before: string, after: string, flags: CompareFlags) => done(runCompare(before, after, flags, io)));
}
