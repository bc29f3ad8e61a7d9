import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { INIT_CENSUS, INIT_CONFIG } from '../../src/cli/init-template.js';
import { configJsonSchema } from '../../src/io/config-schema.js';
import { BIN, binEnv, runBin } from '../helpers/bin.js';
import { expectGoldenInProcess, runCli } from '../helpers/run.js';

/** The example config of the README, word for word. */
const README_EXAMPLE = {
  title: 'Draft De-delegation 2024/25',
  census: { columns: { nor: 'NOR October 22' } },
  charge: { phases: ['primary', 'secondary'], statuses: 'maintained', allThrough: 'split' },
  rounding: { unit: '1', mode: 'half-up', foot: 'none' },
  services: [
    { name: 'School Improvement', basis: 'nor', rate: '5.10' },
    { name: 'Behaviour Support', basis: 'sen', rate: { primary: '17.35', secondary: '29.04' } },
    { name: 'Monitoring', basis: 'nor', target: '1160000', weights: { primary: 2, secondary: 3 }, rateUnit: '0.01' },
    { name: 'Contingency', basis: 'nor', target: { primary: '725000', secondary: '435000' } },
    { name: 'Licences', basis: 'school', rate: '250' },
  ],
  periods: [
    { name: 'De-delegated', months: 5 },
    { name: 'Buy-back', months: 7 },
  ],
};

describe('dedel init', () => {
  it('writes a config and census that allocate runs on at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-init-'));
    // Through the bin: init writes into the process's working folder.
    const init = runBin(['init'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(init.stdout).toBe('Wrote dedel.json and census.csv.\nNext: dedel allocate census.csv -c dedel.json\n');
    expect(readFileSync(join(dir, 'dedel.json'), 'utf8')).toBe(INIT_CONFIG);
    expect(readFileSync(join(dir, 'census.csv'), 'utf8')).toBe(INIT_CENSUS);

    const run = await runCli(['allocate', 'census.csv', '-c', 'dedel.json', '-f', 'csv'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('urn,school,status,phase,nor,sen,school_improvement,behaviour_support,contingency,licences,total,per_pupil');
    // Six maintained primary and secondary schools are charged; the academy and the special school are not.
    expect(lines).toHaveLength(1 + 6 + 1);
    // The Contingency target of £20,000 is footed exactly; 6 schools × £250 licences.
    expect(lines.at(-1)).toMatch(/^,Total,,,3345,263,17060,6515,20000,1500,45075,/);
  });

  it('writes into a named folder, creating it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-init-'));
    const init = await runCli(['init', 'budget'], { cwd: dir });
    expect(init.code).toBe(0);
    expect(existsSync(join(dir, 'budget', 'dedel.json'))).toBe(true);
    expect((await runCli(['allocate', 'census.csv', '-c', 'dedel.json'], { cwd: join(dir, 'budget') })).code).toBe(0);
  });

  it('refuses to overwrite (exit 2) and leaves every file as it was, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-init-'));
    expect((await runCli(['init', dir])).code).toBe(0);
    writeFileSync(join(dir, 'dedel.json'), '{"title": "mine"}\n');
    const again = await runCli(['init', dir]);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('already exist; dedel init never overwrites a file');
    expect(readFileSync(join(dir, 'dedel.json'), 'utf8')).toBe('{"title": "mine"}\n');
    expect(readFileSync(join(dir, 'census.csv'), 'utf8')).toBe(INIT_CENSUS);

    // With only one of the two present, the other is not written either.
    const other = mkdtempSync(join(tmpdir(), 'dedel-init-'));
    writeFileSync(join(other, 'census.csv'), 'mine\n');
    expect((await runCli(['init'], { cwd: other })).code).toBe(2);
    expect(existsSync(join(other, 'dedel.json'))).toBe(false);
    expect(readFileSync(join(other, 'census.csv'), 'utf8')).toBe('mine\n');
  });

  // A file named as the folder: Node's words were printed ("EEXIST: file already exists, mkdir '/abs/path'").
  it('a file given as the folder is said in dedel\'s words (exit 1), writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-init-'));
    writeFileSync(join(dir, 'budget'), 'mine\n');
    for (const target of ['budget', 'budget/2025']) {
      const run = await runCli(['init', target], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`dedel: error: cannot write the example files in ${target}: it (or a folder above it) is a file, not a folder\n`);
    }
    expect(readFileSync(join(dir, 'budget'), 'utf8')).toBe('mine\n');
  });

  // Node's recursive mkdir never returns where the system refuses a folder though the one above
  // exists (/proc): `dedel init /proc/x` hung. Run as a process with a time limit, since a hang
  // in process would stop the tests with it.
  it.skipIf(!existsSync('/proc/self'))('a folder the system will not make (/proc/x) is an error (exit 1), not a hang', () => {
    for (const [target, refused] of [
      ['/proc/dedel-init-x', '/proc/dedel-init-x'],
      ['/proc/dedel-init-x/2025', '/proc/dedel-init-x'],
    ]) {
      const run = spawnSync(process.execPath, [BIN, 'init', target!], { encoding: 'utf8', timeout: 8_000, env: binEnv() });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(`dedel: error: cannot write the example files in ${target}: the system refuses to make the folder ${refused}\n`);
    }
  });

  it('makes each missing folder above the one named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-init-'));
    const run = await runCli(['init', 'a/b/c'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'a/b/c/dedel.json'))).toBe(true);
  });

  it('records its refusal (golden)', async () => {
    await expectGoldenInProcess('init-refuses-overwrite', ['init', 'fixtures/init-existing']);
  });
});

