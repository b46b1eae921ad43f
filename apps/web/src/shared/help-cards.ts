// The help list as residents see it after sending a report, shared with the staff settings page's preview so an
// administrator previews exactly the cards a resident will get. Words come from the caller's catalogue.
import { h, uid } from './dom.js'

export interface HelpCardWords {
  urgency(urgency: string): string | null
  why: string
  call(phone: string): string
  website: string
  websiteLabel(name: string): string
  languages(list: string): string
  empty: string
}

/** What a card shows; loose on purpose, as the resident app reads answers defensively (a newer API, a cached outbox). */
export interface HelpEntry {
  id: string
  name: string
  phone?: string
  tel?: string
  url?: string
  text?: string
  urgency?: string | number
  reason?: string
  languages?: string[]
}

/** An entry as shown; `lang` marks text that is not in the page's language (a municipality's English for Polish readers). */
export type ShownHelpEntry = HelpEntry & { lang?: string }

const urgencyRank: Record<string, number> = { emergency: 0, 'time-critical': 1, support: 2, report: 3, info: 4 }

/** Language codes as their names in the page's language ("Turks", "Turkish"), the code itself when the browser has none. */
export function languageNames(codes: readonly string[], pageLang: string): string {
  let names: Intl.DisplayNames | null = null
  try { names = new Intl.DisplayNames([pageLang], { type: 'language' }) } catch { names = null }
  const list = codes.map((c) => names?.of(c) ?? c)
  try { return new Intl.ListFormat([pageLang], { type: 'conjunction' }).format(list) } catch { return list.join(', ') }
}

export function helpCard(entry: ShownHelpEntry, words: HelpCardWords, pageLang: string): HTMLElement {
  const urgency = typeof entry.urgency === 'string' ? entry.urgency : ''
  const badge = words.urgency(urgency)
  const headingId = uid('help')
  const foreign = { lang: entry.lang, dir: entry.lang ? 'auto' : undefined }
  return h('li', { class: `help-card urgency-${urgency || 'none'}`, 'aria-labelledby': headingId, 'data-help-id': entry.id },
    badge ? h('p', { class: 'badge' }, badge) : null,
    h('h3', { id: headingId, ...foreign }, entry.name),
    entry.text ? h('p', foreign, entry.text) : null,
    entry.languages?.length ? h('p', { class: 'languages' }, words.languages(languageNames(entry.languages, pageLang))) : null,
    entry.reason ? h('p', { class: 'reason', ...foreign }, h('strong', null, `${words.why}: `), entry.reason) : null,
    h('div', { class: 'help-actions' },
      entry.tel ? h('a', { class: `button ${urgency === 'emergency' ? 'danger' : 'primary'} call`, href: `tel:${entry.tel}` },
        // Isolated left to right, or Arabic text would show 0800-0188 as 0188-0800.
        words.call(`\u2066${entry.phone ?? entry.tel}\u2069`)) : null,
      entry.url ? h('a', {
        class: 'button secondary', href: entry.url, target: '_blank', rel: 'noopener noreferrer',
        'aria-label': words.websiteLabel(entry.name),
      }, words.website) : null))
}

/** Most urgent first (the API's order within an urgency kept); `localise` may swap in the page's own words. */
export function helpList(entries: readonly HelpEntry[], words: HelpCardWords, pageLang: string, localise: (e: HelpEntry) => ShownHelpEntry = (e) => e): HTMLElement {
  const sorted = entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => ((urgencyRank[String(a.entry.urgency)] ?? 9) - (urgencyRank[String(b.entry.urgency)] ?? 9)) || a.index - b.index)
    .map(({ entry }) => localise(entry))
  if (sorted.length === 0) return h('p', { class: 'empty' }, words.empty)
  return h('ol', { class: 'help-list', role: 'list' }, sorted.map((e) => helpCard(e, words, pageLang)))
}
