import { Dec, ONE } from '../core/decimal.js';
import { DataError, UsageError, quote } from '../core/errors.js';
import { counted, ordinal } from '../core/messages.js';
import type { Plan } from '../core/allocate.js';
import { checkPeriods } from '../core/split.js';
import {
  ALL_THROUGH,
  PHASES,
  ROUNDING_MODES,
  STATUSES,
  type ChargeRule,
  type AllThrough,
  type FootMode,
  type Period,
  type PerPhase,
  type Phase,
  type Rounding,
  type RoundingMode,
  type Service,
  type Status,
} from '../core/types.js';
import type { ConfigInput, DecimalInput, DecisionInput, ServiceInput } from './config-schema.js';
import { decidedPhases, serviceDecisions, type PhaseDecision } from '../core/decisions.js';
import { netOf } from '../core/costs.js';
import { chargesStatus } from '../core/charge.js';
import { isPerPhase } from '../core/solve.js';
import type { BuyBack } from '../core/buy-back.js';
import type { BasisBy, TargetLine } from '../core/types.js';
import type { CensusOptions } from './census.js';
import type { Encoding } from './decode.js';
import { MAX_DIGITS, digitsOf, pointGrouped, amountHint, pointGroupedMoney, readDecimal, twelfthsOf } from './numbers.js';
import { snake } from '../core/names.js';
import { wordsFrom } from './vocabulary.js';
import { fieldKey } from './headers.js';
import { MONTH_NAMES, type Conversion } from '../core/convert.js';

/** Flags shared by `allocate`, `rates` and `explain`, as commander gives them. */
export interface PlanFlags {
  /** A workbook census's sheet. */
  sheet?: string;
  rate?: string[];
  target?: string[];
  weight?: string[];
  rateUnit?: string;
  basis?: string;
  service?: string;
  round?: string;
  rounding?: string;
  foot?: boolean;
  phases?: string;
  statuses?: string;
  months?: string;
  labels?: string;
  title?: string;
  column?: string[];
  encoding?: string;
  /** In a census of several local authorities, the ones to read (comma-separated names or codes). */
  la?: string;
  allThrough?: string;
  phaseWord?: string[];
  statusWord?: string[];
  convert?: string[];
}

export interface Settings {
  title: string | undefined;
  plan: Plan;
  census: CensusOptions;
  /** The buy-back schedule, where the config asks for one. */
  buyBack?: BuyBack;
  /** The options after each service's first, priced beside it (the first is the one charged). */
  alternatives?: Service[];
  /** Schools that convert during the year: charged for the months before. */
  conversions: Conversion[];
  /** The config's choice of printed columns, headers and subtotals (`output`). */
  output?: { columns?: string[]; headers?: Record<string, string>; subtotals?: 'phase' };
}

/** A config service after its cost plan was read: the plan's working travels with the target. */
export type ResolvedServiceInput = ServiceInput & { costLines?: readonly TargetLine[] };

export const DEFAULT_SERVICE = 'De-delegation';
const DEFAULT_CHARGE: ChargeRule = { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'auto' };
const DEFAULT_ROUNDING: Rounding = { unit: ONE, mode: 'half-up', foot: 'none' };

function configDecimal(value: DecimalInput, path: string): Dec {
  if (typeof value === 'number') {
    // A JSON number is a binary float by the time it is parsed: past 15 significant digits
    // (or in exponent form) its decimal digits may already be gone.
    const text = String(value);
    if (/e/i.test(text) || text.replace(/^[0.]+|\./g, '').length > 15) {
      throw new DataError(`the number ${text} is too long to read exactly from JSON; write it as a string, such as "${text}"`, { path });
    }
  }
  const d = typeof value === 'number' ? readDecimal(String(value)) : readDecimal(value);
  if (!d) throw new DataError(`expected a decimal, got ${typeof value === 'string' ? quote(value) : JSON.stringify(value)}`, { path });
  // A target or an amount taken off it, written `160.000`: £160,000 in a European region's grouping, or £160.
  if (typeof value === 'string' && /\.target(?:\.[a-z-]+)?$|\.amount$/.test(path) && pointGrouped(value)) throw new DataError(pointGroupedMoney(value), { path, value });
  if (digitsOf(d) > MAX_DIGITS) throw new DataError(tooLong(d), { path, value: String(value) });
  return d;
}

/** Why a decimal with more digits than dedel computes exactly is refused. */
function tooLong(d: Dec): string {
  return `${digitsOf(d)} digits are more than dedel keeps exact (at most ${MAX_DIGITS}, counting integer digits and decimal places); round it to fewer digits`;
}

function configPerPhase(value: DecimalInput | Partial<Record<Phase, DecimalInput>>, path: string): PerPhase<Dec> {
  if (typeof value === 'object') {
    const out: Partial<Record<Phase, Dec>> = {};
    for (const [phase, v] of Object.entries(value) as [Phase, DecimalInput][]) out[phase] = configDecimal(v, `${path}.${phase}`);
    return out;
  }
  return configDecimal(value, path);
}

function flagDecimal(text: string, flag: string): Dec {
  const d = readDecimal(text);
  if (!d) throw new UsageError(`${flag} expects a decimal of 0 or more, such as ${exampleFor(flag)}; got ${quote(text)}${flagHint(text, flag)}`);
  if (flag.startsWith('--target') && pointGrouped(text)) throw new UsageError(`${flag} ${quote(text)}: ${pointGroupedMoney(text)}`);
  if (digitsOf(d) > MAX_DIGITS) throw new UsageError(`${flag} ${quote(text)}: ${tooLong(d)}`);
  return d;
}

