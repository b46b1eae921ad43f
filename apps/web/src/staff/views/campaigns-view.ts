// The campaign register: list with status and links to the effect, and the form to register or change a campaign.
import { ApiError, clearCache } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { h, replace } from '../dom.js'
import { addDays, today } from '../filters.js'
import { checkboxField, clearErrors, fieldMessage, formActions, textArea, textField, showFieldErrors, type Field } from '../forms.js'
import { fmtDateTime, fmtDay, pick, t } from '../i18n/index.js'
import type { CampaignOut, RegisterOptions } from '@meldpunt/core/api'
import { loadCampaign, loadCampaigns, loadOptions, optionLabel, saveCampaign, type CampaignInput } from '../registers.js'
import { registerAdminPanel } from '../register-admin.js'
import { emptyState, errorBox, loadInto, loading } from '../ui.js'

export function campaignStatus(c: Pick<CampaignOut, 'startsOn' | 'endsOn' | 'lagDays'>, day = today()): 'planned' | 'running' | 'lag' | 'finished' {
  if (day < c.startsOn) return 'planned'
  if (day <= c.endsOn) return 'running'
  if (day <= addDays(c.endsOn, c.lagDays)) return 'lag'
  return 'finished'
}

export const statusLabel = (s: 'planned' | 'running' | 'lag' | 'finished'): string =>
  t(({ planned: 'campaigns.statusPlanned', running: 'campaigns.statusRunning', lag: 'campaigns.statusLag', finished: 'campaigns.statusFinished' } as const)[s])

export function campaignsView(ctx: ViewContext): View {
  const box = h('div')
  const canEdit = ctx.session.user.role === 'campaign' || ctx.session.user.role === 'admin'
  void loadInto(box, async () => ({ list: await loadCampaigns(), options: await loadOptions().catch(() => null) }), ({ list, options }) => {
    if (!list.length) return emptyState(t('campaigns.title'), t('campaigns.empty'), canEdit ? h('a', { class: 'button primary', href: '#/campaigns/new' }, t('campaigns.newCampaign')) : null)
    return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table campaigns-table' },
      h('caption', { class: 'visually-hidden' }, t('campaigns.title')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('campaigns.name')), h('th', { scope: 'col' }, t('campaigns.code')), h('th', { scope: 'col' }, t('filters.period')),
        h('th', { scope: 'col' }, t('campaigns.status')), h('th', { scope: 'col' }, t('campaigns.channels')), h('th', { scope: 'col' }, t('dashboard.actions')))),
      h('tbody', null, list.map((c) => h('tr', { 'data-campaign-code': c.code },
        h('th', { scope: 'row' }, h('a', { href: `#/campaigns/${c.id}` }, c.name)),
        h('td', null, h('code', null, c.code)),
        h('td', null, `${fmtDay(c.startsOn)} – ${fmtDay(c.endsOn)}`),
        h('td', null, statusLabel(campaignStatus(c))),
        h('td', null, c.channels.map((id) => optionLabel(options?.channels, id)).join(', ')),
        h('td', { class: 'row-actions' },
          h('a', { href: `#/campaigns/${c.id}` }, t('campaigns.openEffect')),
          canEdit ? h('a', { href: `#/campaigns/${c.id}/edit` }, t('common.edit')) : null))))))
  })
  return {
    title: t('campaigns.title'),
    el: h('div', null,
      h('div', { class: 'page-head with-actions' },
        h('div', null, h('h1', null, t('campaigns.title')), h('p', { class: 'lead' }, t('campaigns.intro'))),
        canEdit ? h('a', { class: 'button primary', href: '#/campaigns/new' }, t('campaigns.newCampaign')) : null),
      box),
  }
}

