import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec } from '../../src/core/decimal.js';
import type { Cell, Column, TableDoc } from '../../src/render/model.js';
import { displayWidth, MIN_WIDTH, renderTable, tableChunks, wrap } from '../../src/render/table.js';

const columns: Column[] = [
  { key: 'urn', label: 'URN', kind: 'text' },
  { key: 'school', label: 'School', kind: 'text' },
  { key: 'status', label: 'Status', kind: 'status' },
  { key: 'nor', label: 'NOR', kind: 'count' },
  { key: 'amount', label: 'De-delegation £', kind: 'money', places: 0 },
  { key: 'per_pupil', label: 'Per pupil £', kind: 'money', places: 2 },
];
const ANSI = /\u001b\[[0-9;]*m/g;
const strip = (text: string) => text.replace(ANSI, '');
const name = fc.array(fc.constantFrom('a', 'Z', ' ', ',', '"', 'é', 'Ŵ', '’', 'ø', '-', '1', '学', 'e\u0301', '校'), { maxLength: 30 }).map((p) => p.join(''));
const row = fc.tuple(fc.nat(999999), name, fc.constantFrom('community', 'voluntary-aided', 'academy', null), fc.nat(3000), fc.nat(10 ** 9), fc.option(fc.nat(99999)));

function docOf(rows: [number, string, string | null, number, number, number | null][]): TableDoc {
  return {
    title: 'Draft De-delegation 2024/25',
    columns,
    rows: rows.map(([urn, school, status, nor, amount, pp]) => [String(urn), school, status, new Dec(nor), new Dec(amount), pp === null ? null : new Dec(pp).div(100)]),
    total: ['', 'Total', null, new Dec(12345), new Dec(987654321), new Dec('5.83')],
    notes: ['De-delegation: each school rounded half-up to £1 on its own.'],
    diagnostics: [],
  };
}

/** The box's lines (title and notes left out). */
const boxLines = (text: string) => text.split('\n').filter((l) => /^[┌│├└]/.test(l));

describe('terminal tables', () => {
  it('paints the header, the Total row and the title bold, cell by cell, and nothing else', () => {
    const doc = docOf([[100001, 'All Saints Benhilton CofE Primary School', 'voluntary-aided', 421, 2147, 510]]);
    const colour = renderTable(doc, { color: true, bom: false });
    const plain = renderTable(doc, { color: false, bom: false });
    expect(strip(colour)).toBe(plain);
    expect(plain).not.toMatch(ANSI);
    const lines = colour.split('\n');
    expect(lines[0]).toBe('\u001b[1mDraft De-delegation 2024/25\u001b[22m');
    expect(lines[2]).toBe(
      '│ \u001b[1mURN\u001b[22m    │ \u001b[1mSchool\u001b[22m                                   │ \u001b[1mStatus\u001b[22m │    \u001b[1mNOR\u001b[22m │ \u001b[1mDe-delegation £\u001b[22m │ \u001b[1mPer pupil £\u001b[22m │',
    );
    // The school row has no colour; the Total row has it on its non-empty cells only.
    expect(lines[4]).not.toMatch(ANSI);
    expect(lines[6]).toBe('│        │ \u001b[1mTotal\u001b[22m                                    │        │ \u001b[1m12,345\u001b[22m │     \u001b[1m987,654,321\u001b[22m │        \u001b[1m5.83\u001b[22m │');
    expect(colour).not.toContain('School,Status');
  });

  it('measures wide characters and combining marks as a terminal shows them: every line of the box is as wide', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), (rows) => {
        const lines = boxLines(renderTable(docOf(rows), { color: false, bom: false }));
        const widths = new Set(lines.map(displayWidth));
        expect(widths.size).toBe(1);
      }),
      { numRuns: 60 },
    );
    expect(displayWidth('学校')).toBe(4);
    expect(displayWidth('Ecole\u0301')).toBe(5);
    expect(displayWidth('Bexley’s “é” £5.10')).toBe(18);
  });

  // A school's name with ❤, ☀ or © (shown as text, one column) was padded as if it took two,
  // so its row's right border stood a column left of the others.
  it('measures emoji as terminals draw them: an emoji, flag, ZWJ sequence or VS16 two columns, a text symbol one', () => {
    const names: [string, number][] = [
      ['St Mary’s 🌟 Primary', 20],
      ['Flag 🇬🇧 School', 14],
      ['Ysgol 🏴\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F} Cymraeg', 16],
      ['Teacher 👩\u200d🏫 Academy', 18],
      ['Team 🧑\u200d🤝\u200d🧑 School', 14],
      ['Thumbs 👍🏽 School', 16],
      ['Love ❤\ufe0f School', 14],
      ['Keycap 1\ufe0f\u20e3 School', 16],
      ['Heart ❤ School', 14],
      ['Sun ☀ School', 12],
      ['Copyright © Ltd', 15],
      ['Trade™ School', 13],
      ['Wave 〰 School', 14],
      ['Star ⭐ School', 14],
    ];
    for (const [text, width] of names) expect(displayWidth(text), text).toBe(width);
    const doc = docOf(names.map(([text], i) => [100001 + i, text, 'community', 100, 500, 500]));
    const lines = boxLines(renderTable(doc, { color: false, bom: false }));
    const school = Math.max(...names.map(([, width]) => width));
    for (const [text, width] of names) {
      const line = lines.find((l) => l.includes(text))!;
      // The name is padded to the column's width by the columns it takes, then the border.
      expect(line.slice(line.indexOf(text) + text.length).startsWith(`${' '.repeat(school - width)} │ Community `), text).toBe(true);
    }
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
    // Colour codes take no columns, with an emoji or without.
    expect(displayWidth('\u001b[1m🌟 ❤\u001b[22m')).toBe(4);
  });

  it('folds a table wider than the terminal so no line is wider, and keeps every figure', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.integer({ min: 60, max: 120 }), (rows, width) => {
        const doc = docOf(rows);
        const folded = renderTable(doc, { color: false, bom: false, width });
        for (const line of boxLines(folded)) expect(displayWidth(line)).toBeLessThanOrEqual(width);
        const flat = renderTable(doc, { color: false, bom: false });
        // Every figure of the unfolded table appears in the folded one.
        for (const figure of flat.match(/\d[\d,.]*/g) ?? []) expect(folded).toContain(figure);
      }),
      { numRuns: 50 },
    );
  });

  // At 50 columns the school kept 28 columns in every block, and a status beside it made each
  // box line 56 wide: the terminal wrapped every one.
  it('in a narrow terminal (45 to 60 columns) the URN and school give up width so each block fits', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), fc.integer({ min: 45, max: 60 }), (rows, width) => {
        const doc = docOf(rows.map(([urn, , status, nor, amount, pp]) => [urn, 'St Anne’s CofE Junior School and Nursery', status, nor, amount % 10 ** 6, pp]));
        for (const line of boxLines(renderTable(doc, { color: false, bom: false, width }))) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      }),
      { numRuns: 40 },
    );
  });

  // At 40 or 30 columns the URN and school (16 columns at least) and one figure beside them
  // were still wider than the terminal, so every box line wrapped and the box fell apart.
  const longName = fc.constantFrom(
    'St Philomena’s Catholic High School for Girls and the Language Opportunity Base',
    'Muschamp Primary School and Language Opportunity Base',
    'Ysgol Gynradd Gymraeg Llwynderw a’r Ganolfan Adnoddau Iaith',
    'Supercalifragilisticexpialidociousandevenlongerwordthanthat Academy',
    '学校学校学校学校学校学校学校学校学校学校学校学校',
  );
  const periods = ['School Improvement: De-delegated £', 'School Improvement: Buy-back £', 'Behaviour Support: De-delegated £', 'Behaviour Support: Buy-back £'];
  function wideDoc(rows: [number, string, string | null, number, number, number | null][]): TableDoc {
    const doc = docOf(rows);
    return {
      ...doc,
      columns: [...columns, ...periods.map((label, k): Column => ({ key: `c${k}`, label, kind: 'money', places: 0 }))],
      rows: doc.rows.map((r, i) => [...r, new Dec(1001 + i), new Dec(1401), new Dec(275), new Dec(384)]),
      total: [...doc.total!, new Dec(8175), new Dec(11445), new Dec(2549), new Dec(3568)],
    };
  }
  it('fits every line (title, box and footnotes) to any terminal from 20 to 200 columns, and keeps every figure', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(row, longName), { minLength: 1, maxLength: 6 }), fc.boolean(), fc.integer({ min: 20, max: 200 }), (named, wide, width) => {
        const rows = named.map(([[urn, school, status, nor, amount, pp], long]) => [urn, `${school}${long}`, status, nor, amount, pp] as [number, string, string | null, number, number, number | null]);
        const doc = wide ? wideDoc(rows) : docOf(rows);
        const folded = renderTable(doc, { color: false, bom: false, width });
        for (const line of folded.split('\n')) expect(displayWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
        const flat = renderTable(doc, { color: false, bom: false });
        for (const figure of flat.match(/\d[\d,.]*/g) ?? []) expect(folded).toContain(figure);
      }),
      { numRuns: 80 },
    );
  });

  it('folds rows into records, one field to a line, where the school and one figure do not fit side by side', () => {
    const doc = docOf([
      [100001, 'All Saints Benhilton CofE Primary School', 'voluntary-aided', 421, 2147, 510],
      [100002, 'Beddington Infants’ School', 'community', 252, 1285, 510],
    ]);
    const at30 = renderTable(doc, { color: false, bom: false, width: 30 }).split('\n');
    expect(at30).toContain('│ School:                    │');
    expect(at30).toContain('│   All Saints Benhilton     │');
    expect(at30).toContain('│   CofE Primary School      │');
    expect(at30).toContain('│ De-delegation £:           │');
    expect(at30).toContain('│   2,147                    │');
    // Records are ruled apart; the Total row is the last record.
    expect(at30.filter((l) => l.startsWith('├'))).toHaveLength(2);
    expect(at30.slice(at30.indexOf('│   Total                    │') - 1)[0]).toBe('│ School:                    │');
    // Where the headers leave room, each field's text is beside its header.
    const at44 = renderTable(doc, { color: false, bom: false, width: 44 }).split('\n');
    expect(at44).toContain('│ School:          All Saints Benhilton    │');
    expect(at44).toContain('│                  CofE Primary School     │');
    expect(at44).toContain('│ De-delegation £: 2,147                   │');
    // The Total record is bold, as the Total row is; no other record is painted.
    const colour = renderTable(doc, { color: true, bom: false, width: 44 }).split('\n');
    expect(colour).toContain('│ \u001b[1mDe-delegation £: 987,654,321\u001b[22m             │');
    expect(colour).toContain('│ De-delegation £: 2,147                   │');
  });

  it('lays out a terminal under 20 columns as one of 20: the terminal wraps its lines', () => {
    const doc = docOf([[100001, 'All Saints Benhilton CofE Primary School', 'voluntary-aided', 421, 2147, 510]]);
    const at20 = renderTable(doc, { color: false, bom: false, width: 20 });
    for (const width of [1, 10, 19]) expect(renderTable(doc, { color: false, bom: false, width })).toBe(at20);
    expect(MIN_WIDTH).toBe(20);
  });

  it('wraps long school names with a hanging indent at 80 columns, and never when no width is given', () => {
    const long = 'Muschamp Primary School and Language Opportunity Base, with a very long name indeed';
    const doc = docOf([[100001, long, 'community', 602, 3070, 510]]);
    const flat = renderTable(doc, { color: false, bom: false });
    expect(flat).toContain(long);
    expect(boxLines(flat)).toHaveLength(7);
    const folded = boxLines(renderTable(doc, { color: false, bom: false, width: 80 }));
    expect(folded.some((l) => l.startsWith('│ 100001 │ Muschamp'))).toBe(true);
    expect(folded.some((l) => /^│ {8}│ {3}\S/.test(l))).toBe(true);
  });

  it('cuts a table too wide to wrap into blocks, each repeating the URN and school', () => {
    const wide: TableDoc = {
      ...docOf([[100001, 'Northfield Primary School', 'community', 412, 2402, 743]]),
      columns: [...columns, ...['School Improvement: De-delegated £', 'School Improvement: Buy-back £', 'Behaviour Support: De-delegated £', 'Behaviour Support: Buy-back £'].map((label, k): Column => ({ key: `c${k}`, label, kind: 'money', places: 0 }))],
    };
    wide.rows = wide.rows.map((r) => [...r, new Dec(1001), new Dec(1401), new Dec(275), new Dec(384)]);
    wide.total = [...wide.total!, new Dec(8175), new Dec(11445), new Dec(2549), new Dec(3568)];
    const text = renderTable(wide, { color: false, bom: false, width: 80 });
    const blocks = text.split('\n\n');
    expect(blocks.length).toBeGreaterThan(1);
    for (const block of blocks) {
      expect(block).toContain('│ 100001 │ Northfield Primary School');
      expect(block).toContain('│ Total');
    }
    for (const figure of ['1,001', '1,401', '275', '384', '8,175', '11,445', '2,549', '3,568']) expect(text).toContain(figure);
  });

  it('gives a text column in a block of its own the room beside the URN and school, not the width it was narrowed to', () => {
    // `allocate --all` at 80 columns: the reason was wrapped to 16 columns ("not mainstream" over
    // "(special school)"), cutting "non-maintaine / d", in a block with half the line empty.
    const reasons = ['not mainstream (special school)', 'not maintained (non-maintained special school)'];
    const wide: TableDoc = {
      ...docOf([
        [100001, 'Greenways School', 'community', 412, 0, null],
        [100002, 'The Royal School for the Deaf', null, 80, 0, null],
      ]),
      columns: [...columns, ...['School Improvement: De-delegated £', 'School Improvement: Buy-back £'].map((label, k): Column => ({ key: `c${k}`, label, kind: 'money', places: 0 })), { key: 'not_charged', label: 'Not charged', kind: 'text' }],
    };
    wide.rows = wide.rows.map((r, i) => [...r, null, null, reasons[i]!]);
    wide.total = [...wide.total!, new Dec(0), new Dec(0), null];
    const lines = boxLines(renderTable(wide, { color: false, bom: false, width: 80 }));
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(lines.some((l) => l.startsWith('│ 100001 │ Greenways School') && l.includes('│ not mainstream (special school) '))).toBe(true);
    // Wider than the room: wrapped on its words, never cut inside one.
    expect(lines.some((l) => l.includes('│ not maintained (non-maintained '))).toBe(true);
    expect(lines.some((l) => /│ {3}special school\) +│$/.test(l))).toBe(true);
  });

  // A terminal broke the long footnote inside its words ("ro" / "unded") at 80 columns.
  it('wraps the title and footnotes on words at the terminal width, and never when no width is given', () => {
    const note = 'De-delegation: each school rounded half-up to £1 on its own; the Total row adds up the rounded rows. Exact total £50,836.80 (£50,837 rounded); the rows add up to £50,839.';
    const title = 'Draft De-delegation 24/25 – subject to change when APT received, Sutton Schools Forum';
    const doc = { ...docOf([[100001, 'Ash Primary', 'community', 412, 2101, 510]]), title, notes: [note] };
    const folded = renderTable(doc, { color: true, bom: false, width: 60 }).split('\n');
    const outside = folded.filter((l) => l !== '' && !/^[┌│├└]/.test(strip(l)));
    for (const line of outside) expect(displayWidth(strip(line))).toBeLessThanOrEqual(60);
    expect(outside.map(strip).join(' ')).toBe(`${title} ${note}`);
    // Each line of a wrapped title is bold on its own.
    expect(folded[0]).toBe('\u001b[1mDraft De-delegation 24/25 – subject to change when APT\u001b[22m');
    expect(folded[1]).toBe('\u001b[1mreceived, Sutton Schools Forum\u001b[22m');
    const flat = renderTable(doc, { color: false, bom: false }).split('\n');
    expect(flat[0]).toBe(title);
    expect(flat).toContain(note);
  });

  it('draws a table of 150,000 rows given one at a time, without a stack overflow', () => {
    const count = 150_000;
    const doc: TableDoc = {
      columns,
      rows: [],
      rowCells: {
        count,
        fill: (index: number, cells: Cell[]) => {
          cells[0] = String(100000 + index);
          cells[1] = `School ${index}`;
          cells[2] = 'community';
          cells[3] = String(index % 900);
          cells[4] = String(index * 5);
          cells[5] = '5.10';
          return cells;
        },
      },
      total: ['', 'Total', null, new Dec(1), new Dec(2), new Dec(3)],
      notes: [],
      diagnostics: [],
    };
    let lines = 0;
    let last = '';
    for (const piece of tableChunks(doc, { color: false, bom: false })) {
      lines += piece.split('\n').length - 1;
      last = piece;
    }
    expect(lines).toBe(count + 6);
    expect(last.includes('│ 249999 │ School 149999 │ Community │ 599 │         749,995 │        5.10 │')).toBe(true);
  });

  it('wraps text on spaces, cuts a word longer than the line by graphemes, and hangs later lines', () => {
    expect(wrap('St Philomena’s Catholic High School for Girls', 20, '  ')).toEqual(['St Philomena’s', '  Catholic High', '  School for Girls']);
    expect(wrap('Aaaaaaaaaaé\u0301', 5)).toEqual(['Aaaaa', 'aaaaa', 'é\u0301']);
    expect(wrap('short', 10)).toEqual(['short']);
  });

  // rates' footnote at 80 columns read "… weighted primary 2" then a line starting ": secondary 3".
  it('never starts a line with the colon of a ratio: the phase and its weight go down with it', () => {
    const note = 'School Improvement: rates solved from a target of £1,160,000 weighted primary 2 : secondary 3; the rates are not rounded (shown to at most 4 dp).';
    for (const width of [30, 40, 50, 60, 70, 80]) {
      const lines = wrap(note, width);
      expect(lines.join(' ')).toBe(note);
      for (const line of lines) {
        expect(line, `${width}`).not.toMatch(/^:/);
        expect(displayWidth(line)).toBeLessThanOrEqual(width);
      }
      expect(lines.some((l) => l.includes('primary 2 : secondary')), `${width}`).toBe(true);
    }
    expect(wrap('a b 1 : c', 6)).toEqual(['a', 'b 1 :', 'c']);
    expect(wrap(': x', 1)).toEqual([':', 'x']);
  });
});
