// Security page for every staff member (#/security): their own second step (set up, recovery codes, turn off) and, for admins, the municipal rule.
import { ApiError, clearCache, request } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { h, replace, uid } from '../dom.js'
import { clearErrors, formActions, showFieldErrors, textField, type Field } from '../forms.js'
import { fmtDateTime, t } from '../i18n/index.js'
import type { RecoveryCodes, SecuritySettings, TotpSetup, TotpStatus } from '@meldpunt/core/api'
import { errorBox, errorMessage, loadInto, loading, section } from '../ui.js'

/** A code field the phone and password managers understand: digits only, filled from an SMS or app where offered. */
function codeField(name: string, label: string, opts: { hint?: string, recovery?: boolean } = {}): Field & { input: HTMLInputElement } {
  const field = textField(name, label, { required: true, maxlength: opts.recovery ? 14 : 6, ...(opts.hint ? { hint: opts.hint } : {}) })
  field.input.setAttribute('autocomplete', 'one-time-code')
  field.input.setAttribute('spellcheck', 'false')
  if (!opts.recovery) {
    field.input.setAttribute('inputmode', 'numeric')
    field.input.setAttribute('pattern', '[0-9]{6}')
  }
  return field
}

/** Runs a code form: empty check, busy button, field errors next to the field, anything else in `status`. */
function codeForm(field: Field & { input: HTMLInputElement }, button: string, busy: string, status: HTMLElement, send: (code: string) => Promise<void>): HTMLFormElement {
  const submit = h('button', { type: 'submit', class: 'primary' }, button)
  const form = h('form', { novalidate: true, class: 'code-form' }, field.el, formActions(submit))
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    clearErrors([field])
    replace(status)
    const code = field.input.value.trim()
    if (!code) {
      field.error.textContent = t('security.codeEmpty')
      field.control.setAttribute('aria-invalid', 'true')
      field.input.focus()
      return
    }
    submit.disabled = true
    submit.textContent = busy
    try {
      await send(code)
    } catch (error) {
      if (!(error instanceof ApiError && showFieldErrors(error, [field]))) replace(status, errorBox(error))
      field.input.value = ''
      field.input.focus()
    } finally {
      submit.disabled = false
      submit.textContent = button
    }
  })
  return form
}

