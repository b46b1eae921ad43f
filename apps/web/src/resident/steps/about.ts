// The optional "about you" step: age, gender, groups and how they heard of the service; skippable in one tap.
import { h, uid } from '../dom.js'
import type { AppContext, StepView } from '../context.js'

export function renderAbout(ctx: AppContext): StepView {
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

  /** Keeps what is chosen at once, so Back and Next both keep it. */
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
  }
  form.addEventListener('change', keep)

  const skip = () => {
    answers.about = { groups: [], skipped: true }
    // A campaign link's channel is not about the person; keep it.
    if (!answers.campaignCode) delete answers.heardVia
    ctx.advance('about')
  }

  return {
    title: t('step.about'),
    body: [
      h('p', { class: 'hint' }, t('about.hint')),
      h('button', { type: 'button', class: 'button secondary skip', 'data-action': 'skip', onclick: skip }, t('about.skip')),
      form,
    ],
    next: () => { keep(); return true },
  }
}
