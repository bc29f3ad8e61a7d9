import { Dec, TWELVE } from '../core/decimal.js';
import { DataError, DataErrors, visible } from '../core/errors.js';
import { REASONS, basesOf, basisLabel, chargesPhase, chargesStatus, decideCharge, isPerSchool, phaseReason } from '../core/charge.js';
import { isSumOfRest, partsDisagree, totalDisagrees } from '../core/census-checks.js';
import { isPerPhase } from '../core/solve.js';
import { MAINTAINED, type Diagnostic, type Phase, type School, type Service, type Status } from '../core/types.js';
import { noSchools, streamCensus, type ByteSource, type Census, type CensusHeader, type CensusOptions, type CensusRow, type CensusSink, type TotalRow } from './census.js';
import { KNOWN_FIELDS, aliasesOf, fieldKey, headerList } from './headers.js';
import { idNumber, own } from '../core/names.js';
import { counted } from '../core/messages.js';
import { SchoolSet } from '../core/school-set.js';
import { NOT_APPLICABLE, compact, normalisePhase, normaliseStatus, saysNotMaintained } from './normalise.js';
import { excelErrorHint, isExcelError, isLoneDash, pointGrouped, readNumber } from './numbers.js';
import { hiddenColumnsWarning, roundedWarning, rowPlace, type RoundedCell } from './xlsx.js';
import { unknownPhaseMessage, unknownStatusMessage, wordReader } from './vocabulary.js';
import { filled, noteHint } from './header-row.js';

export interface SchoolsRead {
  schools: SchoolSet;
  diagnostics: Diagnostic[];
  /** With `collect`: every problem found, returned instead of thrown. */
  problems?: DataError[];
  /** Bases where the census's own Total row disagrees with its school rows (also warned of in diagnostics). */
  controlTotals: ControlTotalMismatch[];
}

const PROBLEM = { blank: 'is blank', negative: 'is negative', 'not a number': 'is not a number', suppressed: 'is suppressed (a DfE mark for a figure not published)' } as const;
const EXPECTED_NUMBER = 'expected a number of 0 or more, such as 421, 1,179 or 12.5';
/** An id shown as a grouped number: `100,001`, `8,732,001`. */
const GROUPED_ID = /^\d{1,3}(?:,\d{3})+$/;
/** An id as Excel shows a long number in scientific notation (`1.00E+05`, `8.73E+06`): its digits are lost. */
const SCIENTIFIC_ID = /^\d(?:\.\d+)?E\+?\d+$/i;
/** An id written as a number with a decimal point and zeros (`100001.0`), as pandas, or a column formatted `0.0`, writes it. */
const DECIMAL_ID = /^\d+\.0+$/;


/** NOR, and its primary and secondary parts: pupil counts, never written with three decimals. */
const isNor = (field: string) => field === 'nor' || field === 'nor_primary' || field === 'nor_secondary';

/** The error for a NOR written `1.179`: 1,179 in a European region's grouping, or a thousandth of it. */
function pointGroupedProblem(label: string, text: string): string {
  const t = text.trim().replace(/^\u00a3\s*/, '');
  const [whole, part] = t.split('.');
  return `${label} may be ${whole},${part} with a point for the thousands, as a European region writes it, or ${t} pupils; dedel does not guess: write ${whole}${part} (or ${whole},${part}) for ${whole},${part}, or ${t}0 for ${t}`;
}

/**
 * What a number cell should hold, said for the text it holds: a lone dash is how Excel's
 * Accounting format shows 0, and how a CSV saved from it writes 0, but a dash may as well mean
 * "none known", so dedel asks rather than reading it as 0.
 */
function expectedFor(text: string): string {
  // With its pound sign too (` £ -   `), as the Accounting format with £ writes it.
  if (isLoneDash(text)) return `a lone dash is how Excel's Accounting format shows 0: write 0 if it means 0; ${EXPECTED_NUMBER}`;
  // A percentage (`12.5%`, a cell shown as one: the Authority Proforma Tool gives FSM, EAL and the rest so).
  // An Excel error value, saved as its text: the formula that made the figure failed.
  if (isExcelError(text)) return `${excelErrorHint(text)}; ${EXPECTED_NUMBER}`;
  if (/^\s*\d[\d,]*(?:\.\d+)?\s*%\s*$/.test(text)) return `${EXPECTED_NUMBER}; a percentage is not a count (a rate per unit of it would charge per percentage point): give the number of pupils, the census's count, which dedel does not work out from a percentage`;
  return EXPECTED_NUMBER;
}

/** `text.trim()`, without making a string where the text starts and ends with printable ASCII (most cells). */
function trimmed(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

/**
 * The words a basis is written out in, beside its own: DfE heads FSM `number of pupils known to
 * be eligible for free school meals`, SEN `SEN support` and `EHC plan`; NOR is written out
 * `number on roll` or `headcount of pupils` with words besides.
 */
const SPELT_OUT: Readonly<Record<string, readonly (readonly string[])[]>> = {
  nor: [['headcount', 'pupils'], ['number', 'on', 'roll']],
  fsm: [['free', 'school', 'meals'], ['free', 'school', 'meal']],
  sen: [['ehc', 'plan'], ['ehcp'], ['special', 'educational', 'needs']],
  eal: [['first', 'language']],
};

/** A header for a percentage, not a count: `FSM %`, `% of pupils …`, GIAS's `PercentageFSM`. */
function isPercentage(header: string): boolean {
  return header.includes('%') || wordsOf(header).some((w) => w === 'percent' || w === 'percentage' || w === 'pct');
}

/**
 * Words that make a header a basis's figure in one phase or key stage only (`FSM Primary`,
 * `KS3 NOR`, `Key Stage 4 NOR`, `Reception NOR`), as the Authority Proforma Tool and others
 * split their figures: a part, never the whole.
 */
const PART_WORDS = new Set(['primary', 'secondary', 'pri', 'sec', 'ks1', 'ks2', 'ks3', 'ks4', 'ks5', 'stage', 'reception', 'infant', 'junior', 'nursery', 'post16', 'sixth']);

/** Whether a header with a basis's words is that basis in one phase or key stage only: a word the basis lacks is a phase's. */
function isPart(header: string, own: readonly string[]): boolean {
  return wordsOf(header).some((w) => PART_WORDS.has(w) && !own.includes(w));
}

/**
 * How to choose the column for a basis no header matched: `--column fsm="HEADER"`, naming the
 * headers (up to four) that have the basis's words, or the words it is written out in, among
 * their own (`number_of_fsm_eligible_pupils`, `number of pupils known to be eligible for free
 * school meals`, GIAS's `SENStat`), whole words only, so `sen` never points at `Absentees`. A
 * percentage (`FSM %`, `PercentageFSM`) is never offered: charged per unit, it would charge per
 * percentage point; the hint says it is one, and `advice` what to give instead. Nor is a phase's
 * or key stage's part (`FSM Primary`, `KS3 NOR`): charged on it, every other school was charged
 * on its part only (a secondary school's `FSM Primary`, 0, charged it nothing); `advice` says so.
 */
function columnHint(basis: string, headers: readonly string[]): { hint: string; advice: string } {
  const own = wordsOf(basis);
  const sets = own.length === 0 ? [] : [own, ...(SPELT_OUT[compact(basis)] ?? [])];
  const named = headers.filter((h) => {
    const words = wordsOf(h);
    return sets.some((set) => set.every((w) => words.includes(w)));
  });
  const percentages = named.filter(isPercentage);
  const parts = named.filter((h) => !isPercentage(h) && isPart(h, own));
  const counts = named.filter((h) => !isPercentage(h) && !isPart(h, own));
  const hint = counts.length === 0 || counts.length > 4 ? `--column ${basis}="HEADER"` : counts.map((h) => `--column ${basis}="${visible(h)}"`).join(' or ');
  const quoted = (list: readonly string[]) => list.slice(0, 2).map((h) => `"${visible(h)}"`).join(' and ') + (list.length > 2 ? ` and ${list.length - 2} more` : '');
  let advice = '';
  if (parts.length > 0) {
    advice += `; ${quoted(parts)} ${parts.length === 1 ? 'is' : 'are'} ${basis} in one phase or key stage only, not the whole school's, so not offered: add a column of each school's whole figure (its parts added up) headed ${basis}`;
  }
  if (percentages.length > 0) {
    advice += `; dedel does not work a count out from a percentage: add a column of the number of pupils (the census's count, not a percentage of NOR) headed ${basis}`;
  }
  if (percentages.length === 0) return { hint, advice };
  return { hint: `${hint}; ${quoted(percentages)} ${percentages.length === 1 ? 'is a percentage' : 'are percentages'}, not ${percentages.length === 1 ? 'a count' : 'counts'}: a rate per unit of ${percentages.length === 1 ? 'it' : 'one'} would charge per percentage point`, advice };
}

/** A yes in a yes-or-no column. */
const YES = /^(?:y|yes|true|1)$/i;

/** Whether a header may be a yes-or-no column of academies (`Academy Y/N`, `Academy?`, `Is academy`, `Academy`): a yes under it says so. */
function isAcademyFlag(header: string): boolean {
  return wordsOf(header).some((w) => w === 'academy' || w === 'academies');
}

/**
 * A header's words: split at anything not a letter or digit, where a capital follows a small
 * letter, and where a run of capitals ends before a word (`SENStat` → sen stat, `SENNoStat` →
 * sen no stat, as GIAS writes them).
 */
function wordsOf(text: string): string[] {
  return text
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9+]+/)
    .filter((w) => w !== '');
}

