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
import { chartDescription, chartSvg, NEGATIVE, POSITIVE } from './chart-svg.js';
import { humanView, type Cell, type TableDoc } from './model.js';
import { chartSize, type PaperDoc } from './paper-model.js';
import { CELL_MARGIN, columnNeeds, columnParts, keyColumns, layoutColumns, PAGE_WIDTH, partLine } from './column-layout.js';

/** The paper's language: British English. */
const LANGUAGE = 'en-GB';

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '808080' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER, insideHorizontal: BORDER, insideVertical: BORDER };

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

/** A real Word table: a header row repeated on each page, figures right-aligned, subtotal and Total rows bold; footnotes beneath. */
function wordTable(table: TableDoc): (Paragraph | Table)[] {
  const doc = humanView(table);
  const text = humanCells(doc.columns);
  // What the census or config gave is shown as other formats show it (shownText); the docx library dropped
  // control characters silently, leaving `Beddington[31m` of an escape code.
  const numeric = doc.columns.map(isNumeric);
  const textOf = (row: readonly Cell[], i: number) => (numeric[i] ? text(row[i] ?? null, i) : shownText(text(row[i] ?? null, i)));
  const subtotals = new Set(doc.subtotalRows ?? []);
  const needs = columnNeeds(doc, textOf, (index) => subtotals.has(index));
  const parts = columnParts(needs, keyColumns(doc));
  const out: (Paragraph | Table)[] = [];
  parts.forEach((part, p) => {
    if (parts.length > 1)
      out.push(
        new Paragraph({
          style: 'Note',
          keepNext: true,
          children: [new TextRun(partLine(p, parts.length))],
        }),
      );
    const { size, widths } = layoutColumns(part.map((i) => needs[i]!));
    const row = (cells: readonly Cell[], bold: boolean) =>
      new TableRow({ cantSplit: true, children: part.map((i) => cell(textOf(cells, i), { numeric: numeric[i]!, size, bold })) });
    const rows = [
      new TableRow({ tableHeader: true, cantSplit: true, children: part.map((i) => cell(shownText(doc.columns[i]!.label), { numeric: numeric[i]!, size, header: true })) }),
      ...doc.rows.map((r, index) => row(r, subtotals.has(index))),
      ...(doc.total ? [row(doc.total, true)] : []),
    ];
    // The first row is the header row twice over: it repeats on each page (`tableHeader`), and Word's
    // Table Design shows "Header Row" ticked (`tableLook`; the table has no style, so it looks the same).
    out.push(new Table({ rows, width: { size: PAGE_WIDTH, type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, borders: BORDERS, tableLook: { firstRow: true } }));
  });
  out.push(...doc.notes.map((note) => new Paragraph({ style: 'Note', children: [new TextRun(shownText(note))] })));
  return out;
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
    // The document's language in its properties too (docx sets none), where a checker looks for it.
    files['docProps/core.xml'] = strToU8(xml.replace('</cp:coreProperties>', `<dc:language>${LANGUAGE}</dc:language></cp:coreProperties>`));
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

/**
 * The paper as a Word document: A4 landscape, heading styles, real tables, the chart as an image
 * (SVG, with a PNG for older Word). For Word's Check Accessibility: the title and language (en-GB)
 * in its properties, Heading 1 and 2, each table's header row marked to repeat, the chart's alt text.
 */
export async function renderPaperDocx(paper: PaperDoc, places: number): Promise<Uint8Array> {
  // Heading 1 for the paper's title and Heading 2 for each section, as the HTML's <h1> and <h2>:
  // a screen reader's list of headings, Word's navigation pane and a PDF saved from Word begin
  // with the title (Word's Title style is no heading to any of them).
  const children: (Paragraph | Table)[] = [new Paragraph({ text: shownText(paper.title), heading: HeadingLevel.HEADING_1 })];
  for (const line of paper.subtitle) children.push(new Paragraph({ children: [new TextRun(shownText(line))] }));
  for (const section of paper.sections) {
    children.push(new Paragraph({ text: shownText(section.heading), heading: HeadingLevel.HEADING_2, keepNext: true }));
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
              // Word's alt text (`descr`): what the chart shows, every figure, not only its title.
              altText: { name: section.chart.title, title: section.chart.title, description: chartDescription(section.chart, places) },
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
        // The language (en-GB) for every run, so a screen reader reads it, and Word checks its spelling, as British English.
        document: { run: { font: 'Arial', size: 20, language: { value: LANGUAGE } } },
        // The title looks as it did in Word's Title style; the sections' headings as they did in Heading 1.
        heading1: { run: { font: 'Arial', size: 32, bold: true }, paragraph: { outlineLevel: 0 } },
        heading2: { run: { font: 'Arial', size: 25, bold: true, color: '000000' }, paragraph: { spacing: { before: 280, after: 100 }, outlineLevel: 1 } },
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
