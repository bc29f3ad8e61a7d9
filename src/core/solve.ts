import { Dec, ONE, TWELVE, ZERO, sum } from './decimal.js';
import { DataError } from './errors.js';
import { roundTo } from './rounding.js';
import { PHASES, type Phase, type PerPhase, type RateSource, type Service } from './types.js';

/** A row of the per-phase rate table; phase `all` carries a single target spread across phases. */
export interface PhaseRate {
  phase: Phase | null | 'all';
  units: Dec;
  /** null on the `all` row. */
  rate: Dec | null;
  source: RateSource;
  /** Sum of the rounded charges on this phase (filled in by `allocate`). */
  amount: Dec;
  target?: Dec;
  difference?: Dec;
  /** The solved rate before `rateUnit` rounded it. */
  exactRate?: Dec;
}

interface UnitsPart {
  phase: Phase | null;
  /** Basis × months charged: exact. Units are this ÷ 12, divided last so that no digit is lost early. */
  unitMonths: Dec;
}

/**
 * A part's exact amount is unitMonths × factor ÷ denominator. Given (or published) rates:
 * factor = rate, denominator = 12. Solved without `rateUnit`: the target's own fraction
 * (w × T ÷ Σ w × unitMonths, or T(p) ÷ unitMonths(p)), so £1,003 over two schools of 150 is
 * exactly £501.50 each, not a 50-digit rate times 150.
 */
export interface RateFraction {
  factor: Dec;
  denominator: Dec;
}

export interface ResolvedRates {
  rates: PhaseRate[];
  rateOf: (phase: Phase | null) => Dec;
  fractionOf: (phase: Phase | null) => RateFraction;
  /**
   * What the rows are footed to when a target was solved without `rateUnit`: one target
   * for the whole column, or one per phase. null otherwise (footing then goes to the
   * rounded exact total).
   */
  footTo: { kind: 'total'; target: Dec } | { kind: 'phases'; targets: Map<Phase, Dec> } | null;
}

/** True when a per-phase value was given as a map rather than one value for all phases. */
export function isPerPhase<T>(value: PerPhase<T>): value is Partial<Record<Phase, T>> {
  return typeof value === 'object' && value !== null && !(value instanceof Dec) && !Dec.isDecimal(value);
}

function phaseLabel(phase: Phase | null): string {
  return phase ?? 'all phases';
}

function lookup(service: Service, what: string, value: PerPhase<Dec>, phase: Phase | null): Dec {
  if (!isPerPhase(value)) return value;
  if (phase === null) {
    throw new DataError(`service "${service.name}": the census has no phase column, so a per-phase ${what} cannot be applied`);
  }
  const found = value[phase];
  if (found === undefined) {
    throw new DataError(`service "${service.name}": no ${what} for phase ${phase}, which it charges`);
  }
  return found;
}

/** Phases present among the parts, in the fixed order (null first). */
function phasesOf(parts: readonly UnitsPart[]): (Phase | null)[] {
  const present = new Set(parts.map((p) => p.phase));
  return [...(present.has(null) ? [null] : []), ...PHASES.filter((p) => present.has(p))];
}

function unitMonthsIn(parts: readonly UnitsPart[], phase: Phase | null): Dec {
  return sum(parts.filter((p) => p.phase === phase).map((p) => p.unitMonths));
}

/** Units of the basis a phase is charged on (pupils × months / 12). */
function unitsIn(parts: readonly UnitsPart[], phase: Phase | null): Dec {
  return unitMonthsIn(parts, phase).div(TWELVE);
}

/**
 * Resolves a service's rate per phase: given, or solved from a target. With one target
 * and weights w, rate(p) = w(p) × T / Σ w(phase) × units; with a target per phase,
 * rate(p) = T(p) / units(p). `rateUnit` rounds a solved rate half-up.
 */
