import { DataError, UsageError, visible } from '../core/errors.js';
import { editDistance } from '../core/near-matches.js';
import { MAINTAINED, PHASES, STATUSES, type Phase, type Status } from '../core/types.js';

const MAINTAINED_STATUSES: ReadonlySet<Status> = new Set(MAINTAINED);
const MAINSTREAM_WORDS: readonly Status[] = ['community', 'voluntary-aided', 'voluntary-controlled', 'foundation'];
import { AGE_RANGE, compact, DEEMED_BY_AUTHORITY, NOT_APPLICABLE, namesTwoKinds, normalisePhase, phaseOfStatus, readEstablishment, type Establishment } from './normalise.js';

/**
 * The authority's own words for phases and statuses (`census.phases`, `census.statuses`,
 * `--phase-word`, `--status-word`): the census's word → dedel's. They are read before
 * dedel's own words, so an authority may say its middle schools are deemed secondary.
 */
export interface Words {
  phases?: Readonly<Record<string, Phase>>;
  statuses?: Readonly<Record<string, Status>>;
}

/** Reads phase and status cells in the authority's words first, then dedel's. */
export interface WordReader {
  phase(text: string): Phase | typeof NOT_APPLICABLE | undefined;
  establishment(text: string): Establishment | undefined;
}

export function wordReader(words: Words = {}): WordReader {
  const phases = new Map(Object.entries(words.phases ?? {}).map(([word, phase]) => [compact(word), phase]));
  const statuses = new Map(Object.entries(words.statuses ?? {}).map(([word, status]) => [compact(word), status]));
  return {
    phase: (text) => phases.get(compact(text)) ?? normalisePhase(text),
    establishment: (text) => {
      const mapped = statuses.get(compact(text));
      if (mapped === undefined) return readEstablishment(text);
      const phase = phaseOfStatus(mapped);
      return phase ? { status: mapped, phase } : { status: mapped };
    },
  };
}

const quoted = (text: string) => JSON.stringify(visible(text));

/** Cells that say whether a school is open (GIAS's establishment status), not what kind it is. */
const OPEN_WORDS = /^(?:open|closed|proposedtoopen|openbutproposedtoclose|proposedtoclose|closed[a-z0-9]+)$/;
const STATUS_NAMES: readonly string[] = STATUSES;

/** The one of `words` a word is a misspelling of (`Primery`, `Comunity`): within two edits, and the only one so near. */
function nearWord(text: string, words: readonly string[]): string | undefined {
  const c = compact(text);
  if (c.length < 5) return undefined;
  const near = words.filter((w) => editDistance(c, compact(w)) <= 2);
  return near.length === 1 ? near[0] : undefined;
}

/** The message for a status no word reads: what is expected, and the mapping that would accept it. */
export function unknownStatusMessage(text: string, column?: string): string {
  const two = namesTwoKinds(text);
  if (two) {
    // A note on the category (`VA (converting to academy 1/4/24)`, `Community with nursery`): which is the school?
    const example = two.find((k) => MAINSTREAM_WORDS.includes(k)) ?? two.find((k) => MAINTAINED_STATUSES.has(k)) ?? 'community';
    const convert = two.includes('academy') ? ' (dedel convert charges a school for the months before it converts)' : '';
    return `status ${quoted(text)} names both ${two.join(' and ')}; say which the school is at the census date: map it in the config: "census": { "statuses": { ${quoted(text)}: "${example}" } }, or with --status-word ${quoted(`${text}=${example}`)}${convert}`;
  }
  // `Closed`, `Open`: a column of whether each school is open, read as the status column.
  if (OPEN_WORDS.test(compact(text))) {
    return `${quoted(text)} says whether the school is open, not its status: if column ${quoted(column ?? 'status')} tells open schools from closed ones, give --column open=${quoted(column ?? 'HEADER')} (a closed school is then not charged), and name the schools' category column with --column status="HEADER"`;
  }
  const word = text === '' ? 'blank status' : `unknown status ${quoted(text)}`;
  // A word misspelt (`Comunity`) is mapped to the status it is near; any other to a placeholder
  // to fill in: a ready-made `=community` charged a closed or non-maintained school as community.
  const near = nearWord(text, STATUS_NAMES);
  const value = near ?? 'STATUS';
  const how =
    text === ''
      ? 'give the school\'s status'
      : `to read it as one of dedel's statuses, map it in the config: "census": { "statuses": { ${quoted(text)}: "${value}" } }, or with --status-word ${quoted(`${text}=${value}`)}${near === undefined ? `, STATUS the one it stands for (${STATUSES.join(', ')})` : ''}`;
  return `${word} for a school that could be charged; expected community, VA, VC, foundation, maintained, academy, special, PRU, nursery, non-maintained special, a GIAS establishment type or a DfE code (CY, VA, VC, FD, AC, ACC, F, SS, CTC); ${how}`;
}

