// Neighbourhood list and the printable neighbourhood summary for the safety meeting (counts, trend, hot cells, time pattern).
import { absoluteUrl, API, getCached } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { heatGrid } from '../charts/heat-grid.js'
import { h, replace, uid } from '../dom.js'
import { currentFilter, filterForm, filterFromParams, filterParams, filterQuery, setFilter, type Filter } from '../filters.js'
import { binLabel, fmtDay, fmtNumber, fmtP, pick, t } from '../i18n/index.js'
import type { CountRow, Neighbourhood, NeighbourhoodSummary } from '@meldpunt/core/api'
import { emptyState, loadInto, section } from '../ui.js'
import { binSwatchClass } from './dashboard-view.js'

export function neighbourhoodsView(ctx: ViewContext): View {
  const listBox = h('div')
  const searchId = uid('search')
  const search = h('input', { id: searchId, type: 'search', autocomplete: 'off' })
  let items: Neighbourhood[] = []

  const renderList = () => {
    const q = search.value.trim().toLowerCase()
    const shown = items.filter((n) => !q || n.name.toLowerCase().includes(q) || n.code.toLowerCase().includes(q))
    const query = filterParams(currentFilter()).toString()
    return h('ul', { class: 'link-list columns' }, shown.map((n) =>
      h('li', null, h('a', { href: `#/neighbourhoods/${n.code}${query ? `?${query}` : ''}` }, n.name), ' ', h('span', { class: 'muted' }, n.code))))
  }
  search.addEventListener('input', () => { if (items.length) replace(listBox, renderList()) })

  void loadInto(listBox, () => getCached<{ items: Neighbourhood[] }>('/staff/neighbourhoods'), (r) => {
    items = r.items
    return items.length ? renderList() : emptyState(t('neighbourhoods.title'), t('neighbourhoods.empty'))
  })

  return {
    title: t('neighbourhoods.title'),
    el: h('div', { class: 'narrow' },
      h('h1', null, t('neighbourhoods.title')),
      h('p', { class: 'lead' }, t('neighbourhoods.intro')),
      h('div', { class: 'field' }, h('label', { for: searchId }, t('neighbourhoods.searchNeighbourhood')), search),
      listBox),
  }
}

function change(now: number, before: number): string {
  const d = now - before
  return d === 0 ? '0' : `${d > 0 ? '+' : '−'}${fmtNumber(Math.abs(d))}`
}

function countTable(caption: string, header: string, rows: CountRow[]): HTMLElement {
  const shown = rows.filter((r) => r.count || r.previousCount).sort((a, b) => b.count - a.count)
  return h('table', { class: 'data-table' },
    h('caption', null, caption),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, header),
      h('th', { scope: 'col', class: 'num' }, t('dashboard.count')),
      h('th', { scope: 'col', class: 'num' }, t('neighbourhoods.previous')),
      h('th', { scope: 'col', class: 'num' }, t('neighbourhoods.change')))),
    h('tbody', null, shown.length
      ? shown.map((r) => h('tr', null,
        h('th', { scope: 'row' }, pick(r.label)),
        h('td', { class: 'num' }, fmtNumber(r.count)),
        h('td', { class: 'num' }, fmtNumber(r.previousCount)),
        h('td', { class: 'num' }, change(r.count, r.previousCount))))
      : h('tr', null, h('td', { colspan: 4 }, t('common.none')))))
}

function trendText(s: NeighbourhoodSummary): string {
  const tr = s.trend
  const parts: string[] = []
  if (tr.percentChange === null) parts.push(t('neighbourhoods.trendNoPrevious'))
  else if (tr.percentChange > 0) parts.push(t('neighbourhoods.trendUp', { pct: fmtNumber(tr.percentChange, 0) }))
  else if (tr.percentChange < 0) parts.push(t('neighbourhoods.trendDown', { pct: fmtNumber(-tr.percentChange, 0) }))
  else parts.push(t('neighbourhoods.trendSame'))
  if (tr.rateRatio !== null && tr.rateRatioCi95) {
    parts.push(t('neighbourhoods.trendInterval', { ratio: fmtNumber(tr.rateRatio, 2), low: fmtNumber(tr.rateRatioCi95[0], 2), high: fmtNumber(tr.rateRatioCi95[1], 2) }))
    if (tr.rateRatioCi95[0] <= 1 && tr.rateRatioCi95[1] >= 1) parts.push(t('neighbourhoods.trendIntervalNote'))
  }
  return parts.join(' ')
}

