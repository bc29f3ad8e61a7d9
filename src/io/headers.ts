import { DataError, visible } from '../core/errors.js';
import { compact } from './normalise.js';
import { columnLetters } from '../core/names.js';
import { listed } from '../core/messages.js';

/** The census fields dedel knows by name; any other column is kept under its compact header. */
export const KNOWN_FIELDS = ['urn', 'name', 'phase', 'status', 'nor', 'nor_primary', 'nor_secondary', 'months', 'open'] as const;
export type KnownField = (typeof KNOWN_FIELDS)[number];

/** Header aliases, compared after `compact` (case, spaces and punctuation ignored). */
export const ALIASES: Record<KnownField, readonly string[]> = {
  urn: ['urn', 'laestab', 'dfe number', 'unique reference number'],
  name: ['school', 'school name', 'establishmentname', 'name', 'schname'],
  phase: ['phase', 'phaseofeducation (name)', 'phase of education', 'education phase', 'phase type grouping'],
  status: ['status', 'category', 'type', 'typeofestablishment (name)', 'type of establishment', 'governance', 'nftype'],
  nor: ['nor', 'number on roll', 'numberofpupils', 'pupils', 'no. on roll', 'pupils on roll', 'total nor', 'totpups', 'headcount of pupils', 'NOR <census date>', '<census date> NOR'],
  nor_primary: ['nor primary', 'primary nor', 'nor pri', 'pri nor'],
  nor_secondary: ['nor secondary', 'secondary nor', 'nor sec', 'sec nor'],
  months: ['months', 'no. of months', 'number of months', 'months charged', 'months to charge', 'months maintained', 'maintained months'],
  // GIAS: Open, Closed, Open but proposed to close, Proposed to open.
  open: ['establishmentstatus (name)', 'establishment status'],
};

/**
 * Other words for a field that authorities' own Schools Forum tables use, weaker than those
 * above: a column so headed is the field only where no column has one of its names above. A
 * table with both `Phase` and `Sector` (which some use for maintained or academy) reads its
 * phase from `Phase`, and `Sector` stays a column of its own, as it was before it was a word for phase.
 */
export const LOOSE_ALIASES: Partial<Record<KnownField, readonly string[]>> = {
  urn: ['dfe no', 'dfe', 'school urn', 'urn no', 'dfe ref', 'laestab no', 'estab', 'estab no', 'establishment number', 'school number', 'school no', 'establishment no', 'sch no', 'school code', 'dfe code', 'school id', 'school ref'],
  name: ['establishment', 'academy name', 'name of school', 'school/academy', 'school or academy', 'school/academy name', 'academy/school', 'schools', 'name of establishment', 'name of school/academy', 'name of school or academy'],
  phase: ['school phase', 'sector', 'phase of school', 'establishment phase', 'school level', 'stage'],
  status: [
    'school type',
    'type of school',
    'school category',
    'governance type',
    'school status',
    'academy status',
    'establishment type',
    'academy/maintained',
    'maintained/academy',
    'academy or maintained',
    'maintained or academy',
    'la/academy',
    'academy/la',
  ],
  // A pupil headcount is the number on roll (a full-time equivalent, FTE, is not: it counts a part-time pupil as half).
  nor: ['total pupils', 'pupil numbers', 'no. of pupils', 'headcount', 'pupil headcount', 'roll', 'on roll', 'pupil count', 'number of pupils on roll'],
};

const COMPACT_ALIASES = new Map<string, KnownField>();
for (const field of KNOWN_FIELDS) {
  for (const alias of ALIASES[field]) if (!alias.includes('<')) COMPACT_ALIASES.set(compact(alias), field);
}
const COMPACT_LOOSE = new Map<string, KnownField>();
for (const field of KNOWN_FIELDS) for (const alias of LOOSE_ALIASES[field] ?? []) COMPACT_LOOSE.set(compact(alias), field);

/**
 * `NOR October 22`, `NOR Jan 2023`, `NOR Autumn 2023`, `NOR 2023`: NOR followed by a census
 * date; or after one, as many tables head it (`Oct 23 NOR`, `October 2023 NOR`, `2023/24 NOR`).
 */
const NOR_DATED =
  /^(?:(?:nor|numberonroll)(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|census)[a-z]*)?\d{2,4}|(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|census)[a-z]*)?(?:\d{2}|\d{4}|\d{6}|\d{8})(?:nor|numberonroll))$/;