export function resolveRates(service: Service, parts: readonly UnitsPart[]): ResolvedRates {
  const phases = phasesOf(parts);
  const rows = (rateFor: (p: Phase | null) => Dec, source: RateSource): PhaseRate[] =>
    phases.map((phase) => ({ phase, units: unitsIn(parts, phase), rate: rateFor(phase), source, amount: ZERO }));

  if (service.target === undefined) {
    if (service.rate === undefined) throw new DataError(`service "${service.name}" has neither a rate nor a target`);
    const rate = service.rate;
    const rateOf = (phase: Phase | null) => lookup(service, 'rate', rate, phase);
    return { rates: rows(rateOf, service.source), rateOf, fractionOf: (phase) => ({ factor: rateOf(phase), denominator: TWELVE }), footTo: null };
  }
  if (service.rate !== undefined) throw new DataError(`service "${service.name}" has both a rate and a target; give one`);

  const target = service.target;
  const publish = (exact: Dec) => (service.rateUnit ? roundTo(exact, service.rateUnit, 'half-up') : exact);
  const solved = new Map<Phase | null, { rate: Dec; exact: Dec; fraction: RateFraction }>();
  const targets = new Map<Phase, Dec>();

  if (isPerPhase(target)) {
    if (service.weights) {
      throw new DataError(`service "${service.name}" has a target per phase and weights; weights spread one target across phases, so give one or the other`);
    }
    for (const phase of PHASES) {
      const t = target[phase];
      if (t === undefined) continue;
      const unitMonths = unitMonthsIn(parts, phase);
      if (unitMonths.isZero()) {
        throw new DataError(
          `service "${service.name}": phase ${phase} has a target of ${t.toFixed()} but the ${service.basis} total of the schools it charges in that phase is 0`,
        );
      }
      const exact = t.times(TWELVE).div(unitMonths);
      solved.set(phase, { rate: publish(exact), exact, fraction: { factor: t, denominator: unitMonths } });
      targets.set(phase, t);
    }
    for (const phase of phases) {
      if (!solved.has(phase)) lookup(service, 'target', target, phase);
    }
  } else {
    const weights = service.weights;
    const weightOf = (phase: Phase | null): Dec => (weights ? lookup(service, 'weight', weights, phase) : ONE);
    const denominator = sum(phases.map((phase) => weightOf(phase).times(unitMonthsIn(parts, phase))));
    if (denominator.isZero() && !sum(parts.map((p) => p.unitMonths)).isZero()) {
      throw new DataError(`service "${service.name}": the weights of the phases it charges are all 0, so no rate recovers the target of ${target.toFixed()}`);
    }
    if (denominator.isZero()) {
      throw new DataError(
        `service "${service.name}": the ${service.basis} total of the schools it charges is 0, so no rate recovers the target of ${target.toFixed()}`,
      );
    }
    for (const phase of phases) {
      const factor = weightOf(phase).times(target);
      const exact = factor.times(TWELVE).div(denominator);
      solved.set(phase, { rate: publish(exact), exact, fraction: { factor, denominator } });
    }
  }

  const rateOf = (phase: Phase | null): Dec => {
    const found = solved.get(phase);
    if (!found) throw new DataError(`service "${service.name}": no target for phase ${phaseLabel(phase)}, which it charges`);
    return found.rate;
  };
  const rates: PhaseRate[] = phases.map((phase) => {
    const s = solved.get(phase)!;
    const row: PhaseRate = { phase, units: unitsIn(parts, phase), rate: s.rate, source: 'solved', amount: ZERO, exactRate: s.exact };
    if (isPerPhase(target) && phase !== null) row.target = targets.get(phase);
    return row;
  });
  if (!isPerPhase(target)) {
    rates.push({ phase: 'all', units: sum(parts.map((p) => p.unitMonths)).div(TWELVE), rate: null, source: 'solved', amount: ZERO, target });
  }
  if (service.rateUnit) return { rates, rateOf, fractionOf: (phase) => ({ factor: rateOf(phase), denominator: TWELVE }), footTo: null };
  const fractionOf = (phase: Phase | null): RateFraction => {
    rateOf(phase); // the same error for a phase with no target
    return solved.get(phase)!.fraction;
  };
  return { rates, rateOf, fractionOf, footTo: isPerPhase(target) ? { kind: 'phases', targets } : { kind: 'total', target } };
}