/** What a flag's value looks like. */
function exampleFor(flag: string): string {
  if (flag.startsWith('--target')) return '1160000 or £1,160,000';
  if (flag === '--round' || flag === '--rate-unit') return '0.01, 1 or 100 (pounds)';
  return '5.10';
}

/** What a value typed otherwise most likely meant: pence, thousands or millions for pounds, or a phase with a colon. */
function flagHint(text: string, flag: string): string {
  const amount = amountHint(text);
  if (amount) return amount;
  const colon = /^\s*([a-z-]+)\s*:\s*(.+)$/i.exec(text);
  if (colon && (flag === '--rate' || flag === '--target' || flag === '--weight')) return `; a value per phase is written PHASE=VALUE (${flag} ${colon[1]!.toLowerCase()}=${colon[2]!.trim()})`;
  return '';
}

function flagPhase(text: string, flag: string): Phase {
  const p = text.trim().toLowerCase() as Phase;
  if (!PHASES.includes(p)) throw new UsageError(`${flag}: unknown phase "${text}"; expected one of ${PHASES.join(', ')}`);
  return p;
}

/** `--rate 5.10` or repeatable `--rate primary=5.83`. */
export function flagPerPhase(values: readonly string[], flag: string): PerPhase<Dec> {
  const pairs = values.filter((v) => v.includes('='));
  if (pairs.length === 0) {
    if (values.length > 1) throw new UsageError(`${flag} given ${values.length} times; give one value, or one PHASE=VALUE per phase`);
    return flagDecimal(values[0] ?? '', flag);
  }
  if (pairs.length !== values.length) throw new UsageError(`${flag}: give either one value or PHASE=VALUE pairs, not both`);
  const out: Partial<Record<Phase, Dec>> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const phase = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    // `primary=5.83,secondary=7.92` in one flag (read as primary at "5.83,secondary"), or
    // `primary=5=6` (read as primary at 5, the rest dropped): one phase to a flag.
    if (value.includes('=')) {
      throw new UsageError(`${flag} ${quote(pair)}: one PHASE=VALUE to each ${flag}; give it once per phase, such as ${flag} primary=5.83 ${flag} secondary=7.92`);
    }
    const p = flagPhase(phase, flag);
    if (out[p] !== undefined) throw new UsageError(`${flag}: phase ${p} given twice`);
    out[p] = flagDecimal(value, `${flag} ${p}`);
  }
  return out;
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseStatuses(text: string, flag: string): ChargeRule['statuses'] {
  const t = text.trim().toLowerCase();
  if (t === 'maintained' || t === 'all') return t;
  return list(t).map((s) => {
    if (!(STATUSES as readonly string[]).includes(s)) throw new UsageError(`${flag}: unknown status "${s}"; expected maintained, all or a list of ${STATUSES.join(', ')}`);
    return s as Status;
  });
}

function parseAllThrough(text: string): AllThrough {
  const t = text.trim().toLowerCase();
  if (!(ALL_THROUGH as readonly string[]).includes(t)) throw new UsageError(`--all-through expects one of ${ALL_THROUGH.join(', ')}; got "${text}"`);
  return t as AllThrough;
}

function parseRoundingMode(text: string): RoundingMode {
  if (!(ROUNDING_MODES as readonly string[]).includes(text)) throw new UsageError(`--rounding expects one of ${ROUNDING_MODES.join(', ')}; got "${text}"`);
  return text as RoundingMode;
}

function positiveFlag(text: string, flag: string): Dec {
  const d = flagDecimal(text, flag);
  if (d.isZero()) throw new UsageError(`${flag} must be more than 0`);
  return d;
}

function chargeFrom(base: ChargeRule, input: ServiceInput['charge'] | ConfigInput['charge'], flags: PlanFlags): ChargeRule {
  const rule: ChargeRule = {
    phases: input?.phases ?? base.phases,
    statuses: input?.statuses ?? base.statuses,
    allThrough: input?.allThrough ?? base.allThrough,
  };
  if (flags.phases !== undefined) rule.phases = list(flags.phases).map((p) => flagPhase(p, '--phases'));
  if (flags.statuses !== undefined) rule.statuses = parseStatuses(flags.statuses, '--statuses');
  if (flags.allThrough !== undefined) rule.allThrough = parseAllThrough(flags.allThrough);
  return rule;
}

function roundingFrom(base: Rounding, input: ConfigInput['rounding'], flags: PlanFlags, path: string): Rounding {
  const rounding: Rounding = {
    unit: input?.unit !== undefined ? configDecimal(input.unit, `${path}.unit`) : base.unit,
    mode: input?.mode ?? base.mode,
    foot: input?.foot ?? base.foot,
  };
  if (flags.round !== undefined) rounding.unit = positiveFlag(flags.round, '--round');
  if (flags.rounding !== undefined) rounding.mode = parseRoundingMode(flags.rounding);
  if (flags.foot !== undefined) rounding.foot = (flags.foot ? 'largest-remainder' : 'none') satisfies FootMode;
  if (rounding.unit.isZero()) throw new DataError('the rounding unit must be more than 0', { path: `${path}.unit` });
  return rounding;
}

