import type { Dec } from './decimal.js';
import type { Ratio } from './exact.js';
import type { PhaseDecision } from './decisions.js';
import type { Message } from './messages.js';

/** Phases, after normalisation. */
export const PHASES = ['primary', 'secondary', 'all-through', 'nursery', 'special', 'pru', '16-plus'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * Statuses (categories), after normalisation. `maintained` is a maintained school whose
 * category the census does not give; `special`, `pru` and `nursery` are a maintained
 * special school, pupil referral unit and LA nursery school where the census gives no
 * category; a non-maintained special school is its own status, never maintained.
 */
export const STATUSES = [
  'community',
  'voluntary-aided',
  'voluntary-controlled',
  'foundation',
  'maintained',
  'special',
  'pru',
  'nursery',
  'academy',
  'non-maintained-special',
  'other',
] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Every LA-maintained status. Which of these a service charges by default is decided by
 * phase: special schools, PRUs and nursery schools are maintained but not mainstream.
 */
export const MAINTAINED: readonly Status[] = ['community', 'voluntary-aided', 'voluntary-controlled', 'foundation', 'maintained', 'special', 'pru', 'nursery'];

/** The phases of establishments that are maintained but not mainstream. */
export const NOT_MAINSTREAM: readonly Phase[] = ['special', 'pru', 'nursery'];

export const ROUNDING_MODES = ['half-up', 'half-even', 'down', 'up'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];
export const FOOT_MODES = ['none', 'largest-remainder'] as const;
export type FootMode = (typeof FOOT_MODES)[number];

/** How amounts are rounded: to a unit (0.01, 1, 100 …) by a mode, optionally footed. */
export interface Rounding {
  unit: Dec;
  mode: RoundingMode;
  foot: FootMode;
}

/**
 * All-through schools: split by phase from the census's parts (`nor_primary` …), deemed one
 * phase, or not charged. `auto` (the default) splits where the census has the parts and
 * otherwise leaves the school uncharged with a message naming the flag that decides it.
 */
export const ALL_THROUGH = ['auto', 'split', 'primary', 'secondary', 'none'] as const;
export type AllThrough = (typeof ALL_THROUGH)[number];

/** Which schools a service charges. `phases: null` means every phase (census without phase). */
export interface ChargeRule {
  phases: readonly Phase[];
  statuses: 'maintained' | 'all' | readonly Status[];
  allThrough: AllThrough;
  /** The forum's decisions, where recorded: `phases` then holds only those decided `de-delegate`. */
  decisions?: readonly PhaseDecision[];
  /** A basis per status or phase in place of the service's own (places for special schools and PRUs); a status wins over a phase. */
  basisBy?: BasisBy;
}

/** Bases that replace a service's basis for some statuses or phases. */
export interface BasisBy {
  phases?: Partial<Record<Phase, string>>;
  statuses?: Partial<Record<Status, string>>;
}

/** One school (census row), with its numeric bases already parsed. */
export interface School {
  /** URN, LAESTAB or DfE number; '' when the census has none. */
  id: string;
  name: string;
  /** null when the census has no status column (then every row counts as maintained). */
  status: Status | null;
  /** null when the census has no phase column (then every row is charged whatever its phase). */
  phase: Phase | null;
  /** Numeric columns by field name (`nor`, `sen`, `nor_primary` …), as needed by the services. */
  bases: Readonly<Record<string, Dec>>;
  /** Months of the year charged (pro-rata), 0–12; 12 when the census has no months column. */
  months: Dec;
  /** Census line, for messages. */
  line?: number;
  /** Set when the row cannot be charged whatever the rules (an unrecognised phase on an uncharged status). */
  exclude?: string;
  /**
   * An all-through school's bases whose primary and secondary parts the census lacks: a rule
   * that would split it (`auto`) leaves it out on those, while a rule that deems it one phase
   * (or charges per school) still charges it.
   */
  unsplit?: readonly string[];
}

/** A value given once for every phase, or per phase. */
export type PerPhase<T> = T | Partial<Record<Phase, T>>;

/** Where a rate came from, for `explain`. */
export type RateSource = 'flag' | 'config' | 'solved';

/** One de-delegated budget line, fully resolved from config and flags. */
export interface Service {
  name: string;
  /** A census field (`nor`, `sen` …) or `school` for one unit per school. */
  basis: string;
  rate?: PerPhase<Dec>;
  target?: PerPhase<Dec>;
  weights?: Partial<Record<Phase, Dec>>;
  /** Rounds a solved rate half-up (to the penny, as papers publish). */
  rateUnit?: Dec;
  charge: ChargeRule;
  rounding: Rounding;
  /** The forum's decision per phase (pending phases included), where the config records them. */
  decisions?: readonly PhaseDecision[];
  /** How a target was reached: the cost plan's total or the target given, then signed lines (less: balance brought forward). */
  targetLines?: readonly TargetLine[];
  /** A part of a service made of parts (a lump sum and a rate per pupil): the service's total adds its parts. */
  partOf?: { service: string; part: string };
  /** One option of a service compared before the vote; index 0 is the one charged. */
  optionOf?: { service: string; option: string; index: number; first: string };
  /** In a buy-back schedule: priced at the service's own buy-back rate, or at the rate the maintained schools pay. */
  buyBackRate?: 'own' | 'de-delegation';
  /**
   * In a buy-back schedule at the maintained schools' rate solved from a target (no `rateUnit`):
   * that rate exactly, per phase, as pounds per unit of basis × months (rate ÷ 12). `rate` holds it
   * to print, cut to a finite decimal, which priced a school a penny off where the cut fell on a
   * rounding edge.
   */
  exactRates?: ReadonlyMap<Phase | null, Ratio>;
  /** Where rate or target came from; `solved` is implied by a target. */
  source: Exclude<RateSource, 'solved'>;
  /**
   * Where the config gives the service's rate, target and weights (JSON paths, and the file once
   * known), so an error found only when the census is read (no rate for a phase it charges)
   * names them as every config error does. Absent where flags gave them.
   */
  configAt?: { file?: string; rate?: string; target?: string; weights?: string };
}

/** One line of a net target's working: + costs, − balances brought forward and grants. */
export interface TargetLine {
  item: string;
  amount: Dec;
  /** -1 for a line that reduces the target (`less: balance brought forward`). */
  sign: 1 | -1;
}

/** A fraction of the year: 5/12ths de-delegated, 7/12ths buy-back. */
export interface Period {
  name: string;
  months: Dec;
}

/** A warning or note for the user; render's `messageText` prints its message (sums of money as `£`). */
export interface Diagnostic {
  level: 'warning' | 'error' | 'info';
  code: string;
  message: Message;
}
