import type { ChargeRule, Phase, School } from './types.js';
import { MAINTAINED } from './types.js';
import { decisionReason } from './decisions.js';

/** One phase share of a school's basis: an all-through school split by phase has two. */
export interface ChargePart {
  /** null when the census has no phase column. */
  phase: Phase | null;
  /** The census field the units come from (`nor`, `nor_primary` …), or `school`. */
  field: string;
}

export type ChargeDecision = { charged: true; parts: ChargePart[] } | { charged: false; reason: string };

/** Does this rule charge the given status? A census without statuses counts as maintained. */
export function chargesStatus(rule: ChargeRule, status: School['status']): boolean {
  if (rule.statuses === 'all') return true;
  if (status === null) return true;
  const list = rule.statuses === 'maintained' ? MAINTAINED : rule.statuses;
  return list.includes(status);
}

/** Does this rule charge the given phase? All-through schools are charged through their phase parts. */
export function chargesPhase(rule: ChargeRule, phase: School['phase']): boolean {
  if (phase === null) return true;
  if (phase === 'all-through') {
    if (rule.allThrough === 'split') return rule.phases.includes('primary') || rule.phases.includes('secondary');
    return rule.phases.includes(rule.allThrough);
  }
  return rule.phases.includes(phase);
}

function statusReason(rule: ChargeRule, school: School): string {
  if (rule.statuses === 'maintained') return `${school.status}: not a maintained school`;
  return `status ${school.status} is not charged`;
}

/** Why a phase is not charged: the forum's decision where one explains it. */
function phaseReason(rule: ChargeRule, phase: School['phase']): string {
  const decided = phase === null ? null : decisionReason(rule.decisions, phase === 'all-through' ? (rule.allThrough === 'split' ? 'primary' : rule.allThrough) : phase);
  return decided ?? `phase ${phase} is not charged`;
}

/** The census field a school is charged on: its status's basis, else its phase's, else the service's own. */
export function basisFor(rule: ChargeRule, school: Pick<School, 'status' | 'phase'>, basis: string): string {
  const by = rule.basisBy;
  if (!by) return basis;
  return (school.status !== null ? by.statuses?.[school.status] : undefined) ?? (school.phase !== null ? by.phases?.[school.phase] : undefined) ?? basis;
}

/** Every census field a service may charge on: its own basis and those per status or phase, in that order. */
export function basesOf(service: { basis: string; charge: ChargeRule }): string[] {
  const by = service.charge.basisBy;
  return [...new Set([service.basis, ...Object.values(by?.statuses ?? {}), ...Object.values(by?.phases ?? {})])];
}

/**
 * Decides whether a rule charges a school and on which phase parts. All-through schools
 * are split into primary and secondary parts (`<basis>_primary`, `<basis>_secondary`)
 * unless the rule deems them one phase.
 */
export function decideCharge(rule: ChargeRule, school: School, serviceBasis: string): ChargeDecision {
  const basis = basisFor(rule, school, serviceBasis);
  if (school.exclude) return { charged: false, reason: school.exclude };
  if (!chargesStatus(rule, school.status)) return { charged: false, reason: statusReason(rule, school) };
  if (!chargesPhase(rule, school.phase)) return { charged: false, reason: phaseReason(rule, school.phase) };
  if (school.phase !== 'all-through') return { charged: true, parts: [{ phase: school.phase, field: basis }] };
  if (rule.allThrough !== 'split') return { charged: true, parts: [{ phase: rule.allThrough, field: basis }] };
  if (basis === 'school') return { charged: true, parts: [{ phase: 'all-through', field: basis }] };
  const parts: ChargePart[] = [];
  for (const phase of ['primary', 'secondary'] as const) {
    if (rule.phases.includes(phase)) parts.push({ phase, field: `${basis}_${phase}` });
  }
  return { charged: true, parts };
}

/**
 * `decideCharge` for one rule and basis, made once per status, phase and exclusion (all a
 * decision depends on): a census of thousands of rows has a few dozen. Decisions are read,
 * never changed.
 */
export function chargeDecider(rule: ChargeRule, basis: string): (school: School) => ChargeDecision {
  const decisions = new Map<string | null, Map<string | null, Map<string, ChargeDecision>>>();
  return (school) => {
    let byPhase = decisions.get(school.status);
    if (!byPhase) decisions.set(school.status, (byPhase = new Map()));
    let byExclude = byPhase.get(school.phase);
    if (!byExclude) byPhase.set(school.phase, (byExclude = new Map()));
    let decision = byExclude.get(school.exclude ?? '');
    if (decision === undefined) byExclude.set(school.exclude ?? '', (decision = decideCharge(rule, school, basis)));
    return decision;
  };
}
