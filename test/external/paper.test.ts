import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { requireTool } from './tools.js';

// `dedel paper` on the two-year example (fixtures/paper), opened as a person would: the Word
// file in LibreOffice, the HTML in Chromium.
const PROPOSAL = 'fixtures/paper/proposal-2024.json';
const ok = requireTool('soffice') && requireTool('chromium') && requireTool('pdftotext');
const dir = mkdtempSync(join(tmpdir(), 'dedel-paper-ext-'));

function paper(name: string): string {
  const path = join(dir, name);
  const run = runBin(['paper', PROPOSAL, '--out', path, '-q']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return path;
}

function pdfText(pdf: string): string {
  const run = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout.replace(/[ \t]+/g, ' ');
}

/** Every Total row the HTML paper prints, as its cells' text in order. */
function totalRows(html: string): string[] {
  return [...html.matchAll(/<tr class="total">(.*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)]
      .map((c) => c[1]!.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&'))
      .filter((t) => t !== '')
      .join(' '),
  );
}

describe.skipIf(!ok)('the paper opened as a person would', () => {
  it('gives identical bytes when run twice, in HTML and Word', () => {
    const [a, b] = [paper('a.docx'), paper('b.docx')];
    expect(Buffer.compare(readFileSync(a), readFileSync(b))).toBe(0);
    expect(readFileSync(paper('a.html'), 'utf8')).toBe(readFileSync(paper('b.html'), 'utf8'));
  });

  it('converts to PDF in LibreOffice, and every table is there with its Total', () => {
    const docx = paper('paper.docx');
    const profile = mkdtempSync(join(tmpdir(), 'dedel-lo-'));
    const run = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { encoding: 'utf8', timeout: 110_000 });
    expect(run.status).toBe(0);
    const text = pdfText(join(dir, 'paper.pdf'));
    const totals = totalRows(readFileSync(paper('paper.html'), 'utf8'));
    // The cost build-up, Appendix B, the buy-back schedule, and last year's comparison per service and per school.
    expect(totals).toEqual([
      'Total 50,837',
      'Total 9,968 50,837 50,837 5.10',
      'Total 322 958 958 2.98',
      'Total 48,602 50,837 2,235 4.6%',
      'Total 10,452 9,968 48,602 50,837 2,235 4.6%',
    ]);
    for (const total of totals) expect(text).toContain(total);
    for (const heading of ["The forum's decisions", 'Buy-back 2024/25: academies, September to March', 'Rates per service and phase', 'Appendix B: charge per school', 'Compared with 2023/24: per school', 'Provenance']) expect(text).toContain(heading);
    // The rates table has no Total row (it mixes bases): its service total is the "All" row.
    expect(text).toMatch(/School Improvement All NOR 9,968 50,837 50,837 0/);
  });

  it('lays out a 20-column Appendix B in Word so no figure wraps, and Sutton’s headers keep their words whole', () => {
    const profile = mkdtempSync(join(tmpdir(), 'dedel-lo-'));
    const wide = join(dir, 'wide.docx');
    const made = runBin(['paper', 'fixtures/paper-wide/proposal.json', '--out', wide, '-q']);
    expect(made.code).toBe(0);
    const docx = paper('sutton.docx');
    const run = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, wide, docx], { encoding: 'utf8', timeout: 110_000 });
    expect(run.status).toBe(0);
    // Each row's figures, from NOR to Per pupil, as the HTML paper prints them: in the PDF they
    // stand on one line in order, none broken (`10,53` above `7`).
    const html = runBin(['paper', 'fixtures/paper-wide/proposal.json', '-q']).stdout;
    // The HTML prints it in parts (a browser breaks no word, and is given no smaller type): put them together.
    const appendixB = html.slice(html.indexOf('>Appendix B'), html.indexOf('<h2', html.indexOf('>Appendix B')));
    const parts = [...appendixB.matchAll(/<table[^>]*>(.*?)<\/table>/gs)].map((t) =>
      [...t[1]!.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].slice(1).map((r) => [...r[1]!.matchAll(/<td style="text-align:right">(?:<strong>)?([^<]*)/g)].map((c) => c[1])),
    );
    const rows = parts[0]!.map((_, r) => parts.flatMap((part) => part[r]!).join(' '));
    expect(rows).toHaveLength(41);
    const text = pdfText(join(dir, 'wide.pdf'));
    for (const figures of rows) expect(text).toContain(figures);
    const sutton = pdfText(join(dir, 'sutton.pdf'));
    expect(sutton).toContain('NOR School Improvement £ Total £ Per pupil £');
    expect(sutton).toContain('Rate 2023/24 £ Rate 2024/25 £ Units 2023/24 Units 2024/25');
  });

  it('renders the HTML in Chromium with the chart', () => {
    const html = paper('paper.html');
    const pdf = join(dir, 'chromium.pdf');
    const run = spawnSync(
      'chromium',
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'dedel-chromium-'))}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${html}`],
      { encoding: 'utf8', timeout: 110_000 },
    );
    expect(run.status).toBe(0);
    const text = pdfText(pdf);
    // The SVG's own text is drawn: its title, a school's bar label and its value.
    expect(text).toContain('Change per school, 2023/24 to 2024/25 (£)');
    expect(text).toMatch(/Greenshaw Park Primary School\s+−£1,479/);
    expect(text).toContain('+£466');
    expect(text).toContain('Total 9,968 50,837 50,837 5.10');
  });

  it('prints an Appendix B too wide for A4 in parts, from Chromium and LibreOffice alike, every Total on the page and no figure broken', () => {
    // 30 columns (fixtures/paper-full): printed whole, Chromium cut off every column past Ethnic Minority, the Total
    // among them, and Word squeezed the table until figures broke (`5,78` above `6`).
    const html = join(dir, 'full.html');
    const docx = join(dir, 'full.docx');
    for (const file of [html, docx]) expect(runBin(['paper', 'fixtures/paper-full/proposal-2025.json', '--out', file, '-q']).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    // Each part's Total row, as the HTML prints it.
    const totals = [...page.matchAll(/<tr class="total">(.*?)<\/tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')).filter((t) => t !== '').join(' '),
    );
    expect(totals).toContain('Total 25,498 10,692 14,806 14,890 6,250 8,640 13,489 -1,401 112,768 20.71');
    const pdf = join(dir, 'full-chromium.pdf');
    const print = spawnSync(
      'chromium',
      ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'dedel-chromium-'))}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${html}`],
      { encoding: 'utf8', timeout: 110_000 },
    );
    expect(print.status).toBe(0);
    // Only the text inside the page: a column cut off at its right edge would be missing.
    const pages = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
    const count = Number(/Pages:\s+(\d+)/.exec(pages)![1]);
    let printed = '';
    for (let n = 1; n <= count; n++) printed += spawnSync('pdftotext', ['-layout', '-f', String(n), '-l', String(n), '-x', '0', '-y', '0', '-W', '842', '-H', '595', pdf, '-'], { encoding: 'utf8' }).stdout;
    printed = printed.replace(/[ \t]+/g, ' ');
    for (const total of totals) expect(printed).toContain(total);
    const profile = mkdtempSync(join(tmpdir(), 'dedel-lo-'));
    const run = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { encoding: 'utf8', timeout: 110_000 });
    expect(run.status).toBe(0);
    const word = pdfText(join(dir, 'full.pdf'));
    expect(word).toContain('Part 1 of 2 of this table');
    expect(word).toContain('Total 8,663 4,906 2,073 2,833 25,498 10,692 14,806 14,890 6,250 8,640 13,489 -1,401 112,768 20.71');
  });
});