/** Words of a header for a school's id that no alias reads: `URN (DfE)`, `Sch Ref`, `Establishment code`. */
const ID_WORDS = new Set(['urn', 'laestab', 'estab', 'dfe']);
const ID_KINDS = new Set(['id', 'code', 'ref', 'number', 'no']);
// Not `la`: an `LA code` column is the authority's number, the same on every row.
const ID_OF = new Set(['school', 'sch', 'establishment', 'academy']);

/** Whether a header looks like the column of the schools' ids. */
function looksLikeIds(header: string): boolean {
  const words = wordsOf(header);
  return words.some((w) => ID_WORDS.has(w)) || (words.some((w) => ID_KINDS.has(w)) && words.some((w) => ID_OF.has(w)));
}

/** How many all-through schools left out are each said in full; and how many more are named in the one warning after. */
const UNDECIDED_IN_FULL = 3;
const UNDECIDED_LISTED = 10;

export interface SchoolsOptions {
  /** Collect every problem instead of stopping at the first (`check`). */
  all?: boolean;
  /** With `all`: return the problems (and the warnings) instead of throwing them (`check`). */
  collect?: boolean;
}

/**
 * Turns census rows into schools for the given services: normalises phase and status,
 * parses exactly the numbers a charged service needs, and reports each problem with
 * its file, line, column and value.
 */
export function toSchools(census: Census, services: readonly Service[], options: SchoolsOptions = {}): SchoolsRead {
  const sink = schoolsSink(census, services, options);
  const totals = census.totals ?? (census.controlTotal ? [{ row: census.controlTotal, kind: { kind: 'grand' as const }, label: 'Total' }] : []);
  // Rows and total rows in file order, as the census was read.
  let t = 0;
  for (const row of census.rows) {
    while (t < totals.length && totals[t]!.row.line < row.line) sink.total(totals[t++]!);
    sink.row(row);
  }
  while (t < totals.length) sink.total(totals[t++]!);
  return sink.finish();
}

/**
 * Reads a census's bytes a piece at a time straight into schools (see `streamCensus`): no
 * census row is kept once it is a school. What `toSchools(readCensus(…))` gives.
 */
export function readSchoolsOf(bytes: Uint8Array | ByteSource, file: string, census: CensusOptions, services: readonly Service[], options: SchoolsOptions = {}): SchoolsRead & { header: CensusHeader } {
  let sink: ReturnType<typeof schoolsSink> | undefined;
  const header = streamCensus(bytes, file, census, (read) => (sink = schoolsSink(read, services, options)));
  return { ...sink!.finish(), header };
}



/** Census rows into schools as they are read, and what was read once the file ends. */
export function schoolsSink(census: CensusHeader, services: readonly Service[], options: SchoolsOptions = {}): CensusSink & { finish(): SchoolsRead } {
  const problems: DataError[] = [];
  // The row being read: a problem with a row that has text in one cell only may be a note's or a heading's.
  let current: CensusRow | undefined;
  const fail = (found: DataError) => {
    // (The row under the header is asked whether it is a second row of headers instead.)
    const error = current !== undefined && current.line !== (census.headerLine ?? 1) + 1 && filled(current) === 1 ? noteHint(found) : found;
    if (!options.all) throw error;
    problems.push(error);
  };
  const reader = schoolReader(census, services, fail);
  if (problems.length && !options.all) throw problems[0];
  const seen = new Map<string, number>();
  const seenIds = new FirstLines();
  const schools = new SchoolSet();
  const tally = controlTally(census, services);
  let rows = 0;
  let totals = 0;
  // A last row with no id whose NOR is exactly the school rows above it (three or more) is their
  // total under a name dedel does not know as one (`Sum`, `All schools`): charged as a school, it
  // doubled the Total. Asked about once the file ends, where it is the last school read.
  let withNor = 0;
  let last: { line: number; id: string; name: string; nor: Dec | undefined } | undefined;
  return {
    row(row) {
      rows++;
      current = row;
      tally.row(row);
      const who = reader.identify(row);
      if (!who) return;
      const { id, name } = who;
      // Ids and names apart: no key text made per row.
      const first = id !== '' ? seenIds.first(id, row.line) : seen.get(name.toLowerCase());
      if (id === '' && first === undefined) seen.set(own(name.toLowerCase()), row.line);
      // A row with one problem is still checked for others, so `check` lists them all.
      let bad = false;
      if (first !== undefined) {
        fail(reader.duplicate(row, who, first));
        bad = true;
      }
      const school = reader.read(row, id, name, bad);
      if (school) {
        schools.add(school);
        last = { line: row.line, id, name, nor: school.bases.nor };
        if (school.bases.nor !== undefined) withNor++;
      }
    },
    total(total) {
      totals++;
      tally.total(total);
    },
    finish() {
      if (rows === 0) throw noSchools(census, totals > 0);
      // Summed once, by group (schools alike in their figures are one group), not row by row.
      const sumRow = last !== undefined && last.id === '' && last.nor !== undefined && !last.nor.isZero() && withNor >= 4 && isSumOfRest(schools, last.nor) ? (last as { line: number; name: string; nor: Dec }) : undefined;
      if (sumRow !== undefined) {
        const at = census.fields.get('name');
        fail(
          new DataError(
            `its NOR, ${sumRow.nor.toFixed()}, is exactly the school rows above it: if it is their total, call it "Total" (it is then checked, never charged); if it is a school, give it an id`,
            { file: census.file, line: sumRow.line, column: at === undefined ? 'name' : (census.headers[at] ?? 'name'), value: sumRow.name },
          ),
        );
      }
      if (problems.length && !options.collect) throw problems.length === 1 ? problems[0] : new DataErrors(problems);
      // The reader's warnings, the header's and each row's, once every row is read.
      const diagnostics: Diagnostic[] = [...census.diagnostics, ...reader.diagnostics, ...reader.finish()];
      const controlTotals = tally.mismatches();
      diagnostics.push(...tally.unchecked);
      for (const m of controlTotals) diagnostics.push({ level: 'warning', code: 'control-total', message: controlTotalMessage(m) });
      return options.collect ? { schools, diagnostics, controlTotals, problems } : { schools, diagnostics, controlTotals };
    },
  };
}

