// Staff dashboard entry: asks the server for the session, then shows the sign-in form or the signed-in app.
import './staff.css'
import { ApiError, clearCache, request, setCsrf, setUnauthenticatedHandler } from './api.js'
import { startApp } from './app.js'
import { h, replace, uid } from './dom.js'
import { lang, onLangChange, setLang, t } from './i18n/index.js'
import type { StaffSession } from '@meldpunt/core/api'
import { loading } from './ui.js'
import { linkToken, showLinkPage } from './link-page.js'

const root = document.getElementById('app')!
let stopApp: (() => void) | null = null
let offLoginLang: (() => void) | null = null

function showApp(session: StaffSession): void {
  offLoginLang?.()
  offLoginLang = null
  stopApp?.()
  stopApp = startApp(root, session, () => showLogin(null))
}

function showLogin(notice: string | null): void {
  stopApp?.()
  stopApp = null
  setCsrf(null)
  clearCache()
  const emailId = uid('email')
  const passwordId = uid('password')
  const errorId = uid('login-error')
  const email = h('input', { id: emailId, type: 'email', name: 'email', autocomplete: 'username', required: true, spellcheck: 'false' })
  const password = h('input', { id: passwordId, type: 'password', name: 'password', autocomplete: 'current-password', required: true })
  const error = h('p', { id: errorId, class: 'form-error', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary' }, t('login.signIn'))

  const form = h('form', { class: 'login-form', novalidate: true, 'aria-describedby': errorId },
    notice ? h('p', { class: 'notice' }, notice) : null,
    h('div', { class: 'field' }, h('label', { for: emailId }, t('login.email')), email),
    h('div', { class: 'field' }, h('label', { for: passwordId }, t('login.password')), password),
    error,
    submit)

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (!email.value.trim() || !password.value) {
      error.textContent = t('login.invalid')
      ;(email.value.trim() ? password : email).focus()
      return
    }
    submit.disabled = true
    submit.textContent = t('login.signingIn')
    error.textContent = ''
    try {
      const session = await request<StaffSession>('/staff/login', { method: 'POST', body: { email: email.value.trim(), password: password.value }, quietUnauthenticated: true })
      showApp(session)
    } catch (err) {
      if (err instanceof ApiError && err.problem.code === 'MELDPUNT_ERR_SECOND_FACTOR_REQUIRED') return showCodeStep(email.value.trim(), password.value, false)
      const status = err instanceof ApiError ? err.status : 0
      // Every refused sign-in is the same 401, so the page cannot say more than the server does.
      error.textContent = status === 401 ? t('login.wrong')
        : status === 429 ? t('login.rateLimited')
        : status === 400 ? t('login.invalid')
        : status === 0 ? t('error.network') : t('error.generic', { status })
      password.value = ''
      password.focus()
      submit.disabled = false
      submit.textContent = t('login.signIn')
    }
  })

  const languageButton = h('button', {
    type: 'button', class: 'link-button', lang: lang() === 'nl' ? 'en' : 'nl', 'aria-label': t('language.switchLabel'),
    onclick: () => setLang(lang() === 'nl' ? 'en' : 'nl'),
  }, t('language.switch'))

  replace(root,
    h('header', { class: 'site-header login-header' },
      h('div', { class: 'header-top' },
        h('div', { class: 'brand' }, h('span', { class: 'brand-name' }, t('app.name'))),
        h('div', { class: 'account' }, languageButton))),
    h('main', { id: 'content', class: 'login', tabindex: '-1' },
      h('h1', null, t('login.title')),
      h('p', { class: 'lead' }, t('login.intro')),
      form))
  document.title = `${t('login.title')} · ${t('app.title')}`
  offLoginLang?.()
  offLoginLang = onLangChange(() => showLogin(notice))
  email.focus()
}

/**
 * The second step of a sign-in for an account with TOTP on: the password was right, the server asks for a code.
 * The password stays in this closure only, to send both again together (the server opens no half session).
 */
