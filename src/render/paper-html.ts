import { chartSvg } from './chart-svg.js';
import { htmlDocument } from './html.js';
import type { PaperDoc } from './paper-model.js';
import { printedParts } from './printed.js';

/** The paper as one standalone HTML document (the same builder as `--standalone`), the chart inline as SVG. */
export function renderPaperHtml(paper: PaperDoc, places: number): string {
  return htmlDocument({
    title: paper.title,
    subtitle: paper.subtitle,
    sections: paper.sections.map((section) => ({
      id: section.id,
      heading: section.heading,
      paragraphs: section.paragraphs,
      tables: section.table ? printedParts(section.table) : [],
      figure: section.chart ? chartSvg(section.chart, places) : undefined,
    })),
  });
}
