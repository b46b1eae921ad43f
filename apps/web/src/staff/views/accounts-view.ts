// Staff of the municipality for its admins: list with state and last sign-in, invite by one-time link, role, deactivate, reset.
import { clearCache, request } from '../api.js'
import type { View, ViewContext } from '../app.js'
import { h, replace } from '../dom.js'
import { selectField, textField, formActions } from '../forms.js'
import { fmtDateTime, t, type MessageKey } from '../i18n/index.js'
import type { SignInLink, StaffAccount, StaffAccountList } from '@meldpunt/core/api'
import { confirmStep, emptyState, errorMessage, loadInto, section } from '../ui.js'

const ROLES = ['analyst', 'campaign', 'admin'] as const
const roleLabel = (role: string) => t(`accounts.role.${role}` as MessageKey)

export function accountsView({ session }: ViewContext): View {
  const box = h('div')
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' })
  const linkBox = h('div', { 'aria-live': 'polite' })

  const showLink = (link: SignInLink) => {
    const url = new URL(link.url, location.href).href
    replace(linkBox, h('div', { class: 'notice' },
      h('p', null, t('accounts.linkFor', { email: link.account.email, until: fmtDateTime(link.expiresAt) })),
      link.mailed ? h('p', null, t('accounts.linkMailed', { email: link.account.email })) : null,
      h('label', { for: 'sign-in-link' }, t('accounts.linkLabel')),
      h('input', { id: 'sign-in-link', type: 'text', readonly: true, value: url, class: 'sign-in-link', onfocus: (e: Event) => (e.target as HTMLInputElement).select() })))
    ;(linkBox.querySelector('input') as HTMLInputElement).focus()
  }

  const act = async (fn: () => Promise<unknown>) => {
    status.textContent = ''
    try {
      const result = await fn()
      clearCache()
      if (result && typeof result === 'object' && 'url' in result) showLink(result as SignInLink)
      status.textContent = t('accounts.done')
      load()
    } catch (error) {
      status.textContent = errorMessage(error)
    }
  }

  /** Removing someone's second step and deactivating an account ask first, saying what they do. */
  const removeTotp = (a: StaffAccount) => confirmStep({
    label: t('accounts.totpRemove'), ariaLabel: t('accounts.totpRemoveLabel', { email: a.email }), small: true,
    explain: t('accounts.totpRemoveExplain', { email: a.email }), confirmLabel: t('accounts.totpRemoveConfirm'),
    onConfirm: () => act(() => request<StaffAccount>(`/staff/accounts/${a.id}/totp`, { method: 'DELETE' })),
  })
  const deactivate = (a: StaffAccount) => confirmStep({
    label: t('accounts.deactivate'), ariaLabel: t('accounts.deactivateLabel', { email: a.email }), small: true,
    explain: t('accounts.deactivateExplain', { email: a.email }), confirmLabel: t('accounts.deactivateConfirm'),
    onConfirm: () => act(() => request(`/staff/accounts/${a.id}/deactivate`, { method: 'POST' })),
  })

  const row = (a: StaffAccount) => {
    const role = selectField('role', t('accounts.changeRole', { email: a.email }), ROLES.map((r) => ({ id: r, label: roleLabel(r) })), a.role)
    role.el.classList.add('inline-field')
    const post = (path: string, body?: unknown) => request(`/staff/accounts/${a.id}/${path}`, { method: 'POST', ...(body !== undefined ? { body } : {}) })
    return h('tr', { 'data-email': a.email },
      h('th', { scope: 'row' }, a.email),
      h('td', null, role.el, h('button', { type: 'button', class: 'secondary small', onclick: () => void act(() => post('role', { role: role.input.value })) }, t('accounts.saveRole'))),
      h('td', null, t(`accounts.state.${a.state}` as MessageKey)),
      h('td', null, a.totp ? t('accounts.totp.on') : t('accounts.totp.off'), a.totp && a.id !== session.user.id ? removeTotp(a) : null),
      h('td', null, a.lastSignInAt ? fmtDateTime(a.lastSignInAt) : t('accounts.never')),
      h('td', null,
        a.state === 'deactivated'
          ? h('button', { type: 'button', class: 'secondary small', onclick: () => void act(() => post('reactivate')) }, t('accounts.reactivate'))
          : deactivate(a),
        a.state !== 'deactivated' ? h('button', { type: 'button', class: 'secondary small', onclick: () => void act(() => post('reset')) }, t('accounts.reset')) : null))
  }

  const render = (list: StaffAccountList) => {
    if (!list.accounts.length) return emptyState(t('accounts.title'), t('accounts.empty'))
    return h('div', { class: 'table-scroll' }, h('table', { class: 'data-table accounts-table' },
      h('caption', { class: 'visually-hidden' }, t('accounts.title')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('accounts.email')), h('th', { scope: 'col' }, t('accounts.role')), h('th', { scope: 'col' }, t('accounts.state')), h('th', { scope: 'col' }, t('accounts.totp')),
        h('th', { scope: 'col' }, t('accounts.lastSignIn')), h('th', { scope: 'col' }, t('accounts.actions')))),
      h('tbody', null, list.accounts.map(row))))
  }
  const load = () => void loadInto(box, () => request<StaffAccountList>('/staff/accounts'), render)

  const email = textField('email', t('accounts.email'), { type: 'email', required: true, maxlength: 254 })
  const role = selectField('role', t('accounts.role'), ROLES.map((r) => ({ id: r, label: roleLabel(r) })), 'analyst')
  const submit = h('button', { type: 'submit', class: 'primary' }, t('accounts.inviteButton'))
  const form = h('form', { class: 'invite-form', novalidate: true }, email.el, role.el, formActions(submit))
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    submit.disabled = true
    submit.textContent = t('accounts.inviting')
    void act(() => request<SignInLink>('/staff/accounts', { method: 'POST', body: { email: email.input.value.trim(), role: role.input.value } })
      .then((link) => { email.input.value = ''; return link }))
      .finally(() => { submit.disabled = false; submit.textContent = t('accounts.inviteButton') })
  })

  load()
  return {
    title: t('accounts.title'),
    el: h('div', null,
      h('div', { class: 'page-head' }, h('h1', null, t('accounts.title')), h('p', { class: 'lead' }, t('accounts.intro'))),
      status,
      box,
      section(t('accounts.invite'), {}, form, linkBox)),
  }
}
