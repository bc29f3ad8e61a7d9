// Word output with the `docx` library (declarative tables, styles, page setup). It is loaded only
// when a .docx is asked for: the bundle keeps it external, like zod.
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  ImageRun,
  Packer,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { humanCells, isNumeric, shownText } from './cells.js';
import { chartPng } from './chart-png.js';
import { chartSvg, NEGATIVE, POSITIVE } from './chart-svg.js';
import { humanView, type Cell, type TableDoc } from './model.js';
import { chartSize, type PaperDoc } from './paper-model.js';
import { textWidth } from './text-width.js';

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER };
/** A4 landscape between 12 mm margins, in twentieths of a point. */
const PAGE_WIDTH = 16838 - 2 * 680;
/** Half-points: 8.5 pt in tables, 10 pt in text; a wide table steps down, to 6 pt at the least, before its figures or words break. */
const TABLE_SIZES = [17, 16, 15, 14, 13, 12] as const;
/** A cell's left and right margins, in twentieths of a point. */
const CELL_MARGIN = 60;

function cell(text: string, options: { numeric: boolean; size: number; bold?: boolean; header?: boolean }): TableCell {
  return new TableCell({
    children: [
      new Paragraph({
        alignment: options.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
        spacing: { before: 0, after: 0 },
        children: [new TextRun({ text, bold: options.bold === true || options.header === true, size: options.size })],
      }),
    ],
    margins: { top: 20, bottom: 20, left: CELL_MARGIN, right: CELL_MARGIN },
    shading: options.header ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EEF7' } : undefined,
  });
}

/** Where a line may break: at spaces, and after a hyphen (`De-delegated`). */
function words(text: string): string[] {
  return text.split(/\s+|(?<=-)/).filter((w) => w !== '');
}

/**
 * How wide a column needs to be, in thousandths of an em of its text (src/render/text-width.ts),
 * from the least it can take to all it can use:
 * 0. its figures never wrap (a figure broken over two lines, `12,72` above `7`, misreads); a
 *    text column may be squeezed to a few letters;
 * 1. no word of a cell is broken, and a name has room for a few words;
 * 2. no word of the header is broken either (`Improvement`);
 * 3. every cell, and the header, on one line.
 * A word longer than LONGEST_WORD (a SHA-256) may break, rather than take the page.
 */
type Need = readonly [number, number, number, number];

const LONGEST_WORD = 16_000;
/** A text column is never squeezed below this. */
const NARROWEST_TEXT = 4_000;
/** Room a text column is given, where it can use it, before the headers' words are kept whole. */
const TEXT_ROOM = 12_000;

function columnNeeds(doc: TableDoc, text: (row: readonly Cell[], i: number) => string, bold: (index: number) => boolean): Need[] {
  return doc.columns.map((column, i): Need => {
    const numeric = isNumeric(column);
    const headerWord = Math.min(LONGEST_WORD, Math.max(0, ...words(column.label).map((w) => textWidth(w, true))));
    let widest = 0;
    let longestWord = 0;
    const measure = (row: readonly Cell[], strong: boolean) => {
      const t = text(row, i);
      if (!t) return;
      widest = Math.max(widest, textWidth(t, strong));
      if (!numeric) for (const w of words(t)) longestWord = Math.max(longestWord, textWidth(w, strong));
    };
    doc.rows.forEach((row, index) => measure(row, bold(index)));
    if (doc.total) measure(doc.total, true);
    const full = Math.max(widest, textWidth(column.label, true));
    if (numeric) return [widest, widest, Math.max(widest, headerWord), full];
    const cells = Math.max(Math.min(longestWord, LONGEST_WORD), Math.min(widest, TEXT_ROOM));
    const soft = Math.max(cells, headerWord);
    return [Math.min(cells, NARROWEST_TEXT), cells, soft, Math.max(full, soft)];
  });
}

/** Twentieths of a point a column of `need` thousandths of an em takes at `size` half-points, with its margins and a little to spare. */
function twips(need: number, size: number): number {
  return Math.ceil((need * size * 1.03) / 100) + 2 * CELL_MARGIN + 20;
}

/**
 * The table's type size and column widths across the page between the margins: the largest
 * size at which the columns have what they need at the highest level (Need) that fits at any
 * size, so a wide table's type is made smaller before its words or figures break. The columns
 * then share the room left in proportion to what each lacks of the next level; room to spare
 * once every cell is on one line goes to the columns in proportion to their width.
 */
function layoutColumns(needs: readonly Need[], width = PAGE_WIDTH): { size: number; widths: number[] } {
  const at = (level: number, size: number) => needs.map((n) => twips(n[level]!, size));
  const total = (w: readonly number[]) => w.reduce((a, b) => a + b, 0);
  const smallest = TABLE_SIZES[TABLE_SIZES.length - 1]!;
  for (let level = 3; level >= 0; level--) {
    const size = TABLE_SIZES.find((s) => total(at(level, s)) <= width);
    if (size === undefined) continue;
    const low = at(level, size);
    const room = width - total(low);
    if (level === 3) return { size, widths: low.map((w) => w + Math.floor((w * room) / total(low))) };
    const high = at(level + 1, size);
    const lack = total(high) - total(low);
    return { size, widths: low.map((l, i) => (lack > 0 ? l + Math.floor(((high[i]! - l) * room) / lack) : l)) };
  }
  const squeezed = at(0, smallest);
  return { size: smallest, widths: squeezed.map((w) => Math.floor((w * width) / total(squeezed))) };
}

