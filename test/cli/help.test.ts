import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/cli/version.js';
import { ROOT, runBin } from '../helpers/bin.js';
import { runCli } from '../helpers/run.js';

const COMMANDS = ['allocate', 'check', 'explain', 'compare', 'convert', 'init', 'schema'];

describe('help and version', () => {
  it('keeps src/cli/version.ts in step with package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('prints the package version for dedel --version', () => {
    // --version and --help through the bin; each command's help in process.
    const run = runBin(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${VERSION}\n`);
  });

  it('lists every command with its description', () => {
    const run = runBin(['--help']);
    for (const command of COMMANDS) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b.*\\S`, 'm'));
  });

  it.each(COMMANDS)('gives %s a description, an example and one "Shared options:" heading holding --help', async (command) => {
    const run = await runCli([command, '--help']);
    expect(run.code).toBe(0);
    const text = run.stdout;
    const [, description = ''] = text.split('\n\n');
    expect(description.trim().length).toBeGreaterThan(20);
    expect(text).toMatch(/\nExample:\n  dedel /);
    expect(text.match(/^Shared options:$/gm)).toHaveLength(1);
    const shared = text.slice(text.indexOf('Shared options:')).split('\n\n')[0]!;
    expect(shared).toContain('-h, --help');
    expect(text).not.toMatch(/^Options:$/m);
  });
});
