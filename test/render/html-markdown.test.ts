import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import { htmlDocument, renderHtml } from '../../src/render/html.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import type { TableDoc } from '../../src/render/model.js';
import { ROOT } from '../helpers/bin.js';
import { runInProcess } from '../helpers/run.js';

const doc: TableDoc = {
  title: 'Draft De-delegation 24/25',
  columns: [
    { key: 'school', label: 'School', kind: 'text' },
    { key: 'phase', label: 'Phase', kind: 'phase' },
    { key: 'total', label: 'Total £', kind: 'money', places: 0 },
  ],
  rows: [
    ['Robin Hood Infants’ School <A&B>', 'primary', new Dec(1352)],
    ['Primary subtotal', null, new Dec(1352)],
    ['The John Fisher School', 'secondary', new Dec(4743)],
    ['Secondary subtotal', null, new Dec(4743)],
  ],
  subtotalRows: [1, 3],
  total: ['Total', null, new Dec(6095)],
  notes: ['First note: rounded half-up to £1.', 'Second note: exact total £6,094.80.'],
  diagnostics: [],
};
const options = { color: false, bom: false };

describe('Markdown', () => {
  it('gives each footnote a paragraph of its own, and bold subtotal and Total rows', () => {
    const md = renderMarkdown(doc, options);
    expect(md).toContain('\n\n*First note: rounded half-up to £1.*\n\n*Second note: exact total £6,094.80.*\n');
    expect(md).toContain('| **Primary subtotal** |  | **1,352** |');
    expect(md).toContain('| **Total** |  | **6,095** |');
  });

  it('uses only what GitHub and pandoc render alike: a bold title, a pipe table, italic paragraphs', () => {
    const lines = renderMarkdown(doc, options).trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^$|^\*\*[^*].*\*\*$|^\| .* \|$|^\|(:---|---:)(\|(:---|---:))*\|$|^\*[^*].*[^*]\*$/);
    // No raw HTML, no footnote or line-break syntax.
    expect(lines.join('\n')).not.toMatch(/<[a-z]|\[\^|  $/m);
    expect(lines.join('\n')).toContain('Robin Hood Infants’ School \\<A&B\\>');
  });
});