/** The forum's decisions of one service, from the config; all-through schools are decided by their phases. */
function decisionsFrom(input: Partial<Record<Phase, DecisionInput>>, path: string): PhaseDecision[] {
  return (Object.entries(input) as [Phase, DecisionInput][]).map(([phase, given]) => {
    const at = `${path}.${phase}`;
    if (phase === 'all-through') {
      throw new DataError('all-through schools are charged through their primary and secondary parts: record the primary and secondary decisions instead', { path: at });
    }
    const d = typeof given === 'string' ? { decision: given } : given;
    const out: PhaseDecision = { phase, decision: d.decision };
    if (d.vote !== undefined) {
      out.vote = { for: d.vote.for, against: d.vote.against, abstain: d.vote.abstain ?? 0 };
      if (out.vote.for + out.vote.against + out.vote.abstain === 0) throw new DataError('a vote with no members voting; give the for, against and abstain counts, or leave out the vote', { path: `${at}.vote` });
      if (d.decision === 'pending') throw new DataError('a vote on a pending decision; record the decision the vote made ("de-delegate" or "do not de-delegate")', { path: `${at}.vote` });
      // The decision charges the phase (or not): a vote that carried the other way is a slip (for and against swapped, or the wrong decision), not a choice to charge on.
      const { for: yes, against: no } = out.vote;
      if ((d.decision === 'de-delegate' && no > yes) || (d.decision === 'do not de-delegate' && yes > no)) {
        throw new DataError(`the vote ${yes}\u2013${no}\u2013${out.vote.abstain} (for, against, abstain) did not carry "${d.decision}": more members voted ${no > yes ? 'against' : 'for'} de-delegation; check the decision and the counts (for and against swapped?)`, { path: `${at}.vote` });
      }
    }
    if (d.years !== undefined) out.years = d.years;
    if (d.note !== undefined) out.note = d.note;
    return out;
  });
}

/**
 * A net target: the target given (or the cost plan's working), then each `less` line taken
 * off. A net below zero is an error naming the lines.
 */
function netTarget(service: Service, input: ResolvedServiceInput, path: string): void {
  if (service.source !== 'config') return;
  if (input.less === undefined || input.less.length === 0) {
    if (input.costLines) service.targetLines = input.costLines;
    return;
  }
  if (service.target === undefined || isPerPhase(service.target)) {
    throw new DataError(
      `service "${service.name}" takes lines off a target, but has ${service.target === undefined ? 'a rate' : 'a target per phase'}; give one target or a cost plan`,
      { path: `${path}.less` },
    );
  }
  const lines: TargetLine[] = [
    ...(input.costLines ?? [{ item: 'Target', amount: service.target, sign: 1 as const }]),
    ...input.less.map((l, j) => ({ item: l.item, amount: configDecimal(l.amount, `${path}.less[${j}].amount`), sign: -1 as const })),
  ];
  service.target = netOf(lines, { path: `${path}.less` });
  service.targetLines = lines;
}

/** What a service, a part or an option sets: basis, then rate or target. */
type Pricing = Pick<ServiceInput, 'basis' | 'rate' | 'target' | 'weights' | 'rateUnit'>;

/**
 * A basis as dedel keys it: `school`, and NOR and its parts by their own names however the
 * basis is written (`NOR`, `NOR October 22` → `nor`), so the table prints NOR once, not again
 * as a basis column; any other basis as given (`SEN Jan 22` stays the officer's words).
 */
function basisName(text: string): string {
  const basis = text.trim();
  if (basis.toLowerCase() === 'school') return 'school';
  const key = fieldKey(basis);
  return key === 'nor' || key === 'nor_primary' || key === 'nor_secondary' ? key : basis;
}

/** A basis as the config gives it: one field, or one per phase or status (places for special schools). */
function applyBasis(service: Service, basis: Pricing['basis']): void {
  if (basis === undefined) return;
  if (typeof basis === 'string') {
    service.basis = basisName(basis);
    return;
  }
  service.basis = basisName(basis.default ?? 'nor');
  const named = (by: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(by).map(([k, b]) => [k, basisName(b)]));
  const by: BasisBy = {};
  if (basis.phases) by.phases = named(basis.phases);
  if (basis.statuses) by.statuses = named(basis.statuses);
  service.charge = { ...service.charge, basisBy: by };
}

/** The words of a basis, for a part's default name. */
function basisText(basis: Pricing['basis']): string {
  return basis === undefined ? 'nor' : typeof basis === 'string' ? basis.trim() : (basis.default?.trim() ?? 'nor');
}

/** A part's name from its basis, as papers head the columns: lump sum, per pupil, per FSM pupil, per place. */
function partName(basis: string): string {
  const names: Record<string, string> = { school: 'lump sum', nor: 'per pupil', fsm: 'per FSM pupil', places: 'per place', place: 'per place', sen: 'per SEN pupil', eal: 'per EAL pupil' };
  return names[basis.toLowerCase()] ?? `per ${basis}`;
}

