import type { Allocation, StreamedRows } from '../core/allocate.js';
import { perPupil } from '../core/allocate.js';
import { chargeDecider } from '../core/charge.js';
import { CompactColumn } from '../core/compact-column.js';
import { ONE, TWELVE, placesOf, sum, type Dec } from '../core/decimal.js';
import { DataError } from '../core/errors.js';
import { exactSumOf } from '../core/fast-column.js';
import { footingMessage } from '../core/messages.js';
import { idNumber, own } from '../core/names.js';
import { roundRatio } from '../core/rounding.js';
import { resolveRates } from '../core/solve.js';
import type { Diagnostic, School } from '../core/types.js';
import type { CensusRow } from './census.js';
import { NeedsWholeFile, streamCensus } from './census-stream.js';
import type { Settings } from './plan.js';
import { schoolReader } from './schools.js';

/** An allocation whose rows are read as they are written: its totals, warnings and rows. */
export interface StreamedAllocation {
  /** Every total, rate and note; `rows` and `uncharged` are empty (the rows are `rows` below). */
  allocation: Allocation;
  /** The census's warnings, then the allocation's. */
  diagnostics: Diagnostic[];
  rows: StreamedRows;
}

/**
 * `allocate` over a census read a piece at a time, for the common plan (one service at given
 * rates, no periods, charged schools only). The census is read twice from its bytes: once
 * to check every row and gather each charged school's figures as integers
 * (`CompactColumn`), and again, as the rows are written, to give each school beside its
 * charge. No row is held between the two, so a million rows need about the memory of the
 * file itself (a census of up to 8 MB keeps its charged schools from the first reading
 * instead, which is quicker than reading it again). Whatever this path does not handle the
 * usual way (a problem to report, a Total row, CSV only csv-parse reads, an all-through
 * school split by phase, another encoding) makes it return null, and the caller reads the
 * census whole, which gives the same table or the error, as it always has.
 */
export function streamAllocation(bytes: Uint8Array, file: string, settings: Settings, tuning: Tuning = {}): StreamedAllocation | null {
  const { services, periods } = settings.plan;
  const service = services[0];
  if (!service || services.length !== 1 || periods.length || service.target !== undefined || service.rate === undefined || service.charge.basisBy) return null;
  try {
    return streamed(bytes, file, settings, service, tuning);
  } catch (error) {
    if (error instanceof NeedsWholeFile || error instanceof DataError) return null;
    throw error;
  }
}

/** Sizes a test may make small, to cross every boundary on a small census. */
export interface Tuning {
  /** Bytes of the file decoded at a time. */
  pieceSize?: number;
  /** Censuses up to this many bytes keep their charged schools from the first reading. */
  keepBytes?: number;
}