/** Reads census rows into schools one at a time: what `toSchools` does for each row, and its header checks. */
export interface SchoolReader {
  /** Warnings about the header (no phase or status column). */
  diagnostics: Diagnostic[];
  /** The row's id and name (trimmed); null, after failing, where it has neither. */
  identify(row: CensusRow): { id: string; name: string } | null;
  /** The error for a row whose id (or, without one, name) came first on line `first`. */
  duplicate(row: CensusRow, who: { id: string; name: string }, first: number): DataError;
  /** The row as a school; null where it failed (or `bad` says it already did). */
  read(row: CensusRow, id: string, name: string, bad: boolean): School | null;
  /** The warnings said once every row is read: the all-through schools left out past the first few. */
  finish(): Diagnostic[];
}

/**
 * Checks a census's header against the services and returns a reader of its rows. Every
 * problem goes to `fail`, which throws it or collects it.
 */
export function schoolReader(census: CensusHeader, services: readonly Service[], fail: (error: DataError) => void): SchoolReader {
  const { file, fields, headers } = census;
  const diagnostics: Diagnostic[] = [];
  const col = (key: string) => fields.get(key);
  const header = (key: string) => headers[fields.get(key) ?? -1] ?? key;
  /**
   * What an all-through school lacks to be split on a basis, where the census has some of it:
   * the part column missing (`the census has "Primary NOR" but no "NOR secondary" column`; it was
   * said to have neither), and the key-stage columns it has instead (`KS3 NOR`, `KS4 NOR`, as the
   * Authority Proforma Tool splits secondary pupils), which dedel does not add up, so `add` says
   * to. Null where the census has neither part nor key stage: the messages say so as before.
   */
  const splitLack = (basis: string): { lack: string; add: string } | null => {
    const base = basisLabel(basis);
    const parts = (['primary', 'secondary'] as const).map((phase) => ({ phase, at: col(fieldKey(`${basis}_${phase}`)) }));
    const missing = parts.filter((p) => p.at === undefined).map((p) => `"${base} ${p.phase}"`);
    const present = parts.filter((p) => p.at !== undefined).map((p) => `"${visible(headers[p.at!] ?? '')}"`);
    const own = wordsOf(basis);
    const stages = headers.filter((h) => {
      const words = wordsOf(h);
      return own.length > 0 && own.every((w) => words.includes(w)) && !isPercentage(h) && /\b(?:ks ?[345]|key ?stage ?[345])\b/i.test(h);
    });
    const noSecondary = missing.includes(`"${base} secondary"`);
    if (present.length === 0 && (stages.length === 0 || !noSecondary)) return null;
    const lack = present.length > 0 ? `the census has ${present.join(' and ')} and no ${missing.join(' or ')} column` : `the census has no ${missing.join(' and ')} columns`;
    if (stages.length === 0 || !noSecondary) return { lack, add: `add a ${missing[0]} column` };
    const note = `dedel does not add up ${stages.map((h) => `"${visible(h)}"`).join(' and ')} itself`;
    return { lack, add: missing.length === 2 ? `add ${missing.join(' and ')} columns (${base} secondary: KS3 and KS4 added up; ${note})` : `add a ${missing[0]} column: KS3 and KS4 added up (${note})` };
  };
  const cell = (row: CensusRow, key: string) => {
    const at = col(key);
    return at === undefined ? '' : (row.cells[at] ?? '').trim();
  };
  // The columns every row reads, looked up once.
  const at = { urn: col('urn'), name: col('name'), phase: col('phase'), status: col('status'), nor: col('nor'), months: col('months'), open: col('open') };
  const cellAt = (row: CensusRow, index: number | undefined) => (index === undefined ? '' : trimmed(row.cells[index] ?? ''));
  const found = headerList(headers);
  diagnostics.push(...sheetViewWarnings(census, services));
  if (col('name') === undefined && col('urn') === undefined) {
    fail(new DataError(`no school name or id column; found ${found}; a name column may be headed ${aliasesOf('name')}`, { file, line: census.headerLine ?? 1 }));
  }
  for (const service of services) for (const basis of basesOf(service)) {
    if (basis === 'school') continue;
    const clash = census.ambiguous?.get(fieldKey(basis));
    if (clash) {
      // Headed alike (`FSM` twice), --column cannot say which: the file must.
      const alike = clash.every((h) => h.trim() === clash[0]!.trim());
      fail(
        new DataError(
          alike
            ? `${clash.length} columns are headed "${visible(clash[0]!)}", each of which could be ${basis}, the basis of service "${service.name}"; rename one in the file (--column cannot tell them apart)`
            : `columns ${clash.map((h) => `"${h}"`).join(' and ')} could each be ${basis}, the basis of service "${service.name}"; choose one with --column ${basis}="HEADER"`,
          { file, line: census.headerLine ?? 1 },
        ),
      );
      continue;
    }
    if (col(fieldKey(basis)) === undefined) {
      const hintOf = columnHint(basis, headers);
      fail(
        new DataError(`no column for ${basis}, the basis of service "${service.name}"; found ${found}; accepted: ${aliasesOf(fieldKey(basis))} (or ${hintOf.hint})${hintOf.advice}`, {
          file,
          line: census.headerLine ?? 1,
        }),
      );
    }
  }
  // Schools known by their ids alone print a blank school column: said, with the column that
  // looks like their names (`Name of the school`), where one does.
  if (col('name') === undefined && col('urn') !== undefined) {
    const named = headers.filter((h) => wordsOf(h).some((w) => w === 'name' || w === 'school' || w === 'academy' || w === 'establishment'));
    const hint = named.length > 0 ? `; if column "${visible(named[0]!)}" holds their names, give --column name="${visible(named[0]!)}"` : `; a name column may be headed ${aliasesOf('name')}`;
    diagnostics.push({ level: 'warning', code: 'no-name', message: `${file}: no column of school names, so the schools are known by their ids and the table's school column is blank${hint}` });
  }
  // And schools known by their names alone print a blank id column: said where a column looks
  // like their ids (`URN (DfE)`, `Sch Ref`) and is no field of dedel's.
  if (col('urn') === undefined && col('name') !== undefined) {
    const fieldColumns = new Set<number | undefined>(KNOWN_FIELDS.map((k) => col(k)));
    const ids = headers.filter((h, i) => !fieldColumns.has(i) && looksLikeIds(h));
    if (ids.length > 0) {
      const h = visible(ids[0]!);
      diagnostics.push({ level: 'warning', code: 'no-id', message: `${file}: no column of school ids, so the schools are told apart by their names and the table's id column is blank; if column "${h}" holds their ids, give --column urn="${h}"` });
    }
  }
  const hasPhase = col('phase') !== undefined;
  const hasStatus = col('status') !== undefined;
  if (!hasPhase) {
    diagnostics.push({ level: 'warning', code: 'no-phase', message: `${file}: no phase column; every row is charged whatever its phase` });
    for (const s of services) {
      if ((s.rate !== undefined && isPerPhase(s.rate)) || (s.target !== undefined && isPerPhase(s.target)) || s.weights) {
        fail(new DataError(`service "${s.name}" has per-phase rates, targets or weights, but the census has no phase column; found ${found}; a phase column may be headed ${aliasesOf('phase')}`, { file, line: census.headerLine ?? 1 }));
      } else if (!s.charge.phases.includes('primary') || !s.charge.phases.includes('secondary')) {
        // Without phases every row is charged: a service meant for some phases only (--phases,
        // charge.phases, or a phase the forum did not de-delegate) would charge them all.
        const which = s.charge.phases.length === 0 ? 'no phase' : `${s.charge.phases.join(' and ')} schools only`;
        fail(
          new DataError(
            `service "${s.name}" charges ${which} (--phases, charge.phases or the forum's decisions), but the census has no phase column to tell which schools those are, and every row would be charged; found ${found}; a phase column may be headed ${aliasesOf('phase')}`,
            { file, line: census.headerLine ?? 1 },
          ),
        );
      }
    }
  }
  if (!hasStatus) {
    diagnostics.push({ level: 'warning', code: 'no-status', message: `${file}: no status column; every row counts as maintained` });
  }
  // A column of months dedel does not know by its header (`Months as maintained`): every school
  // is charged 12 months, so the officer is told, with the --column that reads it.
  // The columns that are fields of dedel's: the others are asked what they hold.
  const known = new Set(KNOWN_FIELDS.map((k) => col(k)).filter((i): i is number => i !== undefined));
  if (col('months') === undefined) {
    const monthly = headers.filter((h, i) => !known.has(i) && wordsOf(h).some((w) => w === 'month' || w === 'months'));
    if (monthly.length > 0) {
      diagnostics.push({
        level: 'warning',
        code: 'months-unread',
        message: `${file}: ${monthly.map((h) => `column "${visible(h)}"`).join(' and ')} ${monthly.length === 1 ? 'is' : 'are'} not read as the months charged, so every school is charged 12 months; if ${monthly.length === 1 ? 'it holds' : 'one holds'} the months of the year each school is charged, give --column months="${visible(monthly[0]!)}"`,
      });
    }
  }
  // With no status column every school counts as maintained: the other columns that are no
  // field of dedel's (an `Academy/Maintained`, `Funding` or `Notes` column) are searched for a
  // cell that says a charged school is an academy or not maintained, each distinct text once.
  const statusLike = hasStatus ? [] : headers.map((_, i) => i).filter((i) => !known.has(i));
  const saysNot = new Map<string, boolean>();
  // A yes-or-no column of academies (`Academy Y/N`, `Academy?`, `Is academy`): its yes says so.
  const flags = new Set(statusLike.filter((i) => isAcademyFlag(headers[i] ?? '')));
  // And beside a status column: a yes there under a maintained status is a contradiction the
  // officer must settle (a `Community` school with `Academy Y/N` of `Y` was charged with no word).
  const flagsBeside = hasStatus ? headers.map((_, i) => i).filter((i) => !known.has(i) && isAcademyFlag(headers[i] ?? '')) : [];
  // So with no phase column, where every school is charged whatever its phase: a cell that
  // says a charged school is a nursery, special, PRU, all-through or 16-plus school.
  const phaseLike = hasPhase ? [] : headers.map((_, i) => i).filter((i) => !known.has(i));
  const saysPhase = new Map<string, Phase | null>();
  const notMainstream = (row: CensusRow): { at: number; phase: Phase } | undefined => {
    for (const i of phaseLike) {
      const text = cellAt(row, i);
      if (text === '') continue;
      let phase = saysPhase.get(text);
      if (phase === undefined) {
        const read = normalisePhase(text);
        saysPhase.set(own(text), (phase = read === undefined || read === NOT_APPLICABLE || read === 'primary' || read === 'secondary' ? null : read));
      }
      if (phase !== null) return { at: i, phase };
    }
    return undefined;
  };
  // With no column read as open or closed, a column of dedel's none that says a school is closed
  // (`Status` beside a `Type` read as the status, a `Notes` cell `Closed 31/08/2023`): such a
  // school was charged with no word.
  const closedLike = at.open === undefined ? headers.map((_, i) => i).filter((i) => !known.has(i)) : [];
  const saysClosed = (row: CensusRow): number | undefined =>
    closedLike.find((i) => {
      const cell = row.cells[i] ?? '';
      const first = cell.charCodeAt(0);
      return (first === 67 || first === 99 || first === 32) && CLOSED.test(cell);
    });
  /** A charged school another column says is not what its row reads as: refused, naming that column and its cell. */
  const refuseAt = (row: CensusRow, at: number, message: string) => fail(new DataError(message, { file, line: row.line, column: headers[at] ?? '', value: cellAt(row, at) }));
  const notMaintained = (row: CensusRow): number | undefined =>
    statusLike.find((i) => {
      const text = cellAt(row, i);
      if (text === '') return false;
      if (flags.has(i) && YES.test(text)) return true;
      let says = saysNot.get(text);
      if (says === undefined) saysNot.set(own(text), (says = saysNotMaintained(text)));
      return says;
    });

  // A census repeats its words and figures: each distinct text is read once, so equal
  // figures are one decimal object (decimals are immutable) and rows cost less to hold.
  const numbers = new Map<string, ReturnType<typeof readNumber>>();
  const number = (text: string) => {
    let reading = numbers.get(text);
    if (reading === undefined) numbers.set(own(text), (reading = readNumber(text)));
    return reading;
  };
  /** What a status and phase word pair means for a row: read once per pair. */
  interface Kind {
    status: Status | null;
    phase: Phase | null;
    unknownStatus: boolean;
    unknownPhase: boolean;
    exclude?: string;
    /** An all-through school no rule decides: not charged, with one warning per school. */
    undecided?: boolean;
    /** Charged by some service, and the fields those charges need. */
    charged: boolean;
    need: Set<string>;
    /** The needed fields with their census keys and columns, looked up once. */
    fields: { field: string; key: string; index: number | undefined }[];
    /** Read as DfE's code `F` or `FS` for a free school, which a C/VA/VC/F list writes for foundation. */
    freeCode?: boolean;
  }
  const words = wordReader(census.words);
  // `F` and `FS` are DfE's codes for a free school, and an authority's for a foundation school
  // (C, VA, VC, F): read as DfE's unless the authority maps them, and warned of once the file
  // ends where the census has none of DfE's own codes for maintained schools (CY, FD) beside them.
  const mappedStatuses = new Set(Object.keys(census.words?.statuses ?? {}).map(compact));
  let dfeMaintainedCodes = false;
  const freeCodes = { rows: 0, lines: [] as number[], text: '' };
  // An all-through school is split by phase only where the census has both parts of the basis.
  const hasParts = (basis: string) => basis === 'school' || (col(fieldKey(`${basis}_primary`)) !== undefined && col(fieldKey(`${basis}_secondary`)) !== undefined);
  const undecided = services.filter((s) => s.charge.allThrough === 'auto' && !hasParts(s.basis));
  // What the all-through warning says the census lacks, and what to add, for the bases of those services.
  const lacks = [...new Set(undecided.map((s) => s.basis))].map((basis) => ({ basis, lacking: splitLack(basis) }));
  const undecidedLack = lacks.every((l) => l.lacking === null)
    ? `the census has no ${lacks.map((l) => `"${basisLabel(l.basis)} primary" and "${basisLabel(l.basis)} secondary"`).join(' or ')} columns`
    : lacks.map((l) => l.lacking?.lack ?? `the census has no "${basisLabel(l.basis)} primary" and "${basisLabel(l.basis)} secondary" columns`).join('; and ');
  const undecidedAdd = lacks.flatMap((l) => (l.lacking === null ? [] : [`${l.lacking.add}, or `])).join('');
  /** The services that would split an all-through school of this status and phase, and cannot. */
  const undecidedFor = (kind: { status: Status | null; phase: Phase | null }) => undecided.filter((s) => chargesStatus(s.charge, kind.status) && chargesPhase(s.charge, kind.phase));
  /** The bases an all-through school cannot be split on here: the same array for every such school. */
  const unsplit: readonly string[] = [...new Set(services.flatMap((s) => basesOf(s)))].filter((b) => !hasParts(b));
  const kindOf = (phaseText: string, statusText: string): Kind => {
    const establishment = hasStatus ? words.establishment(statusText) : null;
    const phaseRead = hasPhase ? words.phase(phaseText) : null;
    const statusRead = establishment === null ? null : establishment?.status;
    const status = statusRead ?? null;
    // A special school, PRU or nursery school is in that phase whatever its phase cell says
    // (GIAS gives such schools "Not applicable").
    const implied = establishment?.phase;
    const phase = implied ?? (phaseRead === NOT_APPLICABLE || phaseRead === undefined ? null : phaseRead);
    // An unrecognised phase or status matters only on a row that would otherwise be charged.
    const phaseKnown = implied !== undefined || (phaseRead !== undefined && phaseRead !== NOT_APPLICABLE);
    const statusCharged = statusRead !== undefined && services.some((s) => chargesStatus(s.charge, status));
    const phaseCharged = phaseKnown && services.some((s) => chargesPhase(s.charge, phase));
    const kind: Kind = {
      status,
      phase,
      unknownStatus: hasStatus && statusRead === undefined && (phaseCharged || !phaseKnown),
      unknownPhase: hasPhase && !phaseKnown && statusCharged,
      charged: false,
      need: new Set<string>(),
      fields: [],
    };
    // From here an unknown status has a phase no service charges, and an unknown phase has a status none charges.
    if (hasStatus && statusRead === undefined) kind.exclude = phaseReason(services[0]!.charge, phase);
    // All-through with no parts to split by, and no rule deeming it a phase: left out by the
    // services that would split it, with a message; one that deems it a phase still charges it.
    if (phase === 'all-through' && kind.exclude === undefined && undecidedFor(kind).length > 0) kind.undecided = true;
    // What the services charge depends on status, phase and exclusion only.
    const probe: School = {
      id: '',
      name: '',
      status,
      phase,
      bases: {},
      months: TWELVE,
      line: 0,
      ...(kind.exclude !== undefined ? { exclude: kind.exclude } : {}),
      ...(phase === 'all-through' && unsplit.length > 0 ? { unsplit } : {}),
    };
    for (const service of services) {
      const decision = decideCharge(service.charge, probe, service.basis);
      if (!decision.charged) continue;
      kind.charged = true;
      for (const part of decision.parts) if (part.field !== 'school') kind.need.add(part.field);
    }
    kind.fields = [...kind.need].map((field) => ({ field, key: fieldKey(field), index: col(fieldKey(field)) }));
    const code = hasStatus ? compact(statusText) : '';
    if (code === 'cy' || code === 'fd') dfeMaintainedCodes = true;
    if ((code === 'f' || code === 'fs') && status === 'academy' && !mappedStatuses.has(code)) kind.freeCode = true;
    return kind;
  };
  const kinds = new Map<string, Map<string, Kind>>();
  let grouped = false;
  let pointed = false;
  let splitSaid = false;
  const identify = (row: CensusRow): { id: string; name: string } | null => {
    let id = cellAt(row, at.urn);
    // An id shown with thousands separators (`100,001`: Excel's Comma Style on the URN column,
    // saved as shown) is the number's digits, as GIAS, a --convert and another year write it.
    if (id.indexOf(',') > 0 && GROUPED_ID.test(id)) {
      const digits = id.replaceAll(',', '');
      if (!grouped) {
        grouped = true;
        diagnostics.push({ level: 'warning', code: 'grouped-ids', message: `${rowPlace(census, row.line)}: column "${visible(header('urn'))}": ids written with thousands separators, as Excel's Comma Style shows a number ("${id}"), are read without them (${digits}); format the column as General or Text to save them as ids` });
      }
      id = digits;
    }
    if (id.length > 2 && id.charCodeAt(id.length - 1) === 48 && DECIMAL_ID.test(id)) {
      const digits = id.slice(0, id.indexOf('.'));
      if (!pointed) {
        pointed = true;
        diagnostics.push({ level: 'warning', code: 'decimal-ids', message: `${rowPlace(census, row.line)}: column "${visible(header('urn'))}": ids written with a decimal point and zeros, as a number formatted with places or a script that read them as numbers writes them ("${id}"), are read without them (${digits}); format the column as General or Text to save them as ids` });
      }
      id = digits;
    }
    if (id.length > 3 && (id.charCodeAt(1) === 46 || id.charCodeAt(1) === 69 || id.charCodeAt(1) === 101) && SCIENTIFIC_ID.test(id)) {
      fail(
        new DataError(
          `an id in scientific notation, as Excel shows a long number in a column too narrow for it: its digits are lost, so the school cannot be told from others; in Excel, format the "${visible(header('urn'))}" column as Number with no decimal places (or as Text), and save the CSV again`,
          { file, line: row.line, column: header('urn'), value: id },
        ),
      );
      return null;
    }
    const name = cellAt(row, at.name);
    if (id === '' && name === '') {
      // A row no one could recognise in the table is not charged silently.
      // Text with no school on the row under the header: a spreadsheet's second row of headers (`Pupils` over `Oct 2023`).
      const second = row.line === (census.headerLine ?? 1) + 1 && row.cells.some((c) => /[A-Za-z]/.test(c));
      const texts = row.cells.filter((c) => c.trim() !== '').map((c) => `"${visible(c.trim())}"`).slice(0, 3).join(', ');
      const why = second ? `; is it a second row of headers (${texts})? dedel reads one: put each column's name in one cell of the header row` : '';
      fail(new DataError(`this row has neither an id nor a school name${why}`, { file, line: row.line, column: header(at.urn !== undefined ? 'urn' : 'name') }));
      return null;
    }
    return { id, name };
  };
  const duplicate = (row: CensusRow, { id, name }: { id: string; name: string }, first: number): DataError =>
    new DataError(`duplicate ${id !== '' ? 'id' : 'school name'}, first on ${census.sheet === undefined ? 'line' : 'row'} ${first}; each school must appear once`, {
      file,
      line: row.line,
      column: header(id !== '' ? 'urn' : 'name'),
      value: id !== '' ? id : name,
    });
  // All-through schools left out: the first few said each in full, the rest in one warning
  // (a GIAS download has no primary and secondary NOR, and an authority's many all-through
  // schools made as many warnings alike).
  let undecidedSaid = 0;
  const undecidedMore: string[] = [];
  const read = (row: CensusRow, id: string, name: string, wasBad: boolean): School | null => {
    let bad = wasBad;
    const phaseText = cellAt(row, at.phase);
    const statusText = cellAt(row, at.status);
    // Everything that follows from a row's status and phase words is worked out once per pair.
    let byPhase = kinds.get(statusText);
    if (byPhase === undefined) kinds.set(own(statusText), (byPhase = new Map()));
    let kind = byPhase.get(phaseText);
    if (kind === undefined) byPhase.set(own(phaseText), (kind = kindOf(phaseText, statusText)));
    const school: School = {
      id,
      name,
      status: kind.status,
      phase: kind.phase,
      bases: {},
      months: TWELVE,
      line: row.line,
    };
    if (kind.freeCode) {
      if (freeCodes.rows++ === 0) freeCodes.text = statusText;
      if (freeCodes.lines.length < UNDECIDED_LISTED) freeCodes.lines.push(row.line);
    }
    // GIAS lists closed schools and schools not yet open: never charged, whatever their figures.
    const open = at.open === undefined ? 'open' : cellAt(row, at.open).toLowerCase();
    // GIAS writes `Closed`; a file edited by hand may say more (`Closed (merged)`, `Closed - amalgamated`), and the school is no less closed.
    const closed = open.startsWith('closed');
    if (closed || open.startsWith('proposed to open')) {
      school.exclude = closed ? REASONS.closed : REASONS.notYetOpen;
      return bad ? null : school;
    }
    if (kind.unknownStatus) {
      // A row with a name, no id and no status (`Sum`, `All schools`) is most often a total under a name dedel does not know as one.
      const total = statusText === '' && id === '' && phaseText === '' ? `; if "${visible(name)}" is a total of the rows above, call it "Total" (it is then checked against them, never charged)` : '';
      fail(new DataError(`${unknownStatusMessage(statusText, header('status'))}${total}`, { file, line: row.line, column: header('status'), value: statusText }));
      return null;
    }
    if (kind.unknownPhase) {
      // `Maintained`, `Academy` in a column read as phase (a `Sector` column) is a status, not a phase to map.
      const asStatus = phaseText !== '' && !hasStatus && normaliseStatus(phaseText) !== undefined;
      const message = asStatus
        ? `"${visible(phaseText)}" is a status, not a phase: if column "${visible(header('phase'))}" holds the schools' status, give --column status="${visible(header('phase'))}" and name their phase column with --column phase="HEADER" (a table with no phase column is charged whatever its phase)`
        : unknownPhaseMessage(phaseText);
      fail(new DataError(message, { file, line: row.line, column: header('phase'), value: phaseText }));
      bad = true;
    }
    if (kind.exclude !== undefined) school.exclude = kind.exclude;
    if (kind.phase === 'all-through' && unsplit.length > 0) school.unsplit = unsplit;
    if (kind.charged && school.exclude === undefined && phaseLike.length > 0) {
      const said = notMainstream(row);
      if (said !== undefined) {
        const h = visible(headers[said.at] ?? '');
        refuseAt(row, said.at, `the column says this school's phase is ${said.phase}, but the census has no phase column, so it would be charged whatever its phase; if "${h}" is the schools' phase, give --column phase="${h}"; if not, correct the cell`);
        bad = true;
      }
    }
    if (kind.charged && school.exclude === undefined && flagsBeside.length > 0) {
      const flagAt = flagsBeside.find((i) => YES.test(cellAt(row, i)));
      if (flagAt !== undefined) {
        const h = visible(headers[flagAt] ?? '');
        refuseAt(row, flagAt, `the column "${h}" says this school is an academy ("${visible(cellAt(row, flagAt))}"), but its status, "${visible(statusText)}", is maintained, so it would be charged; correct the one that is wrong (a school that converts during the year is maintained until it does: dedel convert charges it for those months)`);
        bad = true;
      }
    }
    if (kind.charged && school.exclude === undefined && closedLike.length > 0) {
      const closedAt = saysClosed(row);
      if (closedAt !== undefined) {
        const h = visible(headers[closedAt] ?? '');
        refuseAt(row, closedAt, `the column says this school is closed, but no column is read as whether each school is open, so it would be charged; if "${h}" tells open schools from closed ones, give --column open="${h}" (a closed school is then not charged); if the school is open, correct the cell`);
        bad = true;
      }
    }
    if (kind.charged && school.exclude === undefined && statusLike.length > 0) {
      const at = notMaintained(row);
      if (at !== undefined) {
        const h = visible(headers[at] ?? '');
        const flag = flags.has(at) && YES.test(cellAt(row, at));
        const yes = visible(cellAt(row, at));
        refuseAt(
          row,
          at,
          flag
            ? `the column says this school is an academy ("${yes}"), but the census has no status column, so it would be charged as maintained; to read the column as the schools' status, give --column status="${h}" --status-word ${yes}=academy and the word for the others (--status-word N=maintained)`
            : `the column says this school is not maintained, but the census has no status column, so it would be charged as maintained; if "${h}" is the schools' status, give --column status="${h}"; if not, and the school is maintained, correct the cell`,
        );
        bad = true;
      }
    }
    if (kind.undecided && !bad) {
      if (undecidedSaid < UNDECIDED_IN_FULL) {
        undecidedSaid++;
        diagnostics.push({
          level: 'warning',
          code: 'all-through-undecided',
          message: `${rowPlace(census, row.line)}: all-through school "${visible(name)}" is not charged${kind.charged ? ` by ${undecidedFor(kind).map((s) => `"${visible(s.name)}"`).join(' and ')}` : ''}: ${undecidedLack} to split it by; ${undecidedAdd}choose with --all-through primary, secondary or none (charge.allThrough in the config)`,
        });
      } else undecidedMore.push(`"${visible(name)}" (${census.sheet === undefined ? 'line' : 'row'} ${row.line})`);
    }

    const bases: Record<string, Dec> = {};
    const { charged, need } = kind;
    let saidSplit = false;
    const fields = kind.fields;
    for (let f = 0; f < fields.length; f++) {
      const { field, key, index } = fields[f]!;
      if (index === undefined) {
        // A basis column missing from the header was reported once, at the header.
        if (school.phase === 'all-through' && !saidSplit) {
          saidSplit = true;
          const whole = field.replace(/_(primary|secondary)$/, '');
          const base = basisLabel(whole);
          const lacking = splitLack(whole);
          fail(
            new DataError(
              `all-through school "${visible(name)}" is charged per phase from ${basisLabel(field)}, but ${lacking === null ? `the census has no such column; add "${base} primary" and "${base} secondary" columns` : `${lacking.lack}; ${lacking.add}`}, or choose --all-through primary, secondary or none (charge.allThrough in the config)`,
              { file, line: row.line, column: header('phase'), value: phaseText },
            ),
          );
        }
        bad = true;
        continue;
      }
      const text = cellAt(row, index);
      const reading = number(text);
      if (!reading.ok) {
        fail(new DataError(`${basisLabel(field)} ${PROBLEM[reading.problem]} for a school that is charged on it; ${expectedFor(cell(row, key))}`, { file, line: row.line, column: header(key), value: cell(row, key) }));
        bad = true;
        continue;
      }
      if (isNor(field) && pointGrouped(text)) {
        fail(new DataError(pointGroupedProblem(basisLabel(field), text), { file, line: row.line, column: header(key), value: cell(row, key) }));
        bad = true;
        continue;
      }
      // `1,179` unquoted is two cells, `1` and `179`: where the next column takes the `179` (an SEN
      // column blank on most rows), the row is as wide as the header, and the school was charged on 1.
      if (index + 1 < headers.length && text.length === 1 && isNor(field)) {
        const next = row.cells[index + 1] ?? '';
        if (THOUSANDS_PART.test(next) && !splitSaid) {
          splitSaid = true;
          diagnostics.push({
            level: 'warning',
            code: 'split-number',
            message: `${rowPlace(census, row.line)}: column "${visible(header(key))}": ${basisLabel(field)} "${text}" beside "${next.trim()}" in column "${visible(headers[index + 1] ?? '')}": is it ${text},${next.trim()}? a number with a thousands comma must be quoted ("${text},${next.trim()}"), as spreadsheets write it, or the comma splits it into two cells and the school is charged on ${text}`,
          });
        }
      }
      bases[field] = reading.value;
    }
    // NOR for the per-pupil figure, unless it was read (or found bad) as a basis above.
    if (charged && !need.has('nor') && at.nor !== undefined && cellAt(row, at.nor) !== '') {
      const text = cell(row, 'nor');
      const reading = number(text);
      if (reading.ok && pointGrouped(text)) {
        fail(new DataError(pointGroupedProblem('NOR', text), { file, line: row.line, column: header('nor'), value: text }));
        bad = true;
      } else if (reading.ok) bases.nor = reading.value;
      else if (reading.problem !== 'suppressed') {
        fail(new DataError(`NOR ${PROBLEM[reading.problem]}; ${expectedFor(text)}`, { file, line: row.line, column: header('nor'), value: text }));
        bad = true;
      }
    }
    if (charged && at.months !== undefined && cellAt(row, at.months) !== '') {
      const reading = number(cell(row, 'months'));
      if (!reading.ok || reading.value.greaterThan(TWELVE)) {
        fail(new DataError(`months must be a number from 0 to 12`, { file, line: row.line, column: header('months'), value: cell(row, 'months') }));
        bad = true;
      } else {
        school.months = reading.value;
        if (reading.value.isZero()) school.exclude = REASONS.monthsZero;
      }
    }
    if (bad) return null;
    school.bases = bases;
    if (school.phase === 'all-through' && charged) checkParts(row, name, bases);
    return school;
  };
  /** A split school whose parts do not add up to its whole figure: a warning naming both (`--strict`: an error). */
  const checkParts = (row: CensusRow, name: string, bases: Record<string, Dec>) => {
    for (const field of Object.keys(bases)) {
      if (!field.endsWith('_primary')) continue;
      const whole = field.slice(0, -'_primary'.length);
      const primary = bases[field]!;
      const secondary = bases[`${whole}_secondary`];
      const at = col(fieldKey(whole));
      if (secondary === undefined || at === undefined) continue;
      const reading = bases[whole] !== undefined ? { ok: true as const, value: bases[whole] } : number(cellAt(row, at));
      if (!reading.ok) continue;
      const parts = partsDisagree(reading.value, primary, secondary);
      if (parts === null) continue;
      diagnostics.push({
        level: 'warning',
        code: 'all-through-parts',
        message: `${rowPlace(census, row.line)}: all-through school "${visible(name)}": "${header(fieldKey(`${whole}_primary`))}" ${primary.toFixed()} + "${header(fieldKey(`${whole}_secondary`))}" ${secondary.toFixed()} = ${parts.toFixed()}, but "${header(fieldKey(whole))}" is ${reading.value.toFixed()}; charged on the parts`,
      });
    }
  };
  const finish = (): Diagnostic[] => {
    const said: Diagnostic[] = [];
    if (freeCodes.rows > 0 && !dfeMaintainedCodes) {
      const place = census.sheet === undefined ? 'line' : 'row';
      const more = freeCodes.rows > freeCodes.lines.length ? `, and ${freeCodes.rows - freeCodes.lines.length} more` : '';
      const text = visible(freeCodes.text);
      said.push({
        level: 'warning',
        code: 'free-school-code',
        message: `${census.sheet === undefined ? file : `${file}: sheet "${census.sheet}"`}: status "${text}" is read as DfE's code for a free school, an academy, and not charged (${counted(freeCodes.rows, 'school')}: ${freeCodes.lines.length === 1 ? place : `${place}s`} ${freeCodes.lines.join(', ')}${more}); the census has none of DfE's codes for maintained schools (CY, FD) beside it: if "${text}" means foundation here, as a C/VA/VC/F list writes it, give --status-word "${text}=foundation" (or "${text}=academy" to say it is a free school)`,
      });
    }
    if (undecidedMore.length === 0) return said;
    const named = undecidedMore.slice(0, UNDECIDED_LISTED).join(', ');
    const rest = undecidedMore.length > UNDECIDED_LISTED ? `, and ${undecidedMore.length - UNDECIDED_LISTED} more` : '';
    return [
      ...said,
      {
        level: 'warning',
        code: 'all-through-undecided',
        message: `${census.sheet === undefined ? file : `${file}: sheet "${census.sheet}"`}: ${counted(undecidedMore.length, 'more all-through school')} ${undecidedMore.length === 1 ? 'is' : 'are'} not charged, as above: ${named}${rest}; ${undecidedLack} to split them by; ${undecidedAdd}choose with --all-through primary, secondary or none (charge.allThrough in the config)`,
      },
    ];
  };
  return { diagnostics, identify, duplicate, read, finish };
}

