import { hasTitle, type Renderer } from './model.js';
import { humanCell, shownText } from './cells.js';
import { drawGrid, gridRows, painter, terminalLines } from './table.js';

/** Width the working column wraps at, so a long reason stays readable in a terminal. */
const WORKING_WIDTH = 72;

/** A boxed two-column table (item, working) whose second column wraps: `explain` in a terminal. */
export const renderKeyValueTable: Renderer = (doc, options) => {
  const paint = painter(options.color);
  const drawn = drawGrid(
    {
      head: doc.columns.map((c) => c.label),
      rows: gridRows(doc.rows.map((row) => row.map((cell, i) => shownText(humanCell(cell, doc.columns[i]!))))),
      total: null,
      right: doc.columns.map(() => false),
      caps: [undefined, WORKING_WIDTH],
      keys: 1,
      // Each item's label marks where it starts: its working needs no indent.
      hang: false,
      pairs: true,
    },
    { paint, width: options.width },
    hasTitle(doc.title) ? terminalLines(doc.title, options.width).map(paint) : [],
  );
  return [...drawn, ...doc.notes.flatMap((note) => terminalLines(note, options.width)).map((line) => `${line}\n`)].join('');
};
