import { MAINTAINED, type Phase, type Status } from '../core/types.js';

const MAINTAINED_STATUSES: ReadonlySet<Status> = new Set(MAINTAINED);

/**
 * Lower case, letters, digits and `+` only: "Middle deemed primary" → "middledeemedprimary".
 * A percent sign is the word percent: `FSM %` is a percentage, not the count `FSM` is, so a
 * header so written is never read as the basis (`fsmpercent`, not `fsm`).
 */
export function compact(text: string): string {
  return text.toLowerCase().replace(/%/g, 'percent').replace(/[^a-z0-9+]/g, '');
}

const PHASE_WORDS: Record<string, Phase> = {
  primary: 'primary',
  // Abbreviations a spreadsheet's phase column uses: `Pri`, `Sec`, `Spec`.
  pri: 'primary',
  prim: 'primary',
  infant: 'primary',
  infants: 'primary',
  junior: 'primary',
  juniors: 'primary',
  first: 'primary',
  lower: 'primary',
  infantandjunior: 'primary',
  infantjunior: 'primary',
  // A primary or infant school with a nursery class (`Nursery & Primary`, `Primary with nursery`):
  // a school of the primary phase, not a nursery school.
  primaryandnursery: 'primary',
  primarynursery: 'primary',
  nurseryandprimary: 'primary',
  nurseryprimary: 'primary',
  primarywithnursery: 'primary',
  infantandnursery: 'primary',
  infantnursery: 'primary',
  nurseryandinfant: 'primary',
  nurseryinfant: 'primary',
  infantwithnursery: 'primary',
  middledeemedprimary: 'primary',
  secondary: 'secondary',
  sec: 'secondary',
  middledeemedsecondary: 'secondary',
  // Kinds of secondary school, as older lists name them.
  grammar: 'secondary',
  comprehensive: 'secondary',
  secondarymodern: 'secondary',
  upper: 'secondary',
  high: 'secondary',
  // A secondary school is one with or without a sixth form (a sixth form alone is 16-plus).
  secondarywithsixthform: 'secondary',
  secondarywith6thform: 'secondary',
  secondarywithoutsixthform: 'secondary',
  secondarynosixthform: 'secondary',
  allthrough: 'all-through',
  through: 'all-through',
  allage: 'all-through',
  nursery: 'nursery',
  special: 'special',
  spec: 'special',
  pru: 'pru',
  pupilreferralunit: 'pru',
  alternativeprovision: 'pru',
  ap: 'pru',
  '16plus': '16-plus',
  '16+': '16-plus',
  post16: '16-plus',
  sixthform: '16-plus',
  '1619': '16-plus',
};

/** GIAS's phase for establishments outside the phases, such as special schools and PRUs. */
export const NOT_APPLICABLE = 'not applicable';

/** Three-tier words whose phase the authority decides: read only through its mapping. */
export const DEEMED_BY_AUTHORITY = new Set(['middle', 'middleschool']);

/** An age range ending a phase's words: `11-16`, `4 - 11`, `3–11`. */
export const AGE_RANGE = /\s+\d{1,2}\s*[-\u2013]\s*\d{1,2}\s*$/;

/**
 * Normalises a phase; `not applicable` for GIAS's "Not applicable" (and DfE's `NA`); undefined
 * when unknown. DfE's "State-funded primary" and "Primary school" are primary.
 */
export function normalisePhase(text: string): Phase | typeof NOT_APPLICABLE | undefined {
  const c = compact(text);
  if (c === 'notapplicable' || c === 'na') return NOT_APPLICABLE;
  const bare = c.replace(/^statefunded/, '').replace(/(schools?|phase)$/, '');
  // `Middle Schools (Deemed Secondary)`, `Middle School deemed primary`: the words without "school".
  const found = PHASE_WORDS[c] ?? PHASE_WORDS[bare] ?? PHASE_WORDS[c.replace(/schools?/g, '')];
  if (found !== undefined) return found;
  // Its age range after it, with no brackets: `Secondary 11-16`, `Primary 4 - 11`.
  const ranged = AGE_RANGE.exec(text);
  if (ranged !== null && ranged.index > 0) return normalisePhase(text.slice(0, ranged.index));
  if (!text.includes('(')) return undefined;
  // A phase with its age range or a note in brackets: `Secondary (11-16)`, `Primary (4-11)`.
  // Once: an unclosed bracket (`(Primary`) leaves the text as it was, and is no phase.
  const outside = text.replace(/\([^)]*\)/g, ' ');
  return outside.trim() === '' || outside.includes('(') ? undefined : normalisePhase(outside);
}