/** Sets a service's basis and rate or target from the config, checking that it has one of them. */
function price(service: Service, input: Pricing, path: string, costs = false): void {
  applyBasis(service, input.basis);
  if (input.rate !== undefined) service.rate = configPerPhase(input.rate, `${path}.rate`);
  if (input.target !== undefined) service.target = configPerPhase(input.target, `${path}.target`);
  if (input.weights !== undefined) service.weights = configPerPhase(input.weights, `${path}.weights`) as Partial<Record<Phase, Dec>>;
  if (input.rateUnit !== undefined) service.rateUnit = configDecimal(input.rateUnit, `${path}.rateUnit`);
  const at = { ...(input.rate !== undefined ? { rate: `${path}.rate` } : {}), ...(input.target !== undefined ? { target: `${path}.target` } : {}), ...(input.weights !== undefined ? { weights: `${path}.weights` } : {}) };
  if (Object.keys(at).length > 0) service.configAt = at;
  // A rate rounded to a unit of 0 is a division by zero, as --rate-unit 0 is refused.
  if (service.rateUnit?.isZero()) throw new DataError('the rate unit must be more than 0, such as "0.01"', { path: `${path}.rateUnit` });
  if (!costs) checkPricing(service, path);
}

function checkPricing(service: Service, path: string): void {
  if (service.rate === undefined && service.target === undefined) {
    throw new DataError(`service "${service.name}" needs a rate or a target`, { path });
  }
  if (service.rate !== undefined && service.target !== undefined) {
    throw new DataError(`service "${service.name}" has both a rate and a target; give one`, { path });
  }
  if (service.weights && service.target === undefined) {
    throw new DataError(`service "${service.name}" has weights but no target; weights spread one target across phases`, { path: `${path}.weights` });
  }
  // A rate unit rounds a rate solved from a target; beside a given rate it did nothing, unseen (README "The config file").
  if (service.rateUnit && service.target === undefined) {
    throw new DataError(`service "${service.name}" has a rateUnit but no target; rateUnit rounds a rate solved from a target, and a rate given is charged as it is`, { path: `${path}.rateUnit` });
  }
}

/** Parts (or options) that charge on the same basis would charge a school twice for one thing (or compare nothing). */
function repeatedBasis(inputs: readonly Pricing[], made: readonly Service[], path: string, what: string): void {
  const seen = new Map<string, number>();
  made.forEach((service, j) => {
    const key = JSON.stringify([service.basis, service.charge.basisBy ?? null]);
    const before = seen.get(key);
    if (before !== undefined && (what === 'part' || JSON.stringify([inputs[j]!.rate, inputs[j]!.target]) === JSON.stringify([inputs[before]!.rate, inputs[before]!.target]))) {
      throw new DataError(
        what === 'part'
          ? `the basis ${service.basis} is already charged by ${what} ${before} ("${made[before]!.name}"); give each part its own basis, or one rate per phase`
          : `this option is the same as option ${before} ("${made[before]!.name}"); options must differ in basis or rate`,
        { path: `${path}[${j}]${what === 'part' ? '.basis' : ''}` },
      );
    }
    seen.set(key, j);
  });
}

/** The buy-back schedule's settings; a status both charged and bought back is an error. */
function buyBackFrom(config: ConfigInput | null, services: readonly Service[], flags: Pick<PlanFlags, 'statuses'> = {}): BuyBack | undefined {
  const input = config?.buyBack;
  if (input === undefined) return undefined;
  const statuses = input.statuses ?? ['academy'];
  statuses.forEach((status, j) => {
    const charging = services.find((s) => chargesStatus(s.charge, status));
    // --statuses made the clash: it is the flag's to change (the error named only the config's buyBack, exit 1).
    if (charging && flags.statuses !== undefined) {
      throw new UsageError(`--statuses ${flags.statuses} charges ${status} schools, which the config's buyBack prices instead (buyBack.statuses); give --statuses without ${status}, or take ${status} out of buyBack.statuses`);
    }
    if (charging) {
      throw new DataError(`status ${status} is charged by service "${charging.name}", so it cannot also buy the service back; take it out of one`, {
        path: input.statuses ? `buyBack.statuses[${j}]` : 'buyBack',
      });
    }
  });
  let months: Dec | null = null;
  if (input.months !== undefined) {
    months = configDecimal(input.months, 'buyBack.months');
    if (months.greaterThan(12)) throw new DataError(`${months.toFixed()} months; expected 0 to 12`, { path: 'buyBack.months' });
  }
  const rates = new Map<string, PerPhase<Dec>>();
  for (const [name, rate] of Object.entries(input.rates ?? {})) {
    const service = services.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!service) throw new DataError(`no service named "${name}"; the config has ${services.map((s) => `"${s.name}"`).join(', ')}`, { path: `buyBack.rates.${name}` });
    rates.set(service.name, configPerPhase(rate, `buyBack.rates.${name}`));
  }
  return { ...(input.title !== undefined ? { title: input.title } : {}), statuses, months, rates };
}

