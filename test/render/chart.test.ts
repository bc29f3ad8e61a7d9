import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/core/chart.js';
import { Dec } from '../../src/core/decimal.js';
import { chartDescription, chartSvg } from '../../src/render/chart-svg.js';

const chart = barChart(
  'Change per school, 2023/24 to 2024/25 (£)',
  [
    { label: 'Muschamp Primary School and Language Opportunity Base & Nursery <Carshalton>', value: new Dec(303) },
    { label: 'Greenshaw Park Primary School', value: new Dec(-1479) },
    { label: 'Nonsuch Primary School', value: new Dec(0) },
  ],
  200,
);

// A paper on a council website must meet WCAG 2.1 AA: a chart needs a text alternative that
// says what it shows, not only its title.
describe('the chart for those who cannot see it', () => {
  it('describes every bar by its whole label and its value, signed, as the chart labels it', () => {
    expect(chartDescription(chart)).toBe(
      'Bar chart: Change per school, 2023/24 to 2024/25 (£). 3 bars: Muschamp Primary School and Language Opportunity Base & Nursery <Carshalton> +£303; Greenshaw Park Primary School −£1,479; Nonsuch Primary School £0.',
    );
    expect(chartDescription(barChart('Change (£)', [{ label: 'A', value: new Dec('12.5') }], 200), 2)).toBe('Bar chart: Change (£). 1 bar: A +£12.50.');
  });

  it('the SVG is one image named by its title and described by its figures; a fall has its minus sign, not only its red', () => {
    const svg = chartSvg(chart);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-label="Change per school, 2023\/24 to 2024\/25 \(£\)"[^>]*>\n<desc>Bar chart: Change per school/);
    expect(svg).toContain('Language Opportunity Base &amp; Nursery &lt;Carshalton&gt; +£303; Greenshaw Park Primary School −£1,479; Nonsuch Primary School £0.</desc>');
    // The picture cuts a long name; the description keeps it whole.
    expect(svg).toContain('>Muschamp Primary School and Language Opportun…</text>');
    expect(svg).toContain('>−£1,479</text>');
  });
});