/**
 * A basis followed by a census date or year, compacted: `SEN Jan 21`, `FSM Oct 2023`,
 * `NOR 2022/23`, `Pupils (Autumn 2023)`. The basis comes first; a bare year has four digits
 * (or a span, `2022/23`, `2022-2023`), a month or term may take two.
 */
const DATED = /^([a-z][a-z0-9+]*?[a-z+])(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|census)[a-z]*(?:\d{2}|\d{4})|\d{4}(?:\d{2}|\d{4})?)$/;

/** A compacted header without its census date or year: `senjan21` → `sen`. */
export function undated(c: string): string {
  return DATED.exec(c)?.[1] ?? c;
}

/**
 * NOR at the census with no date in figures (`Census NOR`, `NOR Census`, `October Census NOR`,
 * `NOR at census`, `NOR October`), compacted: a month or term written whole or short, the word
 * census, or both.
 */
const NOR_CENSUS =
  /^(?:(?:nor|numberonroll)(?:at)?(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:spring|summer|autumn)(?:term)?)(?:census)?|census)|(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|(?:spring|summer|autumn)(?:term)?)(?:census)?|census)(?:nor|numberonroll))$/;

/**
 * A census date or year before a header's words, compacted (`Oct 23 Headcount`, `2023/24
 * Pupils`): the words after it; the text as it was where none is before them.
 */
const PREDATED = /^(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|spring|summer|autumn|census)[a-z]*?)?(?:\d{2}|\d{4}|\d{6}|\d{8})([a-z][a-z0-9+]*)$/;

/** A compacted header without a census date or year before its words: `oct23headcount` → `headcount`. */
function predated(c: string): string {
  return PREDATED.exec(c)?.[1] ?? c;
}

/** Whether a compacted header is NOR by one of its own names with a census date before or after it, or the word census. */
function isDatedNor(c: string): boolean {
  return NOR_DATED.test(c) || NOR_CENSUS.test(c) || COMPACT_ALIASES.get(predated(c)) === 'nor';
}

/** Whether a compacted header is one of NOR's looser words with a census date after or before it (`Headcount Oct 2024`, `Oct 24 Headcount`). */
function isDatedLooseNor(c: string): boolean {
  return COMPACT_LOOSE.get(undated(c)) === 'nor' || COMPACT_LOOSE.get(predated(c)) === 'nor';
}

/**
 * The known field a header stands for, if any: by one of its names (dated or not), or, `loose`,
 * only by one of the looser words (LOOSE_ALIASES), dated or not, or with a note (`noted`).
 */
function headerField(header: string): { field: KnownField; loose: boolean } | undefined {
  const c = compact(header);
  const named = COMPACT_ALIASES.get(c) ?? (isDatedNor(c) ? 'nor' : COMPACT_ALIASES.get(undated(c)));
  if (named !== undefined) return { field: named, loose: false };
  const loose = COMPACT_LOOSE.get(c) ?? (isDatedLooseNor(c) ? 'nor' : noted(header));
  return loose === undefined ? undefined : { field: loose, loose: true };
}

/** The known field a header stands for, if any (by one of its names, or one of its looser words). */
export function fieldOfHeader(header: string): KnownField | undefined {
  return headerField(header)?.field;
}

/** A note after a header: in brackets, a range of year groups (`R-Y6`, `Y7-11`), or what it leaves out or takes in (`excl. nursery`). */
const NOTE = /\s*\([^)]*\)|\s+(?:y(?:ear)?\s*)?(?:r|n|\d{1,2})\s*[-\u2013]\s*(?:y(?:ear)?\s*)?\d{1,2}\s*$|\s+(?:excl|incl|exc|inc|excluding|including)\b.*$/gi;

/** What a note after NOR says it leaves out or takes in (`excl. nursery`): still the roll. */
const ROLL_NOTE = /\b(?:excl|incl|exc|inc|excluding|including)\b/i;
/** A note naming a part of the roll or another measure than the headcount. */
const PART_NOTE = /\bfte\b|full[ -]?time|part[ -]?time|%|percent|\bks ?\d|key ?stage|nursery|sixth|post ?16|16 ?\+|\bsen\b|\bfsm\b|\behc|\beal\b|boys|girls|\bprimary\b|\bsecondary\b|\bplaces?\b|\bpupil premium\b/i;

