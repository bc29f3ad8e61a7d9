import { idKey } from './names.js';
import { Dec, ZERO, sum } from './decimal.js';
import { DataError } from './errors.js';
import type { Message } from './messages.js';
import type { Allocation, Plan } from './allocate.js';
import { REASONS, basisFor, decideCharge } from './charge.js';
import type { Diagnostic, Phase, School, Service } from './types.js';

/** A school that becomes an academy during the financial year (April to March). */
export interface Conversion {
  urn: string;
  /** Calendar month of the conversion, 1 (January) to 12: the school is charged for the months before it. */
  month: number;
  /** Where it was given, for messages (`--convert`, `convert[1]`). */
  source?: string;
  /**
   * A date of 1 April with its year and no proposal year to hold it to: the financial year it
   * begins (`2026/27`), said in a warning, since the school is then charged no months.
   */
  startsYear?: string;
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

/**
 * Months of the financial year before a conversion on the first of `month`: the year starts in
 * April, so a school converting on 1 January is charged April to December, 9 months; one
 * converting in April is charged nothing.
 */
export function monthsBefore(month: number): number {
  return (month + 8) % 12;
}

/** A converting school as the plan charges it. */
export interface Converting {
  conversion: Conversion;
  school: School;
  /** Months it was charged before (the census's months, 12 by default). */
  monthsPlanned: Dec;
  /** Months charged now: before the conversion, never more than planned. */
  monthsCharged: Dec;
  /** The rest: neither charged nor recovered from the school as a maintained school. */
  monthsLost: Dec;
}

/**
 * The schools with each converting school's months cut to those before its conversion: the
 * engine charges a school basis × rate × months / 12, so this is the whole change to the plan.
 * A URN that is not in the census, or given twice, is an error.
 */
export function applyConversions(schools: readonly School[], conversions: readonly Conversion[]): { schools: School[]; converting: Converting[] } {
  const byUrn = new Map<string, Conversion>();
  for (const c of conversions) {
    if (byUrn.has(c.urn)) throw new DataError(`URN ${c.urn} is given two conversion months; give one`, c.source ? { path: c.source } : undefined);
    byUrn.set(c.urn, c);
  }
  const found = new Set<string>();
  const converting: Converting[] = [];
  const out = schools.map((school) => {
    const c = school.id !== '' ? byUrn.get(school.id) : undefined;
    if (!c) return school;
    found.add(c.urn);
    const cut = new Dec(monthsBefore(c.month));
    const monthsCharged = Dec.min(cut, school.months);
    // A school converting on 1 April is an academy all year: not charged at all, as a months cell of 0 is, rather than
    // listed at £0 with its pupils in the Total's NOR (README "Reasons for not charging").
    const changed: School = { ...school, months: monthsCharged, ...(monthsCharged.isZero() && school.exclude === undefined ? { exclude: REASONS.convertsApril } : {}) };
    converting.push({ conversion: c, school: changed, monthsPlanned: school.months, monthsCharged, monthsLost: school.months.minus(monthsCharged) });
    return changed;
  });
  const missing = conversions.filter((c) => !found.has(c.urn));
  if (missing.length) {
    // The same LAESTAB written the other way (`8732001` given, `873/2001` in the census): said, not taken, as the id is given to charge by.
    const written = missing.flatMap((c) => schools.filter((s) => s.id !== '' && idKey(s.id) === idKey(c.urn)).map((s) => `"${s.id}"`));
    const hint = written.length ? `; the census writes it ${written.join(', ')}: give the id as the census has it` : '';
    throw new DataError(`no school with URN ${missing.map((c) => c.urn).join(', ')} in the census, to convert${hint}`, missing[0]!.source ? { path: missing[0]!.source } : undefined);
  }
  return { schools: out, converting };
}

/** A converting school as the census has it: its months as planned, and not left out for converting on 1 April. */
export function asPlanned(c: Converting): School {
  const { exclude, ...rest } = c.school;
  return { ...rest, months: c.monthsPlanned, ...(exclude !== undefined && exclude !== REASONS.convertsApril ? { exclude } : {}) };
}

/**
 * A warning for each converting school no service charges as planned (already an academy, a
 * phase not charged, a mistyped URN): converting it changes nothing. Every command that takes
 * `--convert` says so, once (README "convert").
 */
export function convertingUncharged(services: readonly Service[], converting: readonly Converting[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const c of converting) {
    // `2026-04-01` for a run of 2025/26 reads as April: no months charged, with nothing said.
    if (c.conversion.startsYear !== undefined) {
      out.push({
        level: 'warning',
        code: 'convert-april',
        message: `${c.school.name} (${c.school.id}) converts on 1 April, the first day of ${c.conversion.startsYear}, so it is charged no months of that year; if this run is for the year before, it is maintained all of it: leave it out of the conversions`,
      });
    }
    const planned: School = asPlanned(c);
    const decisions = services.map((service) => decideCharge(service.charge, planned, service.basis));
    const first = decisions[0];
    if (first === undefined || decisions.some((d) => d.charged)) continue;
    const reason = first.charged ? 'not charged' : first.reason;
    out.push({
      level: 'warning',
      code: 'convert-uncharged',
      message: `${c.school.name} (${c.school.id}) is not charged as planned (${reason}), so converting it changes nothing; check the URN given`,
    });
  }
  return out;
}

/** One converting school's charge for one service, and what its conversion takes away. */
export interface ConversionCharge {
  urn: string;
  school: string;
  month: number;
  service: string;
  monthsCharged: Dec;
  monthsLost: Dec;
  /** Its charge as planned: the plan run without conversions, at the plan's rate (the rate before a target is solved again). */
  planned: Dec;
  /** What it is charged, for the months before it converts: its row in the plan run with the conversions (Appendix B's figure). */
  charged: Dec;
  /** What the plan charged it that it is no longer charged: planned − charged, so the row reconciles (README, "convert"). */
  lost: Dec;
  /** Where academies buy the service back: the months after as the buy-back schedule prices them; null otherwise. */
  boughtBack: Dec | null;
}

/** A solved service's rate on one phase: as planned, this year with the conversions, and a full year without the converting schools. */
export interface NeededRate {
  service: string;
  /** `all`: the service's total, where one target is solved across its phases. */
  phase: Phase | null | 'all';
  /**
   * The target the row recovers: a phase's own, or on the `all` row the service's one target
   * (its phase rows then have none, so that no reader adds one target up once per phase).
   */
  target: Dec | null;
  /** What the rate is per (`nor`, `fsm`, `school` …): the phase's basis; on the `all` row, its phases' where they share one, else null. */
  basis: string | null;
  planned: RateFigures;
  thisYear: RateFigures;
  /** null where the plan cannot be solved a full year after (`ConversionReport.fullYearProblem`). */
  fullYear: RateFigures | null;
}

export interface RateFigures {
  /** null on an `all` row: each phase has its own rate. */
  rate: Dec | null;
  units: Dec;
  /** What the rows recover at that rate, rounded as printed. */
  amount: Dec;
}

export interface ConversionReport {
  charges: ConversionCharge[];
  /** Services solved from a target only. */
  rates: NeededRate[];
  /** Totals of `charges`: planned = charged + lost, as on each row. */
  planned: Dec;
  charged: Dec;
  lost: Dec;
  /** null where the months after are not bought back. */
  boughtBack: Dec | null;
  /**
   * Why the plan cannot be solved a full year after the conversions (no school left to recover
   * a phase's target, its only schools converting); null where it can.
   */
  fullYearProblem: Message | null;
}

/**
 * What converting schools do to a plan: each converting school's charge as planned, its charge
 * for its months, and what is lost (the difference, so charged + lost = planned on every row and
 * on the Total), with what the months after bring where academies buy the service back;
 * and, for each service solved from a target, the rate the schools left would need to
 * recover the same target this year (the converting schools paying for their months) and in
 * a full year after (without them). The three allocations are the engine's own runs of the
 * plan: as planned, with the conversions, and with the converting schools gone.
 */
export function conversionReport(
  plan: Plan,
  converting: readonly Converting[],
  /** `fullYear`: the plan's run without the converting schools, or why it cannot be solved. */
  runs: { planned: Allocation; thisYear: Allocation; fullYear: Allocation | { problem: Message } },
  /**
   * Where academies buy the services back: the buy-back schedule priced with the converting
   * schools as academies for their months after (`buyBackSchools`), whose rows are what those
   * months bring, so the two tables give one figure.
   */
  schedule?: Allocation,
): ConversionReport {
  const charges: ConversionCharge[] = [];
  for (const c of converting) {
    const now = runs.thisYear.rows.find((r) => r.school.id === c.school.id);
    const before = runs.planned.rows.find((r) => r.school.id === c.school.id);
    plan.services.forEach((service, i) => {
      const planned = before?.charges[i];
      if (!planned) return;
      const charged = now?.charges[i]?.amount ?? ZERO;
      // Bought back, the months after are the school's row in the buy-back schedule (none: not bought back).
      const boughtBack = schedule === undefined ? null : (schedule.rows.find((r) => r.school.id === c.school.id)?.charges[i]?.amount ?? ZERO);
      charges.push({
        urn: c.school.id,
        school: c.school.name,
        month: c.conversion.month,
        service: service.name,
        monthsCharged: c.monthsCharged,
        monthsLost: c.monthsLost,
        planned: planned.amount,
        charged,
        // Both figures are the engine's, as each run prints them: what was planned less what is
        // charged now. Where a target is solved again, the months charged pay the new rate, so this
        // is the months after at the plan's rate less what the months before now pay above it;
        // at a rate given, the months after at that rate (as the column foots).
        lost: planned.amount.minus(charged),
        boughtBack,
      });
    });
  }
  const rates: NeededRate[] = [];
  plan.services.forEach((service, i) => {
    if (service.target === undefined) return;
    const figures = (run: Allocation | { problem: Message }, phase: Phase | null | 'all'): RateFigures | null => {
      if (!('services' in run)) return null;
      const r = run.services[i]?.rates.find((x) => x.phase === phase);
      return r && (r.rate !== null || phase === 'all') ? { rate: r.rate, units: r.units, amount: r.amount } : null;
    };
    let phases = 0;
    const bases = new Set<string>();
    for (const p of runs.planned.services[i]!.rates) {
      if (p.phase === 'all') continue;
      const planned = figures(runs.planned, p.phase);
      const thisYear = figures(runs.thisYear, p.phase);
      const fullYear = figures(runs.fullYear, p.phase);
      if (!planned || !thisYear) continue;
      const basis = p.phase === null ? service.basis : basisFor(service.charge, { status: null, phase: p.phase }, service.basis);
      bases.add(basis);
      rates.push({ service: service.name, phase: p.phase, target: p.target ?? null, basis, planned, thisYear, fullYear });
      phases++;
    }
    // One target across the phases: stated once, on a row of the service's totals.
    const whole = runs.planned.services[i]!.rates.find((x) => x.phase === 'all')?.target ?? null;
    const planned = figures(runs.planned, 'all');
    const thisYear = figures(runs.thisYear, 'all');
    const fullYear = figures(runs.fullYear, 'all');
    if (whole !== null && phases > 0 && planned && thisYear) rates.push({ service: service.name, phase: 'all', target: whole, basis: bases.size === 1 ? [...bases][0]! : null, planned, thisYear, fullYear });
  });
  return {
    charges,
    rates,
    planned: sum(charges.map((c) => c.planned)),
    charged: sum(charges.map((c) => c.charged)),
    lost: sum(charges.map((c) => c.lost)),
    boughtBack: schedule === undefined ? null : sum(charges.map((c) => c.boughtBack ?? ZERO)),
    fullYearProblem: 'problem' in runs.fullYear ? runs.fullYear.problem : null,
  };
}

/** The schools as they will be a full year after: the converting ones no longer charged at all. */
export function withoutConverting(schools: readonly School[], converting: readonly Converting[]): School[] {
  const gone = new Set(converting.map((c) => c.school.id));
  return schools.filter((s) => !gone.has(s.id));
}
