// The municipality's settings for its admins: local help services (with the resident's help screen as a preview),
// retention, the disclosure minimum, the public map, and the spike-alert webhook with a test delivery.
import type { AlertSettingsOut, HelpPreview, LocalHelpServiceInput, LocalHelpServiceOut, MunicipalSettings, WebhookTestResult } from '@meldpunt/core/api'
import { ApiError, clearCache, request } from '../api.js'
import type { View } from '../app.js'
import { h, replace, uid } from '../dom.js'
import { checkboxField, clearErrors, formActions, selectField, showFieldErrors, textArea, textField, type Field } from '../forms.js'
import { lang, t, type MessageKey } from '../i18n/index.js'
import { options } from '../taxonomy.js'
import { errorBox, errorMessage, loadInto, section } from '../ui.js'
import { helpList, languageNames, type HelpCardWords } from '../../shared/help-cards.js'

const URGENCIES = ['emergency', 'time-critical', 'support', 'report', 'info'] as const
const WHEN = ['always', 'sexualViolence', 'discriminatory', 'urgent', 'categories'] as const
type WhenKind = (typeof WHEN)[number]
/** Languages offered for a service: the resident app's six, and others often asked for in Dutch cities. */
const LANGUAGES = ['nl', 'en', 'ar', 'pl', 'tr', 'uk', 'de', 'fr', 'es', 'pt', 'fa', 'so', 'ti', 'pap']

const whenKind = (w: LocalHelpServiceOut['when']): WhenKind =>
  w.categories ? 'categories' : w.sexualViolence ? 'sexualViolence' : w.discriminatory ? 'discriminatory' : w.urgent ? 'urgent' : 'always'

function previewWords(): HelpCardWords {
  return {
    urgency: (u) => (URGENCIES.includes(u as never) ? t(`settings.urgency.${u}` as MessageKey) : null),
    why: t('settings.preview.why'),
    call: (phone) => t('settings.preview.call', { phone }),
    website: t('settings.preview.website'),
    websiteLabel: (name) => t('settings.preview.websiteLabel', { name }),
    languages: (list) => t('settings.preview.languages', { list }),
    empty: t('settings.preview.empty'),
  }
}

/** A service as the API takes it back: what the form shows, without the fields only the answer has. */
const asInput = (s: LocalHelpServiceOut): LocalHelpServiceInput => {
  const { when, ...rest } = s
  return { ...rest, when: { ...when, categories: when.categories as LocalHelpServiceInput['when']['categories'] } }
}