function streamed(bytes: Uint8Array, file: string, settings: Settings, service: Settings['plan']['services'][number], tuning: Tuning): StreamedAllocation | null {
  const stream = streamCensus(bytes, file, settings.census, tuning.pieceSize);
  if (!stream) return null;
  const services = [service];
  const reader = schoolReader(stream.header, services, (error) => {
    throw error;
  });
  const decide = chargeDecider(service.charge, service.basis);
  const schoolOf = (row: CensusRow): School => {
    const who = reader.identify(row)!;
    return reader.read(row, who.id, who.name, false)!;
  };

  // First reading: every row checked, each charged school's figures kept as integers. A
  // census of a few megabytes keeps its charged schools too, rather than being read again.
  const kept: School[] | null = bytes.length <= (tuning.keepBytes ?? KEEP_BYTES) ? [] : null;
  const column = new CompactColumn();
  const seen = new SeenIds();
  const nors = new Map<Dec, number>();
  let everyNor = true;
  // The table shows a basis other than NOR in a column of its own, with its sum in the Total row.
  const other = service.basis === 'nor' || service.basis === 'school' ? null : service.basis;
  const others = new Map<Dec, number>();
  for (const batch of stream.batches()) for (const row of batch) {
    const school = schoolOf(row);
    const number = idNumber(school.id);
    if (!seen.add(school.id, school.name, number)) throw new NeedsWholeFile('a school appears twice');
    const decision = decide(school);
    if (!decision.charged) continue;
    if (decision.parts.length !== 1) throw new NeedsWholeFile('an all-through school is split by phase');
    const { phase, field } = decision.parts[0]!;
    const basis = field === 'school' || field.startsWith('school_') ? ONE : school.bases[field];
    if (basis === undefined || !column.add(phase, basis, school.months, school.id, school.name, number)) throw new NeedsWholeFile('a figure the integer column does not hold');
    kept?.push(school);
    if (other !== null) {
      const value = school.bases[other];
      if (value === undefined) throw new NeedsWholeFile('a school without its basis');
      others.set(value, (others.get(value) ?? 0) + 1);
    }
    const nor = school.bases.nor;
    if (nor === undefined) everyNor = false;
    else nors.set(nor, (nors.get(nor) ?? 0) + 1);
  }
  if (!seen.distinct()) throw new NeedsWholeFile('a school appears twice');

  const { rates, rateOf, footTo } = resolveRates(service, column.byPhase());
  if (footTo !== null) return null;
  const { unit, mode } = service.rounding;
  const foot = service.rounding.foot !== 'none';
  const result = column.finish({ rateOf, unit, mode, foot, expected: (t) => roundRatio(t, TWELVE, unit, mode) });
  if (!result) return null;
  const nor = everyNor ? exactSumOf(nors) : null;
  if (everyNor && nor === null) return null;
  const otherTotal = other === null ? null : exactSumOf(others);
  if (other !== null && otherTotal === null) return null;

  const total = result.amount(result.totalUnits);
  for (const r of rates) r.amount = r.phase === 'all' ? total : result.amount(result.phaseUnits.get(r.phase) ?? 0n);
  const exactTotal = result.totalTwelfths.div(TWELVE);
  const diagnostics: Diagnostic[] = [];
  if (!foot && !total.equals(result.expected)) diagnostics.push({ level: 'warning', code: 'footing', message: footingMessage(service.name, total, exactTotal, result.expected, unit) });
  const grand = sum([total]);
  const allocation: Allocation = {
    services: [{ service, rates, exactTotal, total, expected: result.expected, periodTotals: [] }],
    periods: [],
    rows: [],
    uncharged: [],
    total: {
      perService: [total],
      total: grand,
      exact: sum([exactTotal]),
      nor,
      perPupil: perPupil(grand, nor ?? undefined),
      ...(other !== null ? { bases: new Map([[other, otherTotal]]) } : {}),
    },
    diagnostics,
  };

  // Second reading, as the table is written: each charged school beside its charge.
  const places = placesOf(unit);
  let batches: Generator<CensusRow[]> | undefined;
  let batch: CensusRow[] = [];
  let at = 0;
  let k = 0;
  const nextSchool = (): School => {
    if (kept) return kept[k]!;
    for (;;) {
      while (at < batch.length) {
        const school = schoolOf(batch[at++]!);
        if (decide(school).charged) return school;
      }
      const next = batches!.next();
      if (next.done) throw new Error('the census changed between its two readings');
      batch = next.value;
      at = 0;
    }
  };
  const rows: StreamedRows = {
    count: result.rows,
    basis: other,
    start: () => {
      batches = kept ? undefined : stream.batches();
      batch = [];
      at = 0;
      k = 0;
    },
    next: () => {
      if (k >= result.rows) throw new Error('the rows of a streamed allocation are read once each, from start()');
      const school = nextSchool();
      const row = { school, amount: result.amountText(k, places), perPupil: result.perPupilText(k, school.bases.nor) };
      k++;
      return row;
    },
  };
  return { allocation, diagnostics: [...stream.header.diagnostics, ...reader.diagnostics, ...diagnostics], rows };
}

/** Censuses up to this size keep their charged schools from the first reading (about 200 bytes a school). */
const KEEP_BYTES = 8 << 20;

/**
 * The ids (or, without one, the lowercased names) seen so far, to tell that each school
 * appears once: ids written as whole numbers in a typed array (checked all at once at the
 * end), others in sets. A repeat is left to the whole-file reader to report.
 */
class SeenIds {
  private numbers = new Uint32Array(1024);
  private count = 0;
  private others = new Set<string>();
  private names = new Set<string>();

  /** False where the id (or name) was seen before among the others; `number` is `idNumber(id)`. */
  add(id: string, name: string, number: number): boolean {
    if (number !== 0) {
      if (this.count === this.numbers.length) {
        const bigger = new Uint32Array(this.count * 2);
        bigger.set(this.numbers);
        this.numbers = bigger;
      }
      this.numbers[this.count++] = number;
      return true;
    }
    const set = id !== '' ? this.others : this.names;
    const key = id !== '' ? id : name.toLowerCase();
    if (set.has(key)) return false;
    set.add(own(key));
    return true;
  }

  /** True where no whole-number id came twice. */
  distinct(): boolean {
    const sorted = this.numbers.subarray(0, this.count).sort();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return false;
    return true;
  }
}