describe('dedel schema', () => {
  // Through the bin: the bundle requires zod from node_modules when it is needed.
  const run = runBin(['schema']);
  const schema = JSON.parse(run.stdout);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);

  it('prints the JSON Schema generated from the zod schema', () => {
    expect(run.code).toBe(0);
    expect(schema).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it('accepts the README example config and the one init writes', () => {
    expect(validate(README_EXAMPLE), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(JSON.parse(INIT_CONFIG)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...README_EXAMPLE, $schema: './dedel.schema.json' })).toBe(true);
  });

  it('compiles in strict mode, and accepts every config and proposal among the fixtures', () => {
    expect(() => new Ajv2020({ strict: true }).compile(schema)).not.toThrow();
    const configs = readdirSync('fixtures', { recursive: true, encoding: 'utf8' }).filter((f) => /(dedel|proposal[\w-]*|options|licences)\.json$/.test(f) && !f.startsWith('bad'));
    expect(configs.length).toBeGreaterThan(10);
    for (const file of configs) expect(validate(JSON.parse(readFileSync(join('fixtures', file), 'utf8'))), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('rejects a decimal comma (5,10) as dedel does, and takes thousands commas (1,160,000)', async () => {
    const config = (rate: string) => ({ services: [{ name: 'X', rate }] });
    expect(validate(config('5,10'))).toBe(false);
    expect(validate(config('1,234.50'))).toBe(true);
    expect(validate(config('\u00a31,160,000'))).toBe(true);
    const run = await runCli(['check', 'fixtures/two-services/census.csv', '-c', '-'], { input: JSON.stringify(config('5,10')) });
    expect([run.code, run.stderr]).toEqual([1, 'dedel: error: <stdin>: at services[0].rate: value "5,10": expected a decimal of 0 or more, such as "5.10"\n']);
  });

  // dedel reads words in any case and with spaces (`"Half up"`, `"Maintained"`, `"De-delegated"`)
  // and phase keys as papers head them (`"Primary"`): an editor checking against the schema marked
  // each an error in a config dedel runs.
  it('accepts the words and phase keys dedel reads as written, and still rejects what dedel rejects', async () => {
    const config = {
      rounding: { mode: 'Half up', foot: 'Largest remainder' },
      charge: { statuses: 'Maintained', allThrough: 'Split' },
      census: { statuses: { Comm: 'Community' } },
      services: [{ name: 'SI', rate: { Primary: '5.10', 'All through': '6.00', secondary: '6' }, decisions: { Primary: 'De-delegated', Secondary: 'Not de-delegated' } }],
      buyBack: { rates: { SI: { Primary: '6' } } },
    };
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    const run = await runCli(['check', 'fixtures/two-services/census.csv', '-c', '-'], { input: JSON.stringify(config) });
    expect(run.code, run.stderr).toBe(0);
    for (const bad of [{ rounding: { mode: 'half-upp' } }, { services: [{ name: 'SI', rate: { Primery: '5' } }] }, { services: [{ name: 'S', rate: '1', basis: { phases: { Primary: 'nor' } } }] }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
      const refused = await runCli(['check', 'fixtures/two-services/census.csv', '-c', '-'], { input: JSON.stringify(bad) });
      expect(refused.code, JSON.stringify(bad)).toBe(1);
    }
  });

  it("rejects a typo'd key, at the top level and inside a service", () => {
    expect(validate({ ...README_EXAMPLE, rouding: { unit: '1' } })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'rouding' } });
    expect(validate({ services: [{ name: 'School Improvement', basis: 'nor', rates: '5.10' }] })).toBe(false);
    expect(validate({ rounding: { mode: 'half-upp' } })).toBe(false);
  });
});
