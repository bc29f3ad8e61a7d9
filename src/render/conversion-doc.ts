import type { Dec } from '../core/decimal.js';
import { MONTH_NAMES, type ConversionReport, type NeededRate } from '../core/convert.js';
import { basisLabel, isPerSchool } from '../core/charge.js';
import { pencePlaces, pounds } from './format.js';
import { messageText } from './message.js';
import type { Cell, Column, DocDiagnostics, TableDoc } from './model.js';
import { forWorkbook } from './formulas.js';

export interface ConversionDocOptions extends DocDiagnostics {
  title?: string;
  places: number;
  /** What the months after a conversion become: 'lost', or 'bought back' where academies buy the service back. */
  after?: 'lost' | 'bought back';
}

/**
 * The converting schools: per school and service, the month it converts, its charge as planned,
 * the months it is charged and its charge for them, the months after and what is lost (planned −
 * charged, so each row and the Total row reconcile), and, where academies buy the service back,
 * what the months after bring under the buy-back schedule. A Total row last.
 */
export function conversionDoc(report: ConversionReport, options: ConversionDocOptions): TableDoc {
  const { places } = options;
  const after = options.after ?? 'lost';
  const bought = after === 'bought back';
  const columns: Column[] = [
    { key: 'urn', label: 'URN', kind: 'text' },
    { key: 'school', label: 'School', kind: 'text' },
    { key: 'service', label: 'Service', kind: 'text' },
    { key: 'converts', label: 'Converts', kind: 'text' },
    { key: 'planned', label: 'Planned £', kind: 'money', places },
    { key: 'months_charged', label: 'Months charged', kind: 'count' },
    { key: 'charged', label: 'Charged £', kind: 'money', places },
    { key: 'months_after', label: 'Months after', kind: 'count' },
    { key: 'lost', label: 'Lost £', kind: 'money', places },
    ...(bought ? [{ key: 'bought_back', label: 'Bought back £', kind: 'money', places } satisfies Column] : []),
  ];
  const rows: Cell[][] = report.charges.map((c) => [
    c.urn,
    c.school,
    c.service,
    MONTH_NAMES[c.month - 1]!,
    c.planned,
    c.monthsCharged,
    c.charged,
    c.monthsLost,
    c.lost,
    ...(bought ? [c.boughtBack] : []),
  ]);
  return forWorkbook({
    title: options.title,
    columns,
    rows,
    total: ['', 'Total', null, null, report.planned, null, report.charged, null, report.lost, ...(bought ? [report.boughtBack] : [])],
    notes: [
      'The financial year runs from April: a school converting on 1 January is charged for April to December, 9 months.',
      'Planned: the charge as planned, with no school converting. Charged: the charge for the months before the conversion, as Appendix B charges it. Lost = planned − charged, so charged + lost = planned on each row and on the Total.',
      ...(report.rates.length > 0
        ? ['Where a rate is solved from a target, it is solved again over the schools as they are charged, so a converting school pays the new rate for its months: what is lost is the months after at the planned rate less what its months before now pay above it.']
        : []),
      bought
        ? "Bought back: the months after the conversion (no more than the buy-back schedule's months, the last of the year) at the buy-back schedule's rate (its own where it sets one, else the rate the maintained schools pay), charged to the academy in the buy-back schedule, which lists it for those months, apart from the de-delegated total."
        : 'An academy pays nothing unless it buys the service back.',
      ...neededNotes(report),
      ...fullYearNote(report, false),
    ],
    diagnostics: [...(options.diagnostics ?? [])],
  }, 'Conversions');
}

const phaseText = (phase: string | null) => (phase === null ? '' : ` (${phase})`);

/** What a rate is per, in a forum member's words: per pupil, per FSM pupil, per place, per school; `per unit` where phases differ. */
function perText(basis: string | null): string {
  const words: Record<string, string> = { nor: 'per pupil', fsm: 'per FSM pupil', sen: 'per SEN pupil', eal: 'per EAL pupil', places: 'per place', place: 'per place', school: 'per school' };
  if (basis === null) return 'per unit';
  if (isPerSchool(basis)) return 'per school';
  return words[basis] ?? `per unit of ${basisLabel(basis)}`;
}

/**
 * One sentence per solved service and phase: the rate the schools left need, this year and a
 * full year after. A service with one target across its phases has one sentence, naming the
 * target once (each phase's rate in it where they differ), so that no reader adds the target up
 * once per phase, as the `all` row of `--by rate` states it once.
 */
