// The statistics page: articles per newspaper per month, as a table and an SVG chart drawn at build time.
import type { SiteModel, Term } from '../types.js';
import { xmlEscape } from './xml.js';

/** Newspapers drawn as their own series; the rest share one (more colours would not be told apart). */
export const CHART_SERIES = 7;

export interface StatsSeries {
  name: string;
  url?: string;
  total: number;
}

export interface StatsMonth {
  /** `2022-01`. */
  key: string;
  label: string;
  /** Posts per series, in the order of `series`. */
  counts: number[];
  total: number;
}

export interface Stats {
  total: number;
  series: StatsSeries[];
  /** Every month from the first to the last, oldest first; months without posts count zero. */
  months: StatsMonth[];
}

/** Counts each post once, under its first category (its newspaper), in the month of the site's zone. */
export function monthlyStats(model: SiteModel, seriesLimit = CHART_SERIES): Stats {
  const named = model.categories.slice(0, seriesLimit);
  const index = new Map<Term, number>(named.map((term, i) => [term, i]));
  const rest = named.length;
  const hasRest = model.entries.some((e) => !index.has(e.categoryTerms[0]));
  const width = rest + (hasRest ? 1 : 0);
  const byKey = new Map<string, number[]>();
  for (const year of model.years) {
    for (const month of year.months ?? []) {
      const counts = new Array<number>(width).fill(0);
      for (const entry of month.posts) counts[index.get(entry.categoryTerms[0]) ?? rest]++;
      byKey.set(month.key, counts);
    }
  }
  const series: StatsSeries[] = named.map((t) => ({ name: t.name, url: t.url, total: 0 }));
  if (hasRest) series.push({ name: model.categories.length > rest ? '其他报纸' : '未分类', total: 0 });
  const months = monthRange([...byKey.keys()]).map((key): StatsMonth => {
    const counts = byKey.get(key) ?? new Array<number>(width).fill(0);
    counts.forEach((n, i) => (series[i].total += n));
    const [y, m] = key.split('/').map(Number);
    return { key: `${y}-${String(m).padStart(2, '0')}`, label: `${y}年${m}月`, counts, total: counts.reduce((a, b) => a + b, 0) };
  });
  return { total: model.entries.length, series, months };
}

/** Every `YYYY/MM` from the smallest key to the largest. */
function monthRange(keys: string[]): string[] {
  if (!keys.length) return [];
  const sorted = [...keys].sort();
  const [y0, m0] = sorted[0].split('/').map(Number);
  const [y1, m1] = sorted[sorted.length - 1].split('/').map(Number);
  const out: string[] = [];
  for (let n = y0 * 12 + m0 - 1; n <= y1 * 12 + m1 - 1; n++) out.push(`${Math.floor(n / 12)}/${String((n % 12) + 1).padStart(2, '0')}`);
  return out;
}

const W = 720;
const H = 280;
const PAD = { left: 44, right: 8, top: 12, bottom: 28 };

/** A stacked bar chart, one bar a month; each bar segment says its numbers in a `<title>` and `data-count`. */
export function monthlyChart(stats: Stats): string {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const max = niceCeiling(Math.max(1, ...stats.months.map((m) => m.total)));
  const step = plotW / Math.max(1, stats.months.length);
  const barW = Math.max(1, step * 0.8);
  const y = (n: number) => PAD.top + plotH - (n / max) * plotH;
  const parts: string[] = [];
  for (const tick of new Set([0, Math.floor(max / 2), max])) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${r(y(tick))}" y2="${r(y(tick))}"/>`);
    parts.push(`<text class="axis" x="${PAD.left - 6}" y="${r(y(tick) + 4)}" text-anchor="end">${tick}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(48 / (step * 12)));
  stats.months.forEach((month, i) => {
    const x = PAD.left + i * step + (step - barW) / 2;
    let base = 0;
    month.counts.forEach((count, s) => {
      if (!count) return;
      const top = y(base + count);
      parts.push(`<rect class="s${s}" x="${r(x)}" y="${r(top)}" width="${r(barW)}" height="${r(y(base) - top)}" data-month="${month.key}" data-count="${count}"><title>${xmlEscape(`${month.label} · ${stats.series[s].name}：${count} 篇`)}</title></rect>`);
      base += count;
    });
    const [year, m] = month.key.split('-').map(Number);
    if ((m === 1 || i === 0) && year % labelEvery === 0) parts.push(`<text class="axis" x="${r(PAD.left + i * step)}" y="${H - 8}">${year}</text>`);
  });
  const title = '每月文章数（按报纸）';
  const desc = `共 ${stats.total} 篇，${stats.months.length} 个月；每根柱子是一个月，颜色区分报纸。`;
  return `<svg class="stats-chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="chart-title chart-desc" data-total="${stats.total}" xmlns="http://www.w3.org/2000/svg"><title id="chart-title">${title}</title><desc id="chart-desc">${xmlEscape(desc)}</desc>${parts.join('')}</svg>`;
}

/** 1, 2, 5 × 10ⁿ at or above `n`, so the axis reads in round numbers. */
export function niceCeiling(n: number): number {
  const power = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * power >= n) return m * power;
  return 10 * power;
}

const r = (n: number) => Math.round(n * 10) / 10;
