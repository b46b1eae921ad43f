// Staff dashboard entry: asks the server for the session, then shows the sign-in form or the signed-in app.
import './staff.css'
import { ApiError, clearCache, request, setCsrf, setUnauthenticatedHandler } from './api.js'
import { startApp } from './app.js'
import { h, replace, uid } from './dom.js'
import { lang, onLangChange, setLang, t } from './i18n.js'
import type { Session } from './types.js'
import { loading } from './ui.js'

const root = document.getElementById('app')!
let stopApp: (() => void) | null = null
let offLoginLang: (() => void) | null = null

function showApp(session: Session): void {
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
  const submit = h('button', { type: 'submit', class: 'primary' }, t('signIn'))

  const form = h('form', { class: 'login-form', novalidate: true, 'aria-describedby': errorId },
    notice ? h('p', { class: 'notice' }, notice) : null,
    h('div', { class: 'field' }, h('label', { for: emailId }, t('email')), email),
    h('div', { class: 'field' }, h('label', { for: passwordId }, t('password')), password),
    error,
    submit)

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (!email.value.trim() || !password.value) {
      error.textContent = t('loginInvalid')
      ;(email.value.trim() ? password : email).focus()
      return
    }
    submit.disabled = true
    submit.textContent = t('signingIn')
    error.textContent = ''
    try {
      const session = await request<Session>('/staff/login', { method: 'POST', body: { email: email.value.trim(), password: password.value }, quietUnauthenticated: true })
      showApp(session)
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0
      error.textContent = status === 401 ? t('loginWrong')
        : status === 423 ? t('loginLocked')
        : status === 429 ? t('loginRateLimited')
        : status === 400 ? t('loginInvalid')
        : status === 0 ? t('errorNetwork') : t('errorGeneric', { status })
      password.value = ''
      password.focus()
      submit.disabled = false
      submit.textContent = t('signIn')
    }
  })

  const languageButton = h('button', {
    type: 'button', class: 'link-button', lang: lang() === 'nl' ? 'en' : 'nl', 'aria-label': t('switchLanguageLabel'),
    onclick: () => setLang(lang() === 'nl' ? 'en' : 'nl'),
  }, t('switchLanguage'))

  replace(root,
    h('header', { class: 'site-header login-header' },
      h('div', { class: 'header-top' },
        h('div', { class: 'brand' }, h('span', { class: 'brand-name' }, t('appName'))),
        h('div', { class: 'account' }, languageButton))),
    h('main', { id: 'content', class: 'login', tabindex: '-1' },
      h('h1', null, t('loginTitle')),
      h('p', { class: 'lead' }, t('loginIntro')),
      form))
  document.title = `${t('loginTitle')} · ${t('appTitle')}`
  offLoginLang?.()
  offLoginLang = onLangChange(() => showLogin(notice))
  email.focus()
}

setUnauthenticatedHandler(() => {
  if (stopApp) showLogin(t('sessionEnded'))
})

async function boot(): Promise<void> {
  replace(root, h('main', { id: 'content' }, loading()))
  try {
    showApp(await request<Session>('/staff/session', { quietUnauthenticated: true }))
  } catch {
    showLogin(null)
  }
}

void boot()
