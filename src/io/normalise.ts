import type { Phase, Status } from '../core/types.js';

/** Lower case, letters, digits and `+` only: "Middle deemed primary" → "middledeemedprimary". */
export function compact(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9+]/g, '');
}

const PHASE_WORDS: Record<string, Phase> = {
  primary: 'primary',
  infant: 'primary',
  infants: 'primary',
  junior: 'primary',
  juniors: 'primary',
  first: 'primary',
  firstschool: 'primary',
  infantandjunior: 'primary',
  middledeemedprimary: 'primary',
  secondary: 'secondary',
  middledeemedsecondary: 'secondary',
  upper: 'secondary',
  high: 'secondary',
  allthrough: 'all-through',
  through: 'all-through',
  nursery: 'nursery',
  special: 'special',
  pru: 'pru',
  pupilreferralunit: 'pru',
  alternativeprovision: 'pru',
  '16plus': '16-plus',
  '16+': '16-plus',
  post16: '16-plus',
  sixthform: '16-plus',
};

/** GIAS's phase for establishments outside the phases, such as special schools and PRUs. */
export const NOT_APPLICABLE = 'not applicable';

/** Normalises a phase; `not applicable` for GIAS's "Not applicable"; undefined when unknown. */
export function normalisePhase(text: string): Phase | typeof NOT_APPLICABLE | undefined {
  const c = compact(text);
  if (c === 'notapplicable' || c === 'na') return NOT_APPLICABLE;
  return PHASE_WORDS[c] ?? PHASE_WORDS[c.replace(/school$/, '')];
}

const STATUS_WORDS: Record<string, Status> = {
  community: 'community',
  communityschool: 'community',
  va: 'voluntary-aided',
  voluntaryaided: 'voluntary-aided',
  voluntaryaidedschool: 'voluntary-aided',
  vc: 'voluntary-controlled',
  voluntarycontrolled: 'voluntary-controlled',
  voluntarycontrolledschool: 'voluntary-controlled',
  foundation: 'foundation',
  foundationschool: 'foundation',
  academy: 'academy',
  special: 'special',
  pru: 'pru',
  pupilreferralunit: 'pru',
  nursery: 'nursery',
  localauthoritynurseryschool: 'nursery',
  nurseryschool: 'nursery',
  maintainednurseryschool: 'nursery',
  other: 'other',
};

/** Academy and free-school types of GIAS, and the other trust-run types the spec counts as academies. */
const ACADEMY = /academy|freeschool|universitytechnicalcollege|^utc|studioschool|citytechnologycollege/;
/** Community, foundation and non-maintained special schools. */
const SPECIAL = /special/;
const PRU = /pupilreferralunit|^pru$|localauthorityalternativeprovision/;
const NURSERY = /nursery/;
/** Recognised GIAS types that are none of the charged or named categories. */
const OTHER =
  /independent|furthereducation|sixthformcentre|secureunit|welshestablishment|servicechildren|offshore|otherstatefunded|governmentdepartment|fundedbyogd|britishschoolsoverseas|britishschooloverseas|britishoverseasschool|onlineprovider|miscellaneous|highereducation|post16institution|childrenscentre/;

/** Normalises a status or establishment type; undefined when unknown. */
export function normaliseStatus(text: string): Status | undefined {
  const c = compact(text);
  const known = STATUS_WORDS[c];
  if (known) return known;
  if (c === '') return undefined;
  if (ACADEMY.test(c)) return 'academy';
  // Before special: "Other independent special school" and "Special post 16 institution" are other.
  if (OTHER.test(c)) return 'other';
  if (SPECIAL.test(c)) return 'special';
  if (PRU.test(c)) return 'pru';
  if (NURSERY.test(c)) return 'nursery';
  return undefined;
}
