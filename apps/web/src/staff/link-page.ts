// The one-time sign-in link page (#/link/<token>): reachable without a session; sets a password twice, then signs in.
import { ApiError, request } from './api.js'
import { h, replace, uid } from './dom.js'
import { t } from './i18n/index.js'
import type { SignInLinkInfo, StaffSession } from '@meldpunt/core/api'
import { loading } from './ui.js'

export function linkToken(hash = location.hash): string | null {
  return /^#\/link\/([A-Za-z0-9_-]{43})$/.exec(hash)?.[1] ?? null
}

export async function showLinkPage(root: HTMLElement, token: string, header: HTMLElement, onSignedIn: (session: StaffSession) => void, toSignIn: (notice?: string) => void): Promise<void> {
  const main = h('main', { id: 'content', class: 'login', tabindex: '-1' }, loading())
  replace(root, header, main)
  let info: SignInLinkInfo
  try {
    info = await request<SignInLinkInfo>('/staff/sign-in-links/info', { method: 'POST', body: { token }, quietUnauthenticated: true })
  } catch (error) {
    const gone = error instanceof ApiError && (error.status === 410 || error.status === 400)
    replace(main, h('h1', null, t('link.title')),
      h('div', { class: 'notice error', role: 'alert' }, h('p', null, gone ? t('link.gone') : t('error.generic', { status: error instanceof ApiError ? error.status : '?' }))),
      h('button', { type: 'button', class: 'secondary', onclick: () => toSignIn() }, t('link.toSignIn')))
    document.title = `${t('link.title')} · ${t('app.title')}`
    return
  }
  const ids = { a: uid('password'), b: uid('password-repeat'), err: uid('link-error') }
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', value: info.email, readonly: true, class: 'visually-hidden', tabindex: '-1', 'aria-hidden': 'true' })
  const first = h('input', { id: ids.a, type: 'password', autocomplete: 'new-password', required: true, minlength: 15, maxlength: 256, 'aria-describedby': ids.err })
  const second = h('input', { id: ids.b, type: 'password', autocomplete: 'new-password', required: true, 'aria-describedby': ids.err })
  const error = h('p', { id: ids.err, class: 'form-error', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary' }, t('link.save'))
  const form = h('form', { class: 'login-form', novalidate: true },
    email,
    h('div', { class: 'field' }, h('label', { for: ids.a }, t('link.password')), first),
    h('div', { class: 'field' }, h('label', { for: ids.b }, t('link.repeat')), second),
    error, submit)
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    error.textContent = ''
    if (first.value !== second.value) {
      error.textContent = t('link.mismatch')
      second.focus()
      return
    }
    submit.disabled = true
    submit.textContent = t('link.saving')
    try {
      const session = await request<StaffSession>('/staff/sign-in-links/accept', { method: 'POST', body: { token, password: first.value }, quietUnauthenticated: true })
      history.replaceState(null, '', `${location.pathname}#/`)
      onSignedIn(session)
    } catch (err) {
      // An account with a second step gets its password but no session from a link: sign in with both.
      if (err instanceof ApiError && err.problem.code === 'MELDPUNT_ERR_SECOND_FACTOR_REQUIRED') return toSignIn(t('link.signInWithCode'))
      error.textContent = err instanceof ApiError && err.status === 410 ? t('link.gone')
        : err instanceof ApiError && err.problem.detail ? err.problem.detail : t('error.generic', { status: err instanceof ApiError ? err.status : '?' })
      first.focus()
      submit.disabled = false
      submit.textContent = t('link.save')
    }
  })
  replace(main, h('h1', null, t('link.title')), h('p', { class: 'lead' }, t('link.intro', { email: info.email })), form)
  document.title = `${t('link.title')} · ${t('app.title')}`
  first.focus()
}