const STATUS_WORDS: Record<string, Status> = {
  community: 'community',
  comm: 'community',
  communityschool: 'community',
  va: 'voluntary-aided',
  voluntaryaided: 'voluntary-aided',
  volaided: 'voluntary-aided',
  voluntaryaidedschool: 'voluntary-aided',
  vaschool: 'voluntary-aided',
  vc: 'voluntary-controlled',
  voluntarycontrolled: 'voluntary-controlled',
  volcontrolled: 'voluntary-controlled',
  voluntarycontrolledschool: 'voluntary-controlled',
  vcschool: 'voluntary-controlled',
  foundation: 'foundation',
  foundationschool: 'foundation',
  // A trust school is a foundation school whose foundation is a charitable trust.
  trustschool: 'foundation',
  foundationtrust: 'foundation',
  foundationtrustschool: 'foundation',
  maintained: 'maintained',
  maintainedschool: 'maintained',
  lamaintained: 'maintained',
  localauthoritymaintained: 'maintained',
  localauthoritymaintainedschool: 'maintained',
  localauthoritymaintainedschools: 'maintained',
  lamaintainedschool: 'maintained',
  academy: 'academy',
  // An academy's route, written alone in a status column (GIAS: `Academy converter`, `Academy sponsor led`).
  converter: 'academy',
  sponsorled: 'academy',
  // In a multi-academy trust or a single-academy trust; a free school written `Free`.
  mat: 'academy',
  sat: 'academy',
  free: 'academy',
  special: 'special',
  specialschool: 'special',
  maintainedspecial: 'special',
  maintainedspecialschool: 'special',
  pru: 'pru',
  pupilreferralunit: 'pru',
  nursery: 'nursery',
  localauthoritynurseryschool: 'nursery',
  nurseryschool: 'nursery',
  maintainednurseryschool: 'nursery',
  nonmaintainedspecial: 'non-maintained-special',
  nonmaintainedspecialschool: 'non-maintained-special',
  independent: 'other',
  other: 'other',
};

/**
 * DfE governance codes (performance tables' NFTYPE and school-level census files): the
 * maintained categories, academies and free schools of every kind, and the special types.
 */
const DFE_CODES: Record<string, Establishment> = {
  cy: { status: 'community' },
  cys: { status: 'community', phase: 'special' },
  va: { status: 'voluntary-aided' },
  vc: { status: 'voluntary-controlled' },
  fd: { status: 'foundation' },
  fds: { status: 'foundation', phase: 'special' },
  ac: { status: 'academy' },
  acc: { status: 'academy' },
  acs: { status: 'academy', phase: 'special' },
  accs: { status: 'academy', phase: 'special' },
  f: { status: 'academy' },
  fs: { status: 'academy' },
  fss: { status: 'academy', phase: 'special' },
  ss: { status: 'academy' },
  ctc: { status: 'academy' },
  utc: { status: 'academy' },
  us: { status: 'academy' },
  nmss: { status: 'non-maintained-special', phase: 'special' },
  ind: { status: 'other' },
  indspec: { status: 'other', phase: 'special' },
};

/** A kind of establishment: its status, and its phase where the kind decides it (special, PRU, nursery). */
export interface Establishment {
  status: Status;
  phase?: Phase;
}

/** Academy and free-school types of GIAS, and the other trust-run types counted as academies. */
const ACADEMY = /academy|freeschool|universitytechnicalcollege|^utc|studioschool|citytechnologycollege/;
const NON_MAINTAINED_SPECIAL = /^nonmaintainedspecial/;
const MAINTAINED_SPECIAL = /^(community|foundation)special/;
const PRU = /pupilreferralunit|^pru$|localauthorityalternativeprovision/;
const NURSERY = /nursery/;
/** Recognised GIAS types that are none of the charged or named categories. */
const OTHER =
  /independent|furthereducation|sixthformcentre|secureunit|welshestablishment|servicechildren|offshore|otherstatefunded|governmentdepartment|fundedbyogd|britishschoolsoverseas|britishschooloverseas|britishoverseasschool|onlineprovider|miscellaneous|highereducation|post16institution|childrenscentre/;

/** The phase a status gives a school whatever its phase cell says: special schools, PRUs and nursery schools are not mainstream. */
const PHASE_OF_STATUS: Partial<Record<Status, Phase>> = { special: 'special', pru: 'pru', nursery: 'nursery', 'non-maintained-special': 'special' };

/** The phase a kind of establishment implies (a special school is in the special phase), if any. */
export function phaseOfStatus(status: Status): Phase | undefined {
  return PHASE_OF_STATUS[status];
}

/**
 * `LA` beside `Academy` in a status column (an `LA/Academy` column): maintained by the local
 * authority. A status cell's word only: a total row's `LA total` is the authority's, every school.
 */
