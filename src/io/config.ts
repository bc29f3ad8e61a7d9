import type { z } from 'zod';
import { DataError, quote, visible } from '../core/errors.js';
import { PHASES } from '../core/types.js';
import { ALSO, BY_PHASE, configJsonSchema, configSchema, type ConfigInput } from './config-schema.js';
import { editDistance } from '../core/near-matches.js';
import { duplicateKey, jsonErrorPosition } from './json-position.js';
import { tableNotConfig } from './sniff.js';
import { amountHint, pointGroupedMoney, twelfthsOf } from './numbers.js';
import { wordKey } from '../core/names.js';

/** A JSON path such as `services[1].rate` from zod's path array. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${visible(String(key))}`;
  return out || '(top level)';
}

function lineColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

/**
 * `__proto__` as a key (of a rate, weights or `census.columns` object) would not be a key
 * once in a JavaScript object, and so pass unseen: it is an unknown key like any other.
 */
function checkKeys(value: unknown, file: string, path: PropertyKey[] = []): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkKeys(item, file, [...path, i]));
    return;
  }
  for (const key of Object.keys(value)) {
    if (key === '__proto__') throw new DataError(`${visible(file)}: at ${jsonPath([...path, key])}: unknown key ${quote(key)}`);
    checkKeys((value as Record<string, unknown>)[key], file, [...path, key]);
  }
}

/**
 * Where an issue is a word the schema does not take (an enum) and the word, in another case or
 * with spaces for hyphens (`Half up`, `Largest remainder`), is one it takes, or another way of
 * writing one (`ALSO`), puts that word in its place in `json`: true where it did.
 */
function wordWritten(json: unknown, issue: z.core.$ZodIssue): boolean {
  if (issue.code !== 'invalid_value' || issue.path.length === 0) return false;
  const input = (issue as { input?: unknown }).input;
  if (typeof input !== 'string') return false;
  const written = wordKey(input);
  const word = issue.values.find((v): v is string => typeof v === 'string' && v !== input && (wordKey(v) === written || (ALSO[v]?.includes(written) ?? false)));
  if (word === undefined) return false;
  let at: unknown = json;
  for (const key of issue.path.slice(0, -1)) {
    if (typeof at !== 'object' || at === null) return false;
    at = (at as Record<PropertyKey, unknown>)[key as PropertyKey];
  }
  if (typeof at !== 'object' || at === null) return false;
  (at as Record<PropertyKey, unknown>)[issue.path.at(-1) as PropertyKey] = word;
  return true;
}


/**
 * Phase keys written as a paper heads them (`"Primary"`, `"All through"`) in a per-phase rate,
 * target, weights or decisions (and a buy-back's rates), read as dedel's phases (`primary`,
 * `all-through`), as `--rate Primary=5.10` is: a phase given twice so is an error naming both.
 */
function phaseKeys(value: unknown, file: string, path: PropertyKey[] = []): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => phaseKeys(item, file, [...path, i]));
    return;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const inner = object[key];
    if (BY_PHASE.has(key)) rename(inner, file, [...path, key]);
    else if (key === 'rates' && typeof inner === 'object' && inner !== null && !Array.isArray(inner)) {
      for (const [service, rates] of Object.entries(inner)) rename(rates, file, [...path, key, service]);
    }
    phaseKeys(inner, file, [...path, key]);
  }
}

/** The phase a key names as a paper heads it (`"Primary"`, `"All through"`): `primary`, `all-through`; undefined for any other key. */
function phaseWritten(key: string): string | undefined {
  const phase = key.trim().toLowerCase().replace(/[\s_]+/g, '-');
  return (PHASES as readonly string[]).includes(phase) ? phase : undefined;
}

function rename(value: unknown, file: string, path: PropertyKey[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const phase = phaseWritten(key);
    if (phase === undefined || phase === key) continue;
    if (Object.hasOwn(object, phase)) {
      const other = Object.keys(object).find((k) => k !== key && phaseWritten(k) === phase)!;
      throw new DataError(`${visible(file)}: at ${jsonPath([...path, key])}: phase ${phase} is given twice, as ${quote(key)} and ${quote(other)}; give it once`);
    }
    // Renamed in place, keeping the keys' order.
    const entries = Object.entries(object).map(([k, v]): [string, unknown] => [k === key ? phase : k, v]);
    for (const k of Object.keys(object)) delete object[k];
    for (const [k, v] of entries) object[k] = v;
  }
}

