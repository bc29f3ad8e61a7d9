import { PHASES, type Diagnostic, type Phase, type Service } from './types.js';
import { isPerPhase } from './solve.js';

/** What the Schools Forum decided for one service and phase. */
export const DECISIONS = ['de-delegate', 'do not de-delegate', 'pending'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Maintained members' vote on one service and phase: 6–1–0 is for 6, against 1, abstain 0. */
export interface Vote {
  for: number;
  against: number;
  abstain: number;
}

/** One cell of the decision grid. */
export interface PhaseDecision {
  phase: Phase;
  decision: Decision;
  vote?: Vote;
  /** Years the decision commits to ("subject to a 2 year commitment"). */
  years?: number;
  /** Why, in the paper's words ("no secondary member attended"). */
  note?: string;
}

/** One row of the decision grid, as `dedel decisions` prints it. */
export interface DecisionRow extends PhaseDecision {
  service: string;
  /** false where the config records no decision and the service's charge rules stand for it. */
  recorded: boolean;
}

/**
 * The phases a service charges once the forum's decisions are known: only those decided
 * `de-delegate`. Phases the charge rules name with no decision are pending. A service with
 * no decisions recorded keeps the phases of its charge rules.
 */
export function decidedPhases(decisions: readonly PhaseDecision[] | undefined, chargePhases: readonly Phase[]): readonly Phase[] {
  if (decisions === undefined) return chargePhases;
  return PHASES.filter((phase) => decisions.some((d) => d.phase === phase && d.decision === 'de-delegate'));
}

/**
 * Every decision of a service in phase order, with a pending cell for each phase its charge
 * rules name but the forum has not decided.
 */
export function serviceDecisions(decisions: readonly PhaseDecision[], chargePhases: readonly Phase[]): PhaseDecision[] {
  const byPhase = new Map(decisions.map((d) => [d.phase, d]));
  return PHASES.filter((p) => byPhase.has(p) || chargePhases.includes(p)).map((phase) => byPhase.get(phase) ?? { phase, decision: 'pending' });
}

/**
 * The decision grid: one row per service and phase, services in config order, phases in
 * their fixed order. A service's `decisions` already hold its pending phases (`serviceDecisions`).
 */
export function decisionGrid(services: readonly Service[]): DecisionRow[] {
  // A service made of parts, or compared in options, is decided once: its parts share its decisions.
  const seen = new Set<string>();
  return services.flatMap((service): DecisionRow[] => {
    const name = service.partOf?.service ?? service.optionOf?.service ?? service.name;
    if (seen.has(name)) return [];
    seen.add(name);
    return service.decisions === undefined
      ? service.charge.phases.map((phase) => ({ service: name, phase, decision: 'de-delegate' as const, recorded: false }))
      : service.decisions.map((d) => ({ ...d, service: name, recorded: true }));
  });
}

/**
 * A warning for each pending phase (its schools are not charged until the forum decides), and
 * where a service's one target across phases is solved without a phase the forum has not
 * de-delegated: the phases charged recover all of it (primary paid a £20,000 target weighted
 * 2 : 3 with secondary, pending, at 3.6 times its rate, with nothing said of it).
 */
export function pendingWarnings(services: readonly Service[]): Diagnostic[] {
  const pending = decisionGrid(services)
    .filter((row) => row.decision === 'pending')
    .map((row) => ({
      level: 'warning' as const,
      code: 'decision-pending',
      message: `service "${row.service}": the decision for ${row.phase} is pending${row.note ? ` (${row.note})` : ''}; its ${row.phase} schools are not charged until the forum decides`,
    }));
  const shifted = services.flatMap((service) => {
    if (service.target === undefined || isPerPhase(service.target) || service.decisions === undefined) return [];
    const out = service.decisions.filter((d) => d.decision !== 'de-delegate').map((d) => d.phase);
    const charged = service.decisions.filter((d) => d.decision === 'de-delegate').map((d) => d.phase);
    if (out.length === 0 || charged.length === 0) return [];
    return [
      {
        level: 'warning' as const,
        code: 'decision-target',
        message: `service "${service.name}": its one target is recovered from the ${charged.join(' and ')} schools alone, as ${out.join(' and ')} ${out.length === 1 ? 'is' : 'are'} not de-delegated (${service.decisions.filter((d) => d.decision !== 'de-delegate').map((d) => `${d.phase}: ${d.decision}`).join('; ')}): their rate is higher than were every phase charged; if the target is for every phase, give each phase its share as a per-phase target`,
      },
    ];
  });
  return [...pending, ...shifted];
}

/** Why a phase is not charged, in the forum's terms, or null when no decision explains it. */
export function decisionReason(decisions: readonly PhaseDecision[] | undefined, phase: Phase): string | null {
  if (decisions === undefined) return null;
  // A service's decisions hold every phase its charge rules name (those undecided as pending):
  // a phase not among them was never put to the forum for it (a special school, where the service
  // charges primary and secondary), so no decision explains it.
  const found = decisions.find((d) => d.phase === phase);
  if (found === undefined || found.decision === 'de-delegate') return null;
  if (found.decision === 'do not de-delegate') return `phase ${phase}: the forum decided not to de-delegate`;
  return `phase ${phase}: the forum's decision is pending`;
}
