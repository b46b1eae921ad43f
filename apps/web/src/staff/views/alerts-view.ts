// Spike alerts of the municipality: the list with delivery state, and a check on demand for campaign staff.
import { clearCache } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { h, replace } from '../dom.js'
import { fmtDay, fmtNumber, t } from '../i18n.js'
import { alertSentence, checkAlerts, loadAlertList, type AlertList } from '../registers.js'
import { emptyState, errorBox, loadInto } from '../ui.js'

function scopeText(scope: string, key: string | null): string {
  if (scope === 'neighbourhood') return t('scopeNeighbourhood', { key: key ?? '' })
  if (scope === 'category') return t('scopeCategory', { key: key ?? '' })
  return t('scopeMunicipality')
}

export function alertsView(ctx: ViewContext): View {
  const box = h('div')
  const intro = h('p', { class: 'lead' })
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
  const canCheck = ctx.session.user.role === 'campaign' || ctx.session.user.role === 'admin'

  const render = (list: AlertList) => {
    intro.textContent = t('alertsIntro', { min: list.rule.minCount })
    if (!list.alerts.length) return emptyState(t('alertsTitle'), t('alertsEmpty'))
    return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table' },
      h('caption', { class: 'visually-hidden' }, t('alertsTitle')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('day')), h('th', { scope: 'col' }, t('scope')),
        h('th', { scope: 'col', class: 'num' }, t('observed')), h('th', { scope: 'col', class: 'num' }, t('expected')),
        h('th', { scope: 'col' }, t('method')), h('th', { scope: 'col' }, t('description')))),
      h('tbody', null, list.alerts.map((a) => h('tr', null,
        h('th', { scope: 'row' }, fmtDay(a.day)),
        h('td', null, scopeText(a.scope, a.scopeKey)),
        h('td', { class: 'num' }, fmtNumber(a.observed)),
        h('td', { class: 'num' }, fmtNumber(a.expected, 1)),
        h('td', null, a.method),
        h('td', null, alertSentence(a)))))))
  }
  const load = () => void loadInto(box, () => loadAlertList(), render)

  const checkButton = h('button', { type: 'button', class: 'secondary' }, t('checkNow'))
  checkButton.addEventListener('click', async () => {
    checkButton.disabled = true
    status.textContent = t('checking')
    try {
      const result = await checkAlerts()
      status.textContent = result.raised ? t('checkedSome', { n: 1 }) : t('checkedNone')
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
    title: t('alertsTitle'),
    el: h('div', null,
      h('div', { class: 'page-head with-actions' }, h('div', null, h('h1', null, t('alertsTitle')), intro), canCheck ? checkButton : null),
      status,
      box),
  }
}
