// Labelled form fields with error slots, and showing a problem's field errors next to the fields they concern.
import type { ApiError } from './api.js'
import { h, uid, type Child } from './dom.js'
import { fieldErrorMessages } from '@meldpunt/core/field-errors'
import { fieldErrorText } from '../shared/field-errors.js'
import { lang, t } from './i18n/index.js'

export interface Field {
  name: string
  el: HTMLElement
  /** The element that takes focus and carries aria-invalid. */
  control: HTMLElement
  error: HTMLElement
}

function wrap(name: string, labelText: string, control: HTMLElement, hint?: string, optional = false): Field {
  const id = control.id || uid(name)
  control.id = id
  const errorId = `${id}-error`
  const hintId = hint ? `${id}-hint` : null
  control.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '))
  const error = h('p', { id: errorId, class: 'field-error' })
  const el = h('div', { class: 'field', 'data-field': name },
    h('label', { for: id }, labelText, optional ? h('span', { class: 'muted' }, ` ${t('common.optional')}`) : null),
    hint ? h('p', { id: hintId!, class: 'hint' }, hint) : null,
    control,
    error)
  return { name, el, control, error }
}

export function textField(name: string, labelText: string, opts: { value?: string, hint?: string, required?: boolean, maxlength?: number, type?: string, optional?: boolean, pattern?: string } = {}): Field & { input: HTMLInputElement } {
  const input = h('input', { type: opts.type ?? 'text', name, value: opts.value ?? '', required: opts.required ?? false, maxlength: opts.maxlength ?? null, autocomplete: 'off' })
  return { ...wrap(name, labelText, input, opts.hint, opts.optional), input }
}

export function textArea(name: string, labelText: string, opts: { value?: string, hint?: string, optional?: boolean } = {}): Field & { input: HTMLTextAreaElement } {
  const input = h('textarea', { name, rows: 4 })
  input.value = opts.value ?? ''
  return { ...wrap(name, labelText, input, opts.hint, opts.optional), input }
}

export function selectField(name: string, labelText: string, items: { id: string, label: string }[], value?: string): Field & { input: HTMLSelectElement } {
  const input = h('select', { name }, items.map((o) => h('option', { value: o.id, selected: o.id === value }, o.label)))
  return { ...wrap(name, labelText, input), input }
}

export function checkboxField(name: string, legendText: string, items: { id: string, label: string }[], checked: readonly string[], hint?: string): Field & { values(): string[] } {
  const errorId = uid(`${name}-error`)
  const hintId = hint ? uid(`${name}-hint`) : null
  const error = h('p', { id: errorId, class: 'field-error' })
  const boxes = items.map((item) => {
    const id = uid(name)
    return h('div', { class: 'check' }, h('input', { type: 'checkbox', id, name, value: item.id, checked: checked.includes(item.id) }), h('label', { for: id }, item.label))
  })
  const fieldset = h('fieldset', { class: 'check-group', 'aria-describedby': [hintId, errorId].filter(Boolean).join(' '), 'data-field': name },
    h('legend', null, legendText),
    hint ? h('p', { id: hintId!, class: 'hint' }, hint) : null,
    h('div', { class: 'check-columns' }, boxes),
    error)
  return {
    name, el: fieldset, control: fieldset, error,
    values: () => [...fieldset.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value),
  }
}

/** The text for a field error code from the API; a code this build does not know yet reads as the generic one. */
export function fieldMessage(code: string): string {
  return fieldErrorText(code, lang()) ?? fieldErrorMessages.invalid[lang()]
}

export function clearErrors(fields: Field[]): void {
  for (const f of fields) {
    f.error.textContent = ''
    f.control.removeAttribute('aria-invalid')
  }
}

/**
 * Puts each field error of a 4xx next to its field and focuses the first; returns false when none matched
 * (the caller then shows the problem as a whole).
 */
export function showFieldErrors(error: ApiError, fields: Field[]): boolean {
  clearErrors(fields)
  let first: Field | null = null
  for (const fe of error.problem.errors ?? []) {
    // "endsOn", "body.endsOn", "channels.0", "place.radiusMetres": the first segment after any prefix names the field.
    const path = fe.field.replace(/^(body|querystring)\./, '')
    const field = fields.find((f) => path === f.name || path.startsWith(`${f.name}.`))
    if (!field) continue
    field.error.textContent = fieldMessage(fe.code)
    field.control.setAttribute('aria-invalid', 'true')
    first ??= field
  }
  const target = first?.control.matches('fieldset') ? first.control.querySelector<HTMLElement>('input') : first?.control
  target?.focus()
  return first !== null
}

export function formActions(...children: Child[]): HTMLElement {
  return h('div', { class: 'form-actions' }, children)
}