/** A real Word table: a header row repeated on each page, figures right-aligned, subtotal and Total rows bold; footnotes beneath. */
function wordTable(table: TableDoc): (Paragraph | Table)[] {
  const doc = humanView(table);
  const text = humanCells(doc.columns);
  // What the census or config gave is shown as other formats show it (shownText); the docx library dropped
  // control characters silently, leaving `Beddington[31m` of an escape code.
  const numeric = doc.columns.map(isNumeric);
  const textOf = (row: readonly Cell[], i: number) => (numeric[i] ? text(row[i] ?? null, i) : shownText(text(row[i] ?? null, i)));
  const subtotals = new Set(doc.subtotalRows ?? []);
  const { size, widths } = layoutColumns(columnNeeds(doc, textOf, (index) => subtotals.has(index)));
  const row = (cells: readonly Cell[], bold: boolean) =>
    new TableRow({ cantSplit: true, children: cells.map((_, i) => cell(textOf(cells, i), { numeric: isNumeric(doc.columns[i]!), size, bold })) });
  const rows = [
    new TableRow({ tableHeader: true, cantSplit: true, children: doc.columns.map((c) => cell(shownText(c.label), { numeric: isNumeric(c), size, header: true })) }),
    ...doc.rows.map((r, index) => row(r, subtotals.has(index))),
    ...(doc.total ? [row(doc.total, true)] : []),
  ];
  return [
    new Table({ rows, width: { size: PAGE_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, borders: BORDERS }),
    ...doc.notes.map((note) => new Paragraph({ style: 'Note', children: [new TextRun(shownText(note))] })),
  ];
}

/**
 * The zip docx writes, made byte-reproducible: the same entries in the same order with a fixed
 * time (1 January 1980, the earliest a zip can hold, in the machine's zone as zip times are),
 * the document's created and modified dates set to the date asked for, or left out, and its
 * drawings numbered from 1.
 */
function reproducible(bytes: Uint8Array, date: string | undefined): Uint8Array {
  const files = unzipSync(bytes);
  const core = files['docProps/core.xml'];
  if (core) {
    let xml = strFromU8(core);
    xml = date
      ? xml.replace(/(<dcterms:(created|modified) [^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${date}T00:00:00Z$3`)
      : xml.replace(/<dcterms:(created|modified) [^>]*>[^<]*<\/dcterms:\1>/g, '');
    files['docProps/core.xml'] = strToU8(xml);
  }
  // docx numbers drawings with a counter that lives as long as the process: number them from 1 in each document.
  const body = files['word/document.xml'];
  if (body) {
    let n = 0;
    files['word/document.xml'] = strToU8(strFromU8(body).replace(/<wp:docPr id="\d+"/g, () => `<wp:docPr id="${++n}"`));
  }
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const zippable: Zippable = {};
  for (const [name, data] of Object.entries(files)) zippable[name] = [data, { mtime, level: 6 }];
  return zipSync(zippable);
}

/** The paper as a Word document: A4 landscape, heading styles, real tables, the chart as an image (SVG, with a PNG for older Word). */
export async function renderPaperDocx(paper: PaperDoc, places: number): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [new Paragraph({ text: shownText(paper.title), heading: HeadingLevel.TITLE })];
  for (const line of paper.subtitle) children.push(new Paragraph({ children: [new TextRun(shownText(line))] }));
  for (const section of paper.sections) {
    children.push(new Paragraph({ text: shownText(section.heading), heading: HeadingLevel.HEADING_1, keepNext: true }));
    for (const p of section.paragraphs) children.push(new Paragraph({ children: [new TextRun(shownText(p))] }));
    if (section.table) children.push(...wordTable(section.table));
    if (section.chart) {
      const { width, height } = chartSize(section.chart);
      // At most the width of the page between the margins (A4 landscape, 12 mm each side: about 1,030 px).
      const shown = Math.min(width, 1000);
      children.push(
        new Paragraph({
          children: [
            new ImageRun({
              type: 'svg',
              data: new TextEncoder().encode(chartSvg(section.chart, places)),
              fallback: { type: 'png', data: chartPng(section.chart, { positive: POSITIVE, negative: NEGATIVE }, places) },
              transformation: { width: shown, height: Math.floor((height * shown) / width) },
              altText: { name: section.chart.title, title: section.chart.title, description: section.chart.title },
            }),
          ],
        }),
      );
    }
  }
  const document = new Document({
    creator: 'dedel',
    title: paper.title,
    description: paper.subtitle.join(' '),
    styles: {
      default: {
        document: { run: { font: 'Arial', size: 20 } },
        title: { run: { font: 'Arial', size: 32, bold: true } },
        heading1: { run: { font: 'Arial', size: 25, bold: true, color: '000000' }, paragraph: { spacing: { before: 280, after: 100 } } },
      },
      paragraphStyles: [{ id: 'Note', name: 'Note', basedOn: 'Normal', run: { size: 16, color: '222222' }, paragraph: { spacing: { before: 40, after: 40 } } }],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838, orientation: PageOrientation.LANDSCAPE },
            margin: { top: 680, bottom: 680, left: 680, right: 680 },
          },
        },
        children,
      },
    ],
  });
  return reproducible(await Packer.toBuffer(document), paper.date);
}
