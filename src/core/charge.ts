import type { ChargeRule, Phase, School, Status } from './types.js';
import { MAINTAINED } from './types.js';
import { decisionReason } from './decisions.js';
import { fromScaled, intAt, toScaled } from './exact.js';
import type { Dec } from './decimal.js';

/** One phase share of a school's basis: an all-through school split by phase has two. */
export interface ChargePart {
  /** null when the census has no phase column. */
  phase: Phase | null;
  /** The census field the units come from (`nor`, `nor_primary` …), or `school`. */
  field: string;
}

/** A per-school charge (one unit per school), as opposed to a charge on a census field such as `school_meals`. */
export function isPerSchool(field: string): boolean {
  return field === 'school';
}

/**
 * A basis as officers write it, the one label for it in tables, notes and messages: `school` is
 * Per school; short census fields are capitals (`nor` → NOR, `sen` → SEN, `fsm6` → FSM6,
 * `idaci` → IDACI) but words are not (`places` → Places, `pupil_premium` → Pupil premium); an
 * all-through part follows (`nor_primary` → NOR primary).
 */
export function basisLabel(basis: string): string {
  if (isPerSchool(basis)) return 'Per school';
  const [, field = basis, part] = /^(.*?)(?:_(primary|secondary))?$/.exec(basis) ?? [];
  const words = field.replace(/_/g, ' ');
  const name = field.length <= 5 && !/^(place|pupil)/.test(field) ? words.toUpperCase() : words.charAt(0).toUpperCase() + words.slice(1);
  return part ? `${name} ${part}` : name;
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
    if (rule.allThrough === 'none') return false;
    if (rule.allThrough === 'split' || rule.allThrough === 'auto') return rule.phases.includes('primary') || rule.phases.includes('secondary');
    return rule.phases.includes(rule.allThrough);
  }
  return rule.phases.includes(phase);
}

/** Reasons for not charging, in an officer's words (shown by `--all`, `check` and `explain`). */
export const REASONS = {
  academy: 'academy',
  notMaintained: 'not maintained',
  nonMaintainedSpecial: 'not maintained (non-maintained special school)',
  closed: 'closed',
  notYetOpen: 'not yet open',
  monthsZero: 'months 0',
  convertsApril: 'converts 1 April (months 0)',
  allThroughNone: 'all-through: not charged (--all-through none)',
  allThroughUndecided: 'all-through: no primary and secondary figures to split by (choose --all-through)',
} as const;

const NOT_MAINSTREAM_WORDS: Partial<Record<Phase, string>> = { special: 'special school', pru: 'PRU', nursery: 'nursery school' };

/** Why a status is not charged: an academy, a school not maintained, or a status left out of the rule's list. */
export function statusReason(status: Status | null): string {
  if (status === 'academy') return REASONS.academy;
  if (status === 'non-maintained-special') return REASONS.nonMaintainedSpecial;
  if (status === 'other') return REASONS.notMaintained;
  return `status ${status} not charged`;
}

/**
 * Why a phase is not charged: all-through schools left out by `--all-through none`; the
 * forum's decision where one explains it; special schools, PRUs and nursery schools are not
 * mainstream; otherwise the phase is not one the service charges.
 */
export function phaseReason(rule: ChargeRule, phase: Phase | null): string {
  if (phase === 'all-through' && rule.allThrough === 'none') return REASONS.allThroughNone;
  const decided = phase === null ? null : decisionReason(rule.decisions, phase === 'all-through' ? (rule.allThrough === 'primary' || rule.allThrough === 'secondary' ? rule.allThrough : 'primary') : phase);
  if (decided) return decided;
  const kind = phase === null ? undefined : NOT_MAINSTREAM_WORDS[phase];
  if (kind) return `not mainstream (${kind})`;
  return `phase ${phase} not charged`;
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
 * unless the rule deems them one phase or leaves them out (`auto` splits: a school whose
 * census has no parts for the basis, `unsplit`, is left out, and the census reader says so).
 */
export function decideCharge(rule: ChargeRule, school: School, serviceBasis: string): ChargeDecision {
  const basis = basisFor(rule, school, serviceBasis);
  if (school.exclude) return { charged: false, reason: school.exclude };
  if (!chargesStatus(rule, school.status)) return { charged: false, reason: statusReason(school.status) };
  if (!chargesPhase(rule, school.phase)) return { charged: false, reason: phaseReason(rule, school.phase) };
  if (school.phase !== 'all-through') return { charged: true, parts: [{ phase: school.phase, field: basis }] };
  if (rule.allThrough === 'primary' || rule.allThrough === 'secondary') return { charged: true, parts: [{ phase: rule.allThrough, field: basis }] };
  if (basis === 'school') return { charged: true, parts: [{ phase: 'all-through', field: basis }] };
  // No parts to split by, and no phase it is deemed: left out by this rule (the reader says so).
  if (rule.allThrough === 'auto' && school.unsplit?.includes(basis)) return { charged: false, reason: REASONS.allThroughUndecided };
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
    // An all-through school's unsplit bases are the census's, the same for each such school.
    const key = school.unsplit === undefined ? (school.exclude ?? '') : `${school.exclude ?? ''}\u0000${school.unsplit.join('\u0000')}`;
    let decision = byExclude.get(key);
    if (decision === undefined) byExclude.set(key, (decision = decideCharge(rule, school, basis)));
    return decision;
  };
}

/** A school's basis; for an all-through school charged by phase, its primary and secondary parts added. */
export function basisOf(school: School, basis: string): Dec | null {
  const whole = school.bases[basis];
  if (whole !== undefined) return whole;
  const parts = [school.bases[`${basis}_primary`], school.bases[`${basis}_secondary`]].filter((v): v is Dec => v !== undefined);
  if (!parts.length) return null;
  const places = Math.max(...parts.map((p) => toScaled(p).places));
  return fromScaled(parts.reduce((a, p) => a + intAt(p, places), 0n), places);
}