/** Period split columns from `--months 5,7 --labels A,B` or the config's `periods`. */
export function periodsFrom(config: ConfigInput | null, flags: Pick<PlanFlags, 'months' | 'labels'>): Period[] {
  let periods: Period[];
  if (flags.months !== undefined) {
    const months = list(flags.months).map((m, i) => {
      const d = readDecimal(m);
      if (d && digitsOf(d) > MAX_DIGITS) throw new UsageError(`--months: period ${i + 1} ${quote(m)}: ${tooLong(d)}`);
      if (!d) {
        // `5/12`, as a paper speaks of 5/12ths of the year: its months.
        const twelfths = twelfthsOf(m);
        const hint = twelfths !== undefined ? `; ${m.trim()} of the year is ${twelfths} months: give --months ${list(flags.months!).map((p) => twelfthsOf(p) ?? p.trim()).join(',')}` : '';
        throw new UsageError(`--months: period ${i + 1} has ${quote(m)} months; expected a number from 0 to 12${hint}`);
      }
      return d;
    });
    if (months.length === 0) throw new UsageError(`--months expects months such as 5,7; got ${quote(flags.months)}`);
    const labels = flags.labels !== undefined ? list(flags.labels) : [];
    if (labels.length && labels.length !== months.length) {
      throw new UsageError(`--labels gives ${counted(labels.length, 'label')} for ${counted(months.length, 'period')}`);
    }
    periods = months.map((m, i) => ({ name: labels[i] ?? `Period ${i + 1}`, months: m }));
    // A bad flag value is bad usage (exit 2), as the README's exit codes say.
    try {
      checkPeriods(periods);
    } catch (error) {
      if (error instanceof DataError) throw new UsageError(`--months${flags.labels !== undefined ? ' and --labels' : ''}: ${error.message}`);
      throw error;
    }
    return periods;
  } else {
    if (flags.labels !== undefined) throw new UsageError('--labels needs --months');
    periods = (config?.periods ?? []).map((p, i) => ({ name: p.name, months: configDecimal(p.months, `periods[${i}].months`) }));
  }
  // From the config: the error names where, as its other errors do (the file is added by the caller).
  try {
    checkPeriods(periods);
  } catch (error) {
    if (error instanceof DataError && !error.where?.path) throw new DataError(error.detail, { ...error.where, path: 'periods' });
    throw error;
  }
  return periods;
}

/**
 * A month as officers write it: `January`, `jan`, `Sept`, or 1–12 (calendar months); or the
 * date a school converts, on the 1st of its month, as a spreadsheet or a letter writes it
 * (`1/1/2025`, `01-01-2025`, `2025-01-01`, `1 January 2025`, `January 2025`, Excel's `Jan-25`).
 * A date on another day is no month (`monthProblem` says which day, for the message).
 */
export function readMonth(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^\d{1,2}$/.test(t)) {
    const n = Number.parseInt(t, 10);
    return n >= 1 && n <= 12 ? n : null;
  }
  const date = dateParts(t);
  if (date) return date.day === 1 ? date.month : null;
  return monthNamed(t);
}

/** A month by its name or the start of it, three letters at least (`jan`, `Sept`), in lower case: 1–12, or null. */
function monthNamed(t: string): number | null {
  const i = t.length >= 3 ? MONTH_NAMES.findIndex((m) => m.toLowerCase().startsWith(t) || (t === 'sept' && m === 'September')) : -1;
  return i < 0 ? null : i + 1;
}

/** The day, month and (where written) year of a date as `readMonth` takes it (day 1 where only the month and year are given); null for no date. */
function dateParts(t: string): { day: number; month: number; year?: number } | null {
  const count = (s: string) => Number.parseInt(s, 10);
  // A year of two digits is this century's (`Jan-25`, `1/1/25`).
  const yearOf = (s: string | undefined) => (s === undefined ? undefined : s.length === 2 ? 2000 + count(s) : count(s));
  const valid = (day: number, month: number | null, year?: string) => (month !== null && month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { day, month, ...(year !== undefined ? { year: yearOf(year)! } : {}) } : null);
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(t);
  if (m) return valid(count(m[1]!), count(m[2]!), m[3]);
  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return valid(count(m[3]!), count(m[2]!), m[1]);
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]+)\.?(?:[\s-]+(\d{2}|\d{4}))?$/.exec(t);
  if (m) return valid(count(m[1]!), monthNamed(m[2]!), m[3]);
  m = /^([a-z]+)\.?[\s-]+(\d{2}|\d{4})$/.exec(t);
  if (m) return valid(1, monthNamed(m[1]!), m[2]);
  return null;
}

/** The financial year (April to March) a conversion date falls in, by the year it starts: 1 January 2025 → 2024 (2024/25); undefined for a month with no year. */
function financialYearOf(text: string): number | undefined {
  const date = dateParts(text.trim().toLowerCase());
  return date?.year === undefined ? undefined : date.month >= 4 ? date.year : date.year - 1;
}

/** A financial year as written (`2024/25`, `2024-2025`, `2024-25`): the year it starts; undefined otherwise. */
function yearStarting(text: string | undefined): number | undefined {
  const m = /^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$/.exec(text ?? '');
  return m ? Number.parseInt(m[1]!, 10) : undefined;
}

const yearText = (start: number) => `${start}/${String((start + 1) % 100).padStart(2, '0')}`;

/**
 * Conversion dates written with a year are held to one financial year: the proposal's
 * (`paper.year`) where it gives one, else the one the dates share. A date's month alone was
 * read, so `2025-04-01` in a 2024/25 paper charged a school maintained all year nothing.
 * Returns the year each dated conversion falls in, where no proposal year held them.
 */
