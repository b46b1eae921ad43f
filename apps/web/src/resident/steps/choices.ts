// The first screen: what happened and who it happened to; two taps answer it, in either order, and move on.
import { h, uid } from '../dom.js'
import type { AppContext, StepView } from '../context.js'

type ChoiceOption = { id: string, label: string, hint?: string }

/** A list of big buttons; the chosen one is marked pressed when the person comes back. */
export function choiceList(options: ChoiceOption[], selected: string | undefined, onChoose: (id: string) => void, labelledBy?: string): HTMLElement {
  return h('ul', { class: 'choices', role: 'list', 'aria-labelledby': labelledBy },
    options.map((o) => {
      const hintId = o.hint ? uid('hint') : undefined
      return h('li', null,
        h('button', {
          type: 'button',
          class: 'choice',
          'aria-pressed': String(o.id === selected),
          'aria-describedby': hintId,
          'data-id': o.id,
          onclick: () => onChoose(o.id),
        },
        h('span', { class: 'choice-label' }, o.label),
        o.hint ? h('span', { class: 'choice-hint', id: hintId }, o.hint) : null))
    }))
}

/**
 * One of two questions on a screen: a tap keeps the answer, marks it pressed in place (focus stays) and clears the
 * question's error; `then` moves on when the other question is answered too.
 */
export function pairedChoiceList(
  options: ChoiceOption[], selected: string | undefined, keep: (id: string) => void, error: HTMLElement, then: () => void, labelledBy: string,
): HTMLElement {
  const list = choiceList(options, selected, (id) => {
    keep(id)
    markPressed(list, id)
    error.textContent = ''
    then()
  }, labelledBy)
  return list
}

/** Marks the chosen button pressed in place, so focus stays where the person is. */
export function markPressed(list: HTMLElement, id: string): void {
  list.querySelectorAll<HTMLButtonElement>('button.choice').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.id === id)))
}

export function renderCategory(ctx: AppContext): StepView {
  const { t, taxonomy, answers } = ctx
  const roleHeadingId = uid('role')
  const roleError = h('p', { class: 'field-error', role: 'alert', tabindex: '-1' })
  const roleList = pairedChoiceList(
    taxonomy.roles.map((id) => ({ id, label: ctx.label('roles', id) })),
    answers.role,
    (id) => { answers.role = id },
    roleError,
    () => { if (answers.category) ctx.advance('category') },
    roleHeadingId)
  const roleSection = h('section', { class: 'choice-group role-group' },
    h('h2', { id: roleHeadingId }, t('step.role')),
    roleList,
    roleError)

  const lists: HTMLElement[] = []
  const choose = (id: string) => {
    answers.category = id
    for (const list of lists) markPressed(list, id)
    if (answers.role) { ctx.advance('category'); return }
    // The category is kept; the one question left is just above.
    roleError.textContent = t('step.category.roleNeeded')
    roleSection.scrollIntoView({ block: 'start' })
    roleList.querySelector<HTMLButtonElement>('button')?.focus()
  }
  const groups = taxonomy.categoryGroups.map((group) => {
    const headingId = uid('group')
    const options = taxonomy.categories
      .filter((c) => c.group === group)
      .map((c) => ({ id: c.id, label: ctx.label('categories', c.id), hint: ctx.hint(c.id) }))
    if (options.length === 0) return null
    const list = choiceList(options, answers.category, choose, headingId)
    lists.push(list)
    return h('section', { class: 'choice-group' },
      h('h2', { id: headingId }, ctx.label('categoryGroups', group)),
      list)
  }).filter((x): x is HTMLElement => x !== null)
  return {
    title: t('step.category'),
    body: [roleSection, h('p', { class: 'hint' }, t('step.category.hint')), ...groups],
    next: answers.category && answers.role ? () => true : undefined,
  }
}