/** The message for a phase no word reads, naming the mapping that would accept it. */
export function unknownPhaseMessage(text: string): string {
  const deemed = DEEMED_BY_AUTHORITY.has(compact(text)) || DEEMED_BY_AUTHORITY.has(compact(text.replace(/\([^)]*\)/g, ''))) || DEEMED_BY_AUTHORITY.has(compact(text.replace(AGE_RANGE, '')));
  const what = text === '' ? 'blank phase' : deemed ? `phase ${quoted(text)} is primary or secondary as the authority deems it` : `unknown phase ${quoted(text)}`;
  // A word misspelt (`Primery`) is mapped to the phase it is near; any other to a placeholder to
  // fill in: a ready-made `=primary` charged a secondary school (`S`) at the primary rate.
  const near = deemed ? undefined : nearWord(text, PHASES);
  const value = near ?? 'PHASE';
  const which = deemed ? 'primary or secondary, as the authority deems it' : `the one it stands for (${PHASES.join(', ')})`;
  const how =
    text === ''
      ? 'give the school\'s phase'
      : `to read it as one of dedel's phases, map it in the config: "census": { "phases": { ${quoted(text)}: "${value}" } }, or with --phase-word ${quoted(`${text}=${value}`)}${near === undefined ? `, PHASE ${which}` : ''}`;
  return `${what}${deemed ? '' : ' for a school that would be charged; expected primary, secondary, all-through, nursery, special, pru or 16-plus (or infant, junior, first, lower, middle deemed primary or secondary, upper)'}; ${how}`;
}

/** `--phase-word Middle=secondary`, `--status-word Comm=community` (repeatable) over the config's maps. */
export function wordsFrom(
  config: { phases?: Record<string, Phase>; statuses?: Record<string, Status> } | undefined,
  flags: { phaseWord?: readonly string[]; statusWord?: readonly string[] },
): Words {
  if (config) checkWords(config);
  const phases: Record<string, Phase> = { ...(config?.phases ?? {}) };
  const statuses: Record<string, Status> = { ...(config?.statuses ?? {}) };
  // A word given twice by the flags, meaning two things (`Middle=primary`, then `middle=secondary`):
  // the last was taken unseen, so which was meant is asked. A flag still wins over the config.
  const once = (flag: string, seen: Map<string, [string, string]>, word: string, value: string) => {
    const earlier = seen.get(compact(word));
    if (earlier !== undefined && earlier[1] !== value) throw new UsageError(`${flag} gives ${quoted(earlier[0])} two meanings, ${earlier[1]} and ${value}; give one`);
    seen.set(compact(word), [word, value]);
  };
  const phaseSeen = new Map<string, [string, string]>();
  for (const pair of flags.phaseWord ?? []) {
    const [word, phase] = wordPair(pair, '--phase-word', 'Middle=secondary');
    if (!(PHASES as readonly string[]).includes(phase)) throw new UsageError(`--phase-word: unknown phase "${phase}"; expected one of ${PHASES.join(', ')}`);
    once('--phase-word', phaseSeen, word, phase);
    phases[word] = phase as Phase;
  }
  const statusSeen = new Map<string, [string, string]>();
  for (const pair of flags.statusWord ?? []) {
    const [word, status] = wordPair(pair, '--status-word', 'Comm=community');
    if (!(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status-word: unknown status "${status}"; expected one of ${STATUSES.join(', ')}`);
    once('--status-word', statusSeen, word, status);
    statuses[word] = status as Status;
  }
  return { phases, statuses };
}

function wordPair(pair: string, flag: string, example: string): [string, string] {
  const at = pair.lastIndexOf('=');
  if (at <= 0) throw new UsageError(`${flag} expects WORD=VALUE, such as ${example}; got "${pair}"`);
  return [pair.slice(0, at).trim(), pair.slice(at + 1).trim().toLowerCase()];
}

/** A config map whose key is blank is refused: it could never match a cell. */
export function checkWords(words: Words, file?: string): void {
  for (const [key, map] of [['phases', words.phases], ['statuses', words.statuses]] as const) {
    const seen = new Map<string, string>();
    const entries: Record<string, string> = { ...(map ?? {}) };
    for (const [word, value] of Object.entries(entries)) {
      if (compact(word) === '') throw new DataError(`the word ${quoted(word)} has no letters or digits, so no cell could match it`, { ...(file ? { file } : {}), path: `census.${key}` });
      // Words are matched ignoring case and punctuation: `Middle` and `middle` are one word, and the last would win unseen.
      const earlier = seen.get(compact(word));
      if (earlier !== undefined && entries[earlier] !== value) {
        throw new DataError(`${quoted(word)} and ${quoted(earlier)} are one word to dedel (case and punctuation aside), mapped to ${entries[earlier]} and ${value}; give one`, { ...(file ? { file } : {}), path: `census.${key}.${word}` });
      }
      seen.set(compact(word), word);
    }
  }
}
