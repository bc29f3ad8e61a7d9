import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { runInProcess } from '../helpers/run.js';
import { textWidth } from '../../src/render/text-width.js';

const PROPOSAL = 'fixtures/paper/proposal-2024.json';
const out = (name: string) => join(mkdtempSync(join(tmpdir(), 'dedel-paper-')), name);

/** The text of a Word document's body, paragraph by paragraph (table cells are paragraphs). */
function docxText(bytes: Uint8Array): string {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"');
}

/** The cells of each row of the table under a paper's heading, as text. */
function tableRows(html: string, heading: string): string[][] {
  const from = html.slice(html.indexOf(`>${heading}</h2>`));
  const table = from.slice(0, from.indexOf('</table>'));
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').replace(/&#39;/g, "'")));
}

describe('dedel paper', () => {
  it('writes the whole appendix as one standalone HTML document: title, rates, Appendix B, last year, the chart, rounding, provenance', async () => {
    const run = await runInProcess(['paper', PROPOSAL, '-q']);
    expect(run.code).toBe(0);
    const html = run.stdout;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<h1>Draft De-delegation 2024/25: School Improvement</h1>');
    const headings = [...html.matchAll(/<h2[^>]*>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      "The forum's decisions",
      'Rates per service and phase',
      'Cost build-up: School Improvement',
      'Appendix B: charge per school',
      'Buy-back 2024/25: academies, September to March',
      'Compared with 2023/24: per service and phase',
      'Compared with 2023/24: per school',
      'Change per school, 2023/24 to 2024/25',
      'Rounding',
      'Provenance',
    ]);
    expect(html).toContain('@page { size: A4 landscape');
    // The chart is inline SVG, a bar per school: 22 charged this year, and two only last year.
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(svg.match(/<rect x=/g)).toHaveLength(24);
    expect(svg).toContain('Greenshaw Park Primary School');
    expect(svg).toContain('−£1,479');
    // Each table's Total row is in the body, bold, as every importer keeps it.
    // The cost build-up, Appendix B, the buy-back schedule and the two comparisons; the rates
    // table mixes bases and has no Total row.
    expect(html.match(/<tr class="total">/g)).toHaveLength(5);
    // The buy-back schedule prices the academy for 7 months on its own: 322 × £5.10 × 7/12 = £957.95.
    expect(html).toMatch(/<td>Greenshaw Park Primary School<\/td><td>Academy<\/td><td>Primary<\/td><td style="text-align:right">322<\/td><td style="text-align:right">958<\/td>/);
    expect(html).toContain('<td style="text-align:right"><strong>50,837</strong></td>');
    expect(html).not.toContain('<tfoot>');
  });

  it('gives the SHA-256 of every input and the dedel version, and a date only when asked', async () => {
    const run = await runInProcess(['paper', PROPOSAL, '-q']);
    const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    for (const file of ['proposal-2024.json', 'census-2024.csv', 'costs-2024.csv', 'proposal-2023.json', 'census-2023.csv']) {
      expect(run.stdout).toContain(`<td>${file}</td><td>${sha(`fixtures/paper/${file}`)}</td>`);
    }
    expect(run.stdout).toContain('<td>version 0.1.0</td>');
    expect(run.stdout).not.toMatch(/Made on/);
    const dated = await runInProcess(['paper', PROPOSAL, '--date', '2024-01-15', '-q']);
    expect(dated.stdout).toContain('Made on 2024-01-15.');
    expect((await runInProcess(['paper', PROPOSAL, '--date', '15/01/2024'])).code).toBe(2);
  });

  it('reads each input once: the census from standard input, with its SHA-256 as read', async () => {
    // The provenance hashes each input as it was read for the paper; reading them again made
    // `--census -` fail, since standard input can be read once.
    const census = readFileSync('fixtures/paper/census-2024.csv');
    const run = await runInProcess(['paper', PROPOSAL, '--census', '-', '-q'], { stdin: census });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`<td>Census</td><td>&lt;stdin&gt;</td><td>${createHash('sha256').update(census).digest('hex')}</td>`);
  });

  // The docx library dropped control characters without a word: an escape code in a school's name
  // left "Beddington[31m Infants'". The Word paper shows them as the other formats do.
  it('a Word paper shows control characters in census cells as escapes, as the other formats do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-paper-'));
    cpSync('fixtures/paper', dir, { recursive: true });
    const census = join(dir, 'census-2024.csv');
    writeFileSync(census, readFileSync(census, 'utf8').replace("Beddington Infants'", "Bedd\u0007ington\u001b[31m Infants'"));
    const run = await runInProcess(['paper', join(dir, 'proposal-2024.json'), '--out', join(dir, 'paper.docx'), '-q']);
    expect(run.code).toBe(0);
    const text = docxText(readFileSync(join(dir, 'paper.docx')));
    expect(text).toContain("Bedd\\x07ington\\x1b[31m Infants' School");
    expect(text).not.toContain("Beddington[31m");
  });

  it('writes a Word document with real tables, styles and A4 landscape, the chart as an image, and every table with its Total', async () => {
    const file = out('paper.docx');
    const run = await runInProcess(['paper', PROPOSAL, '--out', file, '-q']);
    expect(run.code).toBe(0);
    const zip = unzipSync(readFileSync(file));
    const xml = strFromU8(zip['word/document.xml']!);
    expect(xml.match(/<w:tbl>/g)).toHaveLength(8);
    expect(xml).toContain('w:orient="landscape"');
    expect(xml).toContain('<w:tblHeader/>');
    expect(Object.keys(zip).filter((k) => k.startsWith('word/media/')).map((k) => k.split('.').pop()).sort()).toEqual(['png', 'svg']);
    const png = Object.entries(zip).find(([k]) => k.endsWith('.png'))![1];
    expect([...png.slice(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const text = docxText(readFileSync(file));
    expect(text.match(/^Total$/gm)).toHaveLength(5);
    expect(text).toContain('Appendix B: charge per school');
    expect(strFromU8(zip['docProps/core.xml']!)).not.toContain('dcterms:created');
  });

  // A paper on a council website must meet WCAG 2.1 AA; Word's Check Accessibility asks each picture for alt text.
  it("gives the chart, in HTML and Word, a text alternative that says what it shows: every school's change, not only the title", async () => {
    const html = (await runInProcess(['paper', PROPOSAL, '-q'])).stdout;
    const desc = /<desc>([^<]*)<\/desc>/.exec(html)![1]!;
    expect(desc).toMatch(/^Bar chart: Change per school, 2023\/24 to 2024\/25 \(£\)\. 24 bars: All Saints Benhilton CofE Primary School \+£217; /);
    expect(desc).toContain('; Greenshaw Park Primary School −£1,479; Beddington Park Junior School −£660.');
    const file = out('chart.docx');
    expect((await runInProcess(['paper', PROPOSAL, '--out', file, '-q'])).code).toBe(0);
    const docPr = /<wp:docPr [^>]*>/.exec(strFromU8(unzipSync(readFileSync(file))['word/document.xml']!))![0];
    expect(docPr).toContain(`descr="${desc.replace(/&#39;/g, '&apos;').replace(/'/g, '&apos;')}"`);
  });

  // Word's Check Accessibility, as a council's web team runs it before a paper goes on its website.
  it('gives Word what its accessibility checker asks: title and language, Heading 1 then Heading 2, every header row marked as such, no empty paragraphs', async () => {
    const file = out('checked.docx');
    expect((await runInProcess(['paper', PROPOSAL, '--out', file, '-q'])).code).toBe(0);
    const zip = unzipSync(readFileSync(file));
    const core = strFromU8(zip['docProps/core.xml']!);
    expect(core).toContain('<dc:title>Draft De-delegation 2024/25: School Improvement</dc:title>');
    expect(core).toContain('<dc:language>en-GB</dc:language>');
    const styles = strFromU8(zip['word/styles.xml']!);
    expect(/<w:docDefaults>.*<\/w:docDefaults>/.exec(styles)![0]).toContain('<w:lang w:val="en-GB"/>');
    expect(/<w:style [^>]*w:styleId="Heading1">.*?<\/w:style>/.exec(styles)![0]).toContain('<w:outlineLvl w:val="0"/>');
    expect(/<w:style [^>]*w:styleId="Heading2">.*?<\/w:style>/.exec(styles)![0]).toContain('<w:outlineLvl w:val="1"/>');
    const xml = strFromU8(zip['word/document.xml']!);
    // The paper's title is the one Heading 1, first; each section a Heading 2, as the HTML's <h1> and <h2>.
    const headings = [...xml.matchAll(/<w:pStyle w:val="(Heading\d|Title)"\/>/g)].map((m) => m[1]);
    expect(headings).toEqual(['Heading1', ...Array(10).fill('Heading2')]);
    expect(xml.indexOf('<w:pStyle w:val="Heading1"/>')).toBeLessThan(xml.indexOf('<w:tbl>'));
    // Each table's first row is its header row, repeated on each page; no other row is.
    const tables = [...xml.matchAll(/<w:tbl>(.*?)<\/w:tbl>/g)].map((m) => [...m[1]!.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((r) => r[1]!.includes('<w:tblHeader/>')));
    expect(tables).toHaveLength(8);
    for (const rows of tables) expect(rows).toEqual([true, ...Array(rows.length - 1).fill(false)]);
    // and is the table's header row in Word's Table Design ("Header Row" ticked).
    expect(xml.match(/<w:tblPr>.*?<w:tblLook w:firstRow="true"\/><\/w:tblPr>/g)).toHaveLength(8);
    // No empty paragraph outside a table (spacing is the styles'); an empty cell's paragraph is the cell.
    const body = xml.replace(/<w:tbl>.*?<\/w:tbl>/g, '');
    for (const p of body.match(/<w:p>.*?<\/w:p>/g)!) expect(p).toMatch(/<w:t[ >]|<w:drawing>/);
  });

  it('sizes a wide Appendix B in Word so no figure wraps: each figure column is as wide as its widest figure, and the table fits the page', async () => {
    // 20 columns: four services, each de-delegated and bought back, amounts to £55,725.
    const file = out('wide.docx');
    const run = await runInProcess(['paper', 'fixtures/paper-wide/proposal.json', '--out', file, '-q']);
    expect(run.code).toBe(0);
    const xml = strFromU8(unzipSync(readFileSync(file))['word/document.xml']!);
    const after = xml.slice(xml.indexOf('Appendix B: charge per school'));
    const table = after.slice(after.indexOf('<w:tbl>'), after.indexOf('</w:tbl>'));
    const grid = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(grid).toHaveLength(20);
    // Within the page between its 12 mm margins (A4 landscape, in twentieths of a point).
    expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(16838 - 2 * 680);
    const rows = [...table.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((r) => [...r[1]!.matchAll(/<w:tc>(.*?)<\/w:tc>/g)].map((c) => c[1]!));
    expect(rows.length).toBe(42);
    let figures = 0;
    for (const row of rows.slice(1)) {
      row.forEach((tc, i) => {
        if (!tc.includes('<w:jc w:val="right"/>')) return;
        const text = [...tc.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
        const size = Number(/<w:sz w:val="(\d+)"\/>/.exec(tc)![1]);
        // A digit is 0.636 em wide in DejaVu Sans (what LibreOffice shows for Arial, which is narrower), a comma, point or
        // hyphen at most 0.361 em; in bold 0.696 and 0.415.
        const bold = tc.includes('<w:b/>');
        const em = [...text].reduce((a, c) => a + (/\d/.test(c) ? (bold ? 0.696 : 0.636) : bold ? 0.415 : 0.361), 0);
        // Twentieths of a point: em × size in half-points ÷ 2 × 20, and the cell's two margins of 60.
        expect(grid[i], `"${text}" in column ${i + 1}`).toBeGreaterThanOrEqual(Math.ceil(em * size * 10) + 120);
        figures++;
      });
    }
    expect(figures).toBe(41 * 16);
  });

  // Five services in two periods: 24 and 25 columns. Squeezed to fit whole, names broke mid-word
  // in Word and LibreOffice ("Dogwoo/d", "Seconda/ry"); a table whose names cannot keep their
  // words whole is printed in parts, as the HTML paper is.
  it('keeps every word of a name whole in a Word table, printing one too wide for that in parts', async () => {
    const file = out('wider.docx');
    const run = await runInProcess(['paper', 'fixtures/paper-wider/proposal.json', '--out', file, '-q']);
    expect(run.code, run.stderr).toBe(0);
    const xml = strFromU8(unzipSync(readFileSync(file))['word/document.xml']!);
    expect(xml.match(/Part 1 of 2 of this table/g)).toHaveLength(1);
    const texts = (tc: string) => [...tc.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]!).join('');
    let checked = 0;
    for (const table of xml.match(/<w:tbl>.*?<\/w:tbl>/g)!) {
      const grid = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      const rows = [...table.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((r) => [...r[1]!.matchAll(/<w:tc>(.*?)<\/w:tc>/g)].map((c) => c[1]!));
      for (const [i, header] of rows[0]!.entries()) {
        if (!['School', 'Status', 'Phase'].includes(texts(header))) continue;
        for (const row of rows.slice(1)) {
          const tc = row[i]!;
          const size = Number(/<w:sz w:val="(\d+)"\/>/.exec(tc)?.[1] ?? 17);
          for (const word of texts(tc).split(/\s+/).filter(Boolean)) {
            // Thousandths of an em (DejaVu Sans) × half-points ÷ 100: twentieths of a point, with the cell's margins.
            expect(grid[i], `"${word}" in ${texts(header)}`).toBeGreaterThanOrEqual(Math.ceil((textWidth(word, tc.includes('<w:b/>')) * size) / 100) + 120);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it("compares a service given options with last year's service of the same name, through the option charged; says what a rate needed is per", async () => {
    // 2024/25 charged Ethnic Minority at £19 per FSM pupil; 2025/26 puts two options to the forum and charges the first,
    // `Ethnic Minority: FSM basis`, at £20. The comparison showed Ethnic Minority closing (-100%) and a new service opening.
    const run = await runInProcess(['paper', 'fixtures/paper-full/proposal-2025.json', '-q']);
    expect(run.code).toBe(0);
    const rows = tableRows(run.stdout, 'Compared with 2024/25: per service and phase').filter((r) => r[0]!.startsWith('Ethnic Minority'));
    expect(rows).toEqual([
      ['Ethnic Minority', 'Primary', 'FSM', '19.00', '20.00', '439', '392.5', '8,341', '7,850', '-491', '-5.9%'],
      ['Ethnic Minority', 'Secondary', 'FSM', '19.00', '20.00', '344', '352', '6,536', '7,040', '504', '7.7%'],
      ['Ethnic Minority', 'All', 'FSM', '', '', '', '', '14,877', '14,890', '13', '0.1%'],
    ]);
    // The rate the remaining schools would need says what it is per, as the rates table's basis does: not "per unit".
    expect(run.stdout).toContain('SEN Contingency: to recover £25,500 the maintained schools left need primary £43.68, secondary £65.52 per SEN pupil this year');
    expect(run.stdout).toContain('School Improvement: to recover £58,800 the maintained schools left need £10.90 per pupil this year');
    // Damson converts on 1 January: its lump sum (£187.50 for 9 months, printed £188) splits 5 : 4, £104.17 and £83.33, printed
    // £105 and £83 so that the De-delegated column adds up too; the note said only that each school's parts add up to its charge.
    expect(run.stdout).toContain("Each part is rounded to £1 by largest remainder both ways: every school's parts add up to its charge, and every period column to this table's figure for it");
    const compare = await runInProcess(['compare', 'fixtures/paper-full/census-2024.csv', 'fixtures/paper-full/census-2025.csv', '--before-config', 'fixtures/paper-full/proposal-2024.json', '-c', 'fixtures/paper-full/proposal-2025.json', '--format', 'csv', '-q']);
    expect(compare.stdout.split('\n')[1]).toContain(',1102,1220,118,');
  });

  it('says where last year, read from an allocation file, charged an all-through school whole and this year by its parts', async () => {
    // An allocation file gives Juniper Academy's 2024/25 charge under All-through; the 2025/26 census splits it into primary
    // and secondary parts. The comparison per phase then showed School Improvement's secondary charge up 91.2%, unexplained.
    const dir = mkdtempSync(join(tmpdir(), 'dedel-paper-'));
    cpSync('fixtures/paper-full', dir, { recursive: true });
    const made = await runInProcess(['allocate', join(dir, 'census-2024.csv'), '-c', join(dir, 'proposal-2024.json'), '--out', join(dir, 'alloc-2024.json'), '-q']);
    expect(made.code).toBe(0);
    const proposal = JSON.parse(readFileSync(join(dir, 'proposal-2025.json'), 'utf8'));
    proposal.paper.lastYear = { allocation: 'alloc-2024.json', year: '2024/25' };
    writeFileSync(join(dir, 'proposal-2025.json'), JSON.stringify(proposal));
    const run = await runInProcess(['paper', join(dir, 'proposal-2025.json'), '-q']);
    expect(run.code).toBe(0);
    const note = 'Not like with like by phase: Juniper Academy (130001) is an all-through school charged as one school (phase All-through) in one year, as an allocation file gives it, and by its primary and secondary parts in the other';
    const section = run.stdout.slice(run.stdout.indexOf('>Compared with 2024/25: per service and phase</h2>'), run.stdout.indexOf('>Compared with 2024/25: per school</h2>'));
    expect(section).toContain(note);
    expect(tableRows(run.stdout, 'Compared with 2024/25: per service and phase')).toContainEqual(['School Improvement', 'All-through', 'NOR', '', '', '1,400', '', '11,340', '', '-11,340', '-100.0%']);
    // Through two censuses the school is split both years, and nothing needs saying.
    const census = await runInProcess(['paper', 'fixtures/paper-full/proposal-2025.json', '-q']);
    expect(census.stdout).not.toContain('Not like with like');
  });

  it('prints an Appendix B too wide for the page in parts, in Word and HTML, each with the same rows, URN and School repeated, and no figure wrapped', async () => {
    // 30 columns: five services (one in two parts, one with two options), each split 5/12 and 7/12.
    // At 6 pt with every figure whole they need more than the page; squeezed to it, figures broke (`5,78` above `6`).
    const file = out('full.docx');
    const run = await runInProcess(['paper', 'fixtures/paper-full/proposal-2025.json', '--out', file, '-q']);
    expect(run.code).toBe(0);
    const html = (await runInProcess(['paper', 'fixtures/paper-full/proposal-2025.json', '-q'])).stdout;
    // In HTML too (printed from a browser, A4 landscape at 8 pt), Appendix B is in parts; put together, they are the table.
    const section = html.slice(html.indexOf('>Appendix B: charge per school</h2>'), html.indexOf('<h2', html.indexOf('>Appendix B: charge per school</h2>')));
    const htmlParts = [...section.matchAll(/<table[^>]*>(.*?)<\/table>/gs)].map((m) =>
      [...m[1]!.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map((r) => [...r[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '').replace(/&#39;/g, "'"))),
    );
    expect(htmlParts.length).toBeGreaterThan(1);
    expect([...section.matchAll(/<caption>(Part \d of \d)/g)].map((m) => m[1])).toEqual(htmlParts.map((_, p) => `Part ${p + 1} of ${htmlParts.length}`));
    for (const part of htmlParts) expect(part[0]!.slice(0, 2)).toEqual(['URN', 'School']);
    const htmlRows = htmlParts[0]!.map((row, r) => [...row, ...htmlParts.slice(1).flatMap((part) => part[r]!.slice(2))]);
    expect(htmlRows[0]).toHaveLength(30);
    expect(htmlRows[0]!.at(-1)).toBe('Per pupil £');
    expect(htmlRows.at(-1)!.slice(0, 2)).toEqual(['', 'Total']);
    const xml = strFromU8(unzipSync(readFileSync(file))['word/document.xml']!);
    const word = xml.slice(xml.indexOf('Appendix B: charge per school'), xml.indexOf('Period split'));
    expect(word.replace(/<[^>]+>/g, '')).toContain('Part 1 of 2 of this table');
    const tables = [...word.matchAll(/<w:tbl>(.*?)<\/w:tbl>/g)].map((m) => m[1]!);
    expect(tables).toHaveLength(2);
    const cellsOf = (table: string) =>
      [...table.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((r) => [...r[1]!.matchAll(/<w:tc>(.*?)<\/w:tc>/g)].map((c) => [...c[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('').replace(/&apos;/g, "'")));
    const parts = tables.map(cellsOf);
    const grids = tables.map((t) => [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1])));
    for (const grid of grids) expect(grid.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(16838 - 2 * 680);
    expect(parts[0]![0]!.slice(0, 2)).toEqual(['URN', 'School']);
    expect(parts[1]![0]!.slice(0, 2)).toEqual(['URN', 'School']);
    expect(parts[1]![0]!.at(-1)).toBe('Per pupil £');
    // Each row, its parts put together (URN and School once), is the HTML's row.
    htmlRows.forEach((row, r) => expect([...parts[0]![r]!, ...parts[1]![r]!.slice(2)]).toEqual(row));
    // Every figure's column is as wide as the figure needs (as in the 20-column test above).
    tables.forEach((table, t) => {
      const rows = [...table.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].slice(1).map((r) => [...r[1]!.matchAll(/<w:tc>(.*?)<\/w:tc>/g)].map((c) => c[1]!));
      for (const row of rows)
        row.forEach((tc, i) => {
          if (!tc.includes('<w:jc w:val="right"/>')) return;
          const text = [...tc.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
          const size = Number(/<w:sz w:val="(\d+)"\/>/.exec(tc)![1]);
          const bold = tc.includes('<w:b/>');
          const em = [...text].reduce((a, c) => a + (/\d/.test(c) ? (bold ? 0.696 : 0.636) : bold ? 0.415 : 0.361), 0);
          expect(grids[t]![i], `"${text}" in part ${t + 1} column ${i + 1}`).toBeGreaterThanOrEqual(Math.ceil(em * size * 10) + 120);
        });
    });
  });

  it('gives identical bytes for the same inputs, in HTML and Word', async () => {
    const [a, b] = [out('a.docx'), out('b.docx')];
    await runInProcess(['paper', PROPOSAL, '--out', a, '-q']);
    // The second made a day and a second later (only the clock is moved): no date or time of
    // writing goes into the document (core properties, zip entries).
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 86_401_000 });
    try {
      await runInProcess(['paper', PROPOSAL, '--out', b, '-q']);
    } finally {
      vi.useRealTimers();
    }
    expect(Buffer.compare(readFileSync(a), readFileSync(b))).toBe(0);
    const [h1, h2] = [await runInProcess(['paper', PROPOSAL, '-q']), await runInProcess(['paper', PROPOSAL, '-q'])];
    expect(h1.stdout).toBe(h2.stdout);
  });

  it('adds the converting schools and the rates the rest would need when schools convert', async () => {
    const run = await runInProcess(['paper', PROPOSAL, '--convert', '900104=January', '--convert', '900107=September', '-q']);
    expect(run.stdout).toContain('>Schools converting to academies</h2>');
    expect(run.stdout).toContain('>The rate the remaining schools would need</h2>');
    expect(run.stdout).toContain('<td style="text-align:right">5.41</td>');
    expect(run.stdout).toContain('<td style="text-align:right">5.90</td>');
  });

  it('prints the period split as the Appendix B period columns add up, and marks converting months bought back where academies buy back', async () => {
    const { writeFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const config = JSON.parse(readFileSync(PROPOSAL, 'utf8'));
    config.services[0].costs = resolve('fixtures/paper/costs-2024.csv');
    config.periods = [
      { name: 'De-delegated', months: 5 },
      { name: 'Buy-back', months: 7 },
    ];
    config.paper = { census: resolve('fixtures/paper/census-2024.csv'), year: '2024/25' };
    const file = out('proposal.json');
    writeFileSync(file, JSON.stringify(config));
    const run = await runInProcess(['paper', file, '--convert', '900104=January', '-q']);
    expect(run.code).toBe(0);
    const split = run.stdout.slice(run.stdout.indexOf('>Period split</h2>'));
    const cells = [...split.slice(0, split.indexOf('</table>')).matchAll(/<tr class="total">(.*?)<\/tr>/g)][0]![1]!.match(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)!.map((c) => c.replace(/<[^>]+>/g, ''));
    // The two periods add up to the total, which is Appendix B's.
    const [, first, second, total] = cells.map((c) => c.replace(/,/g, ''));
    expect(Number(first) + Number(second)).toBe(Number(total));
    // Appendix B's Total row carries the same total (£5.41 to the penny with Devonshire converting).
    const appendixB = run.stdout.slice(run.stdout.indexOf('>Appendix B'));
    expect(appendixB.slice(appendixB.indexOf('<tr class="total">'), appendixB.indexOf('</table>'))).toContain(`<strong>${cells[3]}</strong>`);
    expect(run.stdout).toContain('<th scope="col" style="text-align:right">Bought back £</th>');
    expect(run.stdout).not.toContain('Compared with');
    // Devonshire is charged April to December, 5 : 4 months: the split is not 5/12 : 7/12 of the
    // total, and its footnote says how it is made (it said "split 5/12 and 7/12" of 21,514 / 29,294).
    expect(Number(first)).toBeGreaterThan(Math.round((Number(total) * 5) / 12));
    expect(split).toContain("Each amount adds up Appendix B's period columns: each school's charge split 5/12 and 7/12, or, where a school is charged part of the year (from April), by its months in each period");
    const whole = await runInProcess(['paper', file, '-q']);
    expect(whole.stdout).toContain('Each amount rounded half-up to £1, then split 5/12 and 7/12');
  });

  it("prices a converting school's months after at the buy-back schedule's own rate, as the schedule charges the academy", async () => {
    const { writeFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const config = JSON.parse(readFileSync(PROPOSAL, 'utf8'));
    config.services[0].costs = resolve('fixtures/paper/costs-2024.csv');
    config.buyBack.rates = { 'School Improvement': '8.00' };
    config.paper = { census: resolve('fixtures/paper/census-2024.csv'), year: '2024/25' };
    const file = out('proposal.json');
    writeFileSync(file, JSON.stringify(config));
    const run = await runInProcess(['paper', file, '--convert', '900104=January', '-q']);
    expect(run.code).toBe(0);
    const section = run.stdout.slice(run.stdout.indexOf('>Schools converting to academies</h2>'));
    // Devonshire, 638 pupils, converting on 1 January: April to December de-delegated, then January
    // to March bought back at the schedule's £8.00, 638 × £8.00 × 3/12 = £1,276 (not at the £5.18
    // the maintained schools pay, £826.21).
    // Planned £3,254, charged £2,479 at the £5.18 solved again, so £775 lost to the de-delegated total.
    expect(section).toMatch(/<td>Devonshire Primary School<\/td><td>School Improvement<\/td><td>January<\/td><td[^>]*>3,254<\/td><td[^>]*>9<\/td><td[^>]*>2,479<\/td><td[^>]*>3<\/td><td[^>]*>775<\/td><td[^>]*>1,276<\/td>/);
    expect(section).toContain("at the buy-back schedule's rate (its own where it sets one, else the rate the maintained schools pay)");
    // The schedule charges the academy that same £1,276.
    expect(tableRows(run.stdout, 'Buy-back 2024/25: academies, September to March').find((r) => r[0] === '900104')).toEqual(['900104', 'Devonshire Primary School', 'Academy', 'Primary', '638', '1,276', '1,276', '2.00']);
  });

  it('lists a school converting during the year in the buy-back schedule, for its months after, as the conversions table gives it', async () => {
    const run = await runInProcess(['paper', PROPOSAL, '--convert', '900104=January', '-q']);
    expect(run.code).toBe(0);
    // Devonshire (638 pupils) is an academy from 1 January: January to March at the £5.18 the
    // maintained schools pay, 638 × £5.18 × 3/12 = £826.21, beside Greenshaw Park's 7 months (£973).
    const schedule = tableRows(run.stdout, 'Buy-back 2024/25: academies, September to March');
    expect(schedule).toEqual([
      ['900104', 'Devonshire Primary School', 'Academy', 'Primary', '638', '826', '826', '1.30'],
      ['900123', 'Greenshaw Park Primary School', 'Academy', 'Primary', '322', '973', '973', '3.02'],
      ['', 'Total', '', '', '960', '1,799', '1,799', '1.87'],
    ]);
    expect(run.stdout).toContain('Converting to an academy during the year, and bought back for the months after the conversion: Devonshire Primary School from 1 January (3 months).');
    const conversions = tableRows(run.stdout, 'Schools converting to academies');
    expect(conversions.map((r) => r.at(-1))).toEqual(['826', '826']);
    // Without the conversion the schedule is Greenshaw Park's alone.
    const planned = await runInProcess(['paper', PROPOSAL, '-q']);
    expect(tableRows(planned.stdout, 'Buy-back 2024/25: academies, September to March').map((r) => r[0])).toEqual(['900123', '']);
    // dedel buy-back --convert lists it the same way.
    const buyBack = await runInProcess(['buy-back', 'fixtures/paper/census-2024.csv', '-c', PROPOSAL, '--convert', '900104=January', '-f', 'csv', '-q']);
    expect(buyBack.stdout.split('\n').filter((l) => l.startsWith('900104') || l.startsWith(',Total'))).toEqual([
      '900104,Devonshire Primary School,academy,primary,638,826,826,1.30',
      ',Total,,,960,1799,1799,1.87',
    ]);
  });

  it('compares with last year given as a csv allocation without printing its one service again beside the Total row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-paper-'));
    cpSync('fixtures/paper', dir, { recursive: true });
    const last = await runInProcess(['allocate', join(dir, 'census-2023.csv'), '-c', join(dir, 'proposal-2023.json'), '-f', 'csv', '-q']);
    writeFileSync(join(dir, 'allocation-2023.csv'), last.stdout);
    const config = JSON.parse(readFileSync(join(dir, 'proposal-2024.json'), 'utf8'));
    config.paper.lastYear = { allocation: 'allocation-2023.csv', year: '2023/24' };
    writeFileSync(join(dir, 'proposal.json'), JSON.stringify(config));
    const run = await runInProcess(['paper', join(dir, 'proposal.json'), '-q']);
    expect(run.code).toBe(0);
    // A csv gives each school's total as one service, "All services": its phases, then the Total
    // row, not an "All services | All" row with the Total row's figures above it.
    expect(tableRows(run.stdout, 'Compared with 2023/24: per service and phase')).toEqual([
      ['All services', 'Primary', '38,675', '40,081', '1,406', '3.6%'],
      ['All services', 'Secondary', '9,927', '10,756', '829', '8.4%'],
      ['Total', '', '48,602', '50,837', '2,235', '4.6%'],
    ]);
  });

  it("compares with last year's published Appendix B (csv or workbook), read as compare reads it", async () => {
    // A first year with dedel: last year's table is the one the authority published, not dedel's.
    // The paper refused it as "not an allocation written by dedel" while compare read it.
    const dir = mkdtempSync(join(tmpdir(), 'dedel-paper-'));
    cpSync('fixtures/paper', dir, { recursive: true });
    cpSync('fixtures/sutton/appendix-b.csv', join(dir, 'appendix-b.csv'));
    cpSync('fixtures/sutton/appendix-b.xlsx', join(dir, 'appendix-b.xlsx'));
    const config = JSON.parse(readFileSync(join(dir, 'proposal-2024.json'), 'utf8'));
    const runWith = async (lastYear: object) => {
      writeFileSync(join(dir, 'proposal.json'), JSON.stringify({ ...config, paper: { ...config.paper, lastYear: { year: '2023/24', ...lastYear } } }));
      return runInProcess(['paper', join(dir, 'proposal.json')]);
    };
    const csv = await runWith({ allocation: 'appendix-b.csv' });
    expect(csv.code).toBe(0);
    // Its Total row is checked, as compare checks it.
    expect(csv.stderr).toContain('appendix-b.csv:24: the Total row gives £50,837 but the schools add up to £50,839');
    // The table has no phase column: its schools are compared under this year's phases, not on a row of their own.
    expect(tableRows(csv.stdout, 'Compared with 2023/24: per service and phase')).toEqual([
      ['All services', 'Primary', '40,083', '40,081', '-2', '0.0%'],
      ['All services', 'Secondary', '10,756', '10,756', '0', '0.0%'],
      ['Total', '', '50,839', '50,837', '-2', '0.0%'],
    ]);
    expect(csv.stdout).toContain('2023/24 gives no phases: its schools are compared by phase under the phase each has in 2024/25 (22 schools).');
    expect(tableRows(csv.stdout, 'Compared with 2023/24: per school')[0]!.slice(0, 8)).toEqual(['900101', 'All Saints Benhilton CofE Primary School', 'Primary', '421', '421', '2,147', '2,147', '0']);
    // The provenance names it as what it is.
    expect(tableRows(csv.stdout, 'Provenance').map((row) => row[0])).toContain('Published charges 2023/24');
    // The same table as a workbook gives the same comparison, and a sheet may be named.
    const book = await runWith({ allocation: 'appendix-b.xlsx', sheet: 'appendix-b' });
    expect(book.code).toBe(0);
    const section = (html: string) => html.slice(html.indexOf('>Compared with 2023/24: per service and phase</h2>'), html.indexOf('>Rounding</h2>'));
    expect(section(book.stdout)).toBe(section(csv.stdout));
    const noSheet = await runWith({ allocation: 'appendix-b.xlsx', sheet: 'Sheet9' });
    expect(noSheet.code).toBe(1);
    expect(noSheet.stderr).toContain('no sheet named "Sheet9" in the workbook; its sheets are');
  });

  it("says so where last year's published table is named as last year's census, and so charged again", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-paper-'));
    cpSync('fixtures/paper', dir, { recursive: true });
    cpSync('fixtures/sutton/appendix-b.csv', join(dir, 'appendix-b.csv'));
    const config = JSON.parse(readFileSync(join(dir, 'proposal-2024.json'), 'utf8'));
    writeFileSync(join(dir, 'proposal.json'), JSON.stringify({ ...config, paper: { ...config.paper, lastYear: { census: 'appendix-b.csv', year: '2023/24' } } }));
    const run = await runInProcess(['paper', join(dir, 'proposal.json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('appendix-b.csv: column "23/24 £" holds charges already made (a published table of charges?); named as paper.lastYear.census, the file is read as a census and charged again through the proposal, so those amounts are not what is compared: to compare them, name it as paper.lastYear.allocation\n');
    // Through a census, nothing of the kind.
    expect((await runInProcess(['paper', join(dir, 'proposal-2024.json')])).stderr).not.toContain('charges already made');
  });

  it("names the amount column of last year's table from the proposal, and refuses what cannot apply", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dedel-paper-'));
    cpSync('fixtures/paper', dir, { recursive: true });
    // A table per service, two money columns and neither headed Total: which is last year's charge cannot be told.
    const lines = readFileSync('fixtures/sutton/appendix-b.csv', 'utf8').split('\n');
    const twoColumns = lines.map((line, i) => (i === 0 ? `${line},Admissions £` : line.trim() === '' ? line : `${line},0`)).join('\n');
    writeFileSync(join(dir, 'two.csv'), twoColumns);
    const config = JSON.parse(readFileSync(join(dir, 'proposal-2024.json'), 'utf8'));
    const runWith = async (lastYear: object) => {
      writeFileSync(join(dir, 'proposal.json'), JSON.stringify({ ...config, paper: { ...config.paper, lastYear: { year: '2023/24', ...lastYear } } }));
      return runInProcess(['paper', join(dir, 'proposal.json'), '-q']);
    };
    const unsure = await runWith({ allocation: 'two.csv' });
    expect(unsure.code).toBe(1);
    expect(unsure.stderr).toContain('more than one column could be the amount charged ("23/24 £", "Admissions £"), and none is headed Total; choose one with "columns": {"total": "HEADER"} in paper.lastYear, such as "columns": {"total": "23/24 £"} in paper.lastYear');
    const chosen = await runWith({ allocation: 'two.csv', columns: { total: '23/24 £' } });
    expect(chosen.code).toBe(0);
    expect(tableRows(chosen.stdout, 'Compared with 2023/24: per service and phase').at(-1)).toEqual(['Total', '', '50,839', '50,837', '-2', '0.0%']);
    // A census given as last year's allocation: no column of amounts, and the key that takes a census.
    const census = await runWith({ allocation: 'census-2023.csv' });
    expect(census.code).toBe(1);
    expect(census.stderr).toContain('no column of amounts charged');
    expect(census.stderr).toContain('name the column with "columns": {"total": "HEADER"} in paper.lastYear (or, for a census, give it as paper.lastYear.census)');
    // A field a table of charges is not read by, named at its place in the proposal.
    const field = await runWith({ allocation: 'two.csv', columns: { total: '23/24 £', fsm: 'FSM' } });
    expect(field.code).toBe(1);
    expect(field.stderr).toContain('paper.lastYear.columns.fsm');
    expect(field.stderr).toContain('unknown field "fsm": a table of charges not written by dedel is read by urn, name, phase, status, nor, total');
    // dedel's own allocation needs no columns, and a csv has no sheet.
    const own = await runInProcess(['allocate', join(dir, 'census-2023.csv'), '-c', join(dir, 'proposal-2023.json'), '-f', 'csv', '-q']);
    writeFileSync(join(dir, 'allocation-2023.csv'), own.stdout);
    const columns = await runWith({ allocation: 'allocation-2023.csv', columns: { total: 'total' } });
    expect(columns.code).toBe(1);
    expect(columns.stderr).toContain('allocation-2023.csv is an allocation written by dedel, whose columns dedel knows: leave out "columns"');
    const sheet = await runWith({ allocation: 'two.csv', columns: { total: '23/24 £' }, sheet: 'Sheet1' });
    expect(sheet.code).toBe(1);
    expect(sheet.stderr).toContain('two.csv is not an .xlsx workbook, so it has no sheet "Sheet1"; leave out "sheet"');
  });

  it('leaves out what the proposal has no figures for, and needs --out for a binary file', async () => {
    const run = await runInProcess(['paper', 'fixtures/paper/proposal-2023.json', '-q']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('Compared with');
    expect(run.stdout).not.toContain('<svg');
    const docx = await runInProcess(['paper', PROPOSAL, '--format', 'docx']);
    expect(docx.code).toBe(2);
    expect(docx.stderr).toContain('needs --out');
    const nocensus = await runInProcess(['paper', 'fixtures/two-services/dedel.json']);
    expect(nocensus.code).toBe(2);
    expect(nocensus.stderr).toContain('name the census');
  });

  it('writes the appendix as a workbook, one sheet per table and the Inputs, the same bytes twice', async () => {
    const file = out('paper.xlsx');
    const first = await runInProcess(['paper', PROPOSAL, '--out', file, '-q']);
    expect(first.code).toBe(0);
    const bytes = readFileSync(file);
    const workbook = strFromU8(unzipSync(bytes)['xl/workbook.xml']!);
    const sheets = [...workbook.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]!.replace(/&apos;/g, "'"));
    expect(sheets[0]).toBe("The forum's decisions");
    // Tabs read as their headings: a colon becomes a dash, a year keeps its dash.
    expect(sheets).toContain('Appendix B - charge per school');
    expect(sheets).toContain('Buy-back 2024-25 - academies, S');
    expect(sheets).toContain('Compared with 2023-24 - per sch');
    expect(sheets.at(-1)).toBe('Inputs');
    const appendixB = strFromU8(unzipSync(bytes)[`xl/worksheets/sheet${sheets.indexOf('Appendix B - charge per school') + 1}.xml`]!);
    expect(appendixB).toContain('<v>50837</v>');
    expect((await runInProcess(['paper', PROPOSAL, '--out', file, '-q'])).code).toBe(0);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
  it('warns of nothing about the buy-back schedule rounding each school on its own, as dedel buy-back does not', async () => {
    // Contingency's schedule: the rows come to £16,912 of an exact £16,912.76; each row is a
    // price on its own, as the schedule's footnote says, and paper has no --foot to advise.
    const run = await runInProcess(['paper', 'fixtures/proposal/dedel.json', '--census', 'fixtures/proposal/census.csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Contingency: each school rounded half-up to £1 on its own; the Total row adds up the rounded rows.');
    expect(run.stderr).not.toContain('Use --foot');
    expect(run.stderr).not.toContain('rounded rows add up');
    expect(run.stderr).toContain('the decision for secondary is pending');
  });

  it("prices a service's other options in Appendix B beside the one charged, as dedel allocate prints them", async () => {
    const args = ['fixtures/proposal/census.csv', '-c', 'fixtures/proposal/options.json', '-q'];
    const paper = await runInProcess(['paper', 'fixtures/proposal/options.json', '--census', 'fixtures/proposal/census.csv', '-q']);
    expect(paper.code).toBe(0);
    const allocated = await runInProcess(['allocate', ...args, '-f', 'csv']);
    // The allocation's rows, figure by figure: the option (429 …) and its difference (-71 …) included.
    const rows = allocated.stdout.trim().split('\n').slice(1).map((line) => line.split(',').slice(-7));
    const printed = tableRows(paper.stdout, 'Appendix B: charge per school').map((cells) => cells.slice(-6).map((c) => c.replace(/,/g, '')));
    expect(printed).toEqual(rows.map((r) => r.slice(1)));
    expect(printed[0]).toEqual(['500', '429', '-71', '687', '1187', '2.88']);
    // The option's column is footed as a service's is, and its footnote, in Appendix B and in the Rounding notes, says so:
    // 100 pupils at £2.50 for 5 months is £104.1666…, printed £104 or £105 as the column foots.
    const note = 'Option Ethnic Minority: Per pupil: rounded to £1 by largest remainder so the rows add up to £3,424. Exact total £3,423.9583333333… (£3,424 rounded). Ethnic Minority: Per pupil: £3,424 against £3,250 for Ethnic Minority: EAL basis, the option charged';
    expect(paper.stdout.split(note)).toHaveLength(3);
  });

  // `--out paper.pdf` wrote the HTML page under a name a PDF reader would not open (so did .csv, .md …).
  it('refuses an --out name of another kind (.pdf, .csv, .md …) rather than write the HTML page under it', async () => {
    for (const name of ['paper.pdf', 'Paper.PDF', 'paper.csv', 'paper.md', 'paper.doc']) {
      const file = out(name);
      const run = await runInProcess(['paper', PROPOSAL, '--out', file]);
      expect(run.code, name).toBe(2);
      expect(run.stderr, name).toMatch(new RegExp(`^dedel: error: --out .*: dedel paper writes html, docx or xlsx, not \\.${name.split('.')[1]!.toLowerCase()}; give --out FILE.html, FILE.docx or FILE.xlsx`));
      expect(existsSync(file), name).toBe(false);
    }
    // A name with no extension, or --format given, is written as asked.
    expect((await runInProcess(['paper', PROPOSAL, '--out', out('paper'), '-q'])).code).toBe(0);
    expect((await runInProcess(['paper', PROPOSAL, '--out', out('paper.txt'), '-f', 'html', '-q'])).code).toBe(0);
  });
});
