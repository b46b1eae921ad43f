// SVG heat grid of reports per weekday (rows, Monday first) × local hour (columns), with a colour key and a data table.
import { h, s } from '../dom.js'
import { fmtNumber, t, weekdayName } from '../i18n/index.js'
import { r1 } from './scale.js'

/** Monday first, as Dutch calendars show it; values are indexes where 0 is Sunday. */
const ROW_ORDER = [1, 2, 3, 4, 5, 6, 0]
export const HEAT_STEPS = 6

/** Class 0…5 of a count relative to the largest: 0 only for zero, so an empty hour never looks busy. */
export function heatClass(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0
  return Math.min(HEAT_STEPS - 1, 1 + Math.floor((count / max) * (HEAT_STEPS - 1) - 1e-9))
}

/** Whole counts as whole numbers; aoristic fractions to one decimal. */
const fmtCount = (v: number): string => fmtNumber(v, Number.isInteger(v) ? 0 : 1)

export function heatGrid(counts: number[][], opts: { compact?: boolean } = {}): HTMLElement {
  const total = counts.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0)
  let max = 0
  let busiest = { d: 1, h: 0 }
  for (const d of ROW_ORDER) {
    for (let hr = 0; hr < 24; hr++) {
      const v = counts[d]?.[hr] ?? 0
      if (v > max) { max = v; busiest = { d, h: hr } }
    }
  }
  const label = t('dashboard.matrixLabel', { total: fmtNumber(total), day: weekdayName(busiest.d), hour: String(busiest.h).padStart(2, '0'), max: fmtCount(max) })
  const left = 44
  const top = 8
  const cw = 35
  const ch = opts.compact ? 18 : 22
  const W = left + 24 * cw + 4
  const H = top + 7 * ch + 22
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart heat', role: 'img', 'aria-label': label })
  svg.append(s('title', null, label))
  ROW_ORDER.forEach((d, row) => {
    svg.append(s('text', { class: 'tick', x: left - 6, y: r1(top + row * ch + ch / 2 + 4), 'text-anchor': 'end' }, weekdayName(d, true)))
    for (let hr = 0; hr < 24; hr++) {
      const v = counts[d]?.[hr] ?? 0
      svg.append(s('rect', {
        class: `heat-cell heat-${heatClass(v, max)}`,
        x: left + hr * cw + 1, y: top + row * ch + 1, width: cw - 2, height: ch - 2,
      }, s('title', null, `${weekdayName(d)} ${String(hr).padStart(2, '0')}:00: ${fmtCount(v)}`)))
    }
  })
  for (let hr = 0; hr < 24; hr += 3) {
    svg.append(s('text', { class: 'tick', x: r1(left + hr * cw + cw / 2), y: H - 6, 'text-anchor': 'middle' }, String(hr).padStart(2, '0')))
  }

  const key = h('div', { class: 'heat-key', 'aria-hidden': 'true' },
    h('span', null, t('dashboard.fewer')),
    Array.from({ length: HEAT_STEPS }, (_, k) => h('span', { class: `swatch heat-${k}` })),
    h('span', null, t('dashboard.more')))

  const table = h('table', { class: 'data-table heat-table' },
    h('caption', { class: 'visually-hidden' }, label),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('dashboard.day')), Array.from({ length: 24 }, (_, hr) => h('th', { scope: 'col' }, String(hr).padStart(2, '0'))))),
    h('tbody', null, ROW_ORDER.map((d) => h('tr', null,
      h('th', { scope: 'row' }, weekdayName(d)),
      Array.from({ length: 24 }, (_, hr) => h('td', { class: 'num' }, fmtCount(counts[d]?.[hr] ?? 0)))))))

  return h('figure', { class: 'chart-figure' },
    svg,
    key,
    h('figcaption', { class: 'hint' }, t('honest.aoristicNote')),
    h('details', { class: 'chart-table' }, h('summary', null, t('common.showAsTable')), h('div', { class: 'table-scroll' }, table)))
}
