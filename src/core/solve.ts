import { Dec, ONE, ZERO } from './decimal.js';
import { DataError } from './errors.js';
import { add, decOf, div, mul, ratioOf, type Ratio } from './exact.js';
import { roundRatio } from './rounding.js';
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
  /** On the `all` row of one target spread across phases: Σ weight × units, what the target is divided by (weights 1 without weights). */
  weightedUnits?: Dec;
}

/** Exact rational form of a rate: a part's exact amount is its basis × months × `factor`. */
export interface ResolvedRates {
  rates: PhaseRate[];
  /** The rate a phase is charged at, as printed (given, or solved and published). */
  rateOf: (phase: Phase | null) => Dec;
  /** Pounds per unit of basis × months: rate ÷ 12, or a target's own fraction (w × T ÷ Σ w × basis × months). */
  factorOf: (phase: Phase | null) => Ratio;
  /**
   * What the rows are footed to when a target was solved without `rateUnit`: one target
   * for the whole column, or one per phase. null otherwise (footing then goes to the
   * rounded exact total).
   */
  footTo: { kind: 'total'; target: Dec } | { kind: 'phases'; targets: Map<Phase, Dec> } | null;
}

const TWELFTH: Ratio = { num: 1n, den: 12n };

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
  if (found === undefined && service.buyBackRate === 'de-delegation') {
    // A buy-back priced at the maintained schools' rates, where no maintained school of the phase
    // was charged, so no rate was given or solved for it: --phases and per-phase flags cannot help
    // (the hint below pointed there); the schedule's own rate can.
    throw new DataError(
      `the buy-back schedule: service "${service.name}" has no de-delegation rate for phase ${phase} (no maintained ${phase} school is charged, so none was given or solved) to price its ${phase} schools at; give the schedule a rate of its own: "buyBack": { "rates": { "${service.name}": … } } (one rate, or one per phase)`,
    );
  }
  if (found === undefined) {
    // A service charged in some phases only (primary schools alone buy into it) is common: say how.
    const given = PHASES.filter((p) => value[p] !== undefined);
    // An all-through school charged as one (per school) takes the all-through entry whatever the
    // phases charged: --phases cannot leave it out, --all-through can (README "Choices").
    const only =
      phase === 'all-through'
        ? ` (--${what} all-through=…, or "all-through" in the service's ${what === 'weight' ? 'weights' : what} in a config), or decide its all-through schools with --all-through primary, secondary or none ("charge": { "allThrough": … } in a config)`
        : given.length === 0
          ? ''
          : `, or charge only ${given.join(' and ')} (--phases ${given.join(',')}, or "charge": { "phases": [${given.map((p) => `"${p}"`).join(', ')}] } on the service in a config)`;
    const at = service.configAt?.[what === 'weight' ? 'weights' : (what as 'rate' | 'target')];
    const where = at === undefined ? undefined : { ...(service.configAt?.file !== undefined ? { file: service.configAt.file } : {}), path: at };
    throw new DataError(`service "${service.name}": no ${what} for phase ${phase}, which it charges; give one for ${phase}${only}`, where);
  }
  return found;
}

/** Phases present, in the fixed order (null first). */
function phasesOf(byPhase: ReadonlyMap<Phase | null, Ratio>): (Phase | null)[] {
  return [...(byPhase.has(null) ? [null] : []), ...PHASES.filter((p) => byPhase.has(p))];
}

/**
 * Resolves a service's rate per phase from the sums of basis × months of the schools it
 * charges, per phase: given, or solved from a target. With one target and weights w,
 * rate(p) = 12 × w(p) × T / Σ w(phase) × basis × months; with a target per phase,
 * rate(p) = 12 × T(p) / basis × months(p). `rateUnit` rounds a solved rate half-up.
 */