/** The form of one service; `done` gets the service as the API takes it, or null when the form has errors shown. */
function serviceForm(existing: LocalHelpServiceOut | null) {
  const s = existing
  const fields = {
    nameNl: textField('name.nl', t('settings.help.nameNl'), { value: s?.name.nl, required: true, maxlength: 300 }),
    nameEn: textField('name.en', t('settings.help.nameEn'), { value: s?.name.en, required: true, maxlength: 300 }),
    phone: textField('phone', t('settings.help.phone'), { value: s?.phone, type: 'tel', maxlength: 40, optional: true, hint: t('settings.help.phoneHint') }),
    url: textField('url', t('settings.help.url'), { value: s?.url, type: 'url', maxlength: 500, optional: true, hint: t('settings.help.urlHint') }),
    textNl: textArea('text.nl', t('settings.help.textNl'), { value: s?.text.nl }),
    textEn: textArea('text.en', t('settings.help.textEn'), { value: s?.text.en }),
    languages: checkboxField('languages', t('settings.help.languages'), LANGUAGES.map((id) => ({ id, label: languageNames([id], lang()) })), s?.languages ?? []),
    urgency: selectField('urgency', t('settings.help.urgency'), URGENCIES.map((id) => ({ id, label: t(`settings.urgency.${id}` as MessageKey) })), s?.urgency ?? 'support'),
    when: selectField('when', t('settings.help.when'), WHEN.map((id) => ({ id, label: t(`settings.when.${id}` as MessageKey) })), s ? whenKind(s.when) : 'always'),
    categories: checkboxField('when.categories', t('settings.help.categories'), options('categories'), s?.when.categories ?? []),
    withinDays: textField('when.withinDays', t('settings.help.withinDays'), { value: s?.when.withinDays?.toString(), type: 'number', optional: true, hint: t('settings.help.withinDaysHint') }),
  }
  fields.withinDays.input.min = '1'
  fields.withinDays.input.max = '366'
  fields.textNl.input.required = true
  fields.textEn.input.required = true
  const all: Field[] = Object.values(fields)
  const syncCategories = () => { fields.categories.el.hidden = fields.when.input.value !== 'categories' }
  fields.when.input.addEventListener('change', syncCategories)
  syncCategories()

  const value = (): LocalHelpServiceInput => {
    const kind = fields.when.input.value as WhenKind
    const days = fields.withinDays.input.value.trim()
    const when: LocalHelpServiceInput['when'] = kind === 'categories'
      ? { categories: fields.categories.values() as NonNullable<LocalHelpServiceInput['when']['categories']> }
      : { [kind]: true }
    if (days) when.withinDays = Number(days)
    const phone = fields.phone.input.value.trim()
    const url = fields.url.input.value.trim()
    const languages = fields.languages.values()
    return {
      ...(s ? { id: s.id, priority: s.priority } : {}),
      name: { nl: fields.nameNl.input.value.trim(), en: fields.nameEn.input.value.trim() },
      ...(phone ? { phone } : {}),
      ...(url ? { url } : {}),
      text: { nl: fields.textNl.input.value.trim(), en: fields.textEn.input.value.trim() },
      ...(languages.length ? { languages } : {}),
      urgency: fields.urgency.input.value as LocalHelpServiceInput['urgency'],
      when,
    }
  }
  const el = h('div', { class: 'service-form' },
    h('div', { class: 'field-pair' }, fields.nameNl.el, fields.nameEn.el),
    h('div', { class: 'field-pair' }, fields.phone.el, fields.url.el),
    h('div', { class: 'field-pair' }, fields.textNl.el, fields.textEn.el),
    fields.languages.el,
    h('div', { class: 'field-pair' }, fields.urgency.el, fields.when.el),
    fields.categories.el,
    fields.withinDays.el)
  /** Field errors of a save name `services.<i>.<field>`: shown next to the fields of the service at that place. */
  const showErrors = (error: ApiError, index: number): boolean => {
    const prefix = `services.${index}.`
    const own = { ...error, problem: { ...error.problem, errors: (error.problem.errors ?? []).filter((e) => e.field.startsWith(prefix)).map((e) => ({ ...e, field: e.field.slice(prefix.length) })) } } as ApiError
    return showFieldErrors(own, all)
  }
  return { el, value, focus: () => fields.nameNl.input.focus(), showErrors, clear: () => clearErrors(all) }
}