function campaignForm(ctx: ViewContext, options: RegisterOptions, existing: CampaignOut | null): HTMLElement {
  const start = existing?.startsOn ?? today()
  const name = textField('name', t('campaigns.name'), { value: existing?.name ?? '', required: true, maxlength: 200 })
  const code = textField('code', t('campaigns.code'), { value: existing?.code ?? '', hint: `${t('campaigns.codeHelp')} ${existing ? '' : t('campaigns.codeFormatHelp')}`.trim(), maxlength: 24, optional: !existing })
  const startsOn = textField('startsOn', t('campaigns.startsOn'), { type: 'date', value: start, required: true })
  const endsOn = textField('endsOn', t('campaigns.endsOn'), { type: 'date', value: existing?.endsOn ?? addDays(start, 27), required: true })
  const lagDays = textField('lagDays', t('campaigns.lagDays'), { type: 'number', value: String(existing?.lagDays ?? 14), hint: t('campaigns.lagDaysHelp'), required: true })
  lagDays.input.min = '0'
  lagDays.input.max = '90'
  const channels = checkboxField('channels', t('campaigns.channels'), options.channels.map((o) => ({ id: o.id, label: pick(o.label) })), existing?.channels ?? [])
  const targetGroups = checkboxField('targetGroups', t('campaigns.targetGroups'), options.targetGroups.map((o) => ({ id: o.id, label: pick(o.label) })), existing?.targetGroups ?? [])
  const notes = textArea('notes', t('campaigns.notes'), { value: existing?.notes ?? '', optional: true })
  const fields: Field[] = [name, code, startsOn, endsOn, lagDays, channels, targetGroups, notes]
  const status = h('div', { class: 'form-status', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary' }, t('common.save'))

  const form = h('form', { class: 'register-form', novalidate: true },
    status,
    name.el, code.el,
    h('div', { class: 'field-row' }, startsOn.el, endsOn.el),
    lagDays.el, channels.el, targetGroups.el, notes.el,
    formActions(submit, h('a', { class: 'button secondary', href: existing ? `#/campaigns/${existing.id}` : '#/campaigns' }, t('common.cancel'))))

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    clearErrors(fields)
    status.textContent = ''
    // Checked here too, so the most common slip needs no round trip.
    if (!name.input.value.trim()) {
      name.error.textContent = fieldMessage('required'); name.input.setAttribute('aria-invalid', 'true'); name.input.focus()
      return
    }
    if (!channels.values().length) {
      channels.error.textContent = fieldMessage('required'); channels.control.setAttribute('aria-invalid', 'true'); channels.control.querySelector('input')?.focus()
      return
    }
    const input: CampaignInput = {
      name: name.input.value.trim(),
      startsOn: startsOn.input.value,
      endsOn: endsOn.input.value,
      lagDays: Number(lagDays.input.value),
      channels: channels.values(),
      targetGroups: targetGroups.values(),
      area: null,
      notes: notes.input.value.trim() || null,
      ...(code.input.value.trim() ? { code: code.input.value.trim().toUpperCase() } : {}),
    }
    if (existing) delete (input as Partial<CampaignInput>).area
    submit.disabled = true
    try {
      const saved = await saveCampaign(input, existing?.id)
      clearCache()
      ctx.navigate(`#/campaigns/${saved.id}`)
    } catch (error) {
      submit.disabled = false
      if (error instanceof ApiError && error.status >= 400 && error.status < 500 && showFieldErrors(error, fields)) status.textContent = t('campaigns.fixErrors')
      else replace(status, errorBox(error))
    }
  })
  return form
}

export function campaignFormView(ctx: ViewContext): View {
  const id = ctx.params['id']
  const box = h('div', null, loading())
  void (async () => {
    try {
      const [options, existing] = await Promise.all([loadOptions(), id ? loadCampaign(id) : Promise.resolve(null)])
      replace(box, campaignForm(ctx, options, existing),
        existing ? h('p', { class: 'hint' }, t('campaigns.enteredBy', { who: existing.createdBy ?? '?', date: fmtDateTime(existing.createdAt) }), '; ',
          t('campaigns.changedBy', { who: existing.updatedBy ?? '?', date: fmtDateTime(existing.updatedAt) })) : null,
        existing && ctx.session.user.role === 'admin' ? registerAdminPanel('campaigns', existing.id, () => ctx.navigate('#/campaigns')) : null)
    } catch (error) {
      replace(box, errorBox(error))
    }
  })()
  return {
    title: id ? t('campaigns.editCampaign') : t('campaigns.newCampaign'),
    el: h('div', { class: 'narrow' },
      h('p', null, h('a', { href: '#/campaigns' }, `← ${t('campaigns.title')}`)),
      h('h1', null, id ? t('campaigns.editCampaign') : t('campaigns.newCampaign')),
      box),
  }
}