export function resolveRates(service: Service, byPhase: ReadonlyMap<Phase | null, Ratio>): ResolvedRates {
  const phases = phasesOf(byPhase);
  const zero: Ratio = { num: 0n, den: 1n };
  const unitMonthsIn = (phase: Phase | null): Ratio => byPhase.get(phase) ?? zero;
  const unitsIn = (phase: Phase | null): Dec => decOf(mul(unitMonthsIn(phase), TWELFTH));
  const allUnitMonths = phases.reduce((a, p) => add(a, unitMonthsIn(p)), zero);
  const rows = (rateFor: (p: Phase | null) => Dec, source: RateSource): PhaseRate[] =>
    phases.map((phase) => ({ phase, units: unitsIn(phase), rate: rateFor(phase), source, amount: ZERO }));
  const given = (rateOf: (phase: Phase | null) => Dec) => (phase: Phase | null) => mul(ratioOf(rateOf(phase)), TWELFTH);

  if (service.target === undefined) {
    if (service.rate === undefined) throw new DataError(`service "${service.name}" has neither a rate nor a target`);
    const rate = service.rate;
    const rateOf = (phase: Phase | null) => lookup(service, 'rate', rate, phase);
    const exact = service.exactRates;
    const factorOf = exact ? (phase: Phase | null) => exact.get(phase) ?? given(rateOf)(phase) : given(rateOf);
    return { rates: rows(rateOf, service.source), rateOf, factorOf, footTo: null };
  }
  if (service.rate !== undefined) throw new DataError(`service "${service.name}" has both a rate and a target; give one`);

  const target = service.target;
  const publish = (exact: Ratio) => (service.rateUnit ? roundRatio(exact, service.rateUnit, 'half-up') : decOf(exact));
  const solved = new Map<Phase | null, { rate: Dec; exact: Ratio; factor: Ratio }>();
  const targets = new Map<Phase, Dec>();
  // One target across phases: Σ weight × basis × months, what it is divided by.
  let spread: Ratio = zero;

  if (isPerPhase(target)) {
    if (service.weights) {
      throw new DataError(`service "${service.name}" has a target per phase and weights; weights spread one target across phases, so give one or the other`);
    }
    for (const phase of PHASES) {
      const t = target[phase];
      if (t === undefined) continue;
      const unitMonths = unitMonthsIn(phase);
      if (unitMonths.num === 0n) {
        throw new DataError(
          `service "${service.name}": phase ${phase} has a target of ${t.toFixed()} but the ${service.basis} total of the schools it charges in that phase is 0`,
        );
      }
      const factor = div(ratioOf(t), unitMonths);
      const exact = mul(factor, { num: 12n, den: 1n });
      solved.set(phase, { rate: publish(exact), exact, factor });
      targets.set(phase, t);
    }
    for (const phase of phases) {
      if (!solved.has(phase)) lookup(service, 'target', target, phase);
    }
  } else {
    const weights = service.weights;
    const weightOf = (phase: Phase | null): Dec => (weights ? lookup(service, 'weight', weights, phase) : ONE);
    const denominator = phases.reduce((a, phase) => add(a, mul(ratioOf(weightOf(phase)), unitMonthsIn(phase))), zero);
    if (denominator.num === 0n && allUnitMonths.num !== 0n) {
      throw new DataError(`service "${service.name}": the weights of the phases it charges are all 0, so no rate recovers the target of ${target.toFixed()}`);
    }
    if (denominator.num === 0n) {
      throw new DataError(
        `service "${service.name}": the ${service.basis} total of the schools it charges is 0, so no rate recovers the target of ${target.toFixed()}`,
      );
    }
    spread = denominator;
    for (const phase of phases) {
      const factor = div(mul(ratioOf(weightOf(phase)), ratioOf(target)), denominator);
      const exact = mul(factor, { num: 12n, den: 1n });
      solved.set(phase, { rate: publish(exact), exact, factor });
    }
  }

  const rateOf = (phase: Phase | null): Dec => {
    const found = solved.get(phase);
    if (!found) throw new DataError(`service "${service.name}": no target for phase ${phaseLabel(phase)}, which it charges`);
    return found.rate;
  };
  const rates: PhaseRate[] = phases.map((phase) => {
    const s = solved.get(phase)!;
    const row: PhaseRate = { phase, units: unitsIn(phase), rate: s.rate, source: 'solved', amount: ZERO, exactRate: decOf(s.exact) };
    if (isPerPhase(target) && phase !== null) row.target = targets.get(phase);
    return row;
  });
  if (!isPerPhase(target)) {
    rates.push({ phase: 'all', units: decOf(mul(allUnitMonths, TWELFTH)), rate: null, source: 'solved', amount: ZERO, target, weightedUnits: decOf(mul(spread, TWELFTH)) });
  }
  if (service.rateUnit) return { rates, rateOf, factorOf: given(rateOf), footTo: null };
  const factorOf = (phase: Phase | null): Ratio => {
    rateOf(phase); // the same error for a phase with no target
    return solved.get(phase)!.factor;
  };
  return { rates, rateOf, factorOf, footTo: isPerPhase(target) ? { kind: 'phases', targets } : { kind: 'total', target } };
}
