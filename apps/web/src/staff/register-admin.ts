// What administrators see under a campaign or intervention: its history (each change with the version it replaced)
// and deleting it, behind a confirmation that says what a delete does.
import type { RegisterChange, RegisterHistory } from '@meldpunt/core/api'
import { clearCache, request } from './api.js'
import { h, replace } from './dom.js'
import { fmtDateTime, t, type MessageKey } from './i18n/index.js'
import { confirmStep, errorBox, loadInto, section } from './ui.js'

export type Register = 'campaigns' | 'interventions'

/** Labels of the fields a change names; a field without one is shown by its API name. */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'campaigns.name',
  code: 'campaigns.code',
  startsOn: 'campaigns.startsOn',
  endsOn: 'campaigns.endsOn',
  lagDays: 'campaigns.lagDays',
  channels: 'campaigns.channels',
  targetGroups: 'campaigns.targetGroups',
  notes: 'campaigns.notes',
  area: 'campaigns.area',
  kind: 'interventions.kind',
  startedOn: 'interventions.startedOn',
  place: 'interventions.placeOnMap',
}
const fieldLabel = (f: string): string => (FIELD_LABELS[f] ? t(FIELD_LABELS[f]) : f)

const path = (register: Register, id: string) => `/staff/${register}/${encodeURIComponent(id)}`

const shown = (v: unknown): string => (v === null || v === undefined ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v))

function changeItem(c: RegisterChange): HTMLElement {
  const who = c.by ?? '?'
  const date = fmtDateTime(c.at)
  if (c.change === 'delete') return h('li', { class: 'register-change' }, t('registers.changeDelete', { who, date }))
  return h('li', { class: 'register-change' },
    t('registers.changeUpdate', { who, date, fields: c.fields.map(fieldLabel).join(', ') }),
    h('details', null,
      h('summary', null, t('registers.previous')),
      h('dl', { class: 'facts' }, c.fields.map((f) => h('div', null, h('dt', null, fieldLabel(f)), h('dd', null, shown(c.previous[f])))))))
}

function historyList(history: RegisterHistory): HTMLElement {
  return h('div', null,
    h('p', { class: 'hint' }, t('registers.historyIntro')),
    h('ol', { class: 'register-history' },
      h('li', { class: 'register-change' }, t('registers.created', { who: history.created.by ?? '?', date: fmtDateTime(history.created.at) })),
      history.changes.map(changeItem)),
    history.changes.length ? null : h('p', null, t('registers.noChanges')))
}

/**
 * The administrators' panel of one entry. `onDeleted` runs after a delete (the caller navigates back to the list);
 * the confirmation takes the focus when it opens and gives it back when it is cancelled.
 */
export function registerAdminPanel(register: Register, id: string, onDeleted: () => void): HTMLElement {
  const historyBox = h('div')
  void loadInto(historyBox, () => request<RegisterHistory>(`${path(register, id)}/history`), historyList)

  const status = h('div', { role: 'alert' })
  const deleteStep = confirmStep({
    label: t('registers.delete'), openClass: 'secondary danger', confirmLabel: t('registers.deleteConfirm'),
    explain: [h('p', null, t('registers.deleteExplain')), ...(register === 'campaigns' ? [h('p', null, t('registers.deleteCampaignCode'))] : [])],
    onConfirm: async () => {
      replace(status)
      try {
        await request(path(register, id), { method: 'DELETE' })
        clearCache()
        onDeleted()
      } catch (error) {
        replace(status, errorBox(error))
      }
    },
  })

  return h('div', { class: 'register-admin' },
    section(t('registers.history'), { level: 2 }, historyBox),
    section(t('registers.deleteTitle'), { level: 2 }, deleteStep, status))
}