/** The part after a thousands comma: three digits, as `179` of an unquoted `1,179`. */
const THOUSANDS_PART = /^\s*\d{3}\s*$/;

/** A cell that says a school is closed: `Closed`, `Closed (merged)`, `Closed 31/08/2023`. */
const CLOSED = /^\s*closed\b/i;

/** The fields a school's figures are read from, beside each basis a service charges on (with its primary and secondary parts). */
const FIGURES = ['nor', 'nor_primary', 'nor_secondary', 'months'];
/** The fields that say which school a row is and whether it is charged. */
const WHO_AND_WHAT = ['urn', 'name', 'phase', 'status', 'open'];

/**
 * The columns of a workbook's sheet that dedel reads other than as the officer sees them:
 * hidden on the sheet (any column read: the school's id, name, phase, status and open, its NOR
 * and months, and each basis the services charge on, SEN, FSM or a column named as a basis,
 * with its parts), or holding figures that their number format shows rounded (the figures
 * read: NOR, months, each basis), one warning for each such column. Columns dedel does not read
 * (a lookup, last year's figures) are no matter.
 */
function sheetViewWarnings(census: CensusHeader, services: readonly Service[]): Diagnostic[] {
  const view = census.view;
  if (view === undefined || (view.hiddenColumns.length === 0 && view.rounded.length === 0)) return [];
  const place = `${census.file}: sheet "${census.sheet}"`;
  const bases = [...new Set(services.flatMap((s) => basesOf(s)))].filter((b) => b !== 'school');
  const figures = [...FIGURES, ...bases.flatMap((b) => [b, `${b}_primary`, `${b}_secondary`])];
  // Each column read, with the first field it is read as.
  const read = new Map<number, string>();
  for (const field of [...WHO_AND_WHAT, ...figures]) {
    const at = census.fields.get(fieldKey(field));
    if (at !== undefined && !read.has(at)) read.set(at, field);
  }
  const figureColumns = new Set(figures.map((f) => census.fields.get(fieldKey(f))));
  const warnings: Diagnostic[] = [];
  const hidden = view.hiddenColumns.filter((c) => read.has(c)).sort((a, b) => a - b);
  if (hidden.length) warnings.push(hiddenColumnsWarning(place, hidden.map((index) => ({ index, header: census.headers[index] ?? '', field: read.get(index)! }))));
  const rounded = new Map<number, RoundedCell[]>();
  for (const cell of view.rounded) {
    if (!figureColumns.has(cell.column)) continue;
    const cells = rounded.get(cell.column);
    if (cells) cells.push(cell);
    else rounded.set(cell.column, [cell]);
  }
  for (const [column, cells] of [...rounded].sort((a, b) => a[0] - b[0])) warnings.push(roundedWarning(place, census.headers[column] ?? '', cells));
  return warnings;
}

