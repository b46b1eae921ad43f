// The analyst dashboard: filters, the hotspot map with legend and table, exports, reports over time and the weekday × hour grid.
import { absoluteUrl, API, getCached } from '../api.js'
import type { ViewContext, View } from '../app.js'
import { heatGrid } from '../charts/heat-grid.js'
import { legend, timeSeriesChart, type ChartPeriod } from '../charts/time-series-chart.js'
import { h, replace, uid } from '../dom.js'
import { currentFilter, daysBetween, filterForm, filterFromParams, filterParams, filterQuery, setFilter, type Filter } from '../filters.js'
import type { HotspotMap, MapState, MapView } from '../hotspot-map.js'
import { binLabel, binShort, fmtDay, fmtNumber, fmtP, t } from '../i18n/index.js'
import { loadCampaigns, loadAlerts, alertSentence } from '../registers.js'
import type { HotspotAnswer, HotspotCollection, HotspotFeature, TimeSeries, WeekdayHourMatrix } from '@meldpunt/core/api'
import { emptyState, loadInto, section } from '../ui.js'

const BINS = [3, 2, 1, 0, -1, -2, -3]
const TABLE_ROWS = 15

export function binSwatchClass(bin: number): string {
  return `bin-${bin < 0 ? `m${-bin}` : bin}`
}

export function hotspotLegend(): HTMLElement {
  return h('div', { class: 'map-legend', id: 'hotspot-legend' },
    h('p', { class: 'legend-title' }, t('dashboard.legendTitle')),
    h('ul', { class: 'legend-list classes-legend' },
      BINS.map((bin) => h('li', null, h('span', { class: `swatch ${binSwatchClass(bin)}`, 'aria-hidden': 'true' }), binLabel(bin))),
      h('li', null, h('span', { class: 'swatch boundary-swatch', 'aria-hidden': 'true' }), t('dashboard.boundary'))),
    h('div', { class: 'density-legend' },
      h('p', null, t('dashboard.legendDensity')),
      h('div', { class: 'density-ramp', 'aria-hidden': 'true' }, h('span', null, t('dashboard.densityLow')), h('span', { class: 'ramp' }), h('span', null, t('dashboard.densityHigh')))))
}

