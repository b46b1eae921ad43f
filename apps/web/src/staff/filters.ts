// The analyst's filter (period, categories, settings, hours, weekdays, cell size): state, query parameters and the form.
import { h, uid } from './dom.js'
import { t, weekdayName } from './i18n/index.js'
import { options } from './taxonomy.js'
import type { Query } from './api.js'

export interface Filter {
  from: string
  to: string
  categories: string[]
  settings: string[]
  weekdays: number[]
  /** Inclusive local hours; a range that wraps past midnight (22 → 3) is the night. */
  hourFrom: number | null
  hourTo: number | null
  cellSize: number
}

export const CELL_SIZES = [100, 200, 250, 500, 1000]

const DAY_MS = 86_400_000
export const today = (): string => new Date().toISOString().slice(0, 10)
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)

export function defaultFilter(): Filter {
  const to = today()
  return { from: addDays(to, -364), to, categories: [], settings: [], weekdays: [], hourFrom: null, hourTo: null, cellSize: 100 }
}

let current: Filter = defaultFilter()
export const currentFilter = (): Filter => current
export function setFilter(next: Filter): void { current = next }

const isDay = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s)
const list = (s: string | null): string[] => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : [])

/** Reads a filter from URL parameters (the dashboard's hash), keeping the defaults for anything absent or malformed. */
export function filterFromParams(params: URLSearchParams, base: Filter = defaultFilter()): Filter {
  const hours = /^(\d{1,2})-(\d{1,2})$/.exec(params.get('hours') ?? '')
  const size = Number(params.get('cellSize'))
  return {
    from: isDay(params.get('from')) ? params.get('from')! : base.from,
    to: isDay(params.get('to')) ? params.get('to')! : base.to,
    categories: params.has('categories') ? list(params.get('categories')) : base.categories,
    settings: params.has('settings') ? list(params.get('settings')) : base.settings,
    weekdays: params.has('weekdays') ? list(params.get('weekdays')).map(Number).filter((n) => n >= 0 && n <= 6) : base.weekdays,
    hourFrom: hours ? Number(hours[1]) : base.hourFrom,
    hourTo: hours ? Number(hours[2]) : base.hourTo,
    cellSize: CELL_SIZES.includes(size) ? size : base.cellSize,
  }
}

/** The API's filter parameters (see FilterQuery in the staff routes). */
export function filterQuery(f: Filter, withCellSize = true): Query {
  const hours = f.hourFrom !== null && f.hourTo !== null ? `${f.hourFrom}-${f.hourTo}` : null
  return {
    from: f.from,
    to: f.to,
    categories: f.categories,
    settings: f.settings,
    weekdays: f.weekdays,
    hours,
    ...(withCellSize ? { cellSize: f.cellSize } : {}),
  }
}

export function filterParams(f: Filter): URLSearchParams {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(filterQuery(f))) {
    if (v === null || v === undefined || v === '') continue
    if (Array.isArray(v)) { if (v.length) params.set(k, v.join(',')) } else params.set(k, String(v))
  }
  return params
}

function checkboxGroup(legend: string, name: string, items: { id: string, label: string }[], checked: readonly string[]): HTMLElement {
  const summaryText = h('span', { class: 'filter-count' })
  const update = (root: HTMLElement) => {
    const n = root.querySelectorAll('input:checked').length
    summaryText.textContent = n ? t('filters.nSelected', { n }) : t('filters.allSelected')
  }
  const boxes = items.map((item) => {
    const id = uid(name)
    return h('div', { class: 'check' },
      h('input', { type: 'checkbox', id, name, value: item.id, checked: checked.includes(item.id) }),
      h('label', { for: id }, item.label))
  })
  const fieldset = h('fieldset', { class: 'check-group' }, h('legend', { class: 'visually-hidden' }, legend), boxes)
  const details = h('details', { class: 'filter-details' },
    h('summary', null, legend, ': ', summaryText),
    fieldset)
  details.addEventListener('change', () => update(details))
  update(details)
  return details
}

