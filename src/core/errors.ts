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

/** A problem the user can fix; the CLI prints `message` and exits with `exitCode`. */
export class DedelError extends Error {
  readonly exitCode: ExitCode;
  readonly where: Location | undefined;
  constructor(message: string, exitCode: ExitCode, where?: Location) {
    const prefix = describe(where);
    super(prefix ? `${prefix}: ${message}` : message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.where = where;
  }
}

/** Bad data or config: exit 1. */
export class DataError extends DedelError {
  constructor(message: string, where?: Location) {
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
  constructor(message: string) {
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

/** A cell's text on one line: line breaks, tabs and other control characters shown as escapes. */
export function visible(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Formats a location prefix such as `census.csv:12: column "NOR":`. */
export function describe(where: Location | undefined): string {
  if (!where) return '';
  let out = where.file ?? '';
  if (where.line !== undefined) out += `${out ? ':' : 'line '}${where.line}`;
  if (where.path !== undefined) out += `${out ? ': ' : ''}at ${where.path}`;
  if (where.column !== undefined) out += `${out ? ': ' : ''}column ${typeof where.column === 'number' ? where.column : `"${visible(where.column)}"`}`;
  if (where.value !== undefined) out += `${out ? ': ' : ''}value "${visible(where.value)}"`;
  return out;
}

/** Internal invariant; a failure is a bug in dedel, not in the user's data. */
export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`dedel internal error: ${message}`);
}
