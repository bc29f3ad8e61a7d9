import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.js';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every module a source file names: static imports and exports, dynamic `import()` and `require()`. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\bload\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]!);
  return found;
}

/** The layer (core, io, render, cli) a relative import from `file` lands in, or null for a package. */
function layerOf(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = relative(join(ROOT, 'src'), join(file, '..', specifier));
  return target.split(/[\\/]/)[0] ?? null;
}

/** Which layers each layer may import: data flows read (io) → compute (core) → render → write (cli). */
const ALLOWED: Record<string, readonly string[]> = {
  core: ['core'],
  io: ['io', 'core'],
  render: ['render', 'core'],
  cli: ['cli', 'io', 'core', 'render'],
};

/**
 * decimal.js rounding, a function named as rounding, or a quotient rounded by hand (twice its
 * remainder held against the divisor): a second rounding where it is not rounding.ts.
 */
const ROUNDS = /\.(toDecimalPlaces|toDP|round|ceil|toNearest)\(|(?<!Math)\.floor\(|ROUND_(?!HALF_UP, toExp)|function\s+round|export\s+const\s+round|2n\s*\*\s*\(?\s*\w+\s*-\s*\w+\s*\*\s*\w+\s*\)?\s*[<>]=?/;
/** A footing pass or an order of remainders: a second footing where it is not footing.ts. */
const FOOTS = /function\s+(?!footingMessage)(foot\w*|largestRemainder)\s*\(|\.sort\(.*remainder|export\s+const\s+foot/;

/** £ (or its escape), Intl's number formatting, or a money or grouping formatter by name. */
const PEOPLE_FORMATTING = /£|\\u00a3|Intl\.NumberFormat|toLocaleString|\bpounds\(|\bgrouped\(/;
/** Digits grouped in threes: the pattern that puts commas in a number. */
const GROUPS_DIGITS = /\(\\d\{3\}\)\+/;

/** An operation of decimal.js on figures (comparing, printing and `abs` for a sign are not operations). */
const OPERATES = /\.(plus|minus|times|mul|div|dividedBy|divToInt|dividedToIntegerBy|mod|modulo|pow|toPower|negated|neg|sqrt|squareRoot)\(/;
/** The core's sum of decimals. */
const SUMS = /\bsum\(/;

/** A source file without its comments (which may show what people see, "£50,836.80"). */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

describe('architecture', () => {
  it('keeps src/core free of I/O, CLI and rendering imports', () => {
    const banned = /^(node:.*|fs|path|process|child_process|chalk|cli-table3|commander|csv-parse.*|csv-stringify.*|iconv-lite|zod)$/;
    for (const file of files(join(ROOT, 'src/core'))) {
      const source = readFileSync(file, 'utf8');
      for (const specifier of importsOf(source)) expect(specifier, file).not.toMatch(banned);
      expect(source, file).not.toMatch(/\bconsole\.|\bprocess\./);
    }
  });

  it('keeps figures for people out of src/core: no £, no grouping in thousands, no money formatter (render/format.ts prints them)', () => {
    for (const file of files(join(ROOT, 'src/core'))) {
      const name = relative(join(ROOT, 'src/core'), file);
      const code = withoutComments(readFileSync(file, 'utf8'));
      expect(code, `${name} formats money`).not.toMatch(PEOPLE_FORMATTING);
      // errors.ts alone groups a count: the length of a value it cuts from a message.
      if (name !== 'errors.ts') expect(code, `${name} groups digits`).not.toMatch(GROUPS_DIGITS);
    }
  });

  it('notices money or grouping formatted in the core', () => {
    for (const line of ['return `£${text}`;', "const p = '\\u00a3';", 'pounds(total)', 'grouped(value, 2)', "new Intl.NumberFormat('en-GB')", 'n.toLocaleString()']) expect(line).toMatch(PEOPLE_FORMATTING);
    expect("whole.replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',')").toMatch(GROUPS_DIGITS);
    expect(withoutComments('/** "£50,836.80" */\nconst a = 1; // £1')).not.toMatch(PEOPLE_FORMATTING);
    expect('words`the total ${money(total)}`').not.toMatch(PEOPLE_FORMATTING);
  });

  it('keeps arithmetic in src/core: render shows the figures and working the core worked out, io reads and checks through the core', () => {
    for (const file of files(join(ROOT, 'src/render'))) {
      const code = withoutComments(readFileSync(file, 'utf8'));
      expect(code, `${relative(ROOT, file)} computes`).not.toMatch(OPERATES);
      expect(code, `${relative(ROOT, file)} sums`).not.toMatch(SUMS);
    }
    for (const file of files(join(ROOT, 'src/io'))) {
      // xlsx.ts turns what a workbook holds into what its number formats show (a date serial
      // into a date, 0.125 under 0.0% into 12.5%): reading the file's own format, not a figure of dedel's.
      if (file.endsWith('xlsx.ts')) continue;
      expect(withoutComments(readFileSync(file, 'utf8')), `${relative(ROOT, file)} computes`).not.toMatch(OPERATES);
    }
  });

  it('notices arithmetic outside the core', () => {
    for (const line of ['const target = a.plus(b);', 'const d = total.minus(target);', 'w.times(units)', 'figured.div(100)', 'new Dec(x).dividedBy(100)', 'seconds.mod(60)']) expect(line).toMatch(OPERATES);
    expect('sum(rows.map((r) => r.units))').toMatch(SUMS);
    for (const line of ['total.equals(expected)', 'rate.abs()', 'value.toFixed(2)', 'difference.isNegative()']) expect(line).not.toMatch(OPERATES);
  });

  it('lets each layer import only the layers below it, dynamic imports included', () => {
    for (const layer of Object.keys(ALLOWED)) {
      for (const file of files(join(ROOT, 'src', layer))) {
        for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
          const target = layerOf(file, specifier);
          if (target === null) continue;
          expect(ALLOWED[layer], `${relative(ROOT, file)} imports ${specifier}`).toContain(target);
        }
      }
    }
  });

  it('finds dynamic imports and requires, so the layer check sees them', () => {
    expect(importsOf("const x = await import('../io/config.js'); load('iconv-lite'); require(\"zod\");")).toEqual(['../io/config.js', 'zod', 'iconv-lite']);
  });

  it('has one module in src/core that rounds (rounding.ts) and one that foots (footing.ts)', () => {
    for (const file of files(join(ROOT, 'src/core'))) {
      const source = readFileSync(file, 'utf8');
      const name = relative(join(ROOT, 'src/core'), file);
      if (name !== 'rounding.ts') expect(source, `${name} rounds`).not.toMatch(ROUNDS);
      if (name !== 'footing.ts') expect(source, `${name} foots`).not.toMatch(FOOTS);
    }
  });

  it('notices a second rounding or footing module', () => {
    expect('return value.toDecimalPlaces(2, Dec.ROUND_HALF_UP);').toMatch(ROUNDS);
    expect('export function roundUnits(q: bigint) {').toMatch(ROUNDS);
    expect('const q = x.div(unit).floor();').toMatch(ROUNDS);
    expect('if (2n * (n - q * d) >= d) q += 1n;').toMatch(ROUNDS);
    expect('const allowed = Math.max(2, Math.floor(q.length / 3));').not.toMatch(ROUNDS);
    expect('const monthsDen = 12n * pow10(monthsPlaces);').not.toMatch(ROUNDS);
    expect('export function footColumn(rows) {').toMatch(FOOTS);
    expect('rows.sort((a, b) => b.remainder - a.remainder)').toMatch(FOOTS);
  });

  it('lists as runtime dependencies only packages that src loads', () => {
    const dependencies = Object.keys(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).dependencies as Record<string, string>);
    const used = new Set(files(join(ROOT, 'src')).flatMap((file) => importsOf(readFileSync(file, 'utf8'))).map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/')));
    for (const name of dependencies) expect(used, `${name} is in dependencies`).toContain(name);
    expect(dependencies).not.toContain('csv-stringify');
    // The one record reader reads every CSV; csv-parse is its oracle in the tests.
    expect(dependencies).not.toContain('csv-parse');
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