/** Why an all-through school with no parts to split by, and no rule deeming it a phase, is not charged. */
export const ALL_THROUGH_UNDECIDED = REASONS.allThroughUndecided;

/** A basis whose figure on the census's own Total row differs from the sum of its school rows. */
export interface ControlTotalMismatch {
  file: string;
  /** A workbook's sheet, whose rows the line numbers are. */
  sheet?: string;
  /** The Total row's line. */
  line: number;
  /** The census header of the basis column. */
  column: string;
  /** The figure the Total row states. */
  stated: Dec;
  /** The sum of the school rows it covers (charged or not). */
  actual: Dec;
  /** `actual` − `stated`. */
  difference: Dec;
  /** The total row in words; `the Total row` when not given. */
  row?: string;
  /** The school rows it covers, in words; `the school rows` when not given. */
  of?: string;
  /** A national row: checked to be at least the sum, since the file holds a part of the nation. */
  atLeast?: boolean;
}

/** The warning for a control-total mismatch: names the line, the column and both figures. */
export function controlTotalMessage(m: ControlTotalMismatch): string {
  const row = m.row ?? 'the Total row';
  const of = m.of ?? 'the school rows';
  if (m.atLeast) return `${rowPlace(m, m.line)}: control total for column "${m.column}" does not match: ${row} states ${m.stated.toFixed()}, less than the ${m.actual.toFixed()} ${of} add up to`;
  const difference = m.difference;
  return `${rowPlace(m, m.line)}: control total for column "${m.column}" does not match: ${row} states ${m.stated.toFixed()}, ${of} add up to ${m.actual.toFixed()} (difference ${difference.isNegative() ? '' : '+'}${difference.toFixed()})`;
}

