// The optional "about you" questions on the review screen: age, gender, groups and how they heard of the service.
import { h, uid } from '../dom.js'
import type { AppContext } from '../context.js'

/** The fields, kept in the answers as they change; `onChange` lets the review update its summary. */
export function aboutFields(ctx: AppContext, onChange: () => void): HTMLElement[] {
  const { t, taxonomy, answers } = ctx
  const about = answers.about

  const ageId = uid('age')
  const ageSelect = h('select', { id: ageId, name: 'age' },
    h('option', { value: '' }, t('about.noAnswer')),
    taxonomy.ageBands.map((id) => h('option', { value: id, selected: about.ageBand === id }, ctx.label('ageBands', id))))

  const genderName = uid('gender')
  const genderOptions = ['', ...taxonomy.genders].map((id) => {
    const inputId = uid('gender-option')
    return h('div', { class: 'option' },
      h('input', { type: 'radio', id: inputId, name: genderName, value: id, checked: (about.gender ?? '') === id }),
      h('label', { for: inputId }, id ? ctx.label('genders', id) : t('about.noAnswer')))
  })

  const groupBoxes = taxonomy.identityGroups.map((id) => {
    const inputId = uid('group-option')
    return h('div', { class: 'option' },
      h('input', { type: 'checkbox', id: inputId, value: id, checked: about.groups.includes(id) }),
      h('label', { for: inputId }, ctx.label('identityGroups', id)))
  })

  const heardId = uid('heard')
  const heardSelect = h('select', { id: heardId },
    h('option', { value: '' }, t('about.noAnswer')),
    taxonomy.heardVia.map((id) => h('option', { value: id, selected: answers.heardVia === id }, ctx.label('heardVia', id))))

  const form = h('div', { class: 'about-fields' },
    h('div', { class: 'field' }, h('label', { for: ageId }, t('about.age')), ageSelect),
    h('fieldset', { class: 'options' }, h('legend', null, t('about.gender')), genderOptions),
    h('fieldset', { class: 'options' }, h('legend', null, t('about.groups')), groupBoxes),
    h('div', { class: 'field' },
      h('label', { for: heardId }, t('about.heardVia')),
      answers.campaignCode ? h('p', { class: 'hint' }, t('about.campaign')) : null,
      heardSelect),
  )

  /** Keeps what is chosen at once, so leaving the screen keeps it. */
  const keep = () => {
    const gender = form.querySelector<HTMLInputElement>(`input[name="${genderName}"]:checked`)?.value ?? ''
    answers.about = {
      ageBand: ageSelect.value || undefined,
      gender: gender || undefined,
      groups: groupBoxes.map((b) => b.querySelector('input')!).filter((i) => i.checked).map((i) => i.value),
      skipped: false,
    }
    if (heardSelect.value) answers.heardVia = heardSelect.value
    else delete answers.heardVia
    onChange()
  }
  form.addEventListener('change', keep)

  /** Clears every answer here at once; a campaign link's channel is not about the person, so it stays. */
  const clear = () => {
    answers.about = { groups: [], skipped: true }
    if (!answers.campaignCode) delete answers.heardVia
    ageSelect.value = ''
    heardSelect.value = answers.heardVia ?? ''
    form.querySelectorAll('input').forEach((i) => { i.checked = i.type === 'radio' && i.value === '' })
    onChange()
  }

  return [
    h('p', { class: 'hint' }, t('about.hint')),
    form,
    h('button', { type: 'button', class: 'button secondary', 'data-action': 'clear-about', onclick: clear }, t('about.clear')),
  ]
}
