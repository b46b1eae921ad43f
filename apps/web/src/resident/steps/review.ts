// The review step: every answer with a way to change it, the optional questions folded in, the "in danger now" choice, and Send.
import { h, uid } from '../dom.js'
import type { AppContext, StepId, StepView } from '../context.js'
import { missingAnswers, type Answers } from '../report.js'
import type { MessageKey } from '../i18n/index.js'
import type { Problem } from '../api.js'
import { fieldErrorText } from '../../shared/field-errors.js'
import { whereSummary } from './where.js'
import { aboutFields } from './about.js'
import { descriptionFields } from './description.js'

const fieldSteps: Record<string, StepId> = {
  category: 'category', role: 'category', location: 'where', setting: 'setting', occurredAt: 'setting', offenders: 'offenders',
  about: 'review', heardVia: 'review', campaignCode: 'review', description: 'review', urgent: 'review',
}

export function whenSummary(ctx: AppContext, answers: Answers): string | undefined {
  const when = answers.when
  if (!when) return undefined
  if (when.kind === 'just-now') return ctx.t('when.justNow')
  if (when.kind === 'earlier-today') return ctx.t('when.earlierToday')
  const date = when.date
    ? new Intl.DateTimeFormat(ctx.lang, { dateStyle: 'long' }).format(new Date(`${when.date}T12:00:00`))
    : ''
  return ctx.t('when.summary.otherDay', { date, time: ctx.t(`when.time.${when.timeOfDay ?? 'unknown'}` as MessageKey) })
}

function aboutSummary(ctx: AppContext, answers: Answers): string | undefined {
  const a = answers.about
  if (a.skipped) return ctx.t('review.skipped')
  const parts = [
    a.ageBand ? ctx.label('ageBands', a.ageBand) : undefined,
    a.gender ? ctx.label('genders', a.gender) : undefined,
    ...a.groups.map((g) => ctx.label('identityGroups', g)),
    answers.heardVia ? ctx.label('heardVia', answers.heardVia) : undefined,
  ].filter((x): x is string => Boolean(x))
  return parts.length > 0 ? parts.join(ctx.t('list.separator')) : undefined
}

/** What went wrong, in the person's language, with a button to the step that needs another look. */
export function problemView(ctx: AppContext, problem: Problem): HTMLElement {
  const { t } = ctx
  const goButton = (step: StepId) => h('button', { type: 'button', class: 'button secondary', onclick: () => ctx.go(step) },
    t('error.goTo', { step: t(`step.${step}` as MessageKey) }))
  let content: (HTMLElement | string)[]
  switch (problem.code) {
    case 'MELDPUNT_ERR_OUTSIDE_MUNICIPALITY':
      content = [h('p', null, t('error.outside')), goButton('where')]
      break
    case 'MELDPUNT_ERR_RATE_LIMITED':
      content = [h('p', null, t('error.rateLimited'))]
      break
    case 'MELDPUNT_ERR_OVERLOADED':
    case 'MELDPUNT_ERR_MUNICIPALITY_BUSY':
      content = [h('p', null, t('error.busy'))]
      break
    case 'MELDPUNT_ERR_POW_REQUIRED':
    case 'MELDPUNT_ERR_POW_INVALID':
      content = [h('p', null, t('error.proof'))]
      break
    case 'MELDPUNT_ERR_IDEMPOTENCY_KEY_REUSED':
      content = [h('p', null, t('error.reused'))]
      break
    case 'MELDPUNT_ERR_BODY_TOO_LARGE':
      content = [h('p', null, t('error.tooLarge'))]
      break
    case 'MELDPUNT_ERR_VALIDATION': {
      const errors = problem.errors ?? []
      const steps = [...new Set(errors.map((e) => fieldSteps[e.field.split('.')[0] ?? ''] ?? 'review'))]
      content = [
        h('p', null, t('error.validation')),
        h('ul', null, errors.map((e) => {
          const step = fieldSteps[e.field.split('.')[0] ?? ''] ?? 'review'
          const text = fieldErrorText(e.code, ctx.lang) ?? e.message
          return h('li', null, step === 'review' ? text : `${t(`step.${step}` as MessageKey)}: ${text}`)
        })),
        ...steps.filter((s) => s !== 'review').map(goButton),
      ]
      break
    }
    default:
      content = [h('p', null, t('error.generic'))]
  }
  return h('div', { class: 'error-box', id: 'send-error', tabindex: '-1', role: 'alert' },
    h('h2', null, t('error.title')), ...content)
}

