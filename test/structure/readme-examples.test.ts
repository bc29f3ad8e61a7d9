import { mkdtempSync, readFileSync, existsSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/bin.js';
import { runInProcess } from '../helpers/run.js';

// The README is the product's contract: its own examples run, and print the figures it says.

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const oneLine = README.replace(/\s+/g, ' ');

/** The words of a shell command line: quotes taken off, a `# comment` and a `> FILE` redirection set apart. */
function words(line: string): { args: string[]; comment: string; redirected: boolean } {
  const args: string[] = [];
  let word: string | null = null;
  let redirected = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"' || c === "'") {
      const end = line.indexOf(c, i + 1);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === ' ') {
      if (word !== null) args.push(word);
      word = null;
    } else if (c === '#' && word === null) {
      return { args, comment: line.slice(i + 1).trim(), redirected };
    } else if (c === '>' && word === null) {
      // `> FILE`: the output goes to a file; the example is run with it on stdout.
      redirected = true;
      const rest = line.slice(i + 1).trimStart();
      const after = rest.indexOf(' ');
      line = after < 0 ? '' : rest.slice(after);
      i = -1;
    } else word = (word ?? '') + c;
  }
  if (word !== null) args.push(word);
  return { args, comment: '', redirected };
}

/** Every `dedel …` line of the README's sh blocks, continuation lines joined. */
function examples(): { line: string; args: string[]; comment: string }[] {
  const blocks = [...README.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!.replace(/\\\n\s*/g, ''));
  return blocks
    .flatMap((block) => block.split('\n'))
    .filter((line) => line.startsWith('dedel '))
    .map((line) => ({ line, ...words(line.slice('dedel '.length)) }));
}

describe("the README's quick start", () => {
  it('npm start prints the Total, the warning and, with --foot, the footed Total the README gives', async () => {
    const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
    const args = words(start.slice(start.indexOf('node bin/dedel.js ') + 'node bin/dedel.js '.length)).args;
    const total = /It prints every published row, a Total of (£[\d,]+), and a warning that the exact total is (£[\d,.]+)/.exec(oneLine);
    const footed = /Add `--foot` and the rows add up to (£[\d,]+)/.exec(oneLine);
    expect(total, 'the README states the Total and the exact total').not.toBeNull();
    expect(footed).not.toBeNull();
    const run = await runInProcess(args, { env: { NO_COLOR: '1' } });
    expect(run.code).toBe(0);
    const totalRow = run.stdout.split('\n').find((l) => /^│ Total /.test(l)) ?? '';
    expect(totalRow).toContain(` ${total![1]!.slice(1)} `);
    expect(run.stderr).toContain(`exact total is ${total![2]}`);
    expect(run.stderr).toContain('no phase column');
    const foot = await runInProcess([...args, '--foot', '-q'], { env: { NO_COLOR: '1' } });
    expect(foot.stdout.split('\n').find((l) => /^│ Total /.test(l))).toContain(` ${footed![1]!.slice(1)} `);
  });
});

describe("the README's command examples", () => {
  // Run in a folder `dedel init` made (census.csv, dedel.json), with the fixtures beside them.
  // An example naming a file neither gives (proposal.json) is illustrative, and passed by; so is
  // a Word paper, which takes a second to write and is tested in test/cli/paper.test.ts.
  const all = examples();

  it('finds the examples', () => {
    expect(all.length).toBeGreaterThan(15);
  });

  it('runs each one that names files dedel init or the fixtures give, with the exit code and figures it states', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-readme-'));
    expect((await runInProcess(['init'], { cwd: dir })).code).toBe(0);
    symlinkSync(join(ROOT, 'fixtures'), join(dir, 'fixtures'));
    const ran: string[] = [];
    for (const { line, args, comment } of all) {
      const outputs = new Set(args.filter((_, i) => args[i - 1] === '--out'));
      const files = args.filter((a) => /\.(csv|json|xlsx|docx|html)$/.test(a) && !outputs.has(a));
      if (files.some((f) => !existsSync(join(dir, f))) || [...outputs].some((f) => f.endsWith('.docx'))) continue;
      const run = await runInProcess(args, { cwd: dir, env: { NO_COLOR: '1' } });
      const expected = /exit (\d)/.exec(comment)?.[1];
      expect(run.code, `${line}\n${run.stderr}`).toBe(expected ? Number(expected) : 0);
      // A figure in the comment (`# £153,950`) is the Total the example prints.
      const figure = /^(£[\d,]+)$/.exec(comment)?.[1];
      if (figure) expect(run.stdout.split('\n').find((l) => /^│ Total /.test(l)), line).toContain(` ${figure.slice(1)} `);
      ran.push(line);
    }
    // Those on census.csv and dedel.json run on init's files; the costs, paper and --columns examples on the fixtures.
    expect(ran).toContain('dedel costs fixtures/sefton/commitment-2023-24.csv                       # £153,950');
    expect(ran).toContain('dedel schema > dedel.schema.json');
    expect(ran.length).toBeGreaterThan(12);
  });
});
