import type { Format, Renderer } from './model.js';

/**
 * One renderer per output format, loaded only when asked for: the table renderer's
 * cli-table3 and chalk cost start-up time that a csv run need not pay.
 */
export const RENDERERS = {
  table: async () => (await import('./table.js')).renderTable,
  csv: async () => (await import('./csv.js')).renderCsv,
  tsv: async () => (await import('./csv.js')).renderTsv,
  md: async () => (await import('./markdown.js')).renderMarkdown,
  html: async () => (await import('./html.js')).renderHtml,
  json: async () => (await import('./json.js')).renderJson,
} satisfies Record<Format, () => Promise<Renderer>>;

export { FORMATS, type Format, type TableDoc } from './model.js';