/** Whether a header's notes name a part of the roll or another measure (`NOR (KS4)`, `Pupils (FTE)`), not the whole roll (`NOR (R-Y11)`, `Pupils (excl. nursery)`). */
function partNote(header: string): boolean {
  const notes = header.match(NOTE) ?? [];
  return notes.some((note) => !ROLL_NOTE.test(note) && PART_NOTE.test(note));
}

/** A note in brackets after a header (`Status (LA/Academy)`, `Phase (P/S)`). */
const BRACKETED = /\s*\([^)]*\)/g;

/**
 * The field a header with a note after it stands for, as a looser word: NOR with any note
 * (`NOR (R-Y11)`, `NOR R-Y6`, `Pupils (excl. nursery)`, `NOR Oct 23 (R-Y11)`), and a status,
 * phase or id with a note in brackets (`Status (LA/Academy)`, `Phase (Primary/Secondary)`,
 * `URN (DfE)`), so a column headed `NOR`, `Status`, `Phase` or `URN` beside it is the field,
 * and it stays a column of its own. Never a name: `School (URN)` holds ids.
 */
function noted(header: string): KnownField | undefined {
  const bare = header.replace(NOTE, '').trim();
  if (bare === header.trim() || bare === '') return undefined;
  const c = compact(bare);
  const nor = COMPACT_ALIASES.get(c) === 'nor' || isDatedNor(c) || COMPACT_ALIASES.get(undated(c)) === 'nor' || COMPACT_LOOSE.get(c) === 'nor' || isDatedLooseNor(c);
  // A note naming a part of the roll or another measure (`NOR (KS4)`, `Pupils (FTE)`, `NOR (%)`,
  // `NOR (nursery)`) makes it no whole-school NOR: such a column was charged as the NOR.
  if (nor) return partNote(header) ? undefined : 'nor';
  const plain = compact(header.replace(BRACKETED, ''));
  if (plain === '' || plain === compact(header)) return undefined;
  const field = COMPACT_ALIASES.get(plain) ?? COMPACT_LOOSE.get(plain);
  return field === 'status' || field === 'phase' || field === 'urn' ? field : undefined;
}

/** The key a field is looked up by: known fields as named, others compacted without a census date (`SEN Jan 21` → `sen`). */
export function fieldKey(field: string): string {
  const known = (KNOWN_FIELDS as readonly string[]).includes(field) ? field : undefined;
  if (known) return known;
  const c = compact(field);
  return COMPACT_ALIASES.get(c) ?? (isDatedNor(c) ? 'nor' : (COMPACT_ALIASES.get(undated(c)) ?? undated(c)));
}

/**
 * Maps fields to column indexes. Explicit mappings (`--column nor="NOR October 22"`) win;
 * otherwise aliases; two headers for one known field is an error naming both. Other columns
 * that compact to the same name are recorded in `ambiguous`.
 */
