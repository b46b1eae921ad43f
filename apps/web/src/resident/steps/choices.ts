// Single-choice steps (what happened, who, what kind of place): one tap on an option answers and moves on.
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

export function renderCategory(ctx: AppContext): StepView {
  const { t, taxonomy, answers } = ctx
  const choose = (id: string) => { answers.category = id; ctx.advance('category') }
  const groups = taxonomy.categoryGroups.map((group) => {
    const headingId = uid('group')
    const options = taxonomy.categories
      .filter((c) => c.group === group)
      .map((c) => ({ id: c.id, label: ctx.label('categories', c.id), hint: ctx.hint(c.id) }))
    if (options.length === 0) return null
    return h('section', { class: 'choice-group' },
      h('h2', { id: headingId }, ctx.label('categoryGroups', group)),
      choiceList(options, answers.category, choose, headingId))
  }).filter((x): x is HTMLElement => x !== null)
  return {
    title: t('step.category'),
    body: [h('p', { class: 'hint' }, t('step.category.hint')), ...groups],
    next: answers.category ? () => true : undefined,
  }
}

export function renderRole(ctx: AppContext): StepView {
  const { t, taxonomy, answers } = ctx
  const options = taxonomy.roles.map((id) => ({ id, label: ctx.label('roles', id) }))
  return {
    title: t('step.role'),
    body: [choiceList(options, answers.role, (id) => { answers.role = id; ctx.advance('role') }, 'question')],
    next: answers.role ? () => true : undefined,
  }
}

export function renderSetting(ctx: AppContext): StepView {
  const { t, taxonomy, answers } = ctx
  const options = taxonomy.settings.map((id) => ({ id, label: ctx.label('settings', id) }))
  return {
    title: t('step.setting'),
    body: [choiceList(options, answers.setting, (id) => { answers.setting = id; ctx.advance('setting') }, 'question')],
    next: answers.setting ? () => true : undefined,
  }
}