const LA_WORDS: Record<string, Status> = { la: 'maintained', laschool: 'maintained', localauthority: 'maintained', localauthorityschool: 'maintained' };

function typeOf(c: string): Establishment | undefined {
  const known = STATUS_WORDS[c] ?? LA_WORDS[c];
  if (known) return { status: known };
  if (c === '') return undefined;
  // Special and alternative-provision academies are academies in the special phase or PRU phase.
  const apOrSpecial = (status: Status): Establishment => ({ status, ...(/special/.test(c) ? { phase: 'special' as const } : /alternativeprovision|ap(converter|sponsor)/.test(c) ? { phase: 'pru' as const } : {}) });
  if (ACADEMY.test(c)) return apOrSpecial('academy');
  if (NON_MAINTAINED_SPECIAL.test(c)) return { status: 'non-maintained-special' };
  // Before special: "Other independent special school" and "Special post 16 institution" are other.
  if (OTHER.test(c)) return c.includes('independentspecial') ? { status: 'other', phase: 'special' } : { status: 'other' };
  const maintainedSpecial = MAINTAINED_SPECIAL.exec(c);
  if (maintainedSpecial) return { status: maintainedSpecial[1] === 'community' ? 'community' : 'foundation', phase: 'special' };
  if (/special/.test(c)) return { status: 'special' };
  if (PRU.test(c)) return { status: 'pru' };
  if (NURSERY.test(c)) return { status: 'nursery' };
  return undefined;
}

/**
 * Reads a status word, GIAS establishment type or DfE governance code: the status, and the
 * phase where the kind of establishment decides it (community special school → community,
 * special). "Voluntary Aided (VA)" is read as its words or as its bracketed code.
 */
export function readEstablishment(text: string): Establishment | undefined {
  const read = readKind(text);
  if (read !== undefined) return read;
  // `VA - RC`, `Church of England VA`, `Methodist VC`: a school's religious character beside its
  // category says no more than the category does (community schools have none).
  const plain = withoutDenomination(text);
  if (plain === text || plain === '') return undefined;
  const category = readKind(plain);
  return category !== undefined && MAINSTREAM.has(category.status) && category.status !== 'community' ? category : undefined;
}

/** A school's religious character, as status cells write it beside a VA, VC or foundation category. */
const DENOMINATION = /(?:^|(?<=[\s(\-\u2013\u2014,:;/]))(?:church\s+of\s+england|c\.?\s*of\s*e\.?|cofe|ce|rc|roman\s+catholic|catholic|methodist|anglican|christian|jewish|muslim|islamic|sikh|hindu|quaker)(?=$|[\s)\-\u2013\u2014,:;/])/gi;

/** The text without its denomination words and the brackets, dashes and spaces they leave. */
function withoutDenomination(text: string): string {
  return text
    .replace(DENOMINATION, ' ')
    .replace(/\(\s*\)/g, ' ')
    .replace(/^[\s\-\u2013\u2014,:;/]+|[\s\-\u2013\u2014,:;/]+$/g, '')
    .replace(/\s+/g, ' ');
}

function readKind(text: string): Establishment | undefined {
  const c = compact(text);
  const read = DFE_CODES[c] ?? typeOf(c) ?? typeOf(compact(text.replace(/\([^)]*\)/g, ''))) ?? DFE_CODES[compact(/\(([^)]*)\)/.exec(text)?.[1] ?? '')];
  // `LA maintained - VA`, `Maintained: Community`, `LA Maintained (VC)`: the category it names.
  const found = read === undefined || read.status === 'maintained' ? (beside(text) ?? read) : read;
  if (!found || twoKinds(text, found.status)) return undefined;
  const phase = found.phase ?? phaseOfStatus(found.status);
  return phase ? { status: found.status, phase } : { status: found.status };
}

/** Where a cell's parts divide: brackets, commas, slashes, semicolons, colons, or a spaced dash. */
const PARTS = /\s+[-\u2013\u2014]\s+|[(),/;:]/;

/**
 * The one maintained category a cell names beside the word maintained (`LA maintained - VA`,
 * `Maintained: Community`, `LA Maintained (VC)`), which says no more than the category does;
 * undefined where a part is not read, or two parts name different categories (asked, as
 * `twoKinds` asks).
 */
function beside(text: string): Establishment | undefined {
  const parts = text.split(PARTS).map(compact).filter((p) => p !== '');
  if (parts.length < 2) return undefined;
  let named: Establishment | undefined;
  for (const part of parts) {
    const kind = DFE_CODES[part] ?? typeOf(part);
    if (kind === undefined) return undefined;
    if (kind.status === 'maintained') continue;
    if (named !== undefined && named.status !== kind.status) return undefined;
    named = kind;
  }
  return named !== undefined && MAINTAINED_STATUSES.has(named.status) ? named : undefined;
}

