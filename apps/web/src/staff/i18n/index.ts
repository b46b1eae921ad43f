// The staff dashboard's language (remembered per browser), its catalogues, and locale-aware number and date formats.
import { createTranslate, detectLanguage, isLanguage, type Params } from '../../shared/i18n.js'
import { en, type MessageKey, type Messages } from './en.js'
import { nl } from './nl.js'

export type { MessageKey }

/** The staff dashboard speaks Dutch and English; residents' extra languages are not offered to staff. */
export const STAFF_LANGUAGES = ['nl', 'en'] as const
export type Lang = (typeof STAFF_LANGUAGES)[number]

const catalogues: Record<Lang, Messages> = { nl, en }
const translate = createTranslate<Lang, MessageKey>(catalogues, en)
const STORAGE_KEY = 'meldpunt.staff.lang'

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY)
    if (stored !== null && isLanguage(stored, STAFF_LANGUAGES)) return stored
  } catch {
    // storage blocked: fall back to the browser's languages
  }
  return detectLanguage(navigator.languages?.length ? navigator.languages : [navigator.language], STAFF_LANGUAGES)
}

let current: Lang = initialLang()
const listeners = new Set<() => void>()

export const lang = (): Lang => current
export const locale = (): string => (current === 'nl' ? 'nl-NL' : 'en-GB')

export function setLang(next: Lang): void {
  if (next === current) return
  current = next
  try { localStorage.setItem(STORAGE_KEY, next) } catch { /* not persisted: fine */ }
  document.documentElement.lang = next
  // A copy: a listener that re-renders a sign-in screen replaces itself, and a Set's loop would visit the new one, and so on forever.
  for (const listener of [...listeners]) listener()
}

export function onLangChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The message in the current language with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars?: Params): string {
  return translate(current, key, vars)
}

/** A server text given in both languages. */
export const pick = (text: { nl: string, en: string }): string => text[current]

export function fmtNumber(n: number, digits = 0): string {
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n)
}

/** A p-value in a readable form: small ones as "< 0.001". */
export function fmtP(p: number): string {
  return p < 0.001 ? `< ${fmtNumber(0.001, 3)}` : fmtNumber(p, 3)
}

/** A calendar day (YYYY-MM-DD) as "3 March 2025" in the current language; the day is taken as is, not shifted by time zones. */
export function fmtDay(day: string, style: 'long' | 'short' = 'long'): string {
  const d = new Date(`${day}T12:00:00Z`)
  return new Intl.DateTimeFormat(locale(), style === 'long'
    ? { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }
    : { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(d)
}

export function fmtMonth(day: string): string {
  return new Intl.DateTimeFormat(locale(), { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`))
}

/** An instant in Dutch local time, where the incidents happened. */
export function fmtDateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' }).format(new Date(iso))
}

/**
 * When a report happened, as the reporter gave it: one moment, or a window shown as a window ("4 Dec 2026,
 * 00:00–22:50"), never its start as if it were exact.
 */
export function fmtWindow(from: string, to: string): string {
  const format = new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Amsterdam' })
  return from === to ? format.format(new Date(from)) : format.formatRange(new Date(from), new Date(to))
}

export function binLabel(bin: number): string {
  return t(`dashboard.bin.${bin}` as MessageKey)
}

/** The class in a few words, for table cells: "hot 99 %". */
export function binShort(bin: number): string {
  if (bin === 0) return t('dashboard.binShortNone')
  const pct = [0, 90, 95, 99][Math.abs(bin)] ?? 0
  return t(bin > 0 ? 'dashboard.binShortHot' : 'dashboard.binShortCold', { pct })
}

export function weekdayName(index: number, short = false): string {
  return t(`weekday.${short ? 'short.' : ''}${index}` as MessageKey)
}

document.documentElement.lang = current