/** The `--strict` failure: the total row's figure is the expected one. */
export function controlTotalFailure(m: ControlTotalMismatch): string {
  return `${rowPlace(m, m.line)}: control total for column "${m.column}": expected ${m.atLeast ? 'at most ' : ''}${m.stated.toFixed()} (${m.row ?? 'the Total row'}), actual ${m.actual.toFixed()} (${m.of ?? 'the school rows'})`;
}

/**
 * Compares each total row's figures with the sums of the school rows it covers (charged or
 * not), for NOR, the all-through NOR columns and every basis a service uses: a `Total` or LA
 * row covers every school; a phase row (`Primary total`) the schools of that phase (in a census
 * with no phase column, the rows of its block, as a subtotal); a `Subtotal` the school rows
 * since the previous total row; a national row (`NAT`) is at least
 * the sum. A school cell that is not a number counts as 0 (a charged school with one has
 * already been refused).
 *
 * What the control totals need of the school rows, kept as they stream past: per stretch of
 * rows between total rows, how many rows have each status, phase and set of figures (a census
 * repeats them), so no row is kept and a total row is checked when the file ends.
 */
function controlTally(census: CensusHeader, services: readonly Service[]): { row(row: CensusRow): void; total(total: TotalRow): void; mismatches(): ControlTotalMismatch[]; unchecked: Diagnostic[] } {
  const unchecked: Diagnostic[] = [];
  const keySet = new Set(['nor', 'nor_primary', 'nor_secondary', ...services.flatMap((s) => basesOf(s).filter((b) => !isPerSchool(b)).map(fieldKey))]);
  const keys = [...keySet].flatMap((key) => {
    const at = census.fields.get(key);
    return at === undefined ? [] : [{ key, at }];
  });
  const statusAt = census.fields.get('status');
  const phaseAt = census.fields.get('phase');
  // Per stretch: status text → phase text → each figure's text in turn → the place of its
  // count of rows in \`counts\` (nested maps: no key text made per row; a count goes up in
  // place, so a row looks each text up once and sets nothing).
  type Level = Map<string, Level | number>;
  let stretch: Level = new Map();
  const stretches: { total: TotalRow; rows: Level }[] = [];
  let counts = new Uint32Array(256);
  let used = 0;
  const texts: string[] = [];
  return {
    unchecked,
    row({ cells }) {
      if (keys.length === 0) return;
      texts[0] = statusAt === undefined ? '' : (cells[statusAt] ?? '');
      texts[1] = phaseAt === undefined ? '' : (cells[phaseAt] ?? '');
      for (let k = 0; k < keys.length; k++) texts[k + 2] = cells[keys[k]!.at] ?? '';
      let level = stretch;
      const last = texts.length - 1;
      for (let i = 0; i < last; i++) {
        let next = level.get(texts[i]!) as Level | undefined;
        if (next === undefined) level.set(own(texts[i]!), (next = new Map()));
        level = next;
      }
      const at = level.get(texts[last]!) as number | undefined;
      if (at !== undefined) {
        counts[at]!++;
        return;
      }
      if (used === counts.length) {
        const more = new Uint32Array(used * 2);
        more.set(counts);
        counts = more;
      }
      counts[used] = 1;
      level.set(own(texts[last]!), used++);
    },
    total(total) {
      stretches.push({ total, rows: stretch });
      stretch = new Map();
    },
    mismatches() {
      if (stretches.length === 0) return [];
      const words = wordReader(census.words);
      const phaseOf = (status: string, phase: string) => (statusAt === undefined ? undefined : words.establishment(status)?.phase) ?? (phaseAt === undefined ? undefined : words.phase(phase));
      // Whether a row is of a status total's status; `maintained` is every maintained school,
      // and with no status column every school counts as maintained.
      const ofStatus = (text: string, status: Status) => {
        const read = statusAt === undefined ? 'maintained' : words.establishment(text)?.status;
        return read !== undefined && (status === 'maintained' ? MAINTAINED.includes(read) : read === status);
      };
      const all = [...stretches.map((s) => s.rows), stretch];
      const entries = function* (level: Level, path: string[]): Generator<[string[], number]> {
        for (const [text, next] of level) {
          if (typeof next === 'number') yield [[...path, text], counts[next]!];
          else yield* entries(next, [...path, text]);
        }
      };
      const numbers = new Map<string, Dec>();
      const valueOf = (text: string) => {
        let value = numbers.get(text);
        if (value === undefined) {
          const reading = readNumber(text);
          numbers.set(text, (value = reading.ok ? reading.value : ZERO_DEC));
        }
        return value;
      };
      const out: ControlTotalMismatch[] = [];
      stretches.forEach(({ total, rows }, i) => {
        const { kind, label } = total;
        // With no phase column, a phase's total row (`Primary total` under a block headed
        // `Primary`) is checked as a subtotal is: the rows of its block, since the last total row.
        const block = kind.kind === 'subtotal' || (kind.kind === 'phase' && phaseAt === undefined);
        const take =
          kind.kind === 'phase' && !block
            ? (texts: string[]) => phaseOf(texts[0]!, texts[1]!) === kind.phase
            : kind.kind === 'group'
              ? (texts: string[]) => texts[kind.field === 'status' ? 0 : 1]!.trim().toLowerCase() === kind.text.toLowerCase()
              : kind.kind === 'status'
              ? (texts: string[]) => ofStatus(texts[0]!, kind.status) && (kind.phase === undefined || phaseOf(texts[0]!, texts[1]!) === kind.phase)
              : () => true;
        // Excel's Data > Subtotal totals the run of alike cells above it, since the last total row;
        // where none is there (totals gathered under the table), every row of that text.
        const inBlock = kind.kind === 'group' && [...entries(rows, [])].some(([texts]) => take(texts));
        const covered = block || inBlock ? [rows] : all;
        // The first block starts below the header.
        const previous = i === 0 ? (census.headerLine ?? 1) : stretches[i - 1]!.total.row.line;
        const named = kind.kind === 'grand' ? {} : { row: kind.kind === 'national' ? `the national row "${label}"` : `the "${label}" row` };
        const of =
          kind.kind === 'phase' && !block
            ? { of: `the ${kind.phase} school rows` }
            : kind.kind === 'group'
              ? { of: `the school rows${inBlock ? ` since ${census.sheet === undefined ? 'line' : 'row'} ${previous + 1}` : ''} whose ${kind.field} is "${visible(kind.text)}"` }
              : kind.kind === 'status'
              ? { of: `the ${kind.status}${kind.phase === undefined ? '' : ` ${kind.phase}`}${kind.status === 'maintained' ? ' school' : ''} rows` }
              : block
                ? { of: `the school rows since ${census.sheet === undefined ? 'line' : 'row'} ${previous + 1}${kind.kind === 'phase' ? ', the census having no phase column' : ''}` }
                : {};
        keys.forEach(({ key, at }, k) => {
          const text = total.row.cells[at] ?? '';
          const stated = readNumber(text);
          // A total that is no figure (#REF!, where the sheet's SUM lost its rows) cannot be
          // checked, and the sheet it came from is broken there: said, not passed over.
          if (!stated.ok && stated.problem === 'not a number') {
            const row = named.row ?? 'the Total row';
            unchecked.push({ level: 'warning', code: 'control-total', message: `${rowPlace({ file: census.file, ...(census.sheet !== undefined ? { sheet: census.sheet } : {}) }, total.row.line)}: ${row} gives "${visible(text.trim())}" for column "${census.headers[at] ?? key}", not a figure, so it is not checked against ${of.of ?? 'the school rows'}; fix it in the file to have it checked` });
          }
          if (!stated.ok) return;
          const counted: { value: Dec; count: number }[] = [];
          for (const map of covered) for (const [texts, count] of entries(map, [])) if (take(texts)) counted.push({ value: valueOf(texts[2 + k]!), count });
          const wrong = totalDisagrees(stated.value, counted, kind.kind === 'national');
          if (wrong) {
            out.push({ file: census.file, ...(census.sheet !== undefined ? { sheet: census.sheet } : {}), line: total.row.line, column: census.headers[at] ?? key, stated: stated.value, ...wrong, ...named, ...of, ...(kind.kind === 'national' ? { atLeast: true } : {}) });
          }
        });
      });
      return out;
    },
  };
}