/**
 * Whether a cell names two kinds of school: `VA (converting to academy 1/4/24)`, `VC - Academy
 * from September`, `Community with nursery`. The words dedel reads inside a longer text
 * (academy, nursery, special) must not make a maintained school an academy or a nursery school
 * (and uncharged) unseen, nor the reverse: the cell is not read, so a school that could be
 * charged is asked about. `Voluntary Aided (VA)`, `Community special school` and `Academy
 * (from 01/01/24)` read as before.
 */
function twoKinds(text: string, status: Status): boolean {
  return conflicting(kindsNamed(text, status));
}

/** Mainstream maintained categories, which a cell's first words name (`VA (…)`, `Community with …`). */
const MAINSTREAM: ReadonlySet<Status> = new Set(['community', 'voluntary-aided', 'voluntary-controlled', 'foundation']);
const LEADING: readonly (readonly [RegExp, Status])[] = [
  [/^(?:community|comm|cy)\b/i, 'community'],
  [/^(?:voluntary[\s-]*aided|vol\.?\s*aided|va)\b/i, 'voluntary-aided'],
  [/^(?:voluntary[\s-]*controlled|vol\.?\s*controlled|vc)\b/i, 'voluntary-controlled'],
  [/^(?:foundation|fd)\b/i, 'foundation'],
];

/** The statuses a cell names, each once: its first words, its parts (`PARTS`), and `whole`, what it reads as whole. */
function kindsNamed(text: string, whole?: Status): Status[] {
  const kinds: Status[] = [];
  const add = (kind: Status | undefined) => {
    if (kind !== undefined && !kinds.includes(kind)) kinds.push(kind);
  };
  add(LEADING.find(([words]) => words.test(text.trim()))?.[1]);
  // After a religious character (`RC VA (converting to academy)`), the category still leads.
  add(LEADING.find(([words]) => words.test(withoutDenomination(text)))?.[1]);
  const parts = text.split(PARTS);
  if (parts.length > 1) {
    for (const part of parts) {
      const p = compact(part);
      add(p === '' ? undefined : (DFE_CODES[p] ?? typeOf(p))?.status);
    }
  }
  add(whole);
  return kinds;
}

/** Two kinds that cannot both be the school: two mainstream categories, one and anything else (but `maintained`), or a maintained kind and one that is not. */
function conflicting(kinds: readonly Status[]): boolean {
  if (kinds.length < 2) return false;
  const mainstream = kinds.find((k) => MAINSTREAM.has(k));
  if (mainstream !== undefined && kinds.some((k) => k !== mainstream && k !== 'maintained')) return true;
  return kinds.some((k) => MAINTAINED_STATUSES.has(k)) && kinds.some((k) => !MAINTAINED_STATUSES.has(k));
}

/** The kinds a cell names where they cannot both be the school (`twoKinds`), for the message that asks which. */
export function namesTwoKinds(text: string): Status[] | undefined {
  const c = compact(text);
  const whole = (DFE_CODES[c] ?? typeOf(c))?.status;
  const kinds = kindsNamed(text, whole);
  if (!conflicting(kinds)) return undefined;
  // `Maintained (VA/VC)` names VA and VC: the word maintained is no third kind beside them.
  return kinds.some((k) => k !== 'maintained' && MAINTAINED_STATUSES.has(k)) ? kinds.filter((k) => k !== 'maintained') : kinds;
}

/**
 * Whether a cell says in words that a school is not maintained (`Academy`, `Academy converter`,
 * `Free school`, `Non-maintained special school`, `Independent`): what a census with no status
 * column is searched for, since there every school counts as maintained. Codes (`F`, `SS`,
 * `AC`) and the bare word `Other` are not read: a column of letters or a note may be anything.
 */
export function saysNotMaintained(text: string): boolean {
  const c = compact(text);
  return c.length >= 4 && (ACADEMY.test(c) || NON_MAINTAINED_SPECIAL.test(c) || /^(?:other)?independent/.test(c));
}

/**
 * A status word or DfE code itself (`Community`, `VA`, `Voluntary aided school`, `Academy`),
 * never a longer text that has one inside it (`Learning Academy`): what a total row's label is
 * read by, where a school may be called `Total Learning Academy`.
 */
export function statusWord(c: string): Status | undefined {
  return STATUS_WORDS[c] ?? DFE_CODES[c]?.status;
}

/** Normalises a status or establishment type; undefined when unknown. */
export function normaliseStatus(text: string): Status | undefined {
  return readEstablishment(text)?.status;
}