describe('HTML', () => {
  it('a fragment: bordered table, the Total row bold in <tbody>, footnotes as paragraphs, no <tfoot>', () => {
    const html = renderHtml(doc, options);
    expect(html.startsWith('<table border="1"')).toBe(true);
    expect(html).not.toMatch(/<tfoot>|<html|<!DOCTYPE/);
    expect(html).toContain('<tr class="total"><th scope="row" style="text-align:left"><strong>Total</strong></th><td></td><td style="text-align:right"><strong>6,095</strong></td></tr>\n</tbody>');
    expect(html).toContain('<tr class="subtotal"><th scope="row" style="text-align:left"><strong>Primary subtotal</strong></th>');
    expect(html).toContain('</table>\n<p class="note">First note: rounded half-up to &pound;1.</p>\n<p class="note">Second note: exact total &pound;6,094.80.</p>\n');
    expect(html).toContain('Robin Hood Infants&#8217; School &lt;A&amp;B&gt;');
  });

  // A fragment has no <meta charset>: saved as .html and opened in Word or a browser, its UTF-8
  // read as Windows-1252 (Â£, Infantsâ€™). In ASCII alone it reads the same in any encoding.
  it('a fragment is ASCII alone, £ and every other character past ASCII as a reference', () => {
    const html = renderHtml({ ...doc, rows: [...doc.rows, ['École Saint-Jean 😀', 'primary', new Dec(1)]] }, options);
    expect(html).toMatch(/^[\u0000-\u007f]*$/);
    expect(html).toContain('<td>&#201;cole Saint-Jean &#128512;</td>');
    expect(html).toContain('Total &pound;</th>');
    // The standalone document declares UTF-8 and keeps its characters.
    const page = renderHtml(doc, { ...options, standalone: true });
    expect(page).toContain('<meta charset="utf-8">');
    expect(page).toContain('Robin Hood Infants’ School');
  });

  it('a standalone document: charset, title, borders, right-aligned figures, A4 landscape print CSS', () => {
    const html = renderHtml(doc, { ...options, standalone: true });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n<title>Draft De-delegation 24\/25<\/title>/);
    expect(html).toContain('@page { size: A4 landscape;');
    expect(html).toMatch(/@media print \{[\s\S]*\n {2}table \{ width: 100%;/);
    expect(html).toContain('th, td { border: 1px solid #000;');
    expect(html).toContain('<h1>Draft De-delegation 24/25</h1>\n<table');
    // The <h1> gives the title once: the lone table has no caption repeating it.
    expect(html).not.toContain('<caption>');
    expect(html.trimEnd().endsWith('</body>\n</html>')).toBe(true);
  });

  it('a standalone document of several sections, each with its tables, and footnotes at the end', () => {
    const html = htmlDocument({
      title: 'Schools Forum: de-delegation 2024/25',
      sections: [
        { heading: 'Appendix A', paragraphs: ['The rates.'], tables: [doc] },
        { heading: 'Appendix B', tables: [{ ...doc, title: 'By phase' }] },
      ],
      footnotes: ['Figures from the October 2022 census.'],
    });
    expect(html.match(/<table /g)).toHaveLength(2);
    expect(html).toContain('<h2>Appendix A</h2>\n<p>The rates.</p>\n<table');
    expect(html).toContain('<caption>By phase</caption>');
    expect(html).toMatch(/<p class="note">Figures from the October 2022 census.<\/p>\n<\/body>/);
  });
});

// Papers go on council websites (Public Sector Bodies Accessibility Regulations 2018, WCAG 2.1 AA),
// whose accessibility checkers ask for header cells marked as such and every table named.
describe('HTML for screen readers and accessibility checkers', () => {
  it('marks each column header scope="col", and a subtotal or Total row\'s label scope="row", its figures still cells', () => {
    for (const html of [renderHtml(doc, options), renderHtml(doc, { ...options, standalone: true })]) {
      expect(html.match(/<th scope="col"/g)).toHaveLength(3);
      expect(html).toContain('<th scope="col" style="text-align:left">School</th>');
      expect(html).toMatch(/<th scope="col" style="text-align:right">Total (&pound;|£)<\/th>/);
      expect(html).toContain('<tr class="subtotal"><th scope="row" style="text-align:left"><strong>Secondary subtotal</strong></th><td></td><td style="text-align:right"><strong>4,743</strong></td></tr>');
      expect(html).toContain('<tr class="total"><th scope="row" style="text-align:left"><strong>Total</strong></th><td></td><td style="text-align:right"><strong>6,095</strong></td></tr>');
      // A school's row is as it was: cells only.
      expect(html).toMatch(/<tr><td>The John Fisher School<\/td><td>Secondary<\/td><td style="text-align:right">4,743<\/td><\/tr>/);
    }
  });

  it('labels the Total row where its text column is not the first (an empty URN before it)', () => {
    const withUrn: TableDoc = { ...doc, columns: [{ key: 'urn', label: 'URN', kind: 'text' }, ...doc.columns], rows: [['100001', ...doc.rows[0]!]], subtotalRows: [], total: [null, ...doc.total!] };
    expect(renderHtml(withUrn, options)).toContain('<tr class="total"><td></td><th scope="row" style="text-align:left"><strong>Total</strong></th><td></td>');
  });

  it('shades only the header row and rules the Total row\'s label as its figures, so the row header looks as the cell did', () => {
    const html = renderHtml(doc, { ...options, standalone: true });
    expect(html).toContain('thead th { background: #eee; }');
    expect(html).not.toMatch(/^th \{ background/m);
    expect(html).toContain('tr.total td, tr.total th { border-top: 2px solid #000; }');
    // Print CSS hides nothing.
    expect(html).not.toMatch(/display:\s*none|visibility:\s*hidden/);
  });

  it('names each table: by its caption, by the heading above it, or by the page\'s title where the <h1> gives it', () => {
    expect(renderHtml(doc, options)).toContain('<caption>Draft De-delegation 24/25</caption>');
    expect(renderHtml(doc, options)).not.toContain('aria-label');
    expect(renderHtml(doc, { ...options, standalone: true })).toContain('style="border-collapse:collapse" aria-label="Draft De-delegation 24/25">');
    const html = htmlDocument({
      title: 'Schools Forum: de-delegation 2024/25',
      sections: [
        { heading: 'Appendix A', tables: [{ ...doc, title: undefined }] },
        { heading: 'Appendix B', tables: [{ ...doc, title: 'By phase' }] },
      ],
    });
    expect(html).toContain('<h2>Appendix A</h2>\n<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse" aria-label="Appendix A">');
    // A table with a caption is named by it alone.
    expect(html).toContain('<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">\n<caption>By phase</caption>');
    expect(html.match(/<h1>/g)).toHaveLength(1);
  });
});

describe('--standalone and --out FILE.html', () => {
  const sutton = ['allocate', 'fixtures/sutton/appendix-b.csv', '--rate', '5.10', '-q'];

  it('--format html alone is a fragment; --standalone makes it a document', async () => {
    expect((await runInProcess([...sutton, '-f', 'html'])).stdout.startsWith('<table border="1"')).toBe(true);
    expect((await runInProcess([...sutton, '-f', 'html', '--standalone'])).stdout.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('a table with no title prints no heading: the page begins with the table, its tab named for it', async () => {
    // The heading was "dedel", the first line of a paper pasted from the page.
    const html = (await runInProcess([...sutton, '-f', 'html', '--standalone'])).stdout;
    expect(html).toContain('<title>dedel: Charges</title>');
    expect(html).not.toContain('<h1>');
    expect(html).toContain('<body>\n<table border="1"');
    const titled = (await runInProcess([...sutton, '--title', 'Appendix B', '-f', 'html', '--standalone'])).stdout;
    expect(titled).toContain('<title>Appendix B</title>');
    expect(titled).toContain('<body>\n<h1>Appendix B</h1>\n<table');
  });

  it('--out FILE.html without --format writes a whole document; with --format md it is refused, the name asking for html', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-html-'));
    try {
      expect((await runInProcess([...sutton, '--out', join(dir, 'sutton.html')], { cwd: ROOT })).code).toBe(0);
      expect(readFileSync(join(dir, 'sutton.html'), 'utf8')).toMatch(/^<!DOCTYPE html>[\s\S]*<tr class="total"><th scope="row" style="text-align:left"><strong>Total<\/strong>/);
      // Markdown under an HTML name opened as a page of bare text: which was meant? (README "Commands")
      expect((await runInProcess([...sutton, '-f', 'md', '--out', join(dir, 'sutton.htm')], { cwd: ROOT })).code).toBe(2);
      expect(existsSync(join(dir, 'sutton.htm'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
