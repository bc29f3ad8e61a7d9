import { DataError, quote, visible } from '../core/errors.js';
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
    const lines = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => `${visible(file)}: at ${jsonPath([...issue.path, key])}: unknown key ${quote(key)}`).join('\n');
      }
      const input = (issue as { input?: unknown }).input;
      const value = typeof input === 'string' ? `: value ${quote(input)}` : typeof input === 'number' || typeof input === 'boolean' ? `: value ${JSON.stringify(input)}` : '';
      return `${visible(file)}: at ${jsonPath(issue.path)}${value}: ${issue.message}`;
    });
    throw new DataError(lines.join('\n'));
  }
  return result.data;
}
