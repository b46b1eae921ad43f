// SVG bar chart of counts over days or weeks, with shaded periods, an expected line with its band, spike markers and a table.
import { h, s, uid } from '../dom.js'
import { fmtDay, fmtMonth, fmtNumber, t } from '../i18n/index.js'
import { linear, r1, ticks } from './scale.js'

export interface ChartPoint {
  /** First day of the bar (YYYY-MM-DD). */
  start: string
  /** Days the bar covers (7 for a whole week, fewer for a partial one). */
  days: number
  count: number
  expected?: number | null
  band?: [number, number] | null
  spike?: boolean
  /** A word for the table's extra column (e.g. the phase of a campaign). */
  note?: string
}

export interface ChartPeriod { from: string, to: string, label: string, kind: 'campaign' | 'lag' }
export interface ChartMarker { day: string, label: string }

export interface TimeSeriesOptions {
  points: ChartPoint[]
  interval: 'day' | 'week'
  label: string
  periods?: ChartPeriod[]
  markers?: ChartMarker[]
  /** Columns beyond start and count in the table. */
  showExpected?: boolean
  noteHeader?: string
  barClass?: string
  height?: number
  compact?: boolean
}

const W = 900
const M = { top: 26, right: 14, bottom: 34, left: 48 }

const dayMs = (day: string): number => Date.parse(`${day}T00:00:00Z`)

export interface LegendItem { swatch: string, text: string }

export function legend(items: LegendItem[]): HTMLElement {
  return h('ul', { class: 'chart-legend' }, items.map((i) => h('li', null, h('span', { class: `swatch ${i.swatch}`, 'aria-hidden': 'true' }), i.text)))
}