export function neededNotes(report: ConversionReport): string[] {
  const done = new Set<string>();
  return report.rates.flatMap((r) => {
    if (r.phase === 'all' || !r.thisYear.rate || !r.planned.rate) return [];
    // A full year after that cannot be solved: this year's rate, and the reason under the table.
    if (!r.fullYear?.rate) {
      const recover = r.target ? pounds(r.target) : 'the same target';
      return [`${r.service}${phaseText(r.phase)}: to recover ${recover} the maintained schools left need £${rateText(r.thisYear.rate)} ${perText(r.basis)} this year (planned £${rateText(r.planned.rate)}); a full year after cannot be worked.`];
    }
    const whole = report.rates.find((x) => x.service === r.service && x.phase === 'all')?.target;
    if (!r.target && whole) {
      if (done.has(r.service)) return [];
      done.add(r.service);
      const phases = report.rates.filter((x) => x.service === r.service && x.phase !== 'all' && x.thisYear.rate && x.fullYear?.rate && x.planned.rate);
      const rates = (pick: (x: NeededRate) => Dec) => {
        const first = pick(phases[0]!);
        if (phases.every((x) => pick(x).equals(first))) return `£${rateText(first)}`;
        return phases.map((x) => `${x.phase ?? ''} £${rateText(pick(x))}`).join(', ');
      };
      return [
        `${r.service}: to recover ${pounds(whole)} the maintained schools left need ${rates((x) => x.thisYear.rate!)} ${perText(phases.every((x) => x.basis === phases[0]!.basis) ? phases[0]!.basis : null)} this year and ${rates((x) => x.fullYear!.rate!)} for a full year after (planned ${rates((x) => x.planned.rate!)}).`,
      ];
    }
    const recover = r.target ? pounds(r.target) : 'the same target';
    return [
      `${r.service}${phaseText(r.phase)}: to recover ${recover} the maintained schools left need £${rateText(r.thisYear.rate)} ${perText(r.basis)} this year and £${rateText(r.fullYear.rate)} for a full year after (planned £${rateText(r.planned.rate)}).`,
    ];
  });
}

const rateText = (rate: Dec): string => rate.toFixed(Math.max(2, Math.min(4, rate.decimalPlaces())));

const units = (d: Dec): Dec => (d.decimalPlaces() > 4 ? d.toDecimalPlaces(4) : d);

/**
 * The rates the schools left would need, per solved service and phase: as planned, this year
 * with the conversions, and a full year after without the converting schools; each with its
 * units and what the rows recover at that rate.
 */
export function neededRateDoc(report: ConversionReport, options: ConversionDocOptions): TableDoc {
  const { places } = options;
  // A target is printed as it was given: one in pence keeps its pence (£1,000.50 printed as 1,001).
  const targetPlaces = Math.max(places, ...report.rates.flatMap((r) => (r.target ? [pencePlaces(r.target)] : [])));
  const columns: Column[] = [
    { key: 'service', label: 'Service', kind: 'text' },
    { key: 'phase', label: 'Phase', kind: 'phase', optional: true },
    { key: 'target', label: 'Target £', kind: 'money', places: targetPlaces },
    { key: 'rate_planned', label: 'Rate planned £', kind: 'rate' },
    { key: 'units_planned', label: 'Units planned', kind: 'count' },
    { key: 'rate_this_year', label: 'Rate this year £', kind: 'rate' },
    { key: 'units_this_year', label: 'Units this year', kind: 'count' },
    { key: 'recovered_this_year', label: 'Recovered this year £', kind: 'money', places },
    { key: 'rate_full_year', label: 'Rate full year after £', kind: 'rate' },
    { key: 'units_full_year', label: 'Units full year after', kind: 'count' },
    { key: 'recovered_full_year', label: 'Recovered full year after £', kind: 'money', places },
  ];
  const rows: Cell[][] = report.rates.map((r) => [
    r.service,
    r.phase,
    r.target,
    r.planned.rate,
    units(r.planned.units),
    r.thisYear.rate,
    units(r.thisYear.units),
    r.thisYear.amount,
    r.fullYear?.rate ?? null,
    r.fullYear ? units(r.fullYear.units) : null,
    r.fullYear?.amount ?? null,
  ]);
  return forWorkbook({
    title: options.title,
    columns,
    rows,
    notes: [
      'Rates solved from each target as the service solves it: this year the converting schools pay for their months before converting; a full year after they pay nothing. Recovered = the rows at that rate, rounded as printed.',
      ...fullYearNote(report, true),
    ],
    diagnostics: [...(options.diagnostics ?? [])],
  }, 'Rates needed');
}

/** Why the full year after is not given (`columns`: and its columns are empty), where the plan cannot be solved without the converting schools. */
function fullYearNote(report: ConversionReport, columns: boolean): string[] {
  return report.fullYearProblem === null ? [] : [`A full year after, without the converting schools, cannot be worked${columns ? ', and its columns are empty' : ''}: ${messageText(report.fullYearProblem)}.`];
}
