import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binEnv, ROOT, runBin } from '../helpers/bin.js';

// bin/dedel.js runs dist/bundle/dedel.cjs with V8's code cache recorded by `npm run build`.
// The cache only saves start-up time: a missing or rejected cache must change nothing.
const ARGS = ['allocate', join(ROOT, 'fixtures/sutton/appendix-b.csv'), '--rate', '5.10', '--foot', '--format', 'csv'];

function copyWith(cache: 'built' | 'missing' | 'garbage'): string {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-cache-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'dedel.js'), join(dir, 'bin', 'dedel.js'));
  copyFileSync(join(ROOT, 'bin', 'package.json'), join(dir, 'bin', 'package.json'));
  copyFileSync(join(ROOT, 'dist', 'bundle', 'dedel.cjs'), join(dir, 'dist', 'bundle', 'dedel.cjs'));
  if (cache === 'built') copyFileSync(join(ROOT, 'dist', 'bundle', 'dedel.cjs.cache'), join(dir, 'dist', 'bundle', 'dedel.cjs.cache'));
  if (cache === 'garbage') writeFileSync(join(dir, 'dist', 'bundle', 'dedel.cjs.cache'), 'not a V8 code cache');
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  return dir;
}

describe('start-up code cache', () => {
  it('is recorded by the build beside the bundle', () => {
    expect(existsSync(join(ROOT, 'dist', 'bundle', 'dedel.cjs.cache'))).toBe(true);
  });

  it('gives the same output, messages and exit code with the cache, without it and with a rejected one', () => {
    const reference = runBin(ARGS);
    expect(reference.code).toBe(0);
    for (const cache of ['built', 'missing', 'garbage'] as const) {
      const dir = copyWith(cache);
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'dedel.js'), ...ARGS], { cwd: ROOT, encoding: 'utf8', env: binEnv() });
      expect({ cache, code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ cache, code: reference.code, stdout: reference.stdout, stderr: reference.stderr });
    }
  });
});