export function mapHeaders(
  headers: readonly string[],
  explicit: Readonly<Record<string, string>>,
  file: string,
  line = 1,
  ambiguous: Map<string, string[]> = new Map(),
): Map<string, number> {
  const fields = new Map<string, number>();
  const explicitKeys = new Set<string>();
  for (const [field, header] of Object.entries(explicit)) {
    const exact = indexesOf(headers, (h) => h.trim() === header.trim());
    const matches = exact.length ? exact : indexesOf(headers, (h) => compact(h) === compact(header));
    const loose = matches[0] ?? -1;
    if (loose < 0) {
      throw new DataError(`no column "${visible(header)}" for ${field}; the headers are: ${headerList(headers)}`, { file, line });
    }
    // Two columns headed alike: --column cannot say which, and taking the first would charge on it unseen.
    if (matches.length > 1) throw new DataError(`${sameHeader(headers, matches)}, so --column ${field}="${visible(header)}" cannot tell them apart; rename one in the file`, { file, line });
    fields.set(fieldKey(field), loose);
    explicitKeys.add(fieldKey(field));
  }
  const taken = new Set(fields.values());
  // Fields taken by a looser word: a column with one of the field's own names takes them back.
  const loose = new Set<string>();
  /** A column kept under its own compact header, where nothing else is. */
  const ownName = (index: number) => {
    const own = undated(compact(headers[index] ?? ''));
    if (own !== '' && !fields.has(own)) fields.set(own, index);
  };
  headers.forEach((header, index) => {
    if (taken.has(index)) return;
    const read = headerField(header);
    const known = read?.field;
    const key = known ?? undated(compact(header));
    if (key === '' || explicitKeys.has(key)) return;
    const previous = fields.get(key);
    const weak = read?.loose === true;
    if (previous !== undefined && weak !== loose.has(key)) {
      if (weak) return ownName(index);
      // The field's own name wins over a looser word seen first.
      fields.set(key, index);
      loose.delete(key);
      return ownName(previous);
    }
    if (weak) {
      loose.add(key);
      ownName(index);
    }
    if (previous !== undefined) {
      // DfE files give both URN and LAESTAB: the URN is the school's id. Two URN columns are
      // refused below, as any field headed twice is: taking either would charge by it unseen.
      const urns = (compact(header) === 'urn' ? 1 : 0) + (compact(headers[previous] ?? '') === 'urn' ? 1 : 0);
      if (key === 'urn' && urns === 1) {
        if (compact(header) === 'urn') fields.set(key, index);
        return;
      }
      if (!known) {
        // Two other columns with the same compact name ("FSM %" and "FSM"): an error only if
        // a service charges on it, which the census reader checks.
        ambiguous.set(key, [...(ambiguous.get(key) ?? [headers[previous] ?? '']), header]);
        return;
      }
      if ((headers[previous] ?? '').trim() === header.trim()) {
        throw new DataError(`${sameHeader(headers, [previous, index])}: both could be ${key}; rename one in the file (--column cannot tell them apart), or both if neither is`, { file, line });
      }
      throw new DataError(
        `columns "${visible(headers[previous] ?? '')}" and "${visible(header)}" could both be ${key}; choose one with --column ${key}="HEADER"${key === 'status' ? ' (and where the other says whether each school is open or closed, give it as --column open="HEADER": a closed school is then not charged)' : ''}`,
        { file, line },
      );
    }
    fields.set(key, index);
  });
  return fields;
}

/** The indexes of the headers `match` takes. */
function indexesOf(headers: readonly string[], match: (header: string) => boolean): number[] {
  const out: number[] = [];
  headers.forEach((h, i) => {
    if (match(h)) out.push(i);
  });
  return out;
}

/** Columns headed alike, as a spreadsheet shows them: `columns E and F are both headed "NOR"`. */
function sameHeader(headers: readonly string[], indexes: readonly number[]): string {
  return `columns ${listed(indexes.map(columnLetters))} are ${indexes.length === 2 ? 'both' : 'all'} headed "${visible(headers[indexes[0]!] ?? '')}"`;
}

/** The most of a header list a message quotes, in characters; the rest are counted. */
const HEADER_LIST_LIMIT = 600;

/**
 * The file's headers, quoted, for a message that lists them: every one where they fit in a few
 * lines, else the first ones and a count (`… and 118 more columns`). A GIAS download has some
 * 140 columns, over 3,000 characters of headers: listed whole they pushed the advice after
 * them (the names accepted, the `--column` to give) past the longest line a message prints.
 */
export function headerList(headers: readonly string[]): string {
  const quoted = headers.map((h) => `"${visible(h)}"`);
  let length = 0;
  let shown = 0;
  while (shown < quoted.length && length + quoted[shown]!.length <= HEADER_LIST_LIMIT) length += quoted[shown++]!.length + 2;
  if (shown === quoted.length) return quoted.join(', ');
  return `${quoted.slice(0, Math.max(shown, 1)).join(', ')} \u2026 and ${quoted.length - Math.max(shown, 1)} more columns`;
}

/** Lists the headers accepted for a field, for "missing column" messages. */
export function aliasesOf(field: string): string {
  const known = (KNOWN_FIELDS as readonly string[]).includes(field) ? (field as KnownField) : undefined;
  if (!known) return `"${field}"`;
  const names = ALIASES[known];
  const plain = names.filter((a) => !a.includes('<'));
  return [...plain, ...(LOOSE_ALIASES[known] ?? []), ...names.filter((a) => a.includes('<'))].map((a) => `"${a}"`).join(', ');
}
