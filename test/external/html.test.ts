// The standalone HTML as a person opens it (README, Output): Chromium prints it to PDF on A4
// landscape, and the PDF's text (cropped to the page) holds the last column's header and the
// Total row; LibreOffice converts it to .docx, and the .docx's text keeps the Total row and
// every footnote.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { requireTool } from './tools.js';

const hasChromium = requireTool('chromium') && requireTool('pdftotext');
const hasOffice = requireTool('soffice');
const dir = mkdtempSync(join(tmpdir(), 'dedel-html-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  name: string;
  args: string[];
  lastHeader: RegExp;
  total: RegExp;
}

const CASES: Case[] = [
  {
    name: 'sutton',
    args: ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '--title', 'Sutton: Draft De-delegation 2024/25 (Appendix B)'],
    lastHeader: /Per[\s\S]*pupil/,
    total: /Total\s+9,968\s+50,839\s+50,839\s+5\.10/,
  },
  {
    name: 'two-services',
    args: ['allocate', 'fixtures/two-services/census.csv', '-c', 'fixtures/two-services/dedel.json', '--months', '5,7', '--labels', 'De-delegated,Buy-back'],
    lastHeader: /Per\s[\s\S]*pupil/,
    total: /Total\s+2,697\s+238\s+19,620\s+8,175\s+11,445\s+6,117\s+2,549\s+3,568\s+25,737\s+9\.54/,
  },
];

/** Writes the case's standalone HTML (by `--out FILE.html`) and its footnotes as dedel prints them. */
function standalone(c: Case): { file: string; notes: string[] } {
  const file = join(dir, `${c.name}.html`);
  const run = runBin([...c.args, '--out', file, '--quiet']);
  expect(run.code, run.stderr).toBe(0);
  const html = readFileSync(file, 'utf8');
  expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">/);
  expect(html).not.toContain('<tfoot>');
  const notes = [...html.matchAll(/<p class="note">(.*?)<\/p>/g)].map((m) => m[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
  expect(notes.length).toBeGreaterThan(0);
  return { file, notes };
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

describe.skipIf(!hasChromium)('standalone HTML printed by Chromium', () => {
  for (const c of CASES) {
    it(`${c.name}: A4 landscape, every column and the Total row on the page`, () => {
      const { file } = standalone(c);
      const pdf = join(dir, `${c.name}.pdf`);
      const profile = mkdtempSync(join(tmpdir(), 'dedel-chromium-'));
      const print = spawnSync(
        'chromium',
        ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${file}`],
        { encoding: 'utf8', timeout: 120_000 },
      );
      rmSync(profile, { recursive: true, force: true });
      expect(print.status, print.stderr).toBe(0);
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
      expect(info).toMatch(/Pages:\s+1\n/);
      expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/);
      // Only the text inside the page: a column cut off at the right edge would be missing.
      const text = spawnSync('pdftotext', ['-layout', '-x', '0', '-y', '0', '-W', '842', '-H', '595', pdf, '-'], { encoding: 'utf8' }).stdout;
      expect(text).toMatch(c.lastHeader);
      expect(text).toMatch(c.total);
    }, 300_000);
  }
});

describe.skipIf(!hasOffice)('standalone HTML converted to .docx by LibreOffice', () => {
  for (const c of CASES) {
    it(`${c.name}: the Total row and every footnote survive`, () => {
      const { file, notes } = standalone(c);
      const profile = mkdtempSync(join(tmpdir(), 'dedel-office-'));
      const office = (args: string[]) => {
        const run = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', ...args], { encoding: 'utf8', timeout: 180_000 });
        expect(run.status, run.stderr).toBe(0);
      };
      office(['--convert-to', 'docx:MS Word 2007 XML', '--outdir', dir, file]);
      office(['--convert-to', 'txt:Text (encoded):UTF8', '--outdir', join(dir, 'txt'), join(dir, `${c.name}.docx`)]);
      rmSync(profile, { recursive: true, force: true });
      const text = flat(readFileSync(join(dir, 'txt', `${c.name}.txt`), 'utf8'));
      expect(text).toMatch(c.total);
      for (const note of notes) expect(text).toContain(flat(note));
    }, 600_000);
  }
});

describe.skipIf(!hasOffice || !requireTool('pdftotext'))('standalone HTML opened in LibreOffice Writer', () => {
  for (const c of CASES) {
    it(`${c.name}: no URN or figure breaks across lines, the Total row stays on one line`, () => {
      const { file } = standalone(c);
      const profile = mkdtempSync(join(tmpdir(), 'dedel-writer-'));
      const out = join(dir, 'writer');
      // As File > Open in Writer reads it: the screen styles, no @media print.
      const run = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--infilter=HTML (StarWriter)', '--convert-to', 'pdf:writer_pdf_Export', '--outdir', out, file], { encoding: 'utf8', timeout: 180_000 });
      rmSync(profile, { recursive: true, force: true });
      expect(run.status, run.stderr).toBe(0);
      const text = spawnSync('pdftotext', ['-layout', join(out, `${c.name}.pdf`), '-'], { encoding: 'utf8' }).stdout;
      expect(text).toMatch(c.total);
      // Each school's row starts with its whole URN and NOR, on one line.
      const urns = [...readFileSync(file, 'utf8').matchAll(/<tr><td>(\d+)<\/td>/g)].map((m) => m[1]!);
      for (const urn of urns) expect(text, `URN ${urn}`).toMatch(new RegExp(`^${urn}\\s`, 'm'));
      // Header words are broken only at spaces: no word of a header is cut in two.
      expect(text).not.toMatch(/Improvemen\s|Behaviou\s/);
    }, 600_000);
  }
});
