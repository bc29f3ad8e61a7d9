import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.js';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('architecture', () => {
  it('keeps src/core free of I/O, CLI and rendering imports', () => {
    const banned = /from ['"](node:[a-z_/]+|fs|path|process|child_process|chalk|cli-table3|commander|csv-parse[^'"]*|csv-stringify[^'"]*|iconv-lite|zod)['"]/;
    for (const file of files(join(ROOT, 'src/core'))) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(banned);
      expect(source, file).not.toMatch(/\bconsole\.|\bprocess\./);
    }
  });

  it('never computes money with binary floating point in src', () => {
    for (const file of files(join(ROOT, 'src'))) {
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/parseFloat\(|Math\.round\(|\bNumber\(/);
    }
  });

  it('lets only the entry point touch process', () => {
    for (const file of files(join(ROOT, 'src'))) {
      if (file.endsWith('cli/entry.ts')) continue;
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\bprocess\.(exit|stdout|stderr|argv|exitCode)/);
    }
  });
});
