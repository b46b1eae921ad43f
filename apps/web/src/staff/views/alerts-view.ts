// Spike alerts of the municipality: the list with delivery state, and a check on demand for campaign staff.
import { clearCache } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { h, replace } from '../dom.js'
import { fmtDay, fmtNumber, t } from '../i18n/index.js'
import type { AlertList } from '@meldpunt/core/api'
import { alertSentence, checkAlerts, loadAlertList } from '../registers.js'
import { emptyState, errorBox, loadInto } from '../ui.js'

function scopeText(scope: string, key: string | null): string {
  if (scope === 'neighbourhood') return t('alerts.scopeNeighbourhood', { key: key ?? '' })
  if (scope === 'category') return t('alerts.scopeCategory', { key: key ?? '' })
  return t('alerts.scopeMunicipality')
}

export function alertsView(ctx: ViewContext): View {
  const box = h('div')
  const intro = h('p', { class: 'lead' })
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
  const canCheck = ctx.session.user.role === 'campaign' || ctx.session.user.role === 'admin'

  const render = (list: AlertList) => {
    intro.textContent = t('alerts.intro', { min: list.rule.minCount })
    if (!list.alerts.length) return emptyState(t('alerts.title'), t('alerts.empty'))
    return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table' },
      h('caption', { class: 'visually-hidden' }, t('alerts.title')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('dashboard.day')), h('th', { scope: 'col' }, t('alerts.scope')),
        h('th', { scope: 'col', class: 'num' }, t('alerts.observed')), h('th', { scope: 'col', class: 'num' }, t('campaigns.expected')),
        h('th', { scope: 'col' }, t('campaigns.method')), h('th', { scope: 'col' }, t('reports.description')))),
      h('tbody', null, list.alerts.map((a) => h('tr', null,
        h('th', { scope: 'row' }, fmtDay(a.day)),
        h('td', null, scopeText(a.scope, a.scopeKey)),
        h('td', { class: 'num' }, fmtNumber(a.observed)),
        h('td', { class: 'num' }, fmtNumber(a.expected, 1)),
        h('td', null, a.method),
        h('td', null, alertSentence(a)))))))
  }
  const load = () => void loadInto(box, () => loadAlertList(), render)

  const checkButton = h('button', { type: 'button', class: 'secondary' }, t('alerts.checkNow'))
  checkButton.addEventListener('click', async () => {
    checkButton.disabled = true
    status.textContent = t('alerts.checking')
    try {
      const result = await checkAlerts()
      status.textContent = result.raised ? t('alerts.checkedSome', { n: 1 }) : t('alerts.checkedNone')
      clearCache()
      load()
    } catch (error) {
      status.textContent = ''
      replace(box, errorBox(error, load))
    } finally {
      checkButton.disabled = false
    }
  })

  load()
  return {
    title: t('alerts.title'),
    el: h('div', null,
      h('div', { class: 'page-head with-actions' }, h('div', null, h('h1', null, t('alerts.title')), intro), canCheck ? checkButton : null),
      status,
      box),
  }
}