export function timeSeriesChart(opts: TimeSeriesOptions): HTMLElement {
  const H = opts.height ?? 280
  const pts = opts.points
  const plotW = W - M.left - M.right
  const plotH = H - M.top - M.bottom
  const n = Math.max(pts.length, 1)
  const slot = plotW / n
  const first = pts[0]?.start
  const perDay = opts.interval === 'week' ? slot / 7 : slot
  // x of a calendar day: bars sit at their start day (weeks start on the Monday), a day inside a week proportionally.
  const xOfDay = (day: string): number => (first ? M.left + ((dayMs(day) - dayMs(first)) / 86_400_000) * perDay : M.left)
  const maxY = Math.max(1, ...pts.map((p) => Math.max(p.count, p.band?.[1] ?? 0, p.expected ?? 0)))
  const yTicks = ticks(maxY, 5)
  const y = linear([0, yTicks[yTicks.length - 1]!], [M.top + plotH, M.top])
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': opts.label, preserveAspectRatio: 'xMidYMid meet' })
  const titleId = uid('chart-title')
  svg.append(s('title', { id: titleId }, opts.label))

  // Shaded periods (campaign, lag window) under everything else.
  for (const p of opts.periods ?? []) {
    const x0 = Math.max(M.left, xOfDay(p.from))
    const x1 = Math.min(M.left + plotW, xOfDay(p.to) + perDay)
    if (x1 <= x0) continue
    svg.append(s('rect', { class: `period period-${p.kind}`, x: r1(x0), y: M.top, width: r1(x1 - x0), height: plotH }, s('title', null, p.label)))
    svg.append(s('text', { class: 'period-label', x: r1(x0 + 3), y: M.top - 8 }, p.label))
  }

  // Grid and y axis.
  for (const v of yTicks) {
    svg.append(s('line', { class: 'grid', x1: M.left, x2: M.left + plotW, y1: r1(y(v)), y2: r1(y(v)) }))
    svg.append(s('text', { class: 'tick', x: M.left - 6, y: r1(y(v) + 4), 'text-anchor': 'end' }, fmtNumber(v)))
  }

  // Expected band and line, drawn in contiguous runs where the expectation exists.
  const runs: ChartPoint[][] = []
  let run: ChartPoint[] = []
  for (const p of pts) {
    if (p.expected === null || p.expected === undefined) { if (run.length) runs.push(run); run = [] } else run.push(p)
  }
  if (run.length) runs.push(run)
  const cx = (p: ChartPoint) => M.left + pts.indexOf(p) * slot + slot / 2
  for (const r of runs) {
    const withBand = r.filter((p) => p.band)
    if (withBand.length) {
      const upper = withBand.map((p) => `${r1(cx(p))},${r1(y(p.band![1]))}`)
      const lower = withBand.slice().reverse().map((p) => `${r1(cx(p))},${r1(y(p.band![0]))}`)
      svg.append(s('polygon', { class: 'expected-band', points: [...upper, ...lower].join(' ') }))
    }
  }

  // Bars.
  const barW = Math.max(1, slot * (opts.interval === 'day' && slot < 4 ? 1 : 0.8))
  pts.forEach((p, i) => {
    const x = M.left + i * slot + (slot - barW) / 2
    const top = y(p.count)
    const partial = opts.interval === 'week' && p.days < 7
    svg.append(s('rect', {
      class: `bar ${opts.barClass ?? ''} ${partial ? 'partial' : ''}`.trim(),
      x: r1(x), y: r1(top), width: r1(barW), height: r1(Math.max(0, M.top + plotH - top)),
    }, s('title', null, `${fmtDay(p.start)}: ${fmtNumber(p.count)}`)))
  })

  for (const r of runs) {
    svg.append(s('polyline', { class: 'expected-line', points: r.map((p) => `${r1(cx(p))},${r1(y(p.expected!))}`).join(' ') }))
  }

  // Spike markers: a triangle above the bar.
  for (const p of pts) {
    if (!p.spike) continue
    const x = cx(p)
    const top = y(p.count) - 4
    svg.append(s('path', { class: 'spike', d: `M${r1(x)},${r1(top)} l-5,-9 h10 z` }, s('title', null, `${t('campaigns.spike')}: ${fmtDay(p.start)} (${fmtNumber(p.count)})`)))
  }

  for (const m of opts.markers ?? []) {
    const x = xOfDay(m.day)
    svg.append(s('line', { class: 'marker', x1: r1(x), x2: r1(x), y1: M.top - 4, y2: M.top + plotH }))
    svg.append(s('text', { class: 'period-label', x: r1(x + 3), y: M.top - 8 }, m.label))
  }

  // x axis: month labels, thinned to at most ~12.
  svg.append(s('line', { class: 'axis', x1: M.left, x2: M.left + plotW, y1: M.top + plotH, y2: M.top + plotH }))
  const spanDays = pts.length ? (dayMs(pts[pts.length - 1]!.start) - dayMs(pts[0]!.start)) / 86_400_000 : 0
  if (spanDays > 45) {
    const monthStarts: { i: number, day: string }[] = []
    let lastMonth = ''
    pts.forEach((p, i) => {
      const month = p.start.slice(0, 7)
      if (month !== lastMonth) { monthStarts.push({ i, day: p.start }); lastMonth = month }
    })
    const every = Math.ceil(monthStarts.length / 12)
    monthStarts.forEach((m, k) => {
      if (k % every) return
      const x = M.left + m.i * slot
      svg.append(s('line', { class: 'tick-mark', x1: r1(x), x2: r1(x), y1: M.top + plotH, y2: M.top + plotH + 5 }))
      svg.append(s('text', { class: 'tick', x: r1(x + 2), y: H - 12 }, fmtMonth(m.day)))
    })
  } else {
    const every = Math.max(1, Math.ceil(pts.length / 10))
    pts.forEach((p, i) => {
      if (i % every) return
      const x = M.left + i * slot + slot / 2
      svg.append(s('text', { class: 'tick', x: r1(x), y: H - 12, 'text-anchor': 'middle' }, fmtDay(p.start, 'short')))
    })
  }

  const table = h('table', { class: 'data-table' },
    h('caption', { class: 'visually-hidden' }, opts.label),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, opts.interval === 'week' ? t('dashboard.weekStarting') : t('dashboard.day')),
      h('th', { scope: 'col' }, t('dashboard.count')),
      opts.showExpected ? [h('th', { scope: 'col' }, t('campaigns.expected')), h('th', { scope: 'col' }, t('campaigns.band')), h('th', { scope: 'col' }, t('campaigns.spike'))] : null,
      opts.noteHeader ? h('th', { scope: 'col' }, opts.noteHeader) : null)),
    h('tbody', null, pts.map((p) => h('tr', null,
      h('th', { scope: 'row' }, fmtDay(p.start), opts.interval === 'week' && p.days < 7 ? ` (${t('dashboard.partialWeek', { days: p.days })})` : ''),
      h('td', { class: 'num' }, fmtNumber(p.count)),
      opts.showExpected ? [
        h('td', { class: 'num' }, p.expected === null || p.expected === undefined ? '–' : fmtNumber(p.expected, 1)),
        h('td', { class: 'num' }, p.band ? `${fmtNumber(p.band[0])}–${fmtNumber(p.band[1])}` : '–'),
        h('td', null, p.spike ? t('common.yes') : ''),
      ] : null,
      opts.noteHeader ? h('td', null, p.note ?? '') : null))))

  return h('figure', { class: `chart-figure ${opts.compact ? 'compact' : ''}`.trim() },
    svg,
    h('details', { class: 'chart-table' }, h('summary', null, t('common.showAsTable')), h('div', { class: 'table-scroll' }, table)))
}

