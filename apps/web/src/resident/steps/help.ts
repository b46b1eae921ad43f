// After sending: the help screen (most urgent first, tap to call), the receipt code shown once, and the "saved offline" screen.
import { h, uid } from '../dom.js'
import { helpCard, helpList, type HelpCardWords, type ShownHelpEntry } from '../../shared/help-cards.js'
import type { AppContext } from '../context.js'
import type { HelpEntry, WaitReason } from '../api.js'
import { messageKey, type MessageKey } from '../i18n/index.js'


/** National services, for help while a report waits offline (mirrors the API's defaults; the API stays the source). */
export const OFFLINE_SERVICES: Record<string, Omit<HelpEntry, 'name' | 'text'>> = {
  'emergency-112': { id: 'emergency-112', phone: '112', tel: '112', urgency: 'emergency' },
  csg: { id: 'csg', phone: '0800-0188', tel: '+318000188', url: 'https://centrumseksueelgeweld.nl', urgency: 'time-critical' },
  slachtofferhulp: { id: 'slachtofferhulp', phone: '0900-0101', tel: '+319000101', url: 'https://www.slachtofferhulp.nl', urgency: 'support' },
  'police-aangifte': { id: 'police-aangifte', phone: '0900-8844', tel: '+319008844', url: 'https://www.politie.nl/aangifte-of-melding-doen', urgency: 'report' },
  'anti-discrimination': { id: 'anti-discrimination', url: 'https://www.discriminatie.nl', urgency: 'report' },
}
const SEXUAL_VIOLENCE = new Set(['groping', 'sexual-assault'])
const DISCRIMINATORY = new Set(['discriminatory-remarks'])

/** The offline help list for a report: the same order the API's rules give for the common cases. */
export function offlineHelpIds(category: string, urgent: boolean): string[] {
  return [
    urgent ? 'emergency-112' : undefined,
    SEXUAL_VIOLENCE.has(category) ? 'csg' : undefined,
    'slachtofferhulp',
    'police-aangifte',
    DISCRIMINATORY.has(category) ? 'anti-discrimination' : undefined,
  ].filter((id): id is string => id !== undefined)
}

/**
 * Dutch and English come from the API (municipal texts included). Other languages use the catalogue for
 * known services, and the API's English, marked as such, for services a municipality added.
 */
function localise(ctx: AppContext, entry: HelpEntry): ShownHelpEntry {
  if (ctx.lang === 'nl' || ctx.lang === 'en') return entry
  const nameKey = messageKey('help.service', `${entry.id}.name`)
  const textKey = messageKey('help.service', `${entry.id}.text`)
  if (nameKey && textKey) return { ...entry, name: ctx.t(nameKey), text: ctx.t(textKey), reason: undefined }
  return { ...entry, lang: 'en' }
}

function fromCatalogue(ctx: AppContext, id: string): HelpEntry | undefined {
  const service = OFFLINE_SERVICES[id]
  const nameKey = messageKey('help.service', `${id}.name`)
  const textKey = messageKey('help.service', `${id}.text`)
  if (!service || !nameKey || !textKey) return undefined
  return { ...service, name: ctx.t(nameKey), text: ctx.t(textKey) }
}

/** The catalogue's words for the shared help cards. */
function cardWords(ctx: AppContext): HelpCardWords {
  const { t } = ctx
  return {
    urgency: (u) => { const key = messageKey('help.urgency', u); return key ? t(key) : null },
    why: t('help.why'),
    call: (phone) => t('help.call', { phone }),
    website: t('help.website'),
    websiteLabel: (name) => t('help.websiteLabel', { name }),
    languages: (list) => t('help.languages', { list }),
    empty: t('help.empty'),
  }
}

const helpCardOf = (ctx: AppContext, entry: ShownHelpEntry): HTMLElement => helpCard(entry, cardWords(ctx), ctx.lang)
const helpListOf = (ctx: AppContext, entries: HelpEntry[]): HTMLElement => helpList(entries, cardWords(ctx), ctx.lang, (e) => localise(ctx, e))

function aangifteBlock(ctx: AppContext): HTMLElement {
  return h('section', { class: 'aangifte' },
    h('h2', null, ctx.t('help.aangifte.title')),
    h('p', null, ctx.t('help.aangifte.text')))
}

/** Draws the code on a small PNG and offers it as a download: the only way this page puts anything on the device. */
function saveCodeImage(title: string, code: string): Promise<boolean> {
  const canvas = document.createElement('canvas')
  canvas.width = 640
  canvas.height = 200
  const g = canvas.getContext('2d')
  if (!g) return Promise.resolve(false)
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, canvas.width, canvas.height)
  g.fillStyle = '#1a1a1a'
  g.font = '28px system-ui, sans-serif'
  g.fillText(title, 32, 64)
  g.font = 'bold 36px ui-monospace, monospace'
  g.fillText(code, 32, 140)
  return new Promise((resolve) => {
    canvas.toBlob((blob) => {
      if (!blob) { resolve(false); return }
      const url = URL.createObjectURL(blob)
      const link = h('a', { href: url, download: `${code}.png` })
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      resolve(true)
    }, 'image/png')
  })
}

