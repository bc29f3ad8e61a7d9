import { humanView, type Format, type Renderer } from './model.js';

/** Human formats show the human view of a table. */
const human =
  (render: Renderer): Renderer =>
  (doc, options) =>
    render(humanView(doc), options);

/**
 * One renderer per output format, loaded only when asked for: the table renderer's
 * table drawer's chalk and string-width cost start-up time that a csv run need not pay.
 */
export const RENDERERS = {
  table: async () => human((await import('./table.js')).renderTable),
  csv: async () => (await import('./csv.js')).renderCsv,
  tsv: async () => (await import('./csv.js')).renderTsv,
  md: async () => human((await import('./markdown.js')).renderMarkdown),
  html: async () => human((await import('./html.js')).renderHtml),
  json: async () => (await import('./json.js')).renderJson,
} satisfies Record<Format, () => Promise<Renderer>>;

export { FORMATS, type Format, type TableDoc } from './model.js';
