import { DataError } from '../core/errors.js';
import { configSchema, type ConfigInput } from './config-schema.js';

/** A JSON path such as `services[1].rate` from zod's path array. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
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
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? lineColumn(text, parseInt(at[1] ?? '0', 10)) : undefined;
    throw new DataError(`not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, {
      file,
      line: where?.line,
      column: where?.column,
    });
  }
  const result = configSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => `${file}: at ${jsonPath([...issue.path, key])}: unknown key "${key}"`).join('\n');
      }
      return `${file}: at ${jsonPath(issue.path)}: ${issue.message}`;
    });
    throw new DataError(lines.join('\n'));
  }
  return result.data;
}