/**
 * A JSON number too large for a double (`1e309`) reads as infinity, a tiny one (`1e-400`) as
 * 0, and one with more than 15 significant digits loses its last ones: each is refused where
 * it is written, with what to write instead (its own digits, as a string).
 */
function checkNumbers(text: string, file: string): void {
  const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      // Skip the string: the text is valid JSON, so it ends at the next unescaped quote.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c !== '-' && (c < '0' || c > '9')) continue;
    number.lastIndex = i;
    const literal = number.exec(text)?.[0] ?? c;
    const value = JSON.parse(literal) as number;
    const where = { file, ...lineColumn(text, i), value: literal };
    if (!Number.isFinite(value)) throw new DataError('a number too large to read (JSON numbers past about 1.8e308 read as infinity); write amounts as decimal strings, such as "5.10"', where);
    if (value === 0 && /[1-9]/.test(literal.replace(/[eE].*$/, ''))) throw new DataError('a number too small to read (it reads as 0); write amounts as decimal strings, such as "0.01"', where);
    const digits = literal.replace(/[eE].*$/, '').replace(/[-.]/g, '').replace(/^0+/, '');
    if (digits.length > 15 && `${value}` !== literal) {
      throw new DataError(`a number with more digits than JSON keeps exactly (it reads as ${value}); write it as a string, "${literal}"`, where);
    }
    i += literal.length - 1;
  }
}

/**
 * A target or an amount taken off it written as a JSON number with three decimal places
 * (`"target": 160.000`): JSON reads 160, and the zeros that said it may be 160,000 in a European
 * region's grouping are gone before dedel sees the figure, so the literal is read here. A string
 * (`"160.000"`) is refused where the figure is read, as a flag's is.
 */
function checkMoneyLiterals(text: string, file: string): void {
  const literal = /^-?[1-9]\d{0,2}\.\d{3}$/;
  const refuse = (value: string, at: number) => {
    throw new DataError(pointGroupedMoney(value), { file, ...lineColumn(text, at), value });
  };
  for (const m of text.matchAll(/"(?:target|amount)"\s*:\s*(\{[^{}]*\}|-?[\d.]+)/g)) {
    const body = m[1]!;
    const start = m.index! + m[0].length - body.length;
    if (!body.startsWith('{')) {
      if (literal.test(body)) refuse(body, start);
      continue;
    }
    // A target per phase: { "primary": 160.000, … }.
    for (const inner of body.matchAll(/:\s*(-?[\d.]+)/g)) if (literal.test(inner[1]!)) refuse(inner[1]!, start + inner.index! + inner[0].length - inner[1]!.length);
  }
}

/**
 * A value that matches no branch of a union (`"de-delegate"` or `{ "decision": … }`) is
 * reported by the branch of its own type, so the message says what was wrong with it rather
 * than "Invalid input".
 */
function unionBranch(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const input = (issue as { input?: unknown }).input;
  const object = typeof input === 'object' && input !== null;
  // Drop the branches that did not take this kind of value at all (a word where an object came, or the reverse).
  const specific = issue.errors.flat().filter((inner) => !(inner.path.length === 0 && (inner.code === 'invalid_type' || (object && inner.code === 'invalid_value'))));
  if (specific.length === 0) return [issue];
  return specific.flatMap((inner) => unionBranch({ ...inner, path: [...issue.path, ...inner.path], input: (inner as { input?: unknown }).input } as z.core.$ZodIssue));
}

/** What an unexpected character in JSON most likely is, from the character: a comment, a single quote, or else a comma. */
function unexpected(body: string, at: number): string {
  const c = body[at];
  if (c === '/' && (body[at + 1] === '/' || body[at + 1] === '*')) return 'a comment, which JSON does not have; delete it';
  if ((c === ']' || c === '}') && /,\s*$/.test(body.slice(0, at))) return `a comma before this ${c}, which JSON does not allow after the last item; delete the comma`;
  if (c === "'" || c === '\u2018' || c === '\u2019') return 'a single quote; JSON writes names and text in double quotes ("rate": "5.10")';
  if (c === '\u201c' || c === '\u201d') return 'a curly quote (as a word processor types it); JSON writes names and text in straight double quotes (")';
  return 'unexpected character (a trailing comma, or a missing quote or comma?)';
}