function summaryBody(s: NeighbourhoodSummary): HTMLElement {
  const hot = s.hotspots.cells.filter((c) => c.bin > 0)
  return h('article', { class: 'summary-doc' },
    h('header', { class: 'doc-head' },
      h('h1', null, t('neighbourhoods.summaryOf', { name: s.neighbourhood.name }), ' ', h('span', { class: 'muted' }, `(${s.neighbourhood.code})`)),
      h('p', null, t('neighbourhoods.summaryPeriod', { from: fmtDay(s.period.from), to: fmtDay(s.period.to), pfrom: fmtDay(s.previousPeriod.from), pto: fmtDay(s.previousPeriod.to) }))),
    h('div', { class: 'key-figure' },
      h('p', { class: 'big' }, t('neighbourhoods.summaryTotal', { n: fmtNumber(s.total), prev: fmtNumber(s.previousTotal) })),
      h('p', null, trendText(s)),
      s.leftOutCoarse > 0 ? h('p', { class: 'hint' }, t('honest.leftOutNeighbourhood', { n: fmtNumber(s.leftOutCoarse) })) : null),
    h('div', { class: 'two-columns' },
      countTable(t('neighbourhoods.byCategory'), t('reports.category'), s.byCategory),
      countTable(t('neighbourhoods.bySetting'), t('reports.setting'), s.bySetting)),
    h('div', { class: 'two-columns' },
      countTable(t('offenders.count'), t('offenders.answer'), s.offenders.count),
      countTable(t('offenders.age'), t('offenders.answer'), s.offenders.age),
      countTable(t('offenders.known'), t('offenders.answer'), s.offenders.known)),
    h('p', { class: 'hint' }, t('offenders.optionalNote')),
    section(t('neighbourhoods.hotCellsIn'), { className: 'doc-section' },
      s.hotspots.status === 'insufficient-data'
        ? h('p', null, s.hotspots.message ?? t('dashboard.insufficientTitle'))
        : hot.length
          ? h('table', { class: 'data-table' },
            h('caption', { class: 'visually-hidden' }, t('neighbourhoods.hotCellsIn')),
            h('thead', null, h('tr', null,
              h('th', { scope: 'col' }, t('dashboard.cls')), h('th', { scope: 'col', class: 'num' }, t('dashboard.reportsCol')),
              h('th', { scope: 'col', class: 'num' }, t('dashboard.zScore')), h('th', { scope: 'col', class: 'num' }, t('dashboard.pValue')), h('th', { scope: 'col' }, t('dashboard.placeCoords')))),
            h('tbody', null, hot.map((c) => h('tr', null,
              h('td', null, h('span', { class: `swatch ${binSwatchClass(c.bin)}`, 'aria-hidden': 'true' }), binLabel(c.bin)),
              h('td', { class: 'num' }, fmtNumber(c.count)), h('td', { class: 'num' }, fmtNumber(c.z, 2)), h('td', { class: 'num' }, fmtP(c.p)),
              h('td', null, `${fmtNumber(c.lat, 4)}; ${fmtNumber(c.lon, 4)}`)))))
          : h('p', null, t('neighbourhoods.hotCellsNone'))),
    section(t('neighbourhoods.timePattern'), { className: 'doc-section' }, s.total ? heatGrid(s.timePattern.counts, { compact: true }) : h('p', null, t('dashboard.matrixEmpty'))),
    h('footer', { class: 'doc-foot' }, h('p', null, t('neighbourhoods.generatedOn', { date: fmtDay(new Date().toISOString().slice(0, 10)) }))))
}

export function neighbourhoodSummaryView(ctx: ViewContext): View {
  const code = ctx.params['code'] ?? ''
  const filter = filterFromParams(ctx.query, currentFilter())
  setFilter(filter)
  const box = h('div', { class: 'summary-box' })
  const actions = h('div', { class: 'doc-actions no-print' })

  const load = () => {
    const query = filterQuery(currentFilter())
    delete query['distanceBand']
    replace(actions,
      h('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('neighbourhoods.printSummary')),
      h('a', { class: 'button secondary', href: absoluteUrl(`${API}/staff/neighbourhoods/${code}/summary.csv`, query), download: '' }, t('neighbourhoods.downloadCsv')),
      h('a', { href: `#/reports?${new URLSearchParams({ ...Object.fromEntries(filterParams(currentFilter())), neighbourhood: code })}` }, t('nav.reports')))
    void loadInto(box, () => getCached<NeighbourhoodSummary>(`/staff/neighbourhoods/${encodeURIComponent(code)}/summary`, query), summaryBody)
  }
  const apply = (f: Filter) => {
    setFilter(f)
    ctx.replaceQuery(filterParams(f))
    replace(filtersBox, filterForm(f, apply))
    load()
  }
  const filtersBox = h('div', { class: 'filters-box inline' }, filterForm(filter, apply))
  load()
  return {
    title: t('neighbourhoods.title'),
    el: h('div', { class: 'summary-page' },
      h('p', { class: 'no-print' }, h('a', { href: '#/neighbourhoods' }, `← ${t('neighbourhoods.title')}`)),
      h('details', { class: 'no-print filter-details-outer' }, h('summary', null, t('filters.filters')), filtersBox),
      actions,
      box),
  }
}
