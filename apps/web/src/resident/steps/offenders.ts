// The optional "who did it" screen: how many, estimated age, known or not. Every answer optional; one tap skips all.
import { OFFENDER_AGE_IDS, OFFENDER_COUNT_IDS, OFFENDER_KNOWN_IDS, type TaxonomyKind } from '@meldpunt/core/taxonomy'
import { h, uid } from '../dom.js'
import type { AppContext, StepView } from '../context.js'
import type { MessageKey } from '../i18n/index.js'
import type { Answers } from '../report.js'

type Question = { key: keyof Answers['offenders'], legend: MessageKey, kind: TaxonomyKind, ids: readonly string[] }

const QUESTIONS: Question[] = [
  { key: 'count', legend: 'offenders.count', kind: 'offenderCounts', ids: OFFENDER_COUNT_IDS },
  { key: 'age', legend: 'offenders.age', kind: 'offenderAges', ids: OFFENDER_AGE_IDS },
  { key: 'known', legend: 'offenders.known', kind: 'offenderKnown', ids: OFFENDER_KNOWN_IDS },
]

export function renderOffenders(ctx: AppContext): StepView {
  const { t, answers } = ctx

  const groups = QUESTIONS.map((q) => {
    const name = uid(`offenders-${q.key}`)
    const options = ['', ...q.ids].map((id) => {
      const inputId = uid('offender-option')
      return h('div', { class: 'option' },
        h('input', { type: 'radio', id: inputId, name, value: id, checked: (answers.offenders[q.key] ?? '') === id }),
        h('label', { for: inputId }, id ? ctx.label(q.kind, id) : t('about.noAnswer')))
    })
    return { q, name, fieldset: h('fieldset', { class: 'options' }, h('legend', null, t(q.legend)), options) }
  })

  const form = h('div', { class: 'offender-fields' }, groups.map((g) => g.fieldset))
  /** Keeps what is chosen at once, so going Back keeps it. */
  form.addEventListener('change', () => {
    for (const g of groups) {
      const value = form.querySelector<HTMLInputElement>(`input[name="${g.name}"]:checked`)?.value ?? ''
      if (value) answers.offenders[g.q.key] = value
      else delete answers.offenders[g.q.key]
    }
  })

  const skip = () => {
    answers.offenders = {}
    ctx.advance('offenders')
  }

  return {
    title: t('step.offenders'),
    body: [
      h('p', { class: 'hint' }, t('offenders.hint')),
      form,
      h('button', { type: 'button', class: 'button secondary', 'data-action': 'skip-offenders', onclick: skip }, t('offenders.skip')),
    ],
    next: () => true,
  }
}
