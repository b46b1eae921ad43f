// Reports with details for analysts: the dashboard's filters plus one cell or neighbourhood, newest first, page by page.
import { ApiError, request } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { h, replace, uid } from '../dom.js'
import { currentFilter, filterForm, filterFromParams, filterParams, filterQuery, setFilter, type Filter } from '../filters.js'
import { fmtDateTime, fmtNumber, fmtWindow, t } from '../i18n/index.js'
import { label, options } from '../taxonomy.js'
import type { ReportList, StaffReport } from '@meldpunt/core/api'
import { definitionList, emptyState, errorBox, loading } from '../ui.js'

const PAGE = 50

function detailRow(r: StaffReport, id: string, columns: number): HTMLElement {
  const description = r.descriptionPurged ? h('em', null, t('reports.descriptionPurged')) : r.description ?? '–'
  return h('tr', { id, class: 'detail-row', hidden: true },
    h('td', { colspan: columns },
      definitionList([
        [t('reports.description'), description],
        [t('reports.received'), fmtDateTime(r.receivedAt)],
        [t('reports.precision'), label('precisions', r.location.precision)],
        [t('reports.ageBand'), label('ageBands', r.ageBand) || '–'],
        [t('reports.gender'), label('genders', r.gender) || '–'],
        [t('reports.groups'), r.groups.map((g) => label('identityGroups', g)).join(', ') || '–'],
        [t('reports.heardVia'), label('heardVia', r.heardVia) || '–'],
        [t('reports.campaignCode'), r.campaignCode ?? '–'],
        [t('offenders.count'), label('offenderCounts', r.offenders.count) || '–'],
        [t('offenders.age'), label('offenderAges', r.offenders.age) || '–'],
        [t('offenders.known'), label('offenderKnown', r.offenders.known) || '–'],
        [t('dashboard.placeName'), r.location.place ?? t('dashboard.placeUnnamed')],
        [t('dashboard.placeCoords'), `${fmtNumber(r.location.lat, 4)}; ${fmtNumber(r.location.lon, 4)}`],
      ])))
}