function checkConversionYears(dated: readonly { urn: string; written: string; source: string }[], planYear: string | undefined): { urn: string; fy: number }[] {
  const start = yearStarting(planYear);
  const years = dated.flatMap((d) => {
    const fy = financialYearOf(d.written);
    return fy === undefined ? [] : [{ ...d, fy }];
  });
  if (start !== undefined) {
    const outside = years.find((d) => d.fy !== start);
    if (outside === undefined) return [];
    const why = outside.fy > start ? `the school is maintained all of ${yearText(start)}: leave it out of the conversions` : `the school converted before ${yearText(start)} began: it is an academy in this year's census, not converting`;
    const message = `URN ${outside.urn} converts on "${outside.written.trim()}", in ${yearText(outside.fy)}, not ${yearText(start)} (1 April ${start} to 31 March ${start + 1}): ${why}`;
    throw outside.source === '--convert' ? new UsageError(`--convert: ${message}`) : new DataError(message, { path: `${outside.source}.month` });
  }
  const other = years.find((d) => d.fy !== years[0]!.fy);
  if (other !== undefined) {
    const a = years[0]!;
    throw new UsageError(`conversion dates fall in two financial years: URN ${a.urn} on "${a.written.trim()}" (${yearText(a.fy)}), URN ${other.urn} on "${other.written.trim()}" (${yearText(other.fy)}); a run charges one year: give the dates of one year, or its months alone`);
  }
  return years;
}

/** Why a conversion's month was not read, where it is a date on another day than the 1st (`15/01/2025`); '' otherwise. */
function monthProblem(text: string): string {
  const date = dateParts(text.trim().toLowerCase());
  if (date === null || date.day === 1) return '';
  return `; "${text.trim()}" is the ${ordinal(date.day)} of its month, and dedel charges whole months: give the month whose 1st the school converts on`;
}

/** Conversions from the config's `convert` list and repeatable `--convert URN=MONTH` (the flags add to the list, and win for a URN in both). */
export function conversionsFrom(config: ConfigInput | null, flags: Pick<PlanFlags, 'convert'>): Conversion[] {
  const out = new Map<string, Conversion>();
  const dated: { urn: string; written: string; source: string }[] = [];
  (config?.convert ?? []).forEach((c, i) => {
    const written = String(c.month);
    const month = readMonth(written);
    if (month === null) throw new DataError(`expected a month such as "January" or "jan"; got "${written}"${monthProblem(written)}`, { path: `convert[${i}].month` });
    const urn = String(c.urn).trim();
    if (out.has(urn)) throw new DataError(`URN ${urn} is given two conversion months; give one`, { path: `convert[${i}].urn` });
    out.set(urn, { urn, month, source: `convert[${i}]` });
    dated.push({ urn, written, source: `convert[${i}]` });
  });
  for (const pair of flags.convert ?? []) {
    const at = pair.indexOf('=');
    const urn = at > 0 ? pair.slice(0, at).trim() : '';
    const month = at > 0 ? readMonth(pair.slice(at + 1)) : null;
    if (urn === '' || month === null) throw new UsageError(`--convert expects URN=MONTH, such as 100001=January (the month the school converts); got "${pair}"${at > 0 ? monthProblem(pair.slice(at + 1)) : ''}`);
    // A flag wins over the config's entry for its URN; two flags for one URN, months apart, say nothing of which was meant.
    const earlier = out.get(urn);
    if (earlier?.source === '--convert' && earlier.month !== month) {
      throw new UsageError(`--convert gives URN ${urn} two months, ${MONTH_NAMES[earlier.month - 1]} and ${MONTH_NAMES[month - 1]}; give one`);
    }
    out.set(urn, { urn, month, source: '--convert' });
    dated.push({ urn, written: pair.slice(at + 1), source: '--convert' });
  }
  // The date that stands for each URN (a flag's over the config's), held to one year.
  const years = checkConversionYears(
    dated.filter((d) => out.get(d.urn)?.source === d.source),
    config?.paper?.year,
  );
  // With no proposal year, a dated 1 April is the start of its year: said, as the school is charged no months.
  for (const { urn, fy } of years) {
    const conversion = out.get(urn)!;
    if (conversion.month === 4) out.set(urn, { ...conversion, startsYear: yearText(fy) });
  }
  return [...out.values()];
}