function localHelpSection(initial: MunicipalSettings): HTMLElement {
  let services = initial.help.services
  const listBox = h('div')
  const editor = h('div', { 'aria-live': 'polite' })
  const status = h('p', { class: 'status', role: 'status' })
  const previewBox = h('div', { class: 'resident-preview', 'aria-live': 'polite' })

  const save = (next: LocalHelpServiceInput[]) => request<MunicipalSettings>('/staff/settings/help', { method: 'PUT', body: { services: next } })

  const closeEditor = (focusTarget?: HTMLElement | null) => {
    replace(editor)
    ;(focusTarget ?? addButton).focus()
  }

  const openEditor = (index: number | null) => {
    const existing = index === null ? null : services[index]!
    const form = serviceForm(existing)
    const draft = () => {
      const list = services.map(asInput)
      if (index === null) list.push(form.value())
      else list[index] = form.value()
      return list
    }
    const category = selectField('preview-category', t('settings.preview.category'), options('categories'), 'catcalling')
    const urgent = h('input', { type: 'checkbox', id: uid('preview-urgent') })
    const previewLang = selectField('preview-lang', t('settings.preview.lang'), [{ id: 'nl', label: 'Nederlands' }, { id: 'en', label: 'English' }], lang())
    const previewButton = h('button', { type: 'button', class: 'secondary' }, t('settings.preview.show'))
    const submit = h('button', { type: 'submit', class: 'primary' }, t('settings.help.save'))
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('common.cancel'))
    const problem = h('div', { role: 'alert' })
    const place = index === null ? services.length : index

    previewButton.addEventListener('click', async () => {
      form.clear()
      replace(problem)
      previewButton.disabled = true
      replace(previewBox, h('p', { class: 'loading', role: 'status' }, t('common.loading')))
      try {
        const body = { help: { services: draft() }, category: category.input.value, urgent: urgent.checked, lang: previewLang.input.value }
        const answer = await request<HelpPreview>('/staff/settings/help/preview', { method: 'POST', body })
        const pageLang = previewLang.input.value
        replace(previewBox,
          h('p', { class: 'hint' }, t('settings.preview.caption')),
          h('div', { class: 'phone-frame', lang: pageLang }, helpList(answer.help, previewWords(), pageLang)))
      } catch (error) {
        replace(previewBox)
        if (!(error instanceof ApiError && form.showErrors(error, place))) replace(problem, errorBox(error))
      } finally {
        previewButton.disabled = false
      }
    })

    const formEl = h('form', { class: 'panel service-editor', novalidate: true, 'aria-labelledby': 'service-editor-title' },
      h('h3', { id: 'service-editor-title', tabindex: '-1' }, existing ? t('settings.help.editTitle', { name: existing.name[lang()] }) : t('settings.help.addTitle')),
      form.el,
      h('fieldset', { class: 'preview-situation' },
        h('legend', null, t('settings.preview.title')),
        h('p', { class: 'hint' }, t('settings.preview.intro')),
        h('div', { class: 'field-pair' }, category.el, previewLang.el),
        h('div', { class: 'check' }, urgent, h('label', { for: urgent.id }, t('settings.preview.urgent'))),
        previewButton),
      previewBox,
      problem,
      formActions(submit, cancel))
    cancel.addEventListener('click', () => closeEditor())
    formEl.addEventListener('submit', async (event) => {
      event.preventDefault()
      form.clear()
      replace(problem)
      submit.disabled = true
      submit.textContent = t('settings.saving')
      try {
        const saved = await save(draft())
        services = saved.help.services
        clearCache()
        renderList()
        status.textContent = t('settings.help.saved')
        closeEditor(listBox.querySelector<HTMLElement>(`[data-service="${services[place]?.id ?? ''}"] button`))
      } catch (error) {
        if (!(error instanceof ApiError && form.showErrors(error, place))) replace(problem, errorBox(error))
      } finally {
        submit.disabled = false
        submit.textContent = t('settings.help.save')
      }
    })
    replace(editor, formEl)
    replace(previewBox)
    form.focus()
  }

  const remove = async (index: number, button: HTMLButtonElement) => {
    const name = services[index]!.name[lang()]
    if (button.dataset.confirming !== 'true') {
      button.dataset.confirming = 'true'
      button.textContent = t('settings.help.removeConfirm', { name })
      return
    }
    button.disabled = true
    try {
      const saved = await save(services.filter((_, i) => i !== index).map(asInput))
      services = saved.help.services
      clearCache()
      renderList()
      status.textContent = t('settings.help.removed', { name })
      addButton.focus()
    } catch (error) {
      button.disabled = false
      status.textContent = errorMessage(error)
    }
  }

  const renderList = () => {
    if (!services.length) {
      replace(listBox, h('div', { class: 'notice empty' }, h('p', { class: 'notice-title' }, t('settings.help.emptyTitle')), h('p', null, t('settings.help.empty'))))
      return
    }
    replace(listBox, h('ul', { class: 'service-list' }, services.map((s, i) => {
      const removeButton = h('button', { type: 'button', class: 'secondary small danger' }, t('settings.help.remove'))
      removeButton.addEventListener('click', () => void remove(i, removeButton))
      removeButton.addEventListener('blur', () => { removeButton.dataset.confirming = 'false'; removeButton.textContent = t('settings.help.remove') })
      return h('li', { class: 'service-item', 'data-service': s.id },
        h('p', { class: 'service-name' }, s.name[lang()]),
        h('p', { class: 'hint' }, [s.phone, s.url].filter(Boolean).join(' · '), ' — ', t(`settings.when.${whenKind(s.when)}` as MessageKey),
          s.languages?.length ? ` — ${languageNames(s.languages, lang())}` : ''),
        h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'secondary small', onclick: () => openEditor(i) }, t('common.edit')),
          removeButton))
    })))
  }

  const addButton = h('button', { type: 'button', class: 'primary', onclick: () => openEditor(null) }, t('settings.help.add'))
  renderList()
  return section(t('settings.help.title'), {},
    h('p', { class: 'lead' }, t('settings.help.intro')),
    status, listBox, addButton, editor)
}

