import { plainText, type Message } from './messages.js';

/** Where in the user's input a problem lies. */
export interface Location {
  file?: string;
  line?: number;
  column?: string | number;
  path?: string;
  value?: string;
}

/** Exit codes. */
export const EXIT = { ok: 0, data: 1, usage: 2, check: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A problem the user can fix; the CLI prints it (render's `problemText`) and exits with
 * `exitCode`. `message` is the same text with sums of money as plain figures.
 */
export class DedelError extends Error {
  readonly exitCode: ExitCode;
  readonly where: Location | undefined;
  /** The message without its location: the same problem on many rows has the same detail. */
  readonly detail: Message;
  constructor(message: Message, exitCode: ExitCode, where?: Location) {
    super(located(where, plainText(message)));
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.where = where;
    this.detail = message;
  }
}

/** Bad data or config: exit 1. */
export class DataError extends DedelError {
  constructor(message: Message, where?: Location) {
    super(message, EXIT.data, where);
  }
}

/** Bad usage of the command line: exit 2. */
export class UsageError extends DedelError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** A requested check failed: exit 3. */
export class CheckError extends DedelError {
  constructor(message: Message) {
    super(message, EXIT.check);
  }
}

/** Several data problems at once (`check` reports every one). */
export class DataErrors extends DataError {
  readonly problems: DataError[];
  constructor(problems: DataError[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.problems = problems;
  }
}

/**
 * Characters that must not reach a terminal as they are: C0 and C1 controls, DEL, the
 * bidirectional overrides and isolates (U+202E can reverse the rest of a line), the
 * invisible marks, the line and paragraph separators, and a lone BOM; and the no-break
 * spaces, which look like a space but are not one (`1 120` with one is not a number).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u00a0\u061c\u200b-\u200f\u2028-\u202f\u2060-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A value's text on one line: line breaks, tabs and other unsafe characters shown as escapes. */
export function visible(value: string): string {
  return value.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** The longest value quoted whole in a message; a longer one is cut, with its length. */
export const QUOTE_LIMIT = 60;

/**
 * The length of a value cut from a message: `5,242,880 characters`. A count of characters, not
 * a figure of the user's; it is here because an error words its location when it is made.
 */
function lengthText(n: number): string {
  return `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} characters`;
}

/**
 * A value quoted for a message: on one line, unsafe characters escaped, and cut when long
 * (`"9x9x9…" (5,242,880 characters)`), so one bad cell cannot flood or rewrite a terminal.
 */
export function quote(value: string): string {
  if (value.length <= QUOTE_LIMIT) return `"${visible(value)}"`;
  return `"${visible(value.slice(0, QUOTE_LIMIT - 1))}…" (${lengthText(value.length)})`;
}

/** The longest message line printed; a longer one is cut (a last guard: values are cut by `quote`). */
export const LINE_LIMIT = 2000;

/** One line of a message as printed: unsafe characters escaped and the length bounded. */
export function safeLine(line: string): string {
  const shown = visible(line);
  return shown.length <= LINE_LIMIT ? shown : `${shown.slice(0, LINE_LIMIT - 1)}… (${lengthText(shown.length)})`;
}

/** Formats a location prefix such as `census.csv:12: column "NOR":`. */
export function describe(where: Location | undefined): string {
  if (!where) return '';
  let out = where.file === undefined ? '' : visible(where.file);
  if (where.line !== undefined) out += `${out ? ':' : 'line '}${where.line}`;
  if (where.path !== undefined) out += `${out ? ': ' : ''}at ${where.path}`;
  if (where.column !== undefined) out += `${out ? ': ' : ''}column ${typeof where.column === 'number' ? where.column : quote(where.column)}`;
  if (where.value !== undefined) out += `${out ? ': ' : ''}value ${quote(where.value)}`;
  return out;
}

/** A message's text after its location, where it has one: `census.csv:12: column "NOR": …`. */
export function located(where: Location | undefined, text: string): string {
  const prefix = describe(where);
  return prefix ? `${prefix}: ${text}` : text;
}

/** Internal invariant; a failure is a bug in dedel, not in the user's data. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`dedel internal error: ${message}`);
}
