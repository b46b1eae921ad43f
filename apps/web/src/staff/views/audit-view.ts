// The municipality's audit log for administrators: who did what and when, filtered by person, action and period,
// newest first with "show older", and the same selection as CSV. Nothing here can change an entry.
import { absoluteUrl, API, ApiError, request, type Query } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { h, replace } from '../dom.js'
import { addDays, today } from '../filters.js'
import { clearErrors, formActions, selectField, showFieldErrors, textField } from '../forms.js'
import { fmtDateTime, t } from '../i18n/index.js'
import type { AuditEntry, AuditPage } from '@meldpunt/core/api'
import { emptyState, errorBox, loading } from '../ui.js'

function detailText(e: AuditEntry): string {
  const keys = Object.keys(e.detail)
  return keys.length ? JSON.stringify(e.detail) : ''
}

function row(e: AuditEntry): HTMLElement {
  return h('tr', { 'data-action': e.action },
    h('th', { scope: 'row' }, h('time', { datetime: e.at }, fmtDateTime(e.at))),
    h('td', null, e.person ? (e.person.email ?? t('audit.otherAccount')) : t('audit.system')),
    h('td', null, h('code', null, e.action)),
    h('td', null, e.resource ?? ''),
    h('td', { class: 'audit-detail' }, detailText(e)))
}

export function auditView(ctx: ViewContext): View {
  const q = ctx.query
  const person = selectField('person', t('audit.person'), [{ id: '', label: t('audit.everyone') }], q.get('person') ?? '')
  const action = selectField('action', t('audit.action'), [{ id: '', label: t('audit.everyAction') }], q.get('action') ?? '')
  const from = textField('from', t('audit.from'), { type: 'date', value: q.get('from') ?? addDays(today(), -30) })
  const to = textField('to', t('audit.to'), { type: 'date', value: q.get('to') ?? today() })
  const fields = [person, action, from, to]
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
  const box = h('div', { 'aria-busy': 'true' }, loading())
  const exportLink = h('a', { class: 'button secondary', download: '' }, t('audit.exportCsv'))
  const filter = (): Query => ({ person: person.input.value || null, action: action.input.value || null, from: from.input.value || null, to: to.input.value || null })

  /** Fills a select with the answer's choices once, keeping what the URL asked for. */
  const fillChoices = (select: HTMLSelectElement, items: { id: string, label: string }[]) => {
    if (select.options.length > 1) return
    const wanted = select.value || (select.name === 'person' ? q.get('person') : q.get('action')) || ''
    for (const item of items) select.append(h('option', { value: item.id }, item.label))
    select.value = wanted
  }

  let rows: HTMLElement
  const load = async (before?: number) => {
    const query = filter()
    exportLink.setAttribute('href', absoluteUrl(`${API}/staff/audit/export.csv`, query))
    if (before === undefined) {
      box.setAttribute('aria-busy', 'true')
      replace(box, loading())
    }
    try {
      const page = await request<AuditPage>('/staff/audit', { query: { ...query, ...(before ? { before } : {}) } })
      fillChoices(person.input, page.people.map((p) => ({ id: p.id, label: p.email ?? p.id })))
      fillChoices(action.input, page.actions.map((a) => ({ id: a, label: a })))
      if (before === undefined) {
        if (!page.entries.length) {
          replace(box, emptyState(t('audit.title'), t('audit.empty')))
          return
        }
        rows = h('tbody')
        replace(box, h('div', { class: 'table-scroll' }, h('table', { class: 'data-table audit-table' },
          h('caption', { class: 'visually-hidden' }, t('audit.title')),
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, t('audit.when')), h('th', { scope: 'col' }, t('audit.person')), h('th', { scope: 'col' }, t('audit.action')),
            h('th', { scope: 'col' }, t('audit.resource')), h('th', { scope: 'col' }, t('audit.detail')))),
          rows)))
      }
      rows.append(...page.entries.map(row))
      box.querySelector('.load-older')?.remove()
      if (page.nextBefore !== null) {
        const more = h('button', { type: 'button', class: 'secondary load-older' }, t('audit.older'))
        more.addEventListener('click', () => { more.disabled = true; void load(page.nextBefore!) })
        box.append(more)
      }
      status.textContent = t('audit.shown', { n: rows.children.length })
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && showFieldErrors(error, fields)) replace(box)
      else replace(box, errorBox(error, () => void load()))
    } finally {
      box.removeAttribute('aria-busy')
    }
  }

  const form = h('form', { class: 'filter-form audit-filter', novalidate: true },
    h('div', { class: 'field-row' }, person.el, action.el, from.el, to.el),
    formActions(h('button', { type: 'submit', class: 'primary' }, t('audit.apply')), exportLink))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    clearErrors(fields)
    const query = new URLSearchParams(Object.entries(filter()).filter((e): e is [string, string] => typeof e[1] === 'string'))
    ctx.replaceQuery(query)
    void load()
  })
  void load()

  return {
    title: t('audit.title'),
    el: h('div', null,
      h('div', { class: 'page-head' }, h('h1', null, t('audit.title')), h('p', { class: 'lead' }, t('audit.intro'))),
      form, status, box),
  }
}
