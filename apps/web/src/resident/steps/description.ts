// The optional free text on the review screen, with the warning not to write anything that identifies anyone.
import { h, uid } from '../dom.js'
import type { AppContext } from '../context.js'
import { descriptionRoom } from '../report.js'

export function descriptionFields(ctx: AppContext, onChange: () => void): HTMLElement[] {
  const { t, answers } = ctx
  const max = descriptionRoom(answers, t('where.placeText.prefix'))
  const textId = uid('description')
  const warningId = uid('warning')
  const countId = uid('count')
  const count = h('p', { class: 'counter', id: countId }, t('description.count', { n: answers.description.length, max }))
  const textarea = h('textarea', {
    id: textId,
    rows: 6,
    maxlength: max,
    'aria-describedby': `${warningId} ${countId}`,
    oninput: () => {
      answers.description = textarea.value
      onChange()
      count.textContent = t('description.count', { n: textarea.value.length, max })
    },
  })
  textarea.value = answers.description.slice(0, max)
  return [
    h('p', { class: 'warning', id: warningId }, t('description.warning')),
    h('div', { class: 'field' }, h('label', { for: textId }, t('description.label')), textarea, count),
  ]
}