export function reportsView(ctx: ViewContext): View {
  const filter = filterFromParams(ctx.query, currentFilter())
  setFilter(filter)
  let cell = ctx.query.get('cell')
  let neighbourhood = ctx.query.get('neighbourhood')
  /** Who the offenders were: read from report rows, so only this list filters on them. */
  const OFFENDER_FILTERS = [
    { param: 'offenderCount', kind: 'offenderCounts', legend: 'offenders.count' },
    { param: 'offenderAge', kind: 'offenderAges', legend: 'offenders.age' },
    { param: 'offenderKnown', kind: 'offenderKnown', legend: 'offenders.known' },
  ] as const
  const offenderValues = new Map<string, string>(OFFENDER_FILTERS.flatMap((f) => (ctx.query.get(f.param) ? [[f.param, ctx.query.get(f.param)!] as [string, string]] : [])))
  const tbody = h('tbody')
  const count = h('p', { class: 'summary-line', role: 'status', 'aria-live': 'polite' })
  const more = h('div', { class: 'more' })
  const scope = h('div', { class: 'scope' })
  const columns = 7

  const table = h('table', { class: 'data-table reports-table' },
    h('caption', { class: 'visually-hidden' }, t('reports.title')),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, t('reports.occurred')),
      h('th', { scope: 'col' }, t('reports.category')),
      h('th', { scope: 'col' }, t('reports.setting')),
      h('th', { scope: 'col' }, t('reports.role')),
      h('th', { scope: 'col' }, t('reports.neighbourhood')),
      h('th', { scope: 'col' }, t('reports.urgent')),
      h('th', { scope: 'col' }, t('reports.details')))),
    tbody)
  const body = h('div', { class: 'reports-body' })

  function row(r: StaffReport): HTMLElement[] {
    const id = uid('report')
    const toggle = h('button', { type: 'button', class: 'link-button', 'aria-expanded': 'false', 'aria-controls': id }, t('reports.details'))
    const detail = detailRow(r, id, columns)
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') === 'true'
      toggle.setAttribute('aria-expanded', String(!open))
      detail.hidden = open
    })
    return [
      h('tr', null,
        h('td', null, fmtWindow(r.occurredFrom, r.occurredTo)),
        h('td', null, label('categories', r.category)),
        h('td', null, label('settings', r.setting)),
        h('td', null, label('roles', r.role)),
        h('td', null, r.neighbourhoodCode ?? '–'),
        h('td', null, r.urgent ? t('common.yes') : ''),
        h('td', null, toggle)),
      detail,
    ]
  }

  async function load(after: string | null) {
    const query = { ...filterQuery(currentFilter(), false), ...Object.fromEntries(offenderValues), limit: PAGE, ...(cell ? { cell } : {}), ...(neighbourhood ? { neighbourhood } : {}), ...(after ? { after } : {}) }
    if (!after) replace(body, loading())
    replace(more, after ? loading() : null)
    try {
      const page = await request<ReportList>('/staff/reports', { query })
      count.textContent = t('reports.count', { n: fmtNumber(page.total) })
      if (!after) {
        replace(tbody)
        replace(body, page.total ? h('div', { class: 'table-scroll' }, table) : emptyState(t('reports.title'), t('reports.empty')))
      }
      const firstNew = tbody.children.length
      for (const r of page.items) tbody.append(...row(r))
      replace(more, page.next ? h('button', { type: 'button', class: 'secondary', onclick: () => void load(page.next) }, t('reports.loadMore')) : null)
      // Keep keyboard users where the new rows begin.
      if (after) tbody.children[firstNew]?.querySelector('button')?.focus()
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) replace(body, h('div', { class: 'notice' }, h('p', null, t('reports.forbidden'))))
      else replace(after ? more : body, errorBox(error, () => void load(after)))
    }
  }

  function renderScope() {
    replace(scope, cell || neighbourhood
      ? h('p', { class: 'notice' },
        cell ? t('reports.onlyCell', { cell }) : t('reports.onlyNeighbourhood', { code: neighbourhood! }), ' ',
        h('button', { type: 'button', class: 'link-button', onclick: () => { cell = null; neighbourhood = null; syncQuery(); renderScope(); void load(null) } }, t('reports.clearScope')))
      : null)
  }

  function syncQuery() {
    const q = filterParams(currentFilter())
    if (cell) q.set('cell', cell)
    if (neighbourhood) q.set('neighbourhood', neighbourhood)
    for (const [param, value] of offenderValues) q.set(param, value)
    ctx.replaceQuery(q)
  }

  const apply = (f: Filter) => {
    setFilter(f)
    syncQuery()
    replace(filtersBox, filterForm(f, apply, { cellSize: false }))
    void load(null)
  }
  const filtersBox = h('div', { class: 'filters-box' }, filterForm(filter, apply, { cellSize: false }))
  const offenderBox = h('fieldset', { class: 'filters offender-filters' },
    h('legend', null, t('offenders.filter')),
    OFFENDER_FILTERS.map((f) => {
      const id = uid(f.param)
      const select = h('select', { id, name: f.param },
        h('option', { value: '' }, t('offenders.any')),
        options(f.kind).map((o) => h('option', { value: o.id, selected: offenderValues.get(f.param) === o.id }, o.label)))
      select.addEventListener('change', () => {
        if (select.value) offenderValues.set(f.param, select.value)
        else offenderValues.delete(f.param)
        syncQuery()
        void load(null)
      })
      return h('div', { class: 'field' }, h('label', { for: id }, t(f.legend)), select)
    }))

  renderScope()
  void load(null)
  return {
    title: t('reports.title'),
    el: h('div', { class: 'reports-page' },
      h('div', { class: 'page-head' }, h('h1', null, t('reports.title')), h('p', { class: 'lead' }, t('reports.intro')), count),
      h('div', { class: 'dashboard-grid' },
        h('aside', { class: 'filters-column', 'aria-label': t('filters.filters') }, filtersBox, offenderBox),
        h('div', { class: 'dashboard-main' }, scope, body, more))),
  }
}
