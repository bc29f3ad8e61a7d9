import { zlibSync } from 'fflate';
import type { BarChart } from '../core/chart.js';
import { CHART, chartSize } from './paper-model.js';
import { GLYPH_HEIGHT, GLYPHS } from './glyphs.js';
import { barLabel, barValueText } from './chart-svg.js';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const rgb = (hex: string): [number, number, number] => [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)];

/**
 * The chart as a PNG: the picture Word shows where it cannot draw the SVG. Same geometry and
 * labels as the SVG, drawn pixel by pixel with a small built-in font.
 */
export function chartPng(chart: BarChart, colours: { positive: string; negative: string }, places = 0): Uint8Array {
  const { width, height, zeroX } = chartSize(chart);
  const stride = width * 3 + 1;
  const raw = new Uint8Array(stride * height).fill(255);
  for (let y = 0; y < height; y++) raw[y * stride] = 0; // filter type: none
  const fill = (x0: number, y0: number, w: number, h: number, colour: [number, number, number]) => {
    for (let y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) {
      for (let x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) raw.set(colour, y * stride + 1 + x * 3);
    }
  };
  const glyph = (code: number) => GLYPHS[code] ?? GLYPHS[63]!;
  const textWidth = (text: string) => [...text].reduce((w, ch) => w + glyph(ch.codePointAt(0)!)[0], 0);
  // Text is blended into the white ground by each pixel's coverage; `top` is the row of the glyph box.
  const text = (value: string, x0: number, top: number, anchor: 'start' | 'end', bold = false) => {
    let x = anchor === 'end' ? x0 - textWidth(value) : x0;
    for (const ch of value) {
      const [w, cover] = glyph(ch.codePointAt(0)!);
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < w; gx++) {
          // Coverage in 16 steps: 0 leaves the ground white, 15 paints black (255 = 15 × 17).
          const a = Number.parseInt(cover[gy * w + gx] ?? '0', 16);
          for (const dx of bold ? [0, 1] : [0]) {
            const px = x + gx + dx;
            const py = top + gy;
            if (a === 0 || px < 0 || px >= width || py < 0 || py >= height) continue;
            const at = py * stride + 1 + px * 3;
            for (let k = 0; k < 3; k++) raw[at + k] = Math.min(raw[at + k]!, 255 - 17 * a);
          }
        }
      }
      x += w;
    }
  };
  text(chart.title, 4, 5, 'start', true);
  chart.bars.forEach((bar, i) => {
    const row = CHART.top + i * CHART.row;
    const y = row + (CHART.row - CHART.barHeight) / 2;
    const x = bar.length < 0 ? zeroX + bar.length : zeroX;
    fill(x, y, Math.abs(bar.length), CHART.barHeight, rgb(bar.length < 0 ? colours.negative : colours.positive));
    text(barLabel(bar.label), CHART.labelWidth - 6, row + 2, 'end');
    text(barValueText(bar.value, places), bar.length < 0 ? x - 4 : zeroX + bar.length + 4, row + 2, bar.length < 0 ? 'end' : 'start');
  });
  fill(zeroX, CHART.top - 2, 1, height - CHART.top - CHART.bottom + 4, [0, 0, 0]);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const parts = [new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlibSync(raw, { level: 9 })), chunk('IEND', new Uint8Array())];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
