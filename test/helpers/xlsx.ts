import { unzipSync, zipSync } from 'fflate';

/** The parts of a workbook as text, by path. */
export function unzipXml(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([path, data]) => [path, new TextDecoder().decode(data)]));
}

/** A worksheet's cells: reference → { formula, value, style }. */
export function sheetCells(xml: string): Map<string, { formula?: string; value?: string; text?: string; style?: string }> {
  const cells = new Map<string, { formula?: string; value?: string; text?: string; style?: string }>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const body = m[3] ?? '';
    cells.set(m[1]!, {
      style: /s="(\d+)"/.exec(m[2]!)?.[1],
      formula: /<f>(.*?)<\/f>/.exec(body)?.[1],
      value: /<v>(.*?)<\/v>/.exec(body)?.[1],
      text: /<t[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1],
    });
  }
  return cells;
}

/** The number format of a cell's style: the `formatCode` of its `numFmtId`. */
export function formatOf(styles: string, style: string | undefined): string | undefined {
  const xfs = [...(/<cellXfs[^>]*>(.*?)<\/cellXfs>/.exec(styles)?.[1] ?? '').matchAll(/<xf numFmtId="(\d+)"/g)].map((m) => m[1]);
  const id = xfs[Number(style ?? 0)];
  const code = new RegExp(`<numFmt numFmtId="${id}" formatCode="([^"]*)"`).exec(styles)?.[1];
  return code?.replace(/&quot;/g, '"');
}

/**
 * A small workbook made by hand, as other programs write them: `rows` are the raw `<c>` bodies
 * of each row (attributes and children after `r`), with shared strings given separately.
 * `state` hides a sheet (`hidden`), `rowAttributes` adds attributes to rows by their 1-based
 * number (`hidden="1"`), `merges` lists merged ranges (`A2:A4`); `chart` makes the sheet a
 * chart sheet (a tab that is a chart, its rows ignored).
 */
export interface HandSheet {
  name: string;
  rows: string[][];
  state?: string;
  rowAttributes?: Record<number, string>;
  merges?: string[];
  chart?: boolean;
  /** Raw `<row>` XML after the rows (cells past column Z, a used range far past the table). */
  extraRows?: string;
  /** Raw `<col>` elements (`<col min="3" max="3" hidden="1"/>` hides column C). */
  cols?: string;
  /** Raw XML after the sheet's data, before its merged cells (`<autoFilter ref="A1:C9">…`). */
  tail?: string;
}

/**
 * `styles`: the workbook's xl/styles.xml (number formats, by a cell's `s`); `date1904`: its dates
 * count from 1904; `fullCalcOnLoad`: it asks for its formulas to be worked out on opening (as
 * XlsxWriter writes it, with 0 saved for each formula); `calcPr`: other attributes of its calcPr
 * (`calcMode="manual" calcOnSave="0"`).
 */
export function handWorkbook(sheets: HandSheet[], shared: string[] = [], book: { styles?: string; date1904?: boolean; fullCalcOnLoad?: boolean; calcPr?: string } = {}): Uint8Array {
  const enc = (s: string) => new TextEncoder().encode(s);
  const letters = (i: number) => String.fromCharCode(65 + i);
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': enc(
      `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>`,
    ),
    'xl/workbook.xml': enc(
      `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${book.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`).join('')}</sheets>${book.fullCalcOnLoad ? '<calcPr calcId="124519" fullCalcOnLoad="1"/>' : book.calcPr ? `<calcPr ${book.calcPr}/>` : ''}</workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': enc(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((s, i) => (s.chart ? `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet${i + 1}.xml"/>` : `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)).join('')}</Relationships>`,
    ),
    'xl/sharedStrings.xml': enc(`<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${shared.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`),
  };
  if (book.styles !== undefined) files['xl/styles.xml'] = enc(book.styles);
  sheets.forEach((sheet, i) => {
    if (sheet.chart) {
      files[`xl/chartsheets/sheet${i + 1}.xml`] = enc(`<?xml version="1.0"?><chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`);
      return;
    }
    const rows = sheet.rows.map((cells, r) => `<row r="${r + 1}"${sheet.rowAttributes?.[r + 1] ? ` ${sheet.rowAttributes[r + 1]}` : ''}>${cells.map((c, k) => (c === '' ? '' : `<c r="${letters(k)}${r + 1}"${c}</c>`)).join('')}</row>`).join('');
    files[`xl/worksheets/sheet${i + 1}.xml`] = enc(`<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${sheet.cols ? `<cols>${sheet.cols}</cols>` : ''}<sheetData>${rows}${sheet.extraRows ?? ''}</sheetData>${sheet.tail ?? ''}${sheet.merges?.length ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : ''}</worksheet>`);
  });
  return zipSync(files);
}