/** The optional "who did it" answers in a line, or undefined when none was given. */
export function offendersSummary(ctx: AppContext, answers: Answers): string | undefined {
  const o = answers.offenders
  const parts = [
    o.count ? ctx.label('offenderCounts', o.count) : undefined,
    o.age ? ctx.label('offenderAges', o.age) : undefined,
    o.known ? `${ctx.t('offenders.known')} ${ctx.label('offenderKnown', o.known)}` : undefined,
  ].filter((p): p is string => p !== undefined)
  return parts.length ? parts.join('; ') : undefined
}

export function renderReview(ctx: AppContext): StepView {
  const { t, answers } = ctx
  const row = (labelKey: MessageKey, value: string | undefined, step: StepId) => {
    const label = t(labelKey)
    return h('div', { class: 'review-row' },
      h('dt', null, label),
      h('dd', null,
        h('span', { class: value ? 'value' : 'value missing' }, value ?? t('review.notAnswered')),
        h('button', {
          type: 'button', class: 'link-button change', 'aria-label': t('review.changeLabel', { item: label }),
          onclick: () => ctx.go(step),
        }, t('review.change'))))
  }
  const list = h('dl', { class: 'review' },
    row('review.category', answers.category ? ctx.label('categories', answers.category) : undefined, 'category'),
    row('review.role', answers.role ? ctx.label('roles', answers.role) : undefined, 'category'),
    row('review.where', whereSummary(ctx, answers.where), 'where'),
    row('review.setting', answers.setting ? ctx.label('settings', answers.setting) : undefined, 'setting'),
    row('review.when', whenSummary(ctx, answers), 'setting'),
    row('review.offenders', offendersSummary(ctx, answers), 'offenders'),
  )

  /** An optional question folded away: one tap opens it, and its summary says what is filled in. */
  const optional = (name: string, labelKey: MessageKey, summarise: () => string | undefined, fields: (onChange: () => void) => HTMLElement[], open: boolean) => {
    const summary = h('span', { class: 'value optional-summary' })
    const update = () => { summary.textContent = summarise() ?? t('review.notAnswered') }
    update()
    return h('details', { class: 'optional', 'data-section': name, open },
      h('summary', null, h('span', { class: 'optional-title' }, t(labelKey)), summary),
      h('div', { class: 'optional-body' }, fields(update)))
  }
  const description = () => {
    const text = answers.description.trim()
    return text ? (text.length > 160 ? `${text.slice(0, 160)}…` : text) : undefined
  }
  const tooLarge = ctx.lastProblem?.problem.code === 'MELDPUNT_ERR_BODY_TOO_LARGE'
  const optionals = h('div', { class: 'optionals' },
    h('h2', null, t('review.optional')),
    optional('about', 'review.aboutSection', () => aboutSummary(ctx, answers), (onChange) => aboutFields(ctx, onChange), false),
    optional('description', 'review.descriptionSection', description, (onChange) => descriptionFields(ctx, onChange), tooLarge))

  const urgentId = uid('urgent')
  const urgentHintId = uid('urgent-hint')
  const callNow = h('a', { class: 'button danger', href: 'tel:112', hidden: !answers.urgent }, t('help.call', { phone: '112' }))
  const urgent = h('div', { class: 'urgent' },
    h('div', { class: 'option' },
      h('input', {
        type: 'checkbox', id: urgentId, checked: answers.urgent, 'aria-describedby': urgentHintId,
        onchange: (e: Event) => {
          answers.urgent = (e.target as HTMLInputElement).checked
          callNow.hidden = !answers.urgent
        },
      }),
      h('label', { for: urgentId }, t('review.urgent'))),
    h('p', { class: 'hint', id: urgentHintId }, t('review.urgent.hint')),
    callNow)

  const missing = missingAnswers(answers)
  const sendButton = h('button', {
    type: 'button',
    class: 'button primary send',
    'data-action': 'send',
    disabled: ctx.sending || missing.length > 0,
    'aria-disabled': ctx.sending ? 'true' : undefined,
    onclick: () => { void ctx.send() },
  }, ctx.sending ? [h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('review.sending')] : t('review.send'))

  return {
    title: t('step.review'),
    body: [
      h('p', { class: 'hint' }, t('review.hint')),
      list,
      optionals,
      missing.length > 0 ? h('p', { class: 'field-error', role: 'alert' }, t('nav.required')) : null,
      urgent,
      ctx.lastProblem ? problemView(ctx, ctx.lastProblem.problem) : null,
      sendButton,
      h('p', { class: 'privacy' }, t('review.privacy')),
    ].filter((x): x is HTMLElement => x !== null),
  }
}
