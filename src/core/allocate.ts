import { Dec, ONE, TWELVE, ZERO, sum } from './decimal.js';
import { DataError } from './errors.js';
import { decideCharge } from './charge.js';
import { footLargestRemainder, type FootItem } from './footing.js';
import { roundTo } from './rounding.js';
import { resolveRates, type PhaseRate } from './solve.js';
import { splitAmount } from './split.js';
import { footingMessage } from './messages.js';
import type { Diagnostic, Period, Phase, School, Service } from './types.js';

/** Everything `allocate` needs besides the schools. */
export interface Plan {
  services: readonly Service[];
  /** Period split columns (`--months 5,7`); empty for none. */
  periods: readonly Period[];
}

/** A school's share of one service on one phase part. */
export interface ChargeLine {
  phase: Phase | null;
  field: string;
  units: Dec;
  rate: Dec;
  exact: Dec;
  /** The part's share of the school's rounded amount. */
  amount: Dec;
}

/** One school's charge for one service. */
export interface ServiceCharge {
  exact: Dec;
  amount: Dec;
  /** The amount the row would have had if rounded on its own. */
  rounded: Dec;
  /** Footing moved the row away from its own rounding. */
  adjusted: boolean;
  /** Footing gave the row one of the missing units. */
  received: boolean;
  lines: ChargeLine[];
  /** Parts per period, adding up to `amount`; empty without periods. */
  periods: Dec[];
}

export interface AllocationRow {
  school: School;
  /** One per service, null where that service does not charge the school. */
  charges: (ServiceCharge | null)[];
  total: Dec;
  exact: Dec;
  /** Exact amount ÷ NOR to 2 dp half-up; null without NOR. */
  perPupil: Dec | null;
}

export interface ServiceResult {
  service: Service;
  rates: PhaseRate[];
  exactTotal: Dec;
  /** Sum of the rounded rows: what the table prints. */
  total: Dec;
  /** The rounded exact total (or the target) the column should come to. */
  expected: Dec;
  /** Sums of each period column. */
  periodTotals: Dec[];
}

export interface Allocation {
  services: ServiceResult[];
  periods: readonly Period[];
  rows: AllocationRow[];
  uncharged: { school: School; reason: string }[];
  total: { perService: Dec[]; total: Dec; exact: Dec; nor: Dec | null; perPupil: Dec | null };
  diagnostics: Diagnostic[];
}

interface Part {
  row: number;
  phase: Phase | null;
  field: string;
  units: Dec;
}

/** Units of a part: the basis (or 1 for a per-school charge) pro-rata by months charged. */
function unitsOf(school: School, field: string): Dec {
  // A whole year (the usual case) multiplies by exactly 1: skip the division per row.
  const wholeYear = school.months === TWELVE || school.months.equals(TWELVE);
  const months = wholeYear ? ONE : school.months.div(TWELVE);
  if (field === 'school' || field.startsWith('school_')) return months;
  const value = school.bases[field];
  if (value === undefined) {
    throw new DataError(`school "${school.name}" has no value for ${field}`, { line: school.line });
  }
  return wholeYear ? value : value.times(months);
}

/** Exact sum of a row's parts: most rows have one. */
function exactOf(lines: readonly { exact: Dec }[]): Dec {
  return lines.length === 1 ? lines[0]!.exact : sum(lines.map((l) => l.exact));
}

/** Rounds a column on its own, or foots it by largest remainder to its expected total. */
function roundColumn(items: FootItem[], service: Service, expected: Dec): { amount: Dec; received: boolean }[] {
  const { unit, mode, foot } = service.rounding;
  if (foot === 'none') return items.map((item) => ({ amount: roundTo(item.exact, unit, mode), received: false }));
  return footLargestRemainder(items, unit, expected);
}

/**
 * Allocates every service over the schools: exact amount = basis × rate(phase) × months / 12,
 * rounded per the service's rule, footed when asked. Pure: no I/O.
 */