function hourSelect(label: string, value: number | null): { wrap: HTMLElement, select: HTMLSelectElement } {
  const id = uid('hour')
  const select = h('select', { id },
    h('option', { value: '', selected: value === null }, t('filters.anyHour')),
    Array.from({ length: 24 }, (_, hr) => h('option', { value: String(hr), selected: value === hr }, `${String(hr).padStart(2, '0')}:00`)))
  return { wrap: h('div', { class: 'field' }, h('label', { for: id }, label), select), select }
}

/** The filter form; `onApply` gets the new filter on submit (Enter in any field, or the button). */
export function filterForm(initial: Filter, onApply: (f: Filter) => void, opts: { cellSize?: boolean } = {}): HTMLFormElement {
  const fromId = uid('from')
  const toId = uid('to')
  const sizeId = uid('cell')
  const helpId = uid('filter-help')
  const fromInput = h('input', { type: 'date', id: fromId, value: initial.from, required: true, max: today() })
  const toInput = h('input', { type: 'date', id: toId, value: initial.to, required: true, max: today() })
  const hourFrom = hourSelect(t('filters.hourFrom'), initial.hourFrom)
  const hourTo = hourSelect(t('filters.hourTo'), initial.hourTo)
  const sizeSelect = h('select', { id: sizeId }, CELL_SIZES.map((n) => h('option', { value: String(n), selected: n === initial.cellSize }, t('filters.metres', { n }))))
  const error = h('p', { class: 'form-error', role: 'alert' })

  const preset = (days: number, text: string) => h('button', {
    type: 'button',
    class: 'link-button',
    onclick: () => {
      toInput.value = today()
      fromInput.value = addDays(today(), -(days - 1))
    },
  }, text)

  const weekdayItems = [1, 2, 3, 4, 5, 6, 0].map((d) => ({ id: String(d), label: weekdayName(d) }))

  const form = h('form', { class: 'filters', 'aria-describedby': helpId, novalidate: true },
    h('h2', { class: 'visually-hidden' }, t('filters.filters')),
    h('fieldset', { class: 'period' },
      h('legend', null, t('filters.period')),
      h('div', { class: 'field' }, h('label', { for: fromId }, t('filters.from')), fromInput),
      h('div', { class: 'field' }, h('label', { for: toId }, t('filters.to')), toInput),
      h('div', { class: 'presets' }, preset(30, t('filters.last30')), preset(90, t('filters.last90')), preset(365, t('filters.last365')))),
    checkboxGroup(t('filters.categories'), 'categories', options('categories'), initial.categories),
    checkboxGroup(t('filters.settings'), 'settings', options('settings'), initial.settings),
    checkboxGroup(t('filters.weekdays'), 'weekdays', weekdayItems, initial.weekdays.map(String)),
    h('fieldset', { class: 'hours' }, h('legend', null, t('filters.hours')), hourFrom.wrap, hourTo.wrap),
    opts.cellSize === false ? null : h('div', { class: 'field' }, h('label', { for: sizeId }, t('filters.cellSize')), sizeSelect),
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'primary' }, t('filters.applyFilters')),
      h('button', { type: 'button', class: 'secondary', onclick: () => onApply(defaultFilter()) }, t('filters.resetFilters'))),
    h('p', { class: 'hint', id: helpId }, t('filters.help')),
    error)

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const values = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value)
    const from = fromInput.value
    const to = toInput.value
    if (!isDay(from) || !isDay(to)) {
      error.textContent = t('alerts.periodInvalid')
      ;(isDay(from) ? toInput : fromInput).focus()
      return
    }
    const [a, b] = from <= to ? [from, to] : [to, from]
    const hf = hourFrom.select.value === '' ? null : Number(hourFrom.select.value)
    const ht = hourTo.select.value === '' ? null : Number(hourTo.select.value)
    error.textContent = ''
    onApply({
      from: a,
      to: b,
      categories: values('categories'),
      settings: values('settings'),
      weekdays: values('weekdays').map(Number),
      // One end given: that single hour.
      hourFrom: hf ?? ht,
      hourTo: ht ?? hf,
      cellSize: Number(sizeSelect.value) || initial.cellSize,
    })
  })
  return form
}