function dataSection(initial: MunicipalSettings): HTMLElement {
  const { limits } = initial
  const retention = textField('retentionMonths', t('settings.retention'), { value: String(initial.retentionMonths), type: 'number', required: true, hint: t('settings.retentionHint', { min: limits.retentionMonths.min, max: limits.retentionMonths.max }) })
  retention.input.min = String(limits.retentionMonths.min)
  retention.input.max = String(limits.retentionMonths.max)
  const minimum = textField('minimumCellCount', t('settings.minimum'), { value: String(initial.minimumCellCount), type: 'number', required: true, hint: t('settings.minimumHint', { min: limits.minimumCellCount.min }) })
  minimum.input.min = String(limits.minimumCellCount.min)
  minimum.input.max = String(limits.minimumCellCount.max)
  const publicMap = h('input', { type: 'checkbox', id: uid('public-map'), name: 'publicMap', checked: initial.publicMap })
  const publicField = h('div', { class: 'field', 'data-field': 'publicMap' },
    h('div', { class: 'check' }, publicMap, h('label', { for: publicMap.id }, t('settings.publicMap'))),
    h('p', { class: 'hint' }, t('settings.publicMapHint')))
  const status = h('p', { class: 'status', role: 'status' })
  const problem = h('div', { role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary' }, t('common.save'))
  const fields: Field[] = [retention, minimum]
  const form = h('form', { novalidate: true }, retention.el, minimum.el, publicField, problem, formActions(submit), status)
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    clearErrors(fields)
    replace(problem)
    status.textContent = ''
    submit.disabled = true
    try {
      const saved = await request<MunicipalSettings>('/staff/settings', {
        method: 'PATCH',
        body: { retentionMonths: Number(retention.input.value), minimumCellCount: Number(minimum.input.value), publicMap: publicMap.checked },
      })
      retention.input.value = String(saved.retentionMonths)
      minimum.input.value = String(saved.minimumCellCount)
      publicMap.checked = saved.publicMap
      clearCache()
      status.textContent = t('settings.saved')
    } catch (error) {
      if (!(error instanceof ApiError && showFieldErrors(error, fields))) replace(problem, errorBox(error))
    } finally {
      submit.disabled = false
    }
  })
  return section(t('settings.data.title'), {}, form)
}

function webhookSection(): HTMLElement {
  const box = h('div')
  const render = (current: AlertSettingsOut) => {
    const url = textField('webhookUrl', t('settings.webhook.url'), { value: current.webhookUrl ?? '', type: 'url', maxlength: 2000, optional: true, hint: t('settings.webhook.urlHint') })
    const status = h('p', { class: 'status', role: 'status' })
    const secretBox = h('div', { 'aria-live': 'polite' })
    const problem = h('div', { role: 'alert' })
    const submit = h('button', { type: 'submit', class: 'primary' }, t('common.save'))
    const test = h('button', { type: 'button', class: 'secondary' }, t('settings.webhook.test'))
    test.disabled = !current.webhookUrl
    const form = h('form', { novalidate: true }, url.el, problem, formActions(submit, test), status, secretBox)
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      clearErrors([url])
      replace(problem)
      replace(secretBox)
      submit.disabled = true
      try {
        const value = url.input.value.trim()
        const saved = await request<AlertSettingsOut>('/staff/alerts/settings', { method: 'PUT', body: { webhookUrl: value || null } })
        test.disabled = !saved.webhookUrl
        status.textContent = saved.webhookUrl ? t('settings.webhook.saved') : t('settings.webhook.cleared')
        if (saved.secret) {
          replace(secretBox, h('div', { class: 'notice' },
            h('p', null, t('settings.webhook.secretOnce')),
            h('label', { for: 'webhook-secret' }, t('settings.webhook.secret')),
            h('input', { id: 'webhook-secret', type: 'text', readonly: true, value: saved.secret, class: 'sign-in-link' })))
        }
      } catch (error) {
        if (!(error instanceof ApiError && showFieldErrors(error, [url]))) replace(problem, errorBox(error))
      } finally {
        submit.disabled = false
      }
    })
    test.addEventListener('click', async () => {
      test.disabled = true
      status.textContent = t('settings.webhook.testing')
      try {
        const result = await request<WebhookTestResult>('/staff/alerts/settings/test', { method: 'POST' })
        status.textContent = result.ok
          ? t('settings.webhook.testOk', { status: result.status ?? '' })
          : t('settings.webhook.testFailed', { error: result.error ?? '?' })
      } catch (error) {
        status.textContent = errorMessage(error)
      } finally {
        test.disabled = false
      }
    })
    return form
  }
  void loadInto(box, () => request<AlertSettingsOut>('/staff/alerts/settings'), render)
  return section(t('settings.webhook.title'), {}, h('p', { class: 'lead' }, t('settings.webhook.intro')), box)
}

export function settingsView(): View {
  const box = h('div')
  void loadInto(box, () => request<MunicipalSettings>('/staff/settings'), (s) => [localHelpSection(s), dataSection(s), webhookSection()])
  return {
    title: t('settings.title'),
    el: h('div', null,
      h('div', { class: 'page-head' }, h('h1', null, t('settings.title')), h('p', { class: 'lead' }, t('settings.intro'))),
      box),
  }
}
