// The receipt page: enter a code, see the report's status and what was added, and add something.
import { h, uid } from '../dom.js'
import type { AppContext } from '../context.js'
import { postJson, HttpError } from '../api.js'
import { normaliseReceipt, DESCRIPTION_MAX } from '../report.js'
import { messageKey } from '../i18n/index.js'

type ReceiptStatus = {
  status: string
  receivedAt: string
  municipality: { code: string, name: string }
  additions: { at: string, text: string | null }[]
}

/** Kept while the page is open, so a language switch does not lose what was typed or found. */
const state: { code: string, found?: { code: string, status: ReceiptStatus }, message?: string, addition: string } = {
  code: '', addition: '',
}

export function resetLookup(): void {
  state.code = ''
  state.addition = ''
  delete state.found
  delete state.message
}

/** What went wrong with a lookup or an addition; the rate limit here counts checked codes, not sent reports. */
function errorText(ctx: AppContext, error: unknown): string {
  if (error instanceof HttpError) {
    if (error.status === 404) return ctx.t('lookup.notFound')
    if (error.status === 429) return ctx.t('lookup.rateLimited')
  }
  return ctx.t('error.generic')
}

export function renderLookup(ctx: AppContext): HTMLElement[] {
  const { t } = ctx
  const container = h('div', { class: 'lookup' })
  const dateFormat = new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'long', timeStyle: 'short' })

  /** Redraws the form (new ids each time) and focuses the code field of the new form when asked. */
  const draw = (focus: 'result' | 'input' | 'none' = 'none') => {
    const codeId = uid('code')
    const hintId = uid('code-hint')
    const messageId = uid('lookup-message')
    const input = h('input', {
      id: codeId, type: 'text', value: state.code, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
      inputmode: 'text', 'aria-describedby': `${hintId} ${messageId}`, 'aria-invalid': state.message && !state.found ? 'true' : undefined,
      oninput: () => { state.code = input.value },
    })
    const status = h('p', { class: 'inline-status', role: 'status' })
    const message = h('p', { class: 'field-error', id: messageId, role: 'alert' }, state.found ? '' : state.message ?? '')
    const form = h('form', {
      class: 'lookup-form',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault()
        const code = normaliseReceipt(input.value)
        if (!code) { state.message = t('lookup.invalid'); delete state.found; draw('input'); return }
        status.textContent = t('lookup.checking')
        try {
          const found = await postJson<ReceiptStatus>('/api/v1/receipts/lookup', { code })
          state.found = { code, status: found }
          state.code = code
          delete state.message
          draw('result')
        } catch (error) {
          state.message = errorText(ctx, error)
          delete state.found
          draw('input')
        }
      },
    },
    h('div', { class: 'field' },
      h('label', { for: codeId }, t('lookup.code')),
      h('p', { class: 'hint', id: hintId }, t('lookup.code.hint')),
      input),
    message,
    h('button', { type: 'submit', class: 'button primary' }, t('lookup.check')),
    status)

    container.replaceChildren(form, state.found ? resultView(state.found.code, state.found.status) : '')
    if (focus === 'result') container.querySelector<HTMLElement>('.lookup-result h2')?.focus()
    if (focus === 'input') container.querySelector<HTMLInputElement>('.lookup-form input')?.focus()
  }

  const resultView = (code: string, found: ReceiptStatus): HTMLElement => {
    const statusKey = messageKey('status', found.status)
    const textId = uid('addition')
    const warningId = uid('addition-warning')
    const addStatus = h('p', { class: 'inline-status', role: 'status' })
    const textarea = h('textarea', {
      id: textId, rows: 4, maxlength: DESCRIPTION_MAX, 'aria-describedby': warningId,
      oninput: () => { state.addition = textarea.value },
    })
    textarea.value = state.addition
    return h('section', { class: 'lookup-result' },
      h('h2', { tabindex: '-1' }, code),
      h('dl', { class: 'review' },
        h('div', { class: 'review-row' }, h('dt', null, t('lookup.status')), h('dd', null, statusKey ? t(statusKey) : found.status)),
        h('div', { class: 'review-row' }, h('dt', null, t('lookup.receivedAt')), h('dd', null, dateFormat.format(new Date(found.receivedAt)))),
        h('div', { class: 'review-row' }, h('dt', null, t('lookup.municipality')), h('dd', null, found.municipality.name))),
      h('h3', null, t('lookup.additions')),
      found.additions.length === 0
        ? h('p', { class: 'empty' }, t('lookup.noAdditions'))
        : h('ul', { class: 'additions' }, found.additions.map((a) =>
          h('li', null, h('p', { class: 'hint' }, dateFormat.format(new Date(a.at))), a.text ? h('p', null, a.text) : null))),
      h('form', {
        class: 'addition-form',
        novalidate: true,
        onsubmit: async (e: Event) => {
          e.preventDefault()
          const text = textarea.value.trim()
          if (!text) { addStatus.textContent = t('lookup.addEmpty'); textarea.focus(); return }
          addStatus.textContent = t('lookup.adding')
          try {
            await postJson('/api/v1/receipts/additions', { code, text })
            state.addition = ''
            const refreshed = await postJson<ReceiptStatus>('/api/v1/receipts/lookup', { code })
            state.found = { code, status: refreshed }
            draw()
            ctx.announce(t('lookup.added'))
            container.querySelector<HTMLElement>('.lookup-result h2')?.focus()
          } catch (error) {
            addStatus.textContent = errorText(ctx, error)
          }
        },
      },
      h('div', { class: 'field' },
        h('label', { for: textId }, t('lookup.add')),
        h('p', { class: 'warning', id: warningId }, t('description.warning')),
        textarea),
      h('button', { type: 'submit', class: 'button primary' }, t('lookup.addSubmit')),
      addStatus))
  }

  draw()
  return [
    h('h1', { tabindex: '-1' }, t('lookup.title')),
    h('p', null, t('lookup.intro')),
    container,
  ]
}
