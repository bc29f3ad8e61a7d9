import type { Allocation, ServiceResult } from '../core/allocate.js';
import { placesOf, type Dec } from '../core/decimal.js';
import { COUNT_PLACES, countShown, describeRounding, grouped, pencePlaces, pounds } from './format.js';
import { isPerPhase } from '../core/solve.js';
import { forWorkbook, rowRest } from './formulas.js';
import type { Cell, Column, DocDiagnostics, TableDoc } from './model.js';
import { roundingJson } from './allocation-doc.js';
import { basisFor } from '../core/charge.js';
import { targetLinesJson, targetWorking } from './working.js';

export interface RatesDocOptions extends DocDiagnostics {
  title?: string;
}

/** How a service's rates were reached, for the footnote of human formats. */
function solvingNote(result: ServiceResult): string | null {
  const { service } = result;
  if (service.target === undefined) return null;
  const how = isPerPhase(service.target)
    ? 'rates solved from a target per phase'
    : `rates solved from a target of ${pounds(service.target)}${
        service.weights
          ? ` weighted ${Object.entries(service.weights)
              .map(([phase, w]) => `${phase} ${w.toFixed()}`)
              .join(' : ')}`
          : ''
      }`;
  const rounded = service.rateUnit
    ? `, then rounded half-up to £${grouped(service.rateUnit, service.rateUnit.decimalPlaces())}; the amount is what that rate recovers and difference = amount − target`
    : '; the rates are not rounded (shown to at most 4 dp)';
  const working = service.targetLines ? ` Net target: ${targetWorking(service.targetLines, service.target)}.` : '';
  return `${service.name}: ${how}${rounded}.${working}`;
}

/** How the amounts were reached: the rounding `allocate` applies, and the exact total. */
function amountNote(result: ServiceResult): string {
  const { service, exactTotal, expected } = result;
  const { unit, mode, foot } = service.rounding;
  const dp = placesOf(unit);
  const rule =
    foot === 'none'
      ? `each school's charge rounded ${describeRounding(unit, mode)} on its own`
      : `each school's charge rounded to £${grouped(unit, dp)} by largest remainder so they add up to ${pounds(expected, dp)}`;
  const differs = !exactTotal.equals(expected) ? ` (${pounds(expected, dp)} rounded)` : '';
  return `${service.name}: amount = the sum of ${rule}. Exact total ${pounds(exactTotal)}${differs}.`;
}

/**
 * The per-phase rate table (Lancashire style): one row per service and phase with the units
 * of the basis, the rate, the amount the rounded rows come to, and, when solving, the target
 * and the difference. A service solved from one target across phases adds an `all` row that
 * carries the target and difference; its phase rows leave them empty.
 */
export function ratesDoc(result: Allocation, options: RatesDocOptions = {}): TableDoc {
  const services = result.services;
  // Amounts are sums of rounded charges: they print to the rounding unit's places, as allocate
  // prints them. A target given in pence (and so its difference) needs its own places.
  const places = Math.max(0, ...services.map((r) => placesOf(r.service.rounding.unit)));
  const targetPlaces = Math.max(
    places,
    ...services.flatMap((r) => r.rates.flatMap((rate) => [rate.target, rate.difference]).filter((d): d is Dec => d !== undefined).map(pencePlaces)),
  );
  const columns: Column[] = [
    { key: 'service', label: 'Service', kind: 'text' },
    { key: 'phase', label: 'Phase', kind: 'phase' },
    { key: 'basis', label: 'Basis', kind: 'basis' },
    { key: 'units', label: 'Units', kind: 'count' },
    { key: 'rate', label: 'Rate £', kind: 'rate' },
    { key: 'amount', label: 'Amount £', kind: 'money', places },
    { key: 'target', label: 'Target £', kind: 'money', places: targetPlaces },
    { key: 'difference', label: 'Difference £', kind: 'money', places: targetPlaces },
  ];
  const rows: Cell[][] = [];
  const rowExtras: Record<string, unknown>[] = [];
  for (const r of services) {
    const basisOf = (phase: (typeof r.rates)[number]['phase']) => (phase === null || phase === 'all' ? r.service.basis : basisFor(r.service.charge, { status: null, phase }, r.service.basis));
    // The `all` row adds up its phases' units: a basis only where they share one (not pupils and places).
    const bases = new Set(r.rates.filter((rate) => rate.phase !== 'all').map((rate) => basisOf(rate.phase)));
    for (const rate of r.rates) {
      const basis = rate.phase !== 'all' ? basisOf(rate.phase) : bases.size <= 1 ? r.service.basis : null;
      rows.push([r.service.name, rate.phase, basis, countShown(rate.units), rate.rate, rate.amount, rate.target ?? null, rate.difference ?? null]);
      // On every row, so a script reads one key whatever the rate came from: the rate solved before
      // --rate-unit rounds it, a rate given as it was given, null on an `all` row (no rate of its own).
      const exact = rate.exactRate ?? rate.rate;
      rowExtras.push({ exact_rate: exact === null || exact === undefined ? null : exact.toFixed() });
    }
  }
  const notes = services.flatMap((r) => [solvingNote(r), amountNote(r)].filter((n): n is string => n !== null));
  if (services.some((r) => r.rates.some((rate) => rate.units.decimalPlaces() > COUNT_PLACES))) {
    notes.push('Units are pro-rata by the months each school is charged (basis × months / 12), shown to 4 dp.');
  }
  const doc: TableDoc = {
    title: options.title,
    columns,
    rows,
    notes,
    diagnostics: [...(options.diagnostics ?? result.diagnostics)],
    meta: {
      rounding: roundingJson(services[0]?.service.rounding),
      ...(services.some((r) => r.service.targetLines)
        ? {
            targets: services
              .filter((r) => r.service.targetLines)
              .map((r) => ({ service: r.service.name, lines: targetLinesJson(r.service.targetLines!) })),
          }
        : {}),
    },
    rowExtras,
  };
  return forWorkbook(doc, 'Rates', (cells) => ({ difference: rowRest(doc, cells, 'difference', 'amount', ['target']) }));
}
