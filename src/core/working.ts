import { adjustmentOf, periodMonthsOf, type Allocation, type AllocationRow, type ServiceCharge, type ServiceResult } from './allocate.js';
import { decideCharge } from './charge.js';
import type { Dec } from './decimal.js';
import type { Period, School } from './types.js';

/**
 * One service's part in a school's working: its charge and what footing did to it
 * (`adjustmentOf`), or, where it leaves the school out, why (the forum's decision for its
 * phase, or a phase or status it does not charge; null where it says no reason).
 */
export type ServiceWorking =
  | { result: ServiceResult; charge: ServiceCharge; adjustment: Dec; reason: null }
  | { result: ServiceResult; charge: null; adjustment: null; reason: string | null };

/** What `explain` shows of one school, worked out here and only printed by render/explain-doc.ts. */
export interface SchoolWorking {
  school: School;
  /** The school's row of the allocation; null where it is not charged. */
  row: AllocationRow | null;
  /** Why the school is not charged (where it has no row). */
  reason: string | null;
  /** Per service, in the allocation's order (empty where the school has no row). */
  services: ServiceWorking[];
  periods: readonly Period[];
  /** The months of each period the school is charged in (`periodMonthsOf`): its own where it is charged part of the year. */
  periodMonths: Dec[];
}

/** The same school: its id, name and line (two schools may share a name, or lack an id). */
const same = (a: School, b: School) => a.id === b.id && a.name === b.name && a.line === b.line;

/** One school's working in an allocation: its row and each service's charge, or why it is left out. */
export function schoolWorking(allocation: Allocation, school: School): SchoolWorking {
  const row = allocation.rows.find((r) => same(r.school, school)) ?? null;
  const base = { school, periods: allocation.periods, periodMonths: periodMonthsOf(allocation.periods, school.months) };
  if (!row) return { ...base, row: null, reason: allocation.uncharged.find((u) => same(u.school, school))?.reason ?? 'not charged', services: [] };
  const services = allocation.services.map((result, s): ServiceWorking => {
    const charge = row.charges[s] ?? null;
    if (charge) return { result, charge, adjustment: adjustmentOf(charge), reason: null };
    const decided = decideCharge(result.service.charge, school, result.service.basis);
    return { result, charge: null, adjustment: null, reason: decided.charged ? null : decided.reason };
  });
  return { ...base, row, reason: null, services };
}