function receiptBlock(ctx: AppContext, code: string): HTMLElement {
  const { t } = ctx
  const status = h('p', { class: 'copy-status', role: 'status' })
  const codeId = uid('receipt')
  const codeEl = h('p', { class: 'receipt-code', id: codeId, 'data-receipt': code }, code)
  return h('section', { class: 'receipt', 'aria-labelledby': 'receipt-title' },
    h('h2', { id: 'receipt-title' }, t('receipt.title')),
    h('p', { class: 'receipt-short' }, t('receipt.short')),
    h('p', { class: 'visually-hidden' }, t('receipt.label')),
    codeEl,
    h('div', { class: 'receipt-actions' },
      h('button', {
        type: 'button',
        class: 'button primary',
        'data-action': 'copy',
        'aria-describedby': codeId,
        onclick: async () => {
          try {
            await navigator.clipboard.writeText(code)
            ctx.receiptKept = true
            status.textContent = t('receipt.copied')
          } catch {
            const range = document.createRange()
            range.selectNodeContents(codeEl)
            const selection = window.getSelection()
            selection?.removeAllRanges()
            selection?.addRange(range)
            status.textContent = t('receipt.copyFailed')
          }
        },
      }, t('receipt.copy')),
      h('button', {
        type: 'button',
        class: 'button secondary',
        'data-action': 'save',
        onclick: async () => {
          if (await saveCodeImage(t('receipt.title'), code)) {
            ctx.receiptKept = true
            status.textContent = t('receipt.saved')
          }
        },
      }, t('receipt.save'))),
    status,
    h('p', { class: 'hint' }, t('receipt.keepHint')),
    h('p', null, t('receipt.explain')))
}

/** Asked before the thank-you page is left while its code was neither copied nor saved. */
function leaveQuestion(ctx: AppContext, leave: () => void, stay: () => void): HTMLElement {
  const { t } = ctx
  return h('div', { class: 'leave-question', id: 'leave-question', role: 'alert', tabindex: '-1' },
    h('p', null, t('receipt.leaveText')),
    h('div', { class: 'receipt-actions' },
      h('button', { type: 'button', class: 'button primary', 'data-action': 'stay', onclick: stay }, t('receipt.stay')),
      h('button', { type: 'button', class: 'button secondary', 'data-action': 'leave', onclick: leave }, t('receipt.leaveAnyway'))))
}

export function renderHelp(ctx: AppContext, leaving?: { leave: () => void, stay: () => void }): HTMLElement[] {
  const { t } = ctx
  const report = ctx.lastReport
  if (!report) {
    return [h('h1', { tabindex: '-1' }, t('help.title')), helpListOf(ctx, []), aangifteBlock(ctx)]
  }
  // The code first: it is shown only now, and help stays reachable below it and at the receipt page later.
  return [
    h('h1', { tabindex: '-1' }, t('help.title')),
    leaving ? leaveQuestion(ctx, leaving.leave, leaving.stay) : null,
    receiptBlock(ctx, report.receipt),
    h('p', null, t('help.municipality', { name: report.municipality.name })),
    h('section', { class: 'help', 'aria-labelledby': 'help-intro' },
      h('h2', { id: 'help-intro' }, t('help.intro')),
      helpListOf(ctx, report.help ?? [])),
    aangifteBlock(ctx),
    h('button', { type: 'button', class: 'button secondary', 'data-action': 'new-report', onclick: () => ctx.startOver() }, t('help.newReport')),
  ].filter((x): x is HTMLElement => x !== null)
}

/** Why the report waits, in words: no connection, the service is busy, or the municipality's hourly limit. */
export function savedTextKey(reason: WaitReason): MessageKey {
  return reason === 'busy' ? 'saved.busy' : reason === 'municipality-busy' ? 'saved.municipalityBusy' : 'saved.text'
}

export function renderSaved(
  ctx: AppContext, state: { meta?: { category: string, urgent: boolean }, status: 'waiting' | 'sending', reason: WaitReason },
): HTMLElement[] {
  const { t } = ctx
  const meta = state.meta ?? { category: 'other', urgent: false }
  const entries = offlineHelpIds(meta.category, meta.urgent)
    .map((id) => fromCatalogue(ctx, id))
    .filter((e): e is HelpEntry => e !== undefined)
  return [
    h('h1', { tabindex: '-1', 'data-state': 'saved' }, t('saved.title')),
    h('p', { class: 'saved-text' }, t(savedTextKey(state.reason))),
    h('p', { class: 'inline-status', id: 'saved-status', role: 'status' },
      state.status === 'sending' ? [h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('saved.sending')] : null),
    h('section', { class: 'help', 'aria-labelledby': 'help-now' },
      h('h2', { id: 'help-now' }, t('saved.helpNow')),
      h('ol', { class: 'help-list', role: 'list' }, entries.map((e) => helpCardOf(ctx, e)))),
    aangifteBlock(ctx),
  ]
}
