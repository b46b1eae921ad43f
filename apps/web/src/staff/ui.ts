// Shared pieces of the staff views: loading, error and empty states, sections, and loading data into a panel.
import { ApiError, isAbort } from './api.js'
import { h, replace, uid, type Child } from './dom.js'
import { t } from './i18n/index.js'

export function loading(text = t('common.loading')): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text)
}

/** A message a person can act on, for any failure of a request. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('error.network')
    if (error.status === 403) return t('error.forbidden')
    if (error.status === 404) return error.problem.code ? t('error.notFound') : t('error.missingEndpoint')
    if (error.status === 401) return t('session.ended')
    if (error.status >= 400 && error.status < 500 && error.problem.detail) return error.problem.detail
    return t('error.generic', { status: error.status })
  }
  return t('error.generic', { status: '?' })
}

export function errorBox(error: unknown, retry?: () => void): HTMLElement {
  return h('div', { class: 'notice error', role: 'alert' },
    h('p', null, errorMessage(error)),
    retry ? h('button', { type: 'button', class: 'secondary', onclick: retry }, t('common.retry')) : null)
}

export function emptyState(title: string, text: string, ...extra: Child[]): HTMLElement {
  return h('div', { class: 'notice empty' }, h('p', { class: 'notice-title' }, title), h('p', null, text), extra)
}

export function section(title: string, opts: { level?: 2 | 3, className?: string, actions?: Child } = {}, ...children: Child[]): HTMLElement {
  const id = uid('section')
  const heading = h(opts.level === 3 ? 'h3' : 'h2', { id }, title)
  return h('section', { class: opts.className ?? 'panel', 'aria-labelledby': id },
    opts.actions ? h('div', { class: 'panel-head' }, heading, h('div', { class: 'panel-actions' }, opts.actions)) : heading,
    children)
}

/**
 * Loads into `target`: a loading state first, then what `render` builds, or an error with a retry button.
 * A newer load into the same target wins; older answers are dropped.
 */
const generations = new WeakMap<Element, number>()
export async function loadInto<T>(target: HTMLElement, load: () => Promise<T>, render: (value: T) => Child, loadingText?: string): Promise<T | undefined> {
  const generation = (generations.get(target) ?? 0) + 1
  generations.set(target, generation)
  target.setAttribute('aria-busy', 'true')
  replace(target, loading(loadingText))
  try {
    const value = await load()
    if (generations.get(target) !== generation) return undefined
    replace(target, render(value))
    return value
  } catch (error) {
    if (isAbort(error) || generations.get(target) !== generation) return undefined
    replace(target, errorBox(error, () => void loadInto(target, load, render, loadingText)))
    return undefined
  } finally {
    if (generations.get(target) === generation) target.removeAttribute('aria-busy')
  }
}

export function definitionList(rows: [string, Child][]): HTMLElement {
  return h('dl', { class: 'facts' }, rows.map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))))
}

/**
 * A button that asks first: it opens a warning that says what the action does, with the action and Cancel. The
 * confirmation takes the focus when it opens and gives it back to the button when cancelled.
 */
export function confirmStep(opts: { label: string, ariaLabel?: string, explain: string | HTMLElement[], confirmLabel: string, small?: boolean, openClass?: string, onConfirm: () => Promise<unknown> }): HTMLElement {
  const size = opts.small ? ' small' : ''
  const open = h('button', { type: 'button', class: `${opts.openClass ?? 'secondary'}${size}`, 'aria-expanded': 'false', 'aria-label': opts.ariaLabel ?? null }, opts.label)
  const confirm = h('button', { type: 'button', class: `danger${size}` }, opts.confirmLabel)
  const cancel = h('button', { type: 'button', class: `secondary${size}` }, t('common.cancel'))
  const box = h('div', { class: 'notice warning confirm-delete', hidden: true }, typeof opts.explain === 'string' ? h('p', null, opts.explain) : opts.explain, h('div', { class: 'form-actions' }, confirm, cancel))
  open.addEventListener('click', () => { box.hidden = false; open.setAttribute('aria-expanded', 'true'); confirm.focus() })
  cancel.addEventListener('click', () => { box.hidden = true; open.setAttribute('aria-expanded', 'false'); open.focus() })
  confirm.addEventListener('click', () => {
    confirm.disabled = true
    void opts.onConfirm().finally(() => { confirm.disabled = false })
  })
  return h('div', { class: 'confirm-step' }, open, box)
}
