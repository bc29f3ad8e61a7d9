import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { buildSettings } from '../../src/io/plan.js';
import { UsageError, DataError } from '../../src/core/errors.js';
import type { ConfigInput } from '../../src/io/config-schema.js';
import { runInProcess } from '../helpers/run.js';

const text = (v: unknown): unknown =>
  Dec.isDecimal(v) ? (v as Dec).toFixed() : Array.isArray(v) ? v.map(text) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, text(x)])) : v;

const twoServices: ConfigInput = {
  services: [
    { name: 'School Improvement', rate: '5.10' },
    { name: 'Behaviour Support', basis: 'sen', rate: { primary: '17.35', secondary: '29.04' } },
  ],
};

describe('flags and config → services', () => {
  it.each([
    ['--rate 5.10 alone defines one De-delegation service on NOR', null, { rate: ['5.10'] }, { name: 'De-delegation', basis: 'nor', rate: '5.1', source: 'flag' }],
    ['--rate PHASE=RATE gives per-phase rates', null, { rate: ['primary=5.83', 'secondary=7.92'] }, { rate: { primary: '5.83', secondary: '7.92' } }],
    ['--service names the flag service', null, { rate: ['250'], service: 'Licences', basis: 'school' }, { name: 'Licences', basis: 'school', rate: '250' }],
    ['--target with --weight and --rate-unit', null, { target: ['1160000'], weight: ['primary=2', 'secondary=3'], rateUnit: '0.01' }, { target: '1160000', weights: { primary: '2', secondary: '3' }, rateUnit: '0.01' }],
    ['--round, --rounding and --foot set the rounding', null, { rate: ['5.10'], round: '100', rounding: 'half-even', foot: true }, { rounding: { unit: '100', mode: 'half-even', foot: 'largest-remainder' } }],
    ['--phases and --statuses set who is charged', null, { rate: ['5.10'], phases: 'primary', statuses: 'community,foundation' }, { charge: { phases: ['primary'], statuses: ['community', 'foundation'], allThrough: 'auto' } }],
    ['--rate overrides the only service of a config', { services: [{ name: 'SI', target: '100' }] }, { rate: ['5.10'] }, { name: 'SI', rate: '5.1', source: 'flag' }],
  ] as const)('%s', (_, config, flags, expected) => {
    const settings = buildSettings(config as ConfigInput | null, flags);
    expect(text(settings.plan.services[0])).toMatchObject(expected);
  });

  it('--service picks one of several config services for the flags', () => {
    const settings = buildSettings(twoServices, { service: 'behaviour support', rate: ['20'] });
    expect(text(settings.plan.services.map((s) => s.rate))).toEqual(['5.1', '20']);
  });

  it('--service naming no service of the config is a usage error, not a service added beside them (a misspelt name charged the schools twice)', () => {
    // README "The config file": with a config, the flags change the service --service names.
    expect(() => buildSettings(twoServices, { service: 'School Improvment', rate: ['6'] })).toThrow(UsageError);
    expect(() => buildSettings(twoServices, { service: 'School Improvment', rate: ['6'] })).toThrow(
      'no service named "School Improvment"; the config has "School Improvement", "Behaviour Support"',
    );
    expect(() => buildSettings(twoServices, { service: 'Licences', basis: 'school', target: ['1000'] })).toThrow(UsageError);
  });

  it('--basis replaces a config basis per phase whole (special schools stayed on places under --basis fsm)', () => {
    const config: ConfigInput = { services: [{ name: 'SS', basis: { default: 'nor', phases: { special: 'places' } }, rate: '4' }] };
    expect(buildSettings(config, {}).plan.services[0]!.charge.basisBy).toEqual({ phases: { special: 'places' } });
    const flagged = buildSettings(config, { basis: 'fsm' }).plan.services[0]!;
    expect(flagged.basis).toBe('fsm');
    expect(flagged.charge.basisBy).toBeUndefined();
  });

  it('--weight or --rate-unit beside a rate is the flag\'s usage error (exit 2), not the config\'s at its JSON path (exit 1)', () => {
    const rated = { services: [{ name: 'SI', rate: '5.10' }] };
    expect(() => buildSettings(rated, { rateUnit: '0.01' })).toThrow(UsageError);
    expect(() => buildSettings(rated, { rateUnit: '0.01' })).toThrow('--rate-unit rounds a rate solved from a target; service "SI" has a rate in the config, charged as it is: give --target with --rate-unit, or leave --rate-unit out');
    expect(() => buildSettings(rated, { weight: ['primary=2'] })).toThrow(UsageError);
    expect(() => buildSettings(rated, { weight: ['primary=2'] })).toThrow('--weight spreads one target across phases; service "SI" has a rate in the config, not a target: give --target with --weight, or leave --weight out');
    expect(() => buildSettings(null, { rate: ['5'], weight: ['primary=2'] })).toThrow('service "De-delegation" has a rate (--rate), not a target');
    // With a target they are taken, from the flags or the config.
    expect(buildSettings(rated, { target: ['1000'], weight: ['primary=2', 'secondary=3'], rateUnit: '0.01' }).plan.services[0]!.rateUnit?.toFixed()).toBe('0.01');
  });

  it('--statuses charging a status the config\'s buyBack prices is the flag\'s usage error, not the config\'s', () => {
    const config: ConfigInput = { services: [{ name: 'SI', rate: '5' }], buyBack: { statuses: ['academy'] } };
    expect(() => buildSettings(config, { statuses: 'all' })).toThrow(UsageError);
    expect(() => buildSettings(config, { statuses: 'all' })).toThrow("--statuses all charges academy schools, which the config's buyBack prices instead (buyBack.statuses); give --statuses without academy, or take academy out of buyBack.statuses");
    expect(() => buildSettings({ ...config, charge: { statuses: 'all' } }, {})).toThrow(DataError);
  });

  it('--service with a config but no flag that changes one service is refused: it changed nothing (--round changes every service)', () => {
    for (const flags of [{ service: 'Behaviour Support' }, { service: 'Behaviour Support', round: '100' }]) {
      expect(() => buildSettings(twoServices, flags)).toThrow(UsageError);
      expect(() => buildSettings(twoServices, flags)).toThrow('--service "Behaviour Support" names the service that --rate, --target, --weight, --rate-unit or --basis change, and none of them is given');
    }
    expect(buildSettings(twoServices, { service: 'Behaviour Support', basis: 'fsm' }).plan.services[1]!.basis).toBe('fsm');
  });

  it('several config services and a rate flag without --service is a usage error', () => {
    expect(() => buildSettings(twoServices, { rate: ['20'] })).toThrow(UsageError);
  });

  it('one PHASE=VALUE to a flag: two phases in one, or a second =, is refused (primary=5=6 was read as primary at 5)', () => {
    expect(() => buildSettings(null, { rate: ['primary=5.83,secondary=7.92'] })).toThrow(
      '--rate "primary=5.83,secondary=7.92": one PHASE=VALUE to each --rate; give it once per phase, such as --rate primary=5.83 --rate secondary=7.92',
    );
    expect(() => buildSettings(null, { rate: ['primary=5=6', 'secondary=1'] })).toThrow(UsageError);
    expect(() => buildSettings(null, { target: ['1000'], weight: ['primary=2,secondary=3'] })).toThrow(/one PHASE=VALUE to each --weight/);
  });

  it('no config and no rate or target is a usage error', () => {
    expect(() => buildSettings(null, {})).toThrow(/give --rate or --target/);
  });

  it('a service with both rate and target is a data error naming the JSON path', () => {
    expect(() => buildSettings({ services: [{ name: 'X', rate: '1', target: '2' }] }, {})).toThrow(DataError);
    expect(() => buildSettings({ services: [{ name: 'X', rate: '1', target: '2' }] }, {})).toThrow(/services\[0\]/);
  });

  it('a rate unit beside a given rate is refused, not silently ignored; --rate over a config target drops the unit its rate was solved to', () => {
    expect(() => buildSettings(null, { rate: ['5.10'], rateUnit: '0.01' })).toThrow(/give --rate or --rate-unit, not both/);
    expect(() => buildSettings(null, { rate: ['5.10'], rateUnit: '0.01' })).toThrow(UsageError);
    expect(() => buildSettings({ services: [{ name: 'X', rate: '5.1', rateUnit: '0.01' }] }, {})).toThrow(/at services\[0\]\.rateUnit: service "X" has a rateUnit but no target/);
    const solved = { services: [{ name: 'X', target: '1000', rateUnit: '0.01' }] };
    expect(buildSettings(solved, {}).plan.services[0]!.rateUnit?.toFixed()).toBe('0.01');
    const given = buildSettings(solved, { rate: ['5.10'] }).plan.services[0]!;
    expect([given.rate?.toString(), given.target, given.rateUnit]).toEqual(['5.1', undefined, undefined]);
  });

  it('the config rounding applies unless a flag overrides it', () => {
    const settings = buildSettings({ rounding: { unit: '0.01', foot: 'largest-remainder' }, services: [{ name: 'X', rate: '1' }] }, { foot: false });
    expect(text(settings.plan.services[0]!.rounding)).toEqual({ unit: '0.01', mode: 'half-up', foot: 'none' });
  });

  it('JSON numbers are read from their shortest decimal form', () => {
    const settings = buildSettings({ services: [{ name: 'X', rate: 5.1 }] }, {});
    expect(text(settings.plan.services[0]!.rate)).toBe('5.1');
  });

  it('--months 5,7 --labels make two periods', () => {
    const settings = buildSettings(null, { rate: ['1'], months: '5,7', labels: 'De-delegated,Buy-back' });
    expect(text(settings.plan.periods)).toEqual([
      { name: 'De-delegated', months: '5' },
      { name: 'Buy-back', months: '7' },
    ]);
  });

  it.each([
    [['--rate', 'abc'], /--rate expects a decimal/],
    [['--rate', '5', '--rate', '6'], /given 2 times/],
    [['--rate', 'primary=5', '--rate', '6'], /not both/],
    [['--rate', 'middle=5'], /unknown phase "middle"/],
    [['--rate', '5', '--rounding', 'sideways'], /sideways/],
    [['--rate', '5', '--format', 'xls'], /xls/],
    [['--rate', '5', '--statuses', 'grammar'], /unknown status "grammar"/],
    [['--rate', '5', '--column', 'nor'], /--column expects FIELD=HEADER/],
    [['--rate', '5', '--bogus'], /unknown option/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});

describe('colour', () => {
  const args = ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '-q'];
  it('is used on a terminal', async () => {
    expect((await runInProcess(args, { tty: true })).stdout).toContain('\u001b[1m');
  });
  it('is never used with NO_COLOR, --no-color, or when piped', async () => {
    expect((await runInProcess(args, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await runInProcess([...args, '--no-color'], { tty: true })).stdout).not.toContain('\u001b[');
    expect((await runInProcess(args, { tty: false })).stdout).not.toContain('\u001b[');
  });
  // A dumb terminal shows an escape code as text (`^[[1mSchool^[[22m`); FORCE_COLOR=0 asks for none.
  it('is never used on a dumb terminal or with FORCE_COLOR=0 or false', async () => {
    for (const env of [{ TERM: 'dumb' }, { FORCE_COLOR: '0' }, { FORCE_COLOR: 'false' }]) {
      expect((await runInProcess(args, { tty: true, env })).stdout, JSON.stringify(env)).not.toContain('\u001b[');
    }
    for (const env of [{ TERM: 'xterm-256color' }, { FORCE_COLOR: '1' }]) {
      expect((await runInProcess(args, { tty: true, env })).stdout, JSON.stringify(env)).toContain('\u001b[1m');
    }
  });
});

describe('help and usage', () => {
  it('dedel with no command shows help and exits 2', async () => {
    const run = await runInProcess([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Usage: dedel');
  });
  it('prefixes commander usage errors with dedel: like every other message', async () => {
    const run = await runInProcess(['allocate', 'x.csv', '--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("dedel: error: unknown option '--bogus'");
  });
  it('--help exits 0 with the usage on stdout', async () => {
    const run = await runInProcess(['allocate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Shared options:');
    expect(run.stdout).toContain('Example:');
  });
});

describe('--out FILE without --format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dedel-out-format-'));
  const SUTTON = 'fixtures/sutton/appendix-b.csv';

  it.each([
    ['appendix-b.csv', 'urn,school,status,phase,nor,de_delegation,total,per_pupil\n'],
    ['appendix-b.tsv', 'urn\tschool\tstatus\tphase\tnor\tde_delegation\ttotal\tper_pupil\n'],
    ['appendix-b.md', '| School | Status | NOR |'],
    ['appendix-b.json', '{\n  "rounding"'],
    ['appendix-b.html', '<!DOCTYPE html>'],
    ['appendix-b.xlsx', 'PK'],
    ['appendix-b.txt', '┌'],
  ])('writes what the name %s asks for', async (name, start) => {
    const out = join(dir, name);
    const run = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '-q', '--out', out]);
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'latin1').startsWith(Buffer.from(start).toString('latin1'))).toBe(true);
  });

  it('is refused for a name no format is (a Word document, a PDF, an .xlsm that Excel would not open), and --format still wins', async () => {
    for (const name of ['appendix-b.docx', 'appendix-b.PDF', 'appendix-b.xlsm']) {
      const run = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--out', join(dir, name)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`: this command writes table, csv, tsv, md, html, json, xlsx, not .${name.split('.')[1]!.toLowerCase()}; for Word, --out FILE.html (Word opens it) or dedel paper --out FILE.docx`);
      expect(existsSync(join(dir, name))).toBe(false);
    }
    // --format beside a name of no format writes what it asks for.
    const txt = join(dir, 'as-table.txt');
    expect((await runInProcess(['allocate', SUTTON, '--rate', '5.10', '-q', '--format', 'table', '--out', txt])).code).toBe(0);
    expect(readFileSync(txt, 'utf8').startsWith('┌')).toBe(true);
  });

  // `--format csv --out table.xlsx` wrote csv under a workbook's name, which Excel refuses to open
  // (and `--format table --out notes.csv` a box-drawn table under a csv's): which was meant?
  it('is refused beside --format where the name asks for another format, for tables and the paper', async () => {
    for (const [format, name, named] of [['csv', 'table.xlsx', 'xlsx'], ['table', 'notes.csv', 'csv'], ['tsv', 'rows.csv', 'csv'], ['json', 'page.htm', 'html']]) {
      const file = join(dir, name!);
      const run = await runInProcess(['allocate', SUTTON, '--rate', '5.10', '--format', format!, '--out', file]);
      expect([run.code, run.stdout, run.stderr]).toEqual([2, '', `dedel: error: --format ${format} --out ${file}: the name asks for ${named}, --format for ${format}; give one (without --format, the name's extension chooses)\n`]);
      expect(existsSync(file)).toBe(false);
    }
    expect((await runInProcess(['allocate', SUTTON, '--rate', '5.10', '-q', '--format', 'html', '--out', join(dir, 'page.htm')])).code).toBe(0);
    const paper = join(dir, 'paper.docx');
    const run = await runInProcess(['paper', 'fixtures/paper/proposal-2024.json', '--format', 'html', '--out', paper]);
    expect([run.code, run.stderr]).toEqual([2, `dedel: error: --format html --out ${paper}: the name asks for docx, --format for html; give one (without --format, the name's extension chooses)\n`]);
    expect(existsSync(paper)).toBe(false);
  });
});

// Typed as a paper or a habit writes them, each was "argument 'Half-up' is invalid".
describe('a flag that takes one of a few words', () => {
  it('reads the word in any case and with spaces for hyphens, and refuses any other word', async () => {
    const plain = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--rounding', 'half-even', '--format', 'csv']);
    const written = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--rounding', 'Half even', '--format', 'CSV']);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe(plain.stdout);
    const compared = await runInProcess(['split', 'A=1200', '--months', '5,7', '--rounding', 'DOWN', '-f', 'csv']);
    expect(compared.code, compared.stderr).toBe(0);
    const nearest = await runInProcess(['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--rounding', 'nearest']);
    expect(nearest.code).toBe(2);
    expect(nearest.stderr).toContain("argument 'nearest' is invalid. Allowed choices are half-up, half-even, down, up.");
  });
});
