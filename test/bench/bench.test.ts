import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-ignore: the bench is plain JavaScript run by node, without type declarations
import { generateCensus } from '../../bench/generate.js';
import { binEnv, ROOT, runBin } from '../helpers/bin.js';

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe('bench census generator', () => {
  it('gives the same bytes for the same seed and size', () => {
    expect(generateCensus(500, 42)).toBe(generateCensus(500, 42));
  });

  it('gives different files for different seeds', () => {
    expect(generateCensus(500, 42)).not.toBe(generateCensus(500, 43));
  });

  it('writes names with commas, quotes and non-ASCII letters, and some uncharged rows', () => {
    const text: string = generateCensus(2000, 42);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('URN,School name,Status,Phase,NOR');
    expect(lines).toHaveLength(2001);
    expect(text).toMatch(/"[^"\n]*, [^"\n]*"/);
    expect(text).toContain('""');
    expect(text).toMatch(/[^\x00-\x7f]/);
    expect(text).toContain('Academy converter');
    expect(text).toContain('Not applicable');
  });
});

describe('bench Python reference', () => {
  it.skipIf(!hasPython)(`agrees byte for byte with dedel allocate --foot --format csv${hasPython ? '' : ' (skipped: python3 not found on PATH)'}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-bench-'));
    const census = join(dir, 'census.csv');
    writeFileSync(census, generateCensus(3000, 7));
    const rates = ['primary=5.83', 'secondary=7.92'];
    const py = spawnSync('python3', [join(ROOT, 'bench/reference.py'), census, join(dir, 'python.csv'), ...rates], { encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const run = runBin(['allocate', census, ...rates.flatMap((r) => ['--rate', r]), '--foot', '--format', 'csv', '--quiet']);
    expect(run.code, run.stderr).toBe(0);
    const python = readFileSync(join(dir, 'python.csv'), 'utf8');
    expect(python).toBe(run.stdout);
    expect(python.split('\n').length).toBeGreaterThan(1000);
    // The floor the 24,000-row target is read against does the same work: the same bytes.
    const floor = spawnSync(process.execPath, [join(ROOT, 'bench/floor.cjs'), census, ...rates], { encoding: 'utf8', env: binEnv() });
    expect(floor.status, floor.stderr).toBe(0);
    expect(floor.stdout).toBe(python);
  });
});

describe('npm run bench', () => {
  it('times each plan into a pipe beside Python in paired runs, and reports the outputs identical', () => {
    const results = mkdtempSync(join(tmpdir(), 'dedel-bench-results-'));
    const run = spawnSync(process.execPath, [join(ROOT, 'bench/run.js')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...binEnv(), BENCH_SIZES: '300', BENCH_RUNS: '1', BENCH_PAIRS: '1', BENCH_PLANS: 'csv,target', BENCH_RESULTS: results },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('## dedel benchmark');
    expect(run.stdout).toMatch(/\| dedel allocate: per-phase rates, csv \| [\d.]+ m?s \| [\d,]+ \| (\d+ MB|n\/a) \| 1\.00 \|/);
    expect(run.stdout).toContain('| dedel allocate: target with weights, no rateUnit, csv |');
    expect(run.stdout).toContain('into a pipe');
    if (hasPython) {
      expect(run.stdout).toContain('| Python 3 reference (csv plan) |');
      expect(run.stdout).toMatch(/Paired runs, Python ÷ dedel \(csv plan\): [\d.]+\./);
      expect(run.stdout).toContain('Python and dedel csv outputs are byte-identical.');
      expect(run.stdout).toMatch(/The floor, bench\/floor\.cjs \(the csv plan alone in a Node script: the same bytes as Python, no checks, no options\), paired with Python as dedel is: Python ÷ floor [\d.]+\./);
    }
    expect(readFileSync(join(results, 'latest.md'), 'utf8')).toBe(run.stdout);
  }, 120000);
});