export function dashboardView(ctx: ViewContext): View {
  const filter = filterFromParams(ctx.query, currentFilter())
  setFilter(filter)
  let mapView: MapView = ctx.query.get('view') === 'density' ? 'density' : 'classes'
  let interval: 'day' | 'week' = daysBetween(filter.from, filter.to) <= 92 ? 'day' : 'week'
  let map: HotspotMap | null = null
  let disposed = false
  let lastHotspots: HotspotCollection | null = null
  let showAll = false

  const summary = h('p', { class: 'summary-line', role: 'status', 'aria-live': 'polite' })
  const mapContainer = h('div', { class: 'map', 'data-map-state': 'loading', role: 'region', 'aria-label': t('dashboard.mapLabel') })
  const mapStatus = h('p', { class: 'map-status', role: 'status' }, t('dashboard.mapLoading'))
  const mapOverlay = h('div', { class: 'map-overlay', hidden: true })
  const tablePanel = h('div', { class: 'hotspot-table-wrap' })
  const exportsBox = h('div', { class: 'exports' })
  const seriesBox = h('div', { class: 'series' })
  const matrixBox = h('div', { class: 'matrix' })
  const alertsBox = h('div', { class: 'alerts-box' })

  const viewName = uid('view')
  const viewToggle = h('fieldset', { class: 'segmented' },
    h('legend', { class: 'visually-hidden' }, t('dashboard.mapView')),
    (['classes', 'density'] as const).map((v) => {
      const id = uid('view')
      return [
        h('input', { type: 'radio', name: viewName, id, value: v, checked: v === mapView, onchange: () => setMapView(v) }),
        h('label', { for: id }, v === 'classes' ? t('dashboard.viewClasses') : t('dashboard.viewDensity')),
      ]
    }))
  const legendEl = hotspotLegend()

  function setMapView(v: MapView) {
    mapView = v
    legendEl.dataset['view'] = v
    map?.setView(v)
    const q = filterParams(currentFilter())
    if (v === 'density') q.set('view', 'density')
    ctx.replaceQuery(q)
  }
  legendEl.dataset['view'] = mapView

  const intervalName = uid('interval')
  const intervalToggle = h('fieldset', { class: 'segmented' },
    h('legend', { class: 'visually-hidden' }, t('dashboard.interval')),
    (['day', 'week'] as const).map((v) => {
      const id = uid('interval')
      return [
        h('input', { type: 'radio', name: intervalName, id, value: v, checked: v === interval, onchange: () => { interval = v; void loadSeries() } }),
        h('label', { for: id }, v === 'day' ? t('dashboard.perDay') : t('dashboard.perWeek')),
      ]
    }))

  const onMapState = (state: MapState) => {
    mapContainer.dataset['mapState'] = state
    mapStatus.textContent = state === 'loading' ? t('dashboard.mapLoading') : state === 'failed' ? t('dashboard.mapFailed') : ''
    mapStatus.hidden = state === 'idle'
  }

  async function ensureMap() {
    if (map || disposed) return
    try {
      const { createHotspotMap } = await import('../hotspot-map.js')
      // MapLibre measures its container: wait until the view is in the document.
      while (!mapContainer.isConnected && !disposed) await new Promise((r) => requestAnimationFrame(r))
      if (disposed) return
      map = createHotspotMap({
        container: mapContainer,
        municipality: ctx.session.user.municipality!.code,
        bbox: ctx.municipality?.bbox ?? null,
        tileQuery: filterQuery(currentFilter()),
        view: mapView,
        onState: onMapState,
        labels: {
          map: t('dashboard.mapTitle'),
          zoomIn: '+',
          zoomOut: '−',
          resetNorth: 'N',
          popup: (p) => h('div', { class: 'cell-popup' },
            h('p', null, t('dashboard.cellPopup', { cls: binLabel(p.bin), count: fmtNumber(p.count), z: fmtNumber(p.z, 2) })),
            ctx.session.user.role === 'analyst' || ctx.session.user.role === 'admin'
              ? h('a', { href: `#/reports?${new URLSearchParams({ ...Object.fromEntries(filterParams(currentFilter())), cell: p.id })}` }, t('dashboard.reportsInCell'))
              : null),
        },
      })
      if (lastHotspots) fitToCells(lastHotspots)
    } catch {
      onMapState('failed')
    }
  }

  function fitToCells(hs: HotspotCollection) {
    // Frame the significant cells (with a margin), else where the reports are: not the whole municipality,
    // which for some is mostly water and polder.
    const significant = hs.features.filter((f) => f.properties.bin !== 0)
    const framed = significant.length ? significant : hs.features.filter((f) => f.properties.count > 0)
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity
    for (const f of framed) {
      x0 = Math.min(x0, f.properties.lon); x1 = Math.max(x1, f.properties.lon)
      y0 = Math.min(y0, f.properties.lat); y1 = Math.max(y1, f.properties.lat)
    }
    if (!Number.isFinite(x0)) return
    const margin = significant.length ? 0.012 : 0
    map?.fitBounds([x0 - margin * 1.6, y0 - margin, x1 + margin * 1.6, y1 + margin])
  }

  function hotspotTable(hs: HotspotCollection): HTMLElement {
    const hot = hs.features.filter((f) => f.properties.bin > 0).sort((a, b) => b.properties.z - a.properties.z)
    if (!hot.length) return emptyState(t('dashboard.hotspotTable'), t('dashboard.hotspotTableEmpty'))
    const rows = showAll ? hot : hot.slice(0, TABLE_ROWS)
    const canReadReports = ctx.session.user.role === 'analyst' || ctx.session.user.role === 'admin'
    const table = h('table', { class: 'data-table hotspot-table', id: 'hotspot-table' },
      h('caption', null, t('dashboard.hotspotTableCaption', { n: hot.length })),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('dashboard.placeName')),
        h('th', { scope: 'col' }, t('dashboard.placeCoords')),
        h('th', { scope: 'col' }, t('dashboard.rank')),
        h('th', { scope: 'col' }, t('dashboard.cls')),
        h('th', { scope: 'col', class: 'num' }, t('dashboard.reportsCol')),
        h('th', { scope: 'col', class: 'num' }, t('dashboard.zScore')))),
      h('tbody', null, rows.map((f, i) => hotspotRow(f, i + 1, canReadReports))))
    const more = hot.length > TABLE_ROWS
      ? h('button', { type: 'button', class: 'link-button', 'aria-controls': 'hotspot-table', onclick: () => { showAll = !showAll; replace(tablePanel, hotspotTable(hs)) } },
        showAll ? t('dashboard.showFewerRows') : t('dashboard.showAllRows', { n: hot.length }))
      : null
    return h('div', null, h('p', { class: 'hint' }, t('dashboard.hotspotTableHint')), h('div', { class: 'table-scroll' }, table), more)
  }

  function hotspotRow(f: HotspotFeature, rank: number, canReadReports: boolean): HTMLElement {
    const p = f.properties
    const reportsHash = `#/reports?${new URLSearchParams({ ...Object.fromEntries(filterParams(currentFilter())), cell: p.id })}`
    const place = `${fmtNumber(p.lat, 4)}; ${fmtNumber(p.lon, 4)}`
    // Read aloud in the safety meeting: the street and neighbourhood first, the coordinates to find it on the map.
    const name = [p.place, p.neighbourhood].filter(Boolean).join(' · ') || t('dashboard.placeUnnamed')
    return h('tr', { 'data-cell-id': p.id, 'data-bin': p.bin, 'data-lon': p.lon, 'data-lat': p.lat },
      h('th', { scope: 'row', class: 'place-name' }, name),
      h('td', { class: 'nowrap' },
        h('button', {
          type: 'button', class: 'link-button', 'aria-label': t('dashboard.showOnMapLabel', { place: p.place ?? place }),
          onclick: () => { map?.showCell({ lon: p.lon, lat: p.lat, ring: f.geometry.coordinates[0] ?? null }); mapContainer.scrollIntoView({ block: 'nearest' }) },
        }, place)),
      h('td', { class: 'num' }, rank),
      h('td', { class: 'nowrap', title: binLabel(p.bin) }, h('span', { class: `swatch ${binSwatchClass(p.bin)}`, 'aria-hidden': 'true' }), binShort(p.bin)),
      h('td', { class: 'num' }, canReadReports
        ? h('a', { href: reportsHash, 'aria-label': t('dashboard.reportsInCellLabel', { count: fmtNumber(p.count), rank }) }, fmtNumber(p.count))
        : fmtNumber(p.count)),
      h('td', { class: 'num', title: `p ${fmtP(p.p)}` }, fmtNumber(p.z, 2)),
    )
  }

  function renderExports(ok: boolean) {
    const query = filterQuery(currentFilter())
    replace(exportsBox, ok
      ? [
          h('a', { class: 'button secondary', href: absoluteUrl(`${API}/staff/hotspots.csv`, query), download: '' }, t('dashboard.exportCsv')),
          h('a', { class: 'button secondary', href: absoluteUrl(`${API}/staff/hotspots.geojson`, query), download: '' }, t('dashboard.exportGeojson')),
          h('p', { class: 'hint' }, t('dashboard.exportNote')),
        ]
      : h('p', { class: 'hint' }, t('dashboard.exportUnavailable')))
  }

  async function loadHotspots() {
    const f = currentFilter()
    summary.textContent = t('common.loading')
    mapOverlay.hidden = true
    await loadInto(tablePanel, () => getCached<HotspotAnswer>('/staff/hotspots', filterQuery(f)), (hs) => {
      if (hs.status === 'insufficient-data') {
        lastHotspots = null
        summary.textContent = t('dashboard.insufficient', { minimum: hs.minimum, reports: fmtNumber(hs.reports) })
        if (hs.leftOutCoarse > 0) summary.textContent += ` ${t('honest.leftOutCoarse', { n: fmtNumber(hs.leftOutCoarse) })}`
        replace(mapOverlay, h('p', { class: 'notice-title' }, t('dashboard.insufficientTitle')), h('p', null, t('dashboard.insufficient', { minimum: hs.minimum, reports: fmtNumber(hs.reports) })))
        mapOverlay.hidden = false
        renderExports(false)
        return emptyState(t('dashboard.insufficientTitle'), t('dashboard.insufficient', { minimum: hs.minimum, reports: fmtNumber(hs.reports) }))
      }
      lastHotspots = hs
      summary.textContent = t('dashboard.summaryLine', {
        reports: fmtNumber(hs.reports), from: fmtDay(hs.period.from), to: fmtDay(hs.period.to),
        hot: fmtNumber(hs.hot), cold: fmtNumber(hs.cold), cells: fmtNumber(hs.cells), size: hs.cellSize,
      })
      if (hs.leftOutCoarse > 0) summary.textContent += ` ${t('honest.leftOutCoarse', { n: fmtNumber(hs.leftOutCoarse) })}`
      renderExports(true)
      fitToCells(hs)
      return hotspotTable(hs)
    })
  }

  async function loadSeries() {
    const f = currentFilter()
    const campaigns = await loadCampaigns().catch(() => [])
    await loadInto(seriesBox, () => getCached<TimeSeries>('/staff/timeseries', { ...filterQuery(f, false), interval }), (ts) => {
      if (ts.total === 0) return emptyState(t('dashboard.timeSeriesTitle'), t('dashboard.timeSeriesEmpty'))
      const max = ts.points.reduce((best, p) => (p.count > best.count ? p : best), ts.points[0]!)
      const periods: ChartPeriod[] = campaigns
        .filter((c) => c.endsOn >= ts.period.from && c.startsOn <= ts.period.to)
        .map((c) => ({ from: c.startsOn, to: c.endsOn, label: t('dashboard.campaignBand', { name: c.name }), kind: 'campaign' as const }))
      return [
        timeSeriesChart({
          points: ts.points,
          interval: ts.interval,
          periods,
          label: t('dashboard.timeSeriesLabel', {
            per: ts.interval === 'day' ? t('dashboard.perDay') : t('dashboard.perWeek'), from: fmtDay(ts.period.from), to: fmtDay(ts.period.to),
            total: fmtNumber(ts.total), unit: ts.interval === 'day' ? t('dashboard.unitDay') : t('dashboard.unitWeek'), max: fmtNumber(max.count), maxDay: fmtDay(max.start),
          }),
        }),
        periods.length ? legend([{ swatch: 'bar-swatch', text: ts.interval === 'day' ? t('dashboard.perDay') : t('dashboard.perWeek') }, { swatch: 'campaign-swatch', text: t('campaigns.legendCampaign') }]) : null,
      ]
    })
  }

  async function loadMatrix() {
    await loadInto(matrixBox, () => getCached<WeekdayHourMatrix>('/staff/matrix', filterQuery(currentFilter(), false)), (m) =>
      m.total === 0 ? emptyState(t('dashboard.matrixTitle'), t('dashboard.matrixEmpty')) : heatGrid(m.counts))
  }

  async function loadAlertList() {
    const f = currentFilter()
    await loadInto(alertsBox, () => loadAlerts({ from: f.from, to: f.to }), (alerts) => alerts.length
      ? [h('ul', { class: 'alert-list' }, alerts.slice(0, 5).map((a) => h('li', null, alertSentence(a)))), h('a', { href: '#/alerts' }, t('dashboard.allAlerts'))]
      : h('p', { class: 'hint' }, t('dashboard.noAlerts')))
  }

  function refresh() {
    const f = currentFilter()
    map?.setTileQuery(filterQuery(f))
    void loadHotspots()
    void loadSeries()
    void loadMatrix()
    void loadAlertList()
  }

  const apply = (f: Filter) => {
    setFilter(f)
    showAll = false
    interval = daysBetween(f.from, f.to) <= 92 ? 'day' : 'week'
    for (const input of intervalToggle.querySelectorAll<HTMLInputElement>('input')) input.checked = input.value === interval
    const q = filterParams(f)
    if (mapView === 'density') q.set('view', 'density')
    ctx.replaceQuery(q)
    replace(filtersBox, filterForm(f, apply))
    refresh()
  }
  const filtersBox = h('div', { class: 'filters-box' }, filterForm(filter, apply))

  const el = h('div', { class: 'dashboard' },
    h('div', { class: 'page-head' },
      h('h1', null, t('dashboard.title'), ctx.session.user.municipality ? h('span', { class: 'subtitle' }, ` · ${ctx.session.user.municipality.name}`) : null),
      summary),
    h('div', { class: 'dashboard-grid' },
      h('aside', { class: 'filters-column', 'aria-label': t('filters.filters') }, filtersBox),
      h('div', { class: 'dashboard-main' },
        h('div', { class: 'map-and-table' },
          section(t('dashboard.mapTitle'), { className: 'panel map-panel', actions: viewToggle },
            h('div', { class: 'map-frame' }, mapContainer, mapStatus, mapOverlay),
            legendEl),
          section(t('dashboard.hotspotTable'), { className: 'panel table-panel', actions: exportsBox }, tablePanel)),
        section(t('dashboard.timeSeriesTitle'), { actions: intervalToggle }, seriesBox),
        h('div', { class: 'matrix-and-alerts' },
          section(t('dashboard.matrixTitle'), {}, matrixBox),
          section(t('dashboard.recentAlerts'), {}, alertsBox)))))

  refresh()
  // The map library is large: fetch it after the first data requests are on their way.
  queueMicrotask(() => void ensureMap())

  return {
    title: t('dashboard.title'),
    el,
    dispose() {
      disposed = true
      map?.destroy()
      map = null
    },
  }
}