/** Parses and validates a config file's text; errors name the file and the JSON path. */
export function readConfig(text: string, file: string): ConfigInput {
  let json: unknown;
  const body = text.replace(/^\uFEFF/, '');
  try {
    json = JSON.parse(body);
  } catch {
    const table = tableNotConfig(body, file);
    if (table) throw table;
    // Node 20 does not always give the position, so find it ourselves.
    const at = jsonErrorPosition(body);
    const where = lineColumn(body, Math.max(0, at));
    const found = body[at];
    throw new DataError(found === undefined ? 'not valid JSON: the file ends too soon (a missing } or ]?)' : `not valid JSON: ${unexpected(body, at)}`, {
      file,
      line: where.line,
      column: where.column,
      value: found,
    });
  }
  checkNumbers(body, file);
  checkMoneyLiterals(body, file);
  const twice = duplicateKey(body);
  if (twice) {
    const first = lineColumn(body, twice.first);
    throw new DataError(`the key ${quote(twice.key)} is given twice in one object (first on line ${first.line}, column ${first.column}); a JSON reader keeps only the last, unseen: delete the one not meant`, {
      file,
      ...lineColumn(body, twice.at),
      value: twice.key,
    });
  }
  checkKeys(json, file);
  phaseKeys(json, file);
  let result = configSchema.safeParse(json, { reportInput: true });
  // A word of the config's own written as a paper writes it (`"Half-up"`, `"Largest remainder"`,
  // `"Academy"`, `"All through"`) is that word: read so, and the config checked again.
  for (let tries = 0; !result.success && tries < 50; tries++) {
    const written = result.error.issues.flatMap(unionBranch).filter((issue) => wordWritten(json, issue));
    if (written.length === 0) break;
    result = configSchema.safeParse(json, { reportInput: true });
  }
  if (!result.success) {
    const issues = result.error.issues.flatMap(unionBranch);
    // A union that failed only because of a value inside it (`"rate": { "primary": true }`) is said there, once.
    const inside = (outer: z.core.$ZodIssue) => issues.some((i) => i !== outer && i.path.length > outer.path.length && outer.path.every((k, n) => i.path[n] === k));
    const lines = issues.filter((issue) => !(issue.code === 'invalid_union' && inside(issue))).map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const phases = issue.path.at(-1) === 'decisions' || issue.path.at(-1) === 'phases';
        return issue.keys
          .map((key) => {
            // A rate's, target's, weights' and decisions' phase keys are read as written (phaseKeys);
            // a basis per phase's are not, and say how to write them.
            const phase = phases ? phaseWritten(key) : undefined;
            const near = phase === undefined && !phases ? nearKey(issue.path, key) : undefined;
            const what =
              phase !== undefined
                ? `unknown key ${quote(key)}: a phase is written in lower case, ${quote(phase)}`
                : phases
                  ? `unknown phase ${quote(key)}; expected one of ${PHASES.join(', ')}`
                  : `unknown key ${quote(key)}${near === undefined ? '' : `; did you mean ${quote(near)}?`}`;
            return `${visible(file)}: at ${jsonPath([...issue.path, key])}: ${what}`;
          })
          .join('\n');
      }
      const input = (issue as { input?: unknown }).input;
      // A key left out: said so, with what it takes, not zod's "received undefined".
      if (issue.code === 'invalid_union' && issue.path.length > 0 && (input === undefined || input === null)) {
        return `${visible(file)}: at ${jsonPath(issue.path)}: ${input === null ? 'value null: give a value, or leave the key out' : 'missing; give a value'}`;
      }
      // A rate, target or other figure given as true, or as an object where a figure goes.
      const figure = ['rate', 'target', 'amount', 'unit', 'rateUnit', 'months'].includes(String(issue.path.at(-1))) || PHASES.includes(issue.path.at(-1) as never);
      if (issue.code === 'invalid_union' && figure && typeof input !== 'string' && !(typeof input === 'object' && input !== null && !Array.isArray(input))) {
        return `${visible(file)}: at ${jsonPath(issue.path)}: value ${JSON.stringify(input) ?? String(input)}: expected a decimal such as "5.10"${issue.path.at(-1) === 'rate' || issue.path.at(-1) === 'target' ? ', or one per phase ({ "primary": "5.83", "secondary": "7.92" })' : ''}`;
      }
      if (issue.code === 'invalid_type' && input === undefined && issue.path.length > 0) {
        return `${visible(file)}: at ${jsonPath(issue.path)}: missing; expected ${issue.expected === 'number' ? 'a number' : issue.expected === 'string' ? 'text' : issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'a list' : issue.expected}`;
      }
      // A vote as minutes write it (`"6-1-0"`): said in the config's own form.
      const last = issue.path.at(-1);
      if (last === 'vote' && typeof input === 'string') {
        const counts = /^\s*(\d+)\s*[-\u2013/:,]\s*(\d+)(?:\s*[-\u2013/:,]\s*(\d+))?\s*$/.exec(input);
        const form = counts ? `{ "for": ${counts[1]}, "against": ${counts[2]}${counts[3] !== undefined ? `, "abstain": ${counts[3]}` : ''} }` : 'such as { "for": 6, "against": 1, "abstain": 0 }';
        return `${visible(file)}: at ${jsonPath(issue.path)}: value ${quote(input)}: a vote is written with its counts named: ${form}`;
      }
      // A number in quotes (a vote's count among them), a list written as one text or one object,
      // text written as a number: said with what to write, not zod's "expected number, received string".
      if (issue.code === 'invalid_type') {
        const at = `${visible(file)}: at ${jsonPath(issue.path)}`;
        const count = last === 'for' || last === 'against' || last === 'abstain';
        if (issue.expected === 'number' && typeof input === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(input)) return `${at}: value ${quote(input)}: ${count ? 'a count is a number' : 'a number'}, written without quotes: ${input.trim()}`;
        if (issue.expected === 'array' && typeof input === 'string') return `${at}: value ${quote(input)}: a list, written in square brackets: [${input.split(',').map((part) => JSON.stringify(part.trim())).join(', ')}]`;
        if (issue.expected === 'array' && typeof input === 'object' && input !== null) return `${at}: one item where a list goes: write it in square brackets, [ { \u2026 } ]`;
        if (issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) return `${at}: value ${JSON.stringify(input)}: text, written in quotes: ${JSON.stringify(String(input))}`;
      }
      const value = typeof input === 'string' ? `: value ${quote(input)}` : typeof input === 'number' || typeof input === 'boolean' ? `: value ${JSON.stringify(input)}` : '';
      const twelfths = typeof input === 'string' && last === 'months' ? twelfthsOf(input) : undefined;
      const hint = twelfths !== undefined ? `; ${input as string} of the year is ${twelfths} months: write "${twelfths}"` : typeof input === 'string' ? amountHint(input) : '';
      return `${visible(file)}: at ${jsonPath(issue.path)}${value}: ${issue.message}${hint}`;
    });
    throw new DataError(lines.join('\n'));
  }
  return result.data;
}

/**
 * The key a mistyped one was meant to be (`rates` for `rate`, `service` for `services`): the
 * key the config's schema allows at that place within two letters of it, where there is one.
 */
function nearKey(path: readonly PropertyKey[], key: string): string | undefined {
  type Node = { properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; oneOf?: Node[] };
  const alternatives = (node: Node): Node[] => [node, ...(node.anyOf ?? []).flatMap(alternatives), ...(node.oneOf ?? []).flatMap(alternatives)];
  let nodes: Node[] = [configJsonSchema() as Node];
  for (const step of path) {
    nodes = nodes.flatMap(alternatives).flatMap((node) => {
      const next = typeof step === 'number' ? node.items : node.properties?.[String(step)];
      return next === undefined ? [] : [next];
    });
  }
  const allowed = [...new Set(nodes.flatMap(alternatives).flatMap((node) => Object.keys(node.properties ?? {})))].filter((k) => k !== '$schema');
  const found = allowed.map((k) => ({ k, d: editDistance(k.toLowerCase(), key.toLowerCase()) })).filter((c) => c.d <= 2).sort((a, b) => a.d - b.d);
  return found.length > 0 && (found.length === 1 || found[0]!.d < found[1]!.d) ? found[0]!.k : undefined;
}