const ZERO_DEC = new Dec(0);

export type { Status };

/**
 * The line each id was first seen on. Ids written as whole numbers (URNs) are held in typed
 * arrays, so a census of a million schools needs no million-entry map; other ids in a map.
 */
class FirstLines {
  private keys = new Uint32Array(1 << 12);
  private lines = new Uint32Array(1 << 12);
  private used = 0;
  private others = new Map<string, number>();

  /** The line `id` was first seen on; undefined (and `line` kept for it) the first time. */
  first(id: string, line: number): number | undefined {
    const n = idNumber(id);
    if (n === 0) {
      const seen = this.others.get(id);
      if (seen === undefined) this.others.set(own(id), line);
      return seen;
    }
    if (this.used * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    for (let i = Math.imul(n, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
      const key = this.keys[i]!;
      if (key === n) return this.lines[i]!;
      if (key === 0) {
        this.keys[i] = n;
        this.lines[i] = line;
        this.used++;
        return undefined;
      }
    }
  }

  private grow(): void {
    const { keys, lines } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.lines = new Uint32Array(keys.length * 2);
    const mask = this.keys.length - 1;
    // A loop, not a closure per slot.
    for (let j = 0; j < keys.length; j++) {
      const n = keys[j]!;
      if (n === 0) continue;
      let i = Math.imul(n, 0x9e3779b1) & mask;
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = n;
      this.lines[i] = lines[j]!;
    }
  }
}
