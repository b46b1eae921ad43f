// One screen for what kind of place and when: a tap on each moves on; "another day" opens a date and time of day.
import { h, uid } from '../dom.js'
import type { AppContext, StepView } from '../context.js'
import { occurredRange, TIMES_OF_DAY, type TimeOfDay, type WhenError, type WhenKind } from '../report.js'
import type { MessageKey } from '../i18n/index.js'
import { choiceList, markPressed, pairedChoiceList } from './choices.js'

const errorKeys: Record<WhenError, MessageKey> = {
  'date-required': 'when.dateRequired',
  'date-future': 'when.dateFuture',
  'date-too-old': 'when.dateTooOld',
}

function isoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

export function renderPlaceAndTime(ctx: AppContext): StepView {
  const { t, taxonomy, answers } = ctx
  const settingHeadingId = uid('setting')
  const whenHeadingId = uid('when')
  const settingError = h('p', { class: 'field-error', role: 'alert' })
  const now = new Date()
  let showOtherDay = answers.when?.kind === 'other-day'

  const dateId = uid('date')
  const timeId = uid('time')
  const errorId = uid('error')
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert' })
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1)
  const dateInput = h('input', {
    id: dateId,
    type: 'date',
    max: isoDate(now),
    min: isoDate(new Date(now.getTime() - 364 * 24 * 3600 * 1000)),
    value: answers.when?.date ?? isoDate(yesterday),
    'aria-describedby': errorId,
  })
  const timeSelect = h('select', { id: timeId },
    TIMES_OF_DAY.map((tod) => h('option', { value: tod, selected: tod === (answers.when?.timeOfDay ?? 'unknown') }, t(`when.time.${tod}` as MessageKey))))

  // Keep a valid date at once, so going Back does not lose it.
  const keepIfValid = () => {
    const timeOfDay = timeSelect.value as TimeOfDay
    const range = occurredRange('other-day', new Date(), dateInput.value, timeOfDay)
    if ('error' in range) return
    answers.when = { kind: 'other-day', from: range.from, to: range.to, date: dateInput.value, timeOfDay }
    error.textContent = ''
    dateInput.removeAttribute('aria-invalid')
  }
  dateInput.addEventListener('change', keepIfValid)
  timeSelect.addEventListener('change', keepIfValid)

  const otherDay = h('div', { class: 'other-day', hidden: !showOtherDay },
    h('div', { class: 'field' }, h('label', { for: dateId }, t('when.date')), dateInput),
    h('div', { class: 'field' }, h('label', { for: timeId }, t('when.timeOfDay')), timeSelect))

  /** Both answers given with a tap each: move on, as every single-choice screen does. */
  const advanceWhenComplete = () => {
    if (answers.setting && answers.when && !showOtherDay) ctx.advance('setting')
  }
  const chooseQuick = (kind: WhenKind) => {
    const range = occurredRange(kind, new Date())
    if ('error' in range) return
    answers.when = { kind, from: range.from, to: range.to }
    showOtherDay = false
    otherDay.hidden = true
    markPressed(list, kind)
    error.textContent = ''
    if (answers.setting) { advanceWhenComplete(); return }
    settingError.textContent = t('step.placeTime.settingNeeded')
    settingList.querySelector<HTMLButtonElement>('button')?.focus()
  }
  const settingList = pairedChoiceList(
    taxonomy.settings.map((id) => ({ id, label: ctx.label('settings', id) })),
    answers.setting,
    (id) => { answers.setting = id },
    settingError,
    () => {
      if (answers.when) advanceWhenComplete()
      else list.querySelector<HTMLButtonElement>('button')?.focus()
    },
    settingHeadingId)

  const options = [
    { id: 'just-now', label: t('when.justNow') },
    { id: 'earlier-today', label: t('when.earlierToday') },
    { id: 'other-day', label: t('when.otherDay') },
  ]
  const list = choiceList(options, answers.when?.kind, (id) => {
    if (id === 'other-day') {
      showOtherDay = true
      otherDay.hidden = false
      markPressed(list, 'other-day')
      dateInput.focus()
      return
    }
    chooseQuick(id as WhenKind)
  }, whenHeadingId)

  return {
    title: t('step.placeTime'),
    body: [
      h('section', { class: 'choice-group' }, h('h2', { id: settingHeadingId }, t('step.setting')), settingList, settingError),
      h('section', { class: 'choice-group' }, h('h2', { id: whenHeadingId }, t('step.when')), list, otherDay, error),
    ],
    next: () => {
      if (!answers.setting) {
        settingError.textContent = t('step.placeTime.settingNeeded')
        settingList.querySelector<HTMLButtonElement>('button')?.focus()
        return false
      }
      if (!showOtherDay) {
        if (answers.when) return true
        error.textContent = t('nav.required')
        return false
      }
      const timeOfDay = timeSelect.value as TimeOfDay
      const range = occurredRange('other-day', new Date(), dateInput.value, timeOfDay)
      if ('error' in range) {
        error.textContent = t(errorKeys[range.error])
        dateInput.setAttribute('aria-invalid', 'true')
        dateInput.focus()
        return false
      }
      answers.when = { kind: 'other-day', from: range.from, to: range.to, date: dateInput.value, timeOfDay }
      return true
    },
  }
}