export function allocate(schools: readonly School[], plan: Plan): Allocation {
  const diagnostics: Diagnostic[] = [];
  const chargedBy = schools.map(() => new Array<boolean>(plan.services.length).fill(false));
  const reasons = schools.map(() => [] as string[]);
  const charges: (ServiceCharge | null)[][] = schools.map(() => new Array(plan.services.length).fill(null));
  const results: ServiceResult[] = [];

  plan.services.forEach((service, s) => {
    const parts: Part[] = [];
    schools.forEach((school, row) => {
      const decision = decideCharge(service.charge, school, service.basis);
      if (!decision.charged) {
        reasons[row]?.push(decision.reason);
        return;
      }
      chargedBy[row]![s] = true;
      for (const p of decision.parts) parts.push({ row, phase: p.phase, field: p.field, units: unitsOf(school, p.field) });
    });

    const { rates, rateOf, footTargets } = resolveRates(service, parts);
    const lines = parts.map((part) => {
      const rate = rateOf(part.phase);
      return { ...part, rate, exact: part.units.times(rate), amount: ZERO };
    });
    const byRow = new Map<number, typeof lines>();
    for (const line of lines) {
      const list = byRow.get(line.row) ?? [];
      list.push(line);
      byRow.set(line.row, list);
    }
    const exactTotal = sum(lines.map((l) => l.exact));
    const { unit, mode } = service.rounding;

    const amounts = new Map<number, { amount: Dec; received: boolean }>();
    let expected: Dec;
    if (footTargets && service.rounding.foot !== 'none') {
      // Per-phase targets: each phase is footed to its own target, part by part.
      expected = ZERO;
      for (const [phase, target] of footTargets) {
        const inPhase = lines.filter((l) => l.phase === phase);
        const total = roundTo(target, unit, mode);
        expected = expected.plus(total);
        const footed = footLargestRemainder(
          inPhase.map((l) => ({ exact: l.exact, id: schools[l.row]!.id, name: schools[l.row]!.name })),
          unit,
          total,
        );
        inPhase.forEach((l, k) => {
          l.amount = footed[k]!.amount;
          const prev = amounts.get(l.row);
          amounts.set(l.row, {
            amount: (prev?.amount ?? ZERO).plus(l.amount),
            received: (prev?.received ?? false) || footed[k]!.received,
          });
        });
      }
    } else {
      const rowsCharged = [...byRow.keys()];
      const items = rowsCharged.map((row) => ({
        exact: exactOf(byRow.get(row)!),
        id: schools[row]!.id,
        name: schools[row]!.name,
      }));
      const target = footTargets && footTargets.size === 1 && footTargets.has(null) ? footTargets.get(null) : undefined;
      expected = roundTo(target ?? exactTotal, unit, mode);
      const rounded = roundColumn(items, service, expected);
      rowsCharged.forEach((row, k) => {
        amounts.set(row, rounded[k]!);
        const rowLines = byRow.get(row)!;
        // Share the school's amount between its phase parts (all-through schools).
        if (rowLines.length === 1) rowLines[0]!.amount = rounded[k]!.amount;
        else {
          const shares = footLargestRemainder(
            rowLines.map((l, i) => ({ exact: l.exact, id: String(i), name: '' })),
            unit,
            rounded[k]!.amount,
          );
          rowLines.forEach((l, i) => (l.amount = shares[i]!.amount));
        }
      });
    }

    for (const [row, { amount, received }] of amounts) {
      const rowLines = byRow.get(row)!;
      const exact = exactOf(rowLines);
      const alone = roundTo(exact, unit, mode);
      charges[row]![s] = {
        exact,
        amount,
        rounded: alone,
        adjusted: !alone.equals(amount),
        received,
        lines: rowLines.map(({ phase, field, units, rate, exact: e, amount: a }) => ({ phase, field, units, rate, exact: e, amount: a })),
        periods: plan.periods.length ? splitAmount(amount, plan.periods, unit) : [],
      };
    }

    const total = sum([...amounts.values()].map((a) => a.amount));
    for (const r of rates) {
      r.amount = r.phase === 'all' ? total : sum(lines.filter((l) => l.phase === r.phase).map((l) => l.amount));
      if (r.target !== undefined) r.difference = r.amount.minus(r.target);
    }
    const periodTotals = plan.periods.map((_, k) => sum([...amounts.keys()].map((row) => charges[row]![s]!.periods[k] ?? ZERO)));
    results.push({ service, rates, exactTotal, total, expected, periodTotals });
    if (service.rounding.foot === 'none' && !total.equals(expected)) {
      diagnostics.push({ level: 'warning', code: 'footing', message: footingMessage(service.name, total, exactTotal, expected, unit) });
    }
  });

  const rows: AllocationRow[] = [];
  const uncharged: Allocation['uncharged'] = [];
  schools.forEach((school, row) => {
    const rowCharges = charges[row]!;
    if (!chargedBy[row]!.some(Boolean)) {
      uncharged.push({ school, reason: [...new Set(reasons[row])].join('; ') });
      return;
    }
    const total = sum(rowCharges.map((c) => c?.amount ?? ZERO));
    const exact = sum(rowCharges.map((c) => c?.exact ?? ZERO));
    const nor = school.bases.nor;
    rows.push({ school, charges: rowCharges, total, exact, perPupil: perPupil(exact, nor) });
  });

  const perService = results.map((r) => r.total);
  const grand = sum(perService);
  const norValues = rows.map((r) => r.school.bases.nor);
  const nor = norValues.every((n) => n !== undefined) ? sum(norValues as Dec[]) : null;
  return {
    services: results,
    periods: plan.periods,
    rows,
    uncharged,
    total: { perService, total: grand, exact: sum(results.map((r) => r.exactTotal)), nor, perPupil: perPupil(grand, nor ?? undefined) },
    diagnostics,
  };
}

/** Amount ÷ NOR to 2 dp, half-up; null where there is no NOR or it is 0. */
export function perPupil(amount: Dec, nor: Dec | null | undefined): Dec | null {
  if (!nor || nor.isZero()) return null;
  return amount.div(nor).toDecimalPlaces(2, Dec.ROUND_HALF_UP);
}

export { ONE };
