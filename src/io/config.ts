import type { z } from 'zod';
import { DataError, quote, visible } from '../core/errors.js';
import { PHASES } from '../core/types.js';
import { configSchema, type ConfigInput } from './config-schema.js';
import { jsonErrorPosition } from './json-position.js';

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

/** Parses and validates a config file's text; errors name the file and the JSON path. */
export function readConfig(text: string, file: string): ConfigInput {
  let json: unknown;
  const body = text.replace(/^\uFEFF/, '');
  try {
    json = JSON.parse(body);
  } catch {
    // Node 20 does not always give the position, so find it ourselves.
    const at = jsonErrorPosition(body);
    const where = lineColumn(body, Math.max(0, at));
    const found = body[at];
    throw new DataError(found === undefined ? 'not valid JSON: the file ends too soon (a missing } or ]?)' : 'not valid JSON: unexpected character (a trailing comma, or a missing quote or comma?)', {
      file,
      line: where.line,
      column: where.column,
      value: found,
    });
  }
  const result = configSchema.safeParse(json, { reportInput: true });
  if (!result.success) {
    const lines = result.error.issues.flatMap(unionBranch).map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const phases = issue.path.at(-1) === 'decisions' || issue.path.at(-1) === 'phases';
        return issue.keys
          .map((key) => `${visible(file)}: at ${jsonPath([...issue.path, key])}: ${phases ? `unknown phase ${quote(key)}; expected one of ${PHASES.join(', ')}` : `unknown key ${quote(key)}`}`)
          .join('\n');
      }
      const input = (issue as { input?: unknown }).input;
      const value = typeof input === 'string' ? `: value ${quote(input)}` : typeof input === 'number' || typeof input === 'boolean' ? `: value ${JSON.stringify(input)}` : '';
      return `${visible(file)}: at ${jsonPath(issue.path)}${value}: ${issue.message}`;
    });
    throw new DataError(lines.join('\n'));
  }
  return result.data;
}