export function securityView(ctx: ViewContext): View {
  const totpBox = h('div', { 'aria-live': 'polite' })
  const status = h('div', { role: 'status' })

  /** The codes once, then "I saved them" before anything else happens on the page. */
  const showRecoveryCodes = (result: RecoveryCodes, after: () => void) => {
    const listId = uid('recovery')
    const boxId = uid('saved')
    const saved = h('input', { type: 'checkbox', id: boxId })
    const error = h('p', { class: 'field-error', id: `${boxId}-error` })
    saved.setAttribute('aria-describedby', `${boxId}-error`)
    const done = h('button', { type: 'button', class: 'primary' }, t('security.savedContinue'))
    done.addEventListener('click', () => {
      if (!saved.checked) {
        error.textContent = t('security.savedFirst')
        saved.focus()
        return
      }
      after()
    })
    const heading = h('h3', { tabindex: '-1' }, t('security.recoveryTitle'))
    replace(totpBox,
      h('div', { class: 'notice warning recovery-codes' },
        heading,
        h('p', null, t('security.recoveryIntro')),
        h('ol', { class: 'code-list', id: listId, 'aria-label': t('security.recoveryList') }, result.recoveryCodes.map((c) => h('li', null, h('code', null, c)))),
        h('div', { class: 'check' }, saved, h('label', { for: boxId }, t('security.saved'))),
        error,
        formActions(done)))
    heading.focus()
  }

  const afterEnrolment = async () => {
    clearCache()
    if (ctx.session.secondFactorEnrolmentRequired) await ctx.refreshSession()
    load()
  }

  const renderSetup = (setup: TotpSetup) => {
    const code = codeField('code', t('security.code'), { hint: t('security.codeHint') })
    const formStatus = h('div', { role: 'alert' })
    const form = codeForm(code, t('security.confirm'), t('security.confirming'), formStatus, async (value) => {
      const result = await request<RecoveryCodes>('/staff/me/totp/confirm', { method: 'POST', body: { code: value } })
      showRecoveryCodes(result, () => void afterEnrolment())
    })
    const heading = h('h3', { tabindex: '-1' }, t('security.step1'))
    replace(totpBox,
      h('div', { class: 'totp-setup' },
        heading,
        h('p', null, t('security.step1Help')),
        // The server drew the SVG; shown as an image, it cannot run anything or load anything else.
        h('img', { class: 'totp-qr', src: `data:image/svg+xml;base64,${btoa(setup.qrSvg)}`, alt: t('security.qrAlt'), width: 200, height: 200 }),
        h('p', null, t('security.secret'), ': ',
          h('code', { class: 'totp-secret', 'data-secret': setup.secret }, setup.secret.replace(/(.{4})/g, '$1 ').trim())),
        h('h3', null, t('security.step2')),
        form,
        formStatus))
    heading.focus()
  }

  const renderStatus = (s: TotpStatus) => {
    if (!s.enabled) {
      const start = h('button', { type: 'button', class: 'primary' }, t('security.start'))
      start.addEventListener('click', async () => {
        start.disabled = true
        replace(status, loading(t('security.starting')))
        try {
          const setup = await request<TotpSetup>('/staff/me/totp/setup', { method: 'POST' })
          replace(status)
          renderSetup(setup)
        } catch (error) {
          replace(status, errorBox(error))
          start.disabled = false
        }
      })
      return h('div', null, h('p', null, t('security.off')), formActions(start))
    }
    const newCodesStatus = h('div', { role: 'alert' })
    const newCodes = codeForm(codeField('code', t('security.code')), t('security.newCodesButton'), t('security.confirming'), newCodesStatus, async (value) => {
      const result = await request<RecoveryCodes>('/staff/me/totp/recovery-codes', { method: 'POST', body: { code: value } })
      showRecoveryCodes(result, () => load())
    })
    const offStatus = h('div', { role: 'alert' })
    const off = s.requiredForMe
      ? h('p', { class: 'notice' }, t('security.requiredNoOff'))
      : h('div', null, h('p', null, t('security.turnOffHelp')),
        codeForm(codeField('code', t('security.turnOffCode'), { recovery: true }), t('security.turnOffButton'), t('security.confirming'), offStatus, async (value) => {
          await request<TotpStatus>('/staff/me/totp', { method: 'DELETE', body: { code: value } })
          clearCache()
          status.textContent = t('security.turnedOff')
          load()
        }), offStatus)
    return h('div', null,
      h('p', null, t('security.on', { when: fmtDateTime(s.enabledAt!) }), ' ', t('security.codesLeft', { count: s.recoveryCodesLeft })),
      s.recoveryCodesLeft <= 3 ? h('p', { class: 'notice warning' }, t('security.codesLow')) : null,
      section(t('security.newCodes'), { level: 3, className: 'subpanel' }, h('p', null, t('security.newCodesHelp')), newCodes, newCodesStatus),
      section(t('security.turnOff'), { level: 3, className: 'subpanel' }, off))
  }
  const load = () => void loadInto(totpBox, () => request<TotpStatus>('/staff/me/totp'), renderStatus)

  const ruleBox = h('div')
  const ruleSection = ctx.session.user.role === 'admin' && ctx.session.user.municipality && !ctx.session.secondFactorEnrolmentRequired
    ? section(t('security.municipality'), {}, ruleBox)
    : null
  const renderRule = (settings: SecuritySettings) => {
    const id = uid('require')
    const box = h('input', { type: 'checkbox', id, checked: settings.adminsRequireTotp, 'aria-describedby': `${id}-hint` })
    const ruleStatus = h('p', { role: 'status' })
    const save = h('button', { type: 'submit', class: 'primary' }, t('security.saveRule'))
    const form = h('form', { novalidate: true },
      h('div', { class: 'check' }, box, h('label', { for: id }, t('security.requireAdmins'))),
      h('p', { class: 'hint', id: `${id}-hint` }, t('security.requireAdminsHint')),
      formActions(save), ruleStatus)
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      save.disabled = true
      ruleStatus.textContent = ''
      try {
        const next = await request<SecuritySettings>('/staff/security', { method: 'PUT', body: { adminsRequireTotp: box.checked } })
        box.checked = next.adminsRequireTotp
        ruleStatus.textContent = t('security.saved.rule')
      } catch (error) {
        box.checked = !box.checked
        // 409: the admin has no second step of their own yet (the server refuses to let them lock themselves out).
        ruleStatus.textContent = error instanceof ApiError && error.status === 409 ? t('security.ownFirst') : errorMessage(error)
      } finally {
        save.disabled = false
      }
    })
    return form
  }

  load()
  if (ruleSection) void loadInto(ruleBox, () => request<SecuritySettings>('/staff/security'), renderRule)
  return {
    title: t('security.title'),
    el: h('div', null,
      h('div', { class: 'page-head' }, h('h1', null, t('security.title')), h('p', { class: 'lead' }, t('security.intro'))),
      ctx.session.secondFactorEnrolmentRequired ? h('div', { class: 'notice warning', role: 'alert' }, h('p', null, t('security.enrolmentRequired'))) : null,
      status,
      section(t('security.totp'), {}, totpBox),
      ruleSection),
  }
}
