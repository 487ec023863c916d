/** A small SVG line chart, rendered to PNG by headless Chromium (no charting package needed). */
export type LineChart = { title: string; xLabel: string; yLabel: string; x: number[]; series: { name: string; values: number[] }[] };

const COLORS = ['#1976d2', '#d32f2f', '#388e3c', '#f57c00'];

export function lineChartSvg(chart: LineChart, width = 800, height = 450): string {
  const pad = { left: 70, right: 30, top: 66, bottom: 60 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const maxY = Math.max(1, ...chart.series.flatMap((s) => s.values)) * 1.1;
  // Concurrency levels grow geometrically: place them evenly.
  const xAt = (i: number) => pad.left + (chart.x.length === 1 ? w / 2 : (i / (chart.x.length - 1)) * w);
  const yAt = (v: number) => pad.top + h - (v / maxY) * h;
  const ticks = 5;
  const grid = Array.from({ length: ticks + 1 }, (_, i) => {
    const v = (maxY / ticks) * i;
    return `<line x1="${pad.left}" x2="${pad.left + w}" y1="${yAt(v)}" y2="${yAt(v)}" stroke="#eee"/><text x="${pad.left - 8}" y="${yAt(v) + 4}" text-anchor="end" font-size="12">${v < 10 ? v.toFixed(1) : Math.round(v)}</text>`;
  }).join('');
  const xTicks = chart.x.map((x, i) => `<text x="${xAt(i)}" y="${pad.top + h + 20}" text-anchor="middle" font-size="12">${x}</text>`).join('');
  const lines = chart.series
    .map((s, si) => {
      const color = COLORS[si % COLORS.length];
      const points = s.values.map((v, i) => `${xAt(i)},${yAt(v)}`).join(' ');
      const dots = s.values
        .map(
          (v, i) =>
            `<circle cx="${xAt(i)}" cy="${yAt(v)}" r="4" fill="${color}"/><text x="${xAt(i) + 6}" y="${yAt(v) - 6}" font-size="11" fill="${color}">${v}</text>`,
        )
        .join('');
      return `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>${dots}<rect x="${pad.left + 10 + si * 80}" y="${pad.top - 28}" width="12" height="12" fill="${color}"/><text x="${pad.left + 28 + si * 80}" y="${pad.top - 18}" font-size="13">${s.name}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="${width / 2}" y="20" text-anchor="middle" font-size="15">${chart.title}</text>
${grid}${xTicks}
<line x1="${pad.left}" x2="${pad.left}" y1="${pad.top}" y2="${pad.top + h}" stroke="#333"/>
<line x1="${pad.left}" x2="${pad.left + w}" y1="${pad.top + h}" y2="${pad.top + h}" stroke="#333"/>
<text x="${pad.left + w / 2}" y="${height - 15}" text-anchor="middle" font-size="13">${chart.xLabel}</text>
<text x="18" y="${pad.top + h / 2}" text-anchor="middle" font-size="13" transform="rotate(-90 18 ${pad.top + h / 2})">${chart.yLabel}</text>
${lines}
</svg>`;
}

export async function renderLineChartPng(path: string, chart: LineChart) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 800, height: 450 } });
    await page.setContent(`<html><body style="margin:0">${lineChartSvg(chart)}</body></html>`);
    await page.screenshot({ path, clip: { x: 0, y: 0, width: 800, height: 450 } });
  } finally {
    await browser.close();
  }
}
