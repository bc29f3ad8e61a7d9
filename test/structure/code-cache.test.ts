import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binEnv, ROOT, runBin } from '../helpers/bin.js';

// bin/dedel.js runs dist/bundle/dedel.cjs with V8's code cache recorded by `npm run build`.
// The cache only saves start-up time: a missing or rejected cache must change nothing.
const ARGS = ['allocate', join(ROOT, 'fixtures/sutton/appendix-b.csv'), '--rate', '5.10', '--foot', '--format', 'csv'];

type Cache = 'built' | 'missing' | 'garbage';

/**
 * The bin and bundle copied with the main bundle's cache as `cache` says, and zod's bundle and
 * cache as `zod` says ('none': no zod bundle, so zod comes from node_modules). The copy is made
 * inside dist/, where node_modules is found as from the bin.
 */
function copyWith(cache: Cache, zod: Cache | 'none' = 'built'): string {
  const dir = mkdtempSync(join(ROOT, 'dist', 'cache-test-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'dedel.js'), join(dir, 'bin', 'dedel.js'));
  copyFileSync(join(ROOT, 'bin', 'package.json'), join(dir, 'bin', 'package.json'));
  copyFileSync(join(ROOT, 'dist', 'bundle', 'dedel.cjs'), join(dir, 'dist', 'bundle', 'dedel.cjs'));
  if (cache === 'built') copyFileSync(join(ROOT, 'dist', 'bundle', 'dedel.cjs.cache'), join(dir, 'dist', 'bundle', 'dedel.cjs.cache'));
  if (cache === 'garbage') writeFileSync(join(dir, 'dist', 'bundle', 'dedel.cjs.cache'), 'not a V8 code cache');
  if (zod !== 'none') copyFileSync(join(ROOT, 'dist', 'bundle', 'zod.cjs'), join(dir, 'dist', 'bundle', 'zod.cjs'));
  if (zod === 'built') copyFileSync(join(ROOT, 'dist', 'bundle', 'zod.cjs.cache'), join(dir, 'dist', 'bundle', 'zod.cjs.cache'));
  if (zod === 'garbage') writeFileSync(join(dir, 'dist', 'bundle', 'zod.cjs.cache'), 'not a V8 code cache');
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  return dir;
}

describe('start-up code cache', () => {
  it('is recorded by the build beside the bundle, and beside zod bundled on its own', () => {
    expect(existsSync(join(ROOT, 'dist', 'bundle', 'dedel.cjs.cache'))).toBe(true);
    expect(existsSync(join(ROOT, 'dist', 'bundle', 'zod.cjs.cache'))).toBe(true);
  });

  it('reads a config the same with zod bundled and cached, without its cache, with a rejected one and from node_modules', () => {
    const args = ['allocate', join(ROOT, 'fixtures/two-services/census.csv'), '-c', join(ROOT, 'fixtures/two-services/dedel.json'), '--foot', '--format', 'csv'];
    const bad = ['allocate', join(ROOT, 'fixtures/two-services/census.csv'), '-c', '-'];
    const reference = runBin(args);
    const refused = runBin(bad, { input: '{"services": [{"rate": "x"}]}' });
    expect(reference.code).toBe(0);
    expect(refused.code).not.toBe(0);
    for (const zod of ['built', 'missing', 'garbage', 'none'] as const) {
      const dir = copyWith('built', zod);
      try {
        const r = spawnSync(process.execPath, [join(dir, 'bin', 'dedel.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: binEnv() });
        expect({ zod, code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ zod, code: reference.code, stdout: reference.stdout, stderr: reference.stderr });
        // A config zod refuses: the same message through every way of loading it.
        const e = spawnSync(process.execPath, [join(dir, 'bin', 'dedel.js'), ...bad], { cwd: ROOT, encoding: 'utf8', env: binEnv(), input: '{"services": [{"rate": "x"}]}' });
        expect({ zod, code: e.status, stderr: e.stderr }).toEqual({ zod, code: refused.code, stderr: refused.stderr });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('gives the same output, messages and exit code with the cache, without it and with a rejected one', () => {
    const reference = runBin(ARGS);
    expect(reference.code).toBe(0);
    for (const cache of ['built', 'missing', 'garbage'] as const) {
      const dir = copyWith(cache);
      try {
        const r = spawnSync(process.execPath, [join(dir, 'bin', 'dedel.js'), ...ARGS], { cwd: ROOT, encoding: 'utf8', env: binEnv() });
        expect({ cache, code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ cache, code: reference.code, stdout: reference.stdout, stderr: reference.stderr });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
