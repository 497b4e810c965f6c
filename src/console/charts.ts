import { toPersianDigits } from '../locale/digits.js';
import { esc } from './layout.js';
import type { ConsoleLang } from './messages.js';

export interface Bar {
  label: string;
  value: number;
}

const ROW = 26;
const WIDTH = 640;
const LABEL_WIDTH = 200;
const VALUE_WIDTH = 60;

/** A number as the page's language writes it (Persian digits in Persian). */
export function showNumber(value: number, lang: ConsoleLang): string {
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return lang === 'fa' ? toPersianDigits(text) : text;
}

/**
 * A horizontal bar chart as inline SVG, drawn on the server (no script, nothing from a CDN): bars grow from the
 * start edge of the page's direction (the right in Persian); the SVG itself is laid out left to right, so its text
 * anchors mean the same on both pages. Named by its title (`role="img"`, `<title>`), each bar with its own `<title>`;
 * the page shows the same numbers in a table beside it for screen readers and copying.
 */
export function barChart(title: string, bars: Bar[], lang: ConsoleLang): string {
  const rtl = lang === 'fa';
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(ROW, bars.length * ROW) + 4;
  const rows = bars.map((bar, index) => {
    const y = index * ROW + 2;
    const length = Math.max(0, (bar.value / max) * span);
    const barX = rtl ? WIDTH - LABEL_WIDTH - length : LABEL_WIDTH;
    const labelX = rtl ? WIDTH - 4 : 4;
    const valueX = rtl ? barX - 6 : barX + length + 6;
    const label = bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label;
    return `<g><title>${esc(bar.label)}: ${showNumber(bar.value, lang)}</title>
<text x="${labelX}" y="${y + 17}" text-anchor="${rtl ? 'end' : 'start'}">${esc(label)}</text>
<rect x="${barX.toFixed(1)}" y="${y + 4}" width="${length.toFixed(1)}" height="${ROW - 8}" rx="3" class="bar"></rect>
<text x="${valueX.toFixed(1)}" y="${y + 17}" text-anchor="${rtl ? 'end' : 'start'}" class="value">${showNumber(bar.value, lang)}</text></g>`;
  });
  return `<figure class="chart"><svg role="img" viewBox="0 0 ${WIDTH} ${height}" width="100%" style="direction: ltr" aria-label="${esc(title)}"><title>${esc(title)}</title>${rows.join('')}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}
