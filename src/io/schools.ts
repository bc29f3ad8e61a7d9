import { Dec, TWELVE, sum } from '../core/decimal.js';
import { DataError, DataErrors, visible } from '../core/errors.js';
import { basesOf, chargesPhase, chargesStatus, decideCharge } from '../core/charge.js';
import { isPerPhase } from '../core/solve.js';
import type { Diagnostic, Phase, School, Service, Status } from '../core/types.js';
import type { Census, CensusHeader, CensusRow } from './census.js';
import { aliasesOf, fieldKey } from './headers.js';
import { own } from '../core/names.js';
import { NOT_APPLICABLE, normalisePhase, normaliseStatus } from './normalise.js';
import { readNumber } from './numbers.js';

export interface SchoolsRead {
  schools: School[];
  diagnostics: Diagnostic[];
  /** With `collect`: every problem found, returned instead of thrown. */
  problems?: DataError[];
  /** Bases where the census's own Total row disagrees with its school rows (also warned of in diagnostics). */
  controlTotals: ControlTotalMismatch[];
}

const PROBLEM = { blank: 'is blank', negative: 'is negative', 'not a number': 'is not a number' } as const;
const EXPECTED_NUMBER = 'expected a number of 0 or more, such as 421, 1,179 or 12.5';

/** `text.trim()`, without making a string where the text starts and ends with printable ASCII (most cells). */
function trimmed(text: string): string {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

/** A basis as finance officers write it: NOR in capitals, others as named. */
function basisLabel(field: string): string {
  return field === 'nor' ? 'NOR' : field.replace(/^nor_/, 'NOR ');
}

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
  const problems: DataError[] = [];
  const fail = (error: DataError) => {
    if (!options.all) throw error;
    problems.push(error);
  };
  const reader = schoolReader(census, services, fail);
  const diagnostics: Diagnostic[] = [...census.diagnostics, ...reader.diagnostics];
  if (problems.length && !options.all) throw problems[0];
  const seen = new Map<string, number>();
  const seenIds = new Map<string, number>();
  const schools: School[] = [];
  for (const row of census.rows) {
    const who = reader.identify(row);
    if (!who) continue;
    const { id, name } = who;
    // Ids and names in two maps: no key text made per row.
    const seenOf = id !== '' ? seenIds : seen;
    const key = id !== '' ? id : name.toLowerCase();
    const first = seenOf.get(key);
    // A row with one problem is still checked for others, so `check` lists them all.
    let bad = false;
    if (first !== undefined) {
      fail(reader.duplicate(row, who, first));
      bad = true;
    } else seenOf.set(key, row.line);
    const school = reader.read(row, id, name, bad);
    if (school) schools.push(school);
  }
  if (problems.length && !options.collect) throw problems.length === 1 ? problems[0] : new DataErrors(problems);
  const controlTotals = checkControlTotals(census, services);
  for (const m of controlTotals) diagnostics.push({ level: 'warning', code: 'control-total', message: controlTotalMessage(m) });
  return options.collect ? { schools, diagnostics, controlTotals, problems } : { schools, diagnostics, controlTotals };
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
  const cell = (row: CensusRow, key: string) => {
    const at = col(key);
    return at === undefined ? '' : (row.cells[at] ?? '').trim();
  };
  // The columns every row reads, looked up once.
  const at = { urn: col('urn'), name: col('name'), phase: col('phase'), status: col('status'), nor: col('nor'), months: col('months'), open: col('open') };
  const cellAt = (row: CensusRow, index: number | undefined) => (index === undefined ? '' : trimmed(row.cells[index] ?? ''));
  const found = headers.map((h) => `"${visible(h)}"`).join(', ');
  if (col('name') === undefined && col('urn') === undefined) {
    fail(new DataError(`no school name or id column; found ${found}; a name column may be headed ${aliasesOf('name')}`, { file, line: census.headerLine ?? 1 }));
  }
  for (const service of services) for (const basis of basesOf(service)) {
    if (basis === 'school') continue;
    const clash = census.ambiguous?.get(fieldKey(basis));
    if (clash) {
      fail(
        new DataError(
          `columns ${clash.map((h) => `"${h}"`).join(' and ')} could each be ${basis}, the basis of service "${service.name}"; choose one with --column ${basis}="HEADER"`,
          { file, line: census.headerLine ?? 1 },
        ),
      );
      continue;
    }
    if (col(fieldKey(basis)) === undefined) {
      fail(
        new DataError(`no column for ${basis}, the basis of service "${service.name}"; found ${found}; accepted: ${aliasesOf(fieldKey(basis))} (or --column ${basis}="HEADER")`, {
          file,
          line: census.headerLine ?? 1,
        }),
      );
    }
  }
  const hasPhase = col('phase') !== undefined;
  const hasStatus = col('status') !== undefined;
  if (!hasPhase) {
    diagnostics.push({ level: 'warning', code: 'no-phase', message: `${file}: no phase column; every row is charged whatever its phase` });
    for (const s of services) {
      if ((s.rate !== undefined && isPerPhase(s.rate)) || (s.target !== undefined && isPerPhase(s.target)) || s.weights) {
        fail(new DataError(`service "${s.name}" has per-phase rates, targets or weights, but the census has no phase column; found ${found}; a phase column may be headed ${aliasesOf('phase')}`, { file, line: census.headerLine ?? 1 }));
      }
    }
  }
  if (!hasStatus) {
    diagnostics.push({ level: 'warning', code: 'no-status', message: `${file}: no status column; every row counts as maintained` });
  }

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
    /** Charged by some service, and the fields those charges need. */
    charged: boolean;
    need: Set<string>;
    /** The needed fields with their census keys and columns, looked up once. */
    fields: { field: string; key: string; index: number | undefined }[];
  }
  const kindOf = (phaseText: string, statusText: string): Kind => {
    const phaseRead = hasPhase ? normalisePhase(phaseText) : null;
    const statusRead = hasStatus ? normaliseStatus(statusText) : null;
    const status = statusRead ?? null;
    const phase = phaseRead === NOT_APPLICABLE || phaseRead === undefined ? null : phaseRead;
    // An unrecognised phase or status matters only on a row that would otherwise be charged.
    const phaseKnown = phaseRead !== undefined && phaseRead !== NOT_APPLICABLE;
    const statusCharged = statusRead !== undefined && services.some((s) => chargesStatus(s.charge, statusRead));
    const phaseCharged = phaseKnown && services.some((s) => chargesPhase(s.charge, phaseRead as Phase | null));
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
    if (hasStatus && statusRead === undefined) kind.exclude = `phase ${phase} is not charged`;
    // What the services charge depends on status, phase and exclusion only.
    const probe: School = { id: '', name: '', status, phase, bases: {}, months: TWELVE, line: 0, ...(kind.exclude !== undefined ? { exclude: kind.exclude } : {}) };
    for (const service of services) {
      const decision = decideCharge(service.charge, probe, service.basis);
      if (!decision.charged) continue;
      kind.charged = true;
      for (const part of decision.parts) if (part.field !== 'school') kind.need.add(part.field);
    }
    kind.fields = [...kind.need].map((field) => ({ field, key: fieldKey(field), index: col(fieldKey(field)) }));
    return kind;
  };
  const kinds = new Map<string, Map<string, Kind>>();
  const identify = (row: CensusRow): { id: string; name: string } | null => {
    const id = cellAt(row, at.urn);
    const name = cellAt(row, at.name);
    if (id === '' && name === '') {
      // A row no one could recognise in the table is not charged silently.
      fail(new DataError('this row has neither an id nor a school name', { file, line: row.line, column: header(at.urn !== undefined ? 'urn' : 'name') }));
      return null;
    }
    return { id, name };
  };
  const duplicate = (row: CensusRow, { id, name }: { id: string; name: string }, first: number): DataError =>
    new DataError(`duplicate ${id !== '' ? 'id' : 'school name'}, first on line ${first}; each school must appear once`, {
      file,
      line: row.line,
      column: header(id !== '' ? 'urn' : 'name'),
      value: id !== '' ? id : name,
    });
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
    // GIAS lists closed schools and schools not yet open: never charged, whatever their figures.
    const open = at.open === undefined ? 'open' : cellAt(row, at.open).toLowerCase();
    if (open === 'closed' || open === 'proposed to open') {
      school.exclude = open;
      return bad ? null : school;
    }
    if (kind.unknownStatus) {
      fail(new DataError(`unknown status for a school that could be charged; expected community, VA, VC, foundation, academy, special, PRU, nursery or a GIAS establishment type`, { file, line: row.line, column: header('status'), value: statusText }));
      return null;
    }
    if (kind.unknownPhase) {
      fail(new DataError(`unknown phase for a school that would be charged; expected primary, secondary, all-through, nursery, special, pru or 16-plus (or infant, junior, first, middle deemed primary or secondary, upper)`, { file, line: row.line, column: header('phase'), value: phaseText }));
      bad = true;
    }
    if (kind.exclude !== undefined) school.exclude = kind.exclude;

    const bases: Record<string, Dec> = {};
    const { charged, need } = kind;
    for (const { field, key, index } of kind.fields) {
      if (index === undefined) {
        if (school.phase === 'all-through') {
          fail(
            new DataError(
              `all-through school "${visible(name)}" is charged per phase from ${field}, but the census has no such column; add "${basisLabel(field.replace(/_(primary|secondary)$/, ''))} primary" and "${basisLabel(field.replace(/_(primary|secondary)$/, ''))} secondary" columns, or set charge.allThrough to "primary" or "secondary"`,
              { file, line: row.line, column: header('phase'), value: phaseText },
            ),
          );
        } else fail(new DataError(`no column for ${field}; accepted: ${aliasesOf(key)}`, { file, line: row.line }));
        bad = true;
        continue;
      }
      const reading = number(cellAt(row, index));
      if (!reading.ok) {
        fail(new DataError(`${basisLabel(field)} ${PROBLEM[reading.problem]} for a school that is charged on it; ${EXPECTED_NUMBER}`, { file, line: row.line, column: header(key), value: cell(row, key) }));
        bad = true;
        continue;
      }
      bases[field] = reading.value;
    }
    // NOR for the per-pupil figure, unless it was read (or found bad) as a basis above.
    if (charged && !need.has('nor') && at.nor !== undefined && cellAt(row, at.nor) !== '') {
      const reading = number(cell(row, 'nor'));
      if (reading.ok) bases.nor = reading.value;
      else {
        fail(new DataError(`NOR ${PROBLEM[reading.problem]}; ${EXPECTED_NUMBER}`, { file, line: row.line, column: header('nor'), value: cell(row, 'nor') }));
        bad = true;
      }
    }
    if (charged && at.months !== undefined && cellAt(row, at.months) !== '') {
      const reading = number(cell(row, 'months'));
      if (!reading.ok || reading.value.greaterThan(TWELVE)) {
        fail(new DataError(`months must be a number from 0 to 12`, { file, line: row.line, column: header('months'), value: cell(row, 'months') }));
        bad = true;
      } else school.months = reading.value;
    }
    if (bad) return null;
    school.bases = bases;
    return school;
  };
  return { diagnostics, identify, duplicate, read };
}

