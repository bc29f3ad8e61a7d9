import type { PaperDoc } from './paper-model.js';

/** The paper as a workbook: one sheet per table. */
export function renderPaperXlsx(paper: PaperDoc): Uint8Array {
  void paper;
  throw new Error('xlsx');
}