/** Parses repeatable `--column FIELD=HEADER`. */
export function columnsFrom(config: ConfigInput | null, flags: Pick<PlanFlags, 'column'>): Record<string, string> {
  const columns: Record<string, string> = { ...(config?.census?.columns ?? {}) };
  const given = new Map<string, string>();
  for (const pair of flags.column ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--column expects FIELD=HEADER, such as nor="NOR October 22"; got ${quote(pair)}`);
    const field = pair.slice(0, at).trim();
    // An object key that would set the prototype, not a column: refused like any key that is not a field.
    if (field === '__proto__') throw new UsageError(`--column: unknown field ${quote(field)}`);
    // Two --column flags for one field, naming two headers: the last was charged on unseen. (A flag over the config's column wins.)
    // Fields are matched as headers are (`NOR` is nor), so `nor` and `NOR` are one field.
    const earlier = given.get(fieldKey(field));
    if (earlier !== undefined && columns[earlier] !== pair.slice(at + 1)) throw new UsageError(`--column ${field} given twice, as ${quote(columns[earlier]!)} and ${quote(pair.slice(at + 1))}; give one`);
    given.set(fieldKey(field), field);
    columns[field] = pair.slice(at + 1);
  }
  return columns;
}

/** `--la` (comma-separated) or the config's `census.la`: the local authorities a census is read for. */
export function authoritiesFrom(config: ConfigInput | null, flags: Pick<PlanFlags, 'la'>): { authorities?: string[] } {
  const given = flags.la !== undefined ? flags.la.split(',') : config?.census?.la === undefined ? undefined : [config.census.la].flat();
  if (given === undefined) return {};
  const authorities = given.map((a) => a.trim()).filter((a) => a !== '');
  if (authorities.length === 0) throw new UsageError('--la expects the name or code of a local authority, such as --la "Cambridgeshire" or --la 873');
  return { authorities };
}

export function encodingFrom(config: ConfigInput | null, flags: Pick<PlanFlags, 'encoding'>): Encoding | undefined {
  const e = flags.encoding?.toLowerCase().replace(/^utf8$/, 'utf-8').replace(/^(cp1252|win1252)$/, 'windows-1252').replace(/^(ibm850|850)$/, 'cp850') ?? config?.census?.encoding;
  if (e !== undefined && e !== 'utf-8' && e !== 'windows-1252' && e !== 'cp850') throw new UsageError(`--encoding expects utf-8, windows-1252 or cp850; got "${flags.encoding}"`);
  return e;
}

/** Machine columns every allocate table has; a service or basis may not take one of these names. */
const FIXED_COLUMNS = ['urn', 'school', 'status', 'phase', 'nor', 'total', 'per_pupil', 'not_charged'];

/**
 * Refuses service names whose machine columns would collide: with each other
 * ("Contingency" and "contingency"), with the fixed columns ("School", "Total"), with a
 * basis column, or that have no letters or digits at all ("£££").
 */
function checkColumnNames(services: readonly Service[], periods: readonly Period[]): void {
  const taken = new Map<string, string>(FIXED_COLUMNS.map((c) => [c, `the ${c} column`]));
  for (const s of services) if (s.basis !== 'nor' && s.basis !== 'school') taken.set(snake(s.basis), `the ${s.basis} basis column`);
  services.forEach((s, i) => {
    const names = [snake(s.name), ...periods.map((p) => `${snake(s.name)}_${snake(p.name)}`)];
    for (const key of names) {
      if (key === '' || key.endsWith('_')) throw new DataError(`service "${s.name}" needs a name with letters or digits, for its column`, { path: `services[${i}].name` });
      const clash = taken.get(key);
      if (clash) throw new DataError(`service "${s.name}" would head its column ${key}, which is ${clash}; choose another name`, { path: `services[${i}].name` });
      taken.set(key, `the column of service "${s.name}"`);
    }
  });
}

/**
 * Merges config and flags: with no config, `--rate`/`--target` define one service;
 * with a config they override the service `--service` names, or the only one; every other
 * flag overrides the config key of the same meaning.
 */
export function buildSettings(config: ConfigInput | null, flags: PlanFlags): Settings {
  const charge = chargeFrom(DEFAULT_CHARGE, config?.charge, {});
  const rounding = roundingFrom(DEFAULT_ROUNDING, config?.rounding, {}, 'rounding');
  // A service with no name is called De-delegation.
  const inputs: (ResolvedServiceInput & { name: string })[] = (config?.services ?? []).map((s) => ({ ...s, name: s.name ?? DEFAULT_SERVICE }));
  const touchesService =
    flags.rate !== undefined || flags.target !== undefined || flags.weight !== undefined || flags.rateUnit !== undefined || flags.basis !== undefined;

  let chosen = -1;
  if (inputs.length === 0) {
    if (flags.rate === undefined && flags.target === undefined) {
      throw new UsageError(config ? 'the config has no services; add one to its "services" list (allocate, rates and the other census commands also take --rate or --target)' : 'give --rate or --target, or a config with services (-c FILE)');
    }
    inputs.push({ name: flags.service ?? DEFAULT_SERVICE });
    chosen = 0;
  } else if (flags.service !== undefined) {
    chosen = inputs.findIndex((s) => s.name.toLowerCase() === flags.service!.toLowerCase());
    // With a config, the flags change the service --service names (README "The config file"):
    // a name it lacks was added as a service of its own, so a misspelt name charged the schools twice.
    if (chosen < 0) throw new UsageError(`no service named "${flags.service}"; the config has ${inputs.map((s) => `"${s.name}"`).join(', ')}`);
    // `--service NAME --round 100` rounded every service, and `--service NAME` alone printed them all: it changed nothing, unseen.
    if (!touchesService) {
      throw new UsageError(
        `--service "${flags.service}" names the service that --rate, --target, --weight, --rate-unit or --basis change, and none of them is given; --round, --foot, --phases and the other flags change every service (to change one service's, set them on it in the config)`,
      );
    }
  } else if (touchesService) {
    if (inputs.length > 1) {
      throw new UsageError(`the config has ${inputs.length} services; say which one the flags change with --service NAME`);
    }
    chosen = 0;
  }

  const alternatives: Service[] = [];
  const services: Service[] = inputs.flatMap((input, i): Service[] => {
    const path = `services[${i}]`;
    const service: Service = {
      name: input.name,
      basis: 'nor',
      charge: chargeFrom(charge, input.charge, flags),
      rounding: roundingFrom(rounding, input.rounding, flags, `${path}.rounding`),
      source: 'config',
    };
    if (input.decisions !== undefined) {
      const decisions = decisionsFrom(input.decisions, `${path}.decisions`);
      const ruled = service.charge.phases;
      service.decisions = serviceDecisions(decisions, ruled);
      // The forum decides the phases charged; --phases, like every flag, still has the last word.
      if (flags.phases === undefined) service.charge = { ...service.charge, phases: decidedPhases(decisions, ruled) };
      service.charge.decisions = service.decisions;
    }
    const several = input.parts ?? input.options;
    if (several) {
      const key = input.parts ? 'parts' : 'options';
      if (input.parts && input.options) throw new DataError(`service "${service.name}" has parts and options; compare options of a service without parts`, { path: `${path}.options` });
      for (const own of ['costs', 'basis', 'rate', 'target', 'weights', 'rateUnit', 'less'] as const) {
        if (input[own] === undefined) continue;
        // A part takes lines off its own target; a cost plan gives one service's target, so a
        // service with parts gives each part its target (the plan's figure) instead.
        const where =
          own === 'costs'
            ? `so a cost plan cannot give its target; give each ${key === 'parts' ? 'part' : 'option'} its own target (with "less" for lines taken off${key === 'parts' ? '' : ', in a service without options'})`
            : own === 'less' && key === 'options'
              ? 'so lines cannot be taken off one target; give each option its net target'
              : `so its ${own} belongs in each of them`;
        throw new DataError(`service "${service.name}" has ${key}, ${where}`, { path: `${path}.${own}` });
      }
      if (i === chosen && touchesService) throw new UsageError(`service "${service.name}" has ${key}: change their rates and targets in the config`);
      const made = several.map((each, j) => {
        const label = each.name ?? partName(basisText(each.basis));
        const one: Service = { ...service, name: `${service.name}: ${label}` };
        if (input.parts) one.partOf = { service: service.name, part: label };
        else one.optionOf = { service: service.name, option: label, index: j, first: `${service.name}: ${several[0]!.name}` };
        price(one, each, `${path}.${key}[${j}]`);
        // A part's own net target (README "Parts, a basis per phase, and options").
        if (input.parts) netTarget(one, each as ResolvedServiceInput, `${path}.${key}[${j}]`);
        return one;
      });
      repeatedBasis(several, made, `${path}.${key}`, input.parts ? 'part' : 'option');
      if (input.options) {
        alternatives.push(...made.slice(1));
        return [made[0]!];
      }
      return made;
    }
    // The service the flags change is checked once they have: --rate may give what the config lacks.
    price(service, input, path, input.costs !== undefined || i === chosen);
    if (i === chosen) {
      // What the flags give is the flags' to name, not the config's.
      if (service.configAt) {
        if (flags.rate !== undefined || flags.target !== undefined) delete service.configAt;
        else if (flags.weight !== undefined) delete service.configAt.weights;
      }
      if (flags.rate !== undefined) {
        if (flags.rateUnit !== undefined) throw new UsageError('give --rate or --rate-unit, not both: --rate-unit rounds a rate solved from --target, and a rate given is charged as it is');
        service.rate = flagPerPhase(flags.rate, '--rate');
        // The config's target, its weights and the unit its rate was solved to give way to the rate given.
        delete service.target;
        delete service.weights;
        delete service.rateUnit;
        service.source = 'flag';
      }
      if (flags.target !== undefined) {
        if (flags.rate !== undefined) throw new UsageError('give --rate or --target, not both');
        service.target = flagPerPhase(flags.target, '--target');
        delete service.rate;
        service.source = 'flag';
      }
      if (flags.weight !== undefined) {
        const w = flagPerPhase(flags.weight, '--weight');
        if (w instanceof Dec) throw new UsageError('--weight expects PHASE=WEIGHT, such as --weight primary=2');
        service.weights = w;
      }
      if (flags.rateUnit !== undefined) service.rateUnit = positiveFlag(flags.rateUnit, '--rate-unit');
      if (flags.basis !== undefined) {
        service.basis = basisName(flags.basis);
        // The flag replaces the config's basis whole: a basis per phase or status (special schools
        // on places) stayed under it, so `--basis fsm` charged them on places unseen.
        if (service.charge.basisBy) {
          const { basisBy: _replaced, ...rest } = service.charge;
          service.charge = rest;
        }
      }
      if (input.costs === undefined) {
        // --weight and --rate-unit work on a target: beside a rate (the config's, or --rate's) the
        // error was the config's, at its JSON path, exit 1, though the flag was the one to change.
        if (service.target === undefined) {
          const has = flags.rate !== undefined ? 'a rate (--rate)' : service.rate !== undefined && config ? 'a rate in the config' : 'a rate';
          if (flags.weight !== undefined) throw new UsageError(`--weight spreads one target across phases; service "${service.name}" has ${has}, not a target: give --target with --weight, or leave --weight out`);
          if (flags.rateUnit !== undefined) throw new UsageError(`--rate-unit rounds a rate solved from a target; service "${service.name}" has ${has}, charged as it is: give --target with --rate-unit, or leave --rate-unit out`);
        }
        checkPricing(service, path);
      }
    }
    netTarget(service, input, path);
    return [service];
  });

  const periods = periodsFrom(config, flags);
  checkColumnNames([...services, ...alternatives], periods);
  const buyBack = buyBackFrom(config, services, flags);
  return {
    title: flags.title ?? config?.title,
    plan: { services, periods },
    census: { columns: columnsFrom(config, flags), encoding: encodingFrom(config, flags), words: wordsFrom(config?.census, flags), ...(flags.sheet !== undefined ? { sheet: flags.sheet } : {}), ...authoritiesFrom(config, flags) },
    ...(buyBack ? { buyBack } : {}),
    ...(alternatives.length ? { alternatives } : {}),
    conversions: conversionsFrom(config, flags),
    ...(config?.output ? { output: config.output } : {}),
  };
}