/** A basis whose figure on the census's own Total row differs from the sum of its school rows. */
export interface ControlTotalMismatch {
  file: string;
  /** The Total row's line. */
  line: number;
  /** The census header of the basis column. */
  column: string;
  /** The figure the Total row states. */
  stated: Dec;
  /** The sum of every school row (charged or not). */
  actual: Dec;
}

/** The warning for a control-total mismatch: names the line, the column and both figures. */
export function controlTotalMessage(m: ControlTotalMismatch): string {
  const difference = m.actual.minus(m.stated);
  return `${m.file}:${m.line}: control total for column "${m.column}" does not match: the Total row states ${m.stated.toFixed()}, the school rows add up to ${m.actual.toFixed()} (difference ${difference.isNegative() ? '' : '+'}${difference.toFixed()})`;
}

/** The `--strict` failure: the Total row's figure is the expected one. */
export function controlTotalFailure(m: ControlTotalMismatch): string {
  return `${m.file}:${m.line}: control total for column "${m.column}": expected ${m.stated.toFixed()} (the Total row), actual ${m.actual.toFixed()} (the school rows)`;
}

/**
 * Compares a `Total` row's figures with the sums of all school rows (charged or not), for
 * NOR, the all-through NOR columns and every basis a service uses. A school cell that is not
 * a number counts as 0 (a charged school with one has already been refused).
 */
export function checkControlTotals(census: Census, services: readonly Service[]): ControlTotalMismatch[] {
  const total = census.controlTotal;
  if (!total) return [];
  const keys = new Set(['nor', 'nor_primary', 'nor_secondary', ...services.flatMap((s) => basesOf(s).map(fieldKey)).filter((b) => b !== 'school')]);
  const out: ControlTotalMismatch[] = [];
  for (const key of keys) {
    const at = census.fields.get(key);
    if (at === undefined) continue;
    const stated = readNumber(total.cells[at] ?? '');
    if (!stated.ok) continue;
    const actual = sum(
      census.rows.map((r) => {
        const v = readNumber(r.cells[at] ?? '');
        return v.ok ? v.value : new Dec(0);
      }),
    );
    if (!actual.equals(stated.value)) {
      out.push({ file: census.file, line: total.line, column: census.headers[at] ?? key, stated: stated.value, actual });
    }
  }
  return out;
}

export type { Status };