function showCodeStep(email: string, password: string, recovery: boolean): void {
  const codeId = uid('code')
  const hintId = uid('code-hint')
  const errorId = uid('code-error')
  const code = h('input', recovery
    ? { id: codeId, type: 'text', name: 'code', autocomplete: 'off', spellcheck: 'false', required: true, maxlength: 14, 'aria-describedby': `${hintId} ${errorId}` }
    : { id: codeId, type: 'text', name: 'code', autocomplete: 'one-time-code', inputmode: 'numeric', pattern: '[0-9]{6}', maxlength: 6, required: true, 'aria-describedby': `${hintId} ${errorId}` })
  const error = h('p', { id: errorId, class: 'form-error', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary' }, t('login.verify'))
  const toggle = h('button', { type: 'button', class: 'link-button', onclick: () => showCodeStep(email, password, !recovery) }, recovery ? t('login.useApp') : t('login.useRecovery'))
  const startOver = h('button', { type: 'button', class: 'link-button', onclick: () => showLogin(null) }, t('login.startOver'))
  const form = h('form', { class: 'login-form', novalidate: true },
    h('p', { id: hintId }, recovery ? t('login.recoveryIntro') : t('login.codeIntro')),
    h('div', { class: 'field' }, h('label', { for: codeId }, recovery ? t('login.recoveryCode') : t('login.code')), code),
    error,
    submit,
    h('p', { class: 'login-alternatives' }, toggle, ' · ', startOver))
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const value = code.value.trim()
    if (!value) {
      error.textContent = t('login.codeMissing')
      code.focus()
      return
    }
    submit.disabled = true
    submit.textContent = t('login.signingIn')
    error.textContent = ''
    try {
      showApp(await request<StaffSession>('/staff/login', { method: 'POST', body: { email, password, code: value }, quietUnauthenticated: true }))
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0
      error.textContent = status === 401 ? t('login.codeWrong')
        : status === 429 ? t('login.rateLimited')
        : status === 0 ? t('error.network') : t('error.generic', { status })
      code.value = ''
      code.focus()
      submit.disabled = false
      submit.textContent = t('login.verify')
    }
  })
  replace(root,
    loginHeader(),
    h('main', { id: 'content', class: 'login', tabindex: '-1' },
      h('h1', null, t('login.codeTitle')),
      form))
  document.title = `${t('login.codeTitle')} · ${t('app.title')}`
  offLoginLang?.()
  offLoginLang = onLangChange(() => showCodeStep(email, password, recovery))
  code.focus()
}

setUnauthenticatedHandler(() => {
  if (stopApp) showLogin(t('session.ended'))
})

function loginHeader(): HTMLElement {
  return h('header', { class: 'site-header login-header' },
    h('div', { class: 'header-top' },
      h('div', { class: 'brand' }, h('span', { class: 'brand-name' }, t('app.name'))),
      h('div', { class: 'account' }, h('button', {
        type: 'button', class: 'link-button', lang: lang() === 'nl' ? 'en' : 'nl', 'aria-label': t('language.switchLabel'),
        onclick: () => setLang(lang() === 'nl' ? 'en' : 'nl'),
      }, t('language.switch')))))
}

/** A one-time link opens its own page, signed in or not: it is for the account named in it. */
function showLink(token: string): void {
  stopApp?.()
  stopApp = null
  offLoginLang?.()
  offLoginLang = onLangChange(() => showLink(token))
  void showLinkPage(root, token, loginHeader(), showApp, (notice) => { history.replaceState(null, '', `${location.pathname}#/`); showLogin(notice ?? null) })
}

async function boot(): Promise<void> {
  const token = linkToken()
  if (token) return showLink(token)
  replace(root, h('main', { id: 'content' }, loading()))
  try {
    showApp(await request<StaffSession>('/staff/session', { quietUnauthenticated: true }))
  } catch {
    showLogin(null)
  }
}

void boot()
