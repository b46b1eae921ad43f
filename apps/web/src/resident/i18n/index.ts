// Picks the language (browser first, switchable any time) and looks up messages in the catalogues.
import { en, type MessageKey, type Messages } from './en.js'
import { nl } from './nl.js'
import { ar } from './ar.js'
import { tr } from './tr.js'
import { pl } from './pl.js'
import { uk } from './uk.js'

export const LANGUAGES = ['nl', 'en', 'ar', 'tr', 'pl', 'uk'] as const
export type Language = (typeof LANGUAGES)[number]
export type { MessageKey }

const catalogues: Record<Language, Messages> = { nl, en, ar, tr, pl, uk }
const rtl: ReadonlySet<Language> = new Set(['ar'])

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value)
}

/** The first of the browser's preferred languages we speak; Dutch when none match. */
export function detectLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? ''
    if (isLanguage(base)) return base
  }
  return 'nl'
}

export function direction(lang: Language): 'rtl' | 'ltr' {
  return rtl.has(lang) ? 'rtl' : 'ltr'
}

/** The message for a key with `{name}` placeholders filled in. */
export function translate(lang: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogues[lang][key] ?? en[key]
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** A message key built from an id (taxonomy, status, field code), or undefined when no catalogue has it. */
export function messageKey(prefix: string, id: string): MessageKey | undefined {
  const key = `${prefix}.${id}`
  return key in en ? (key as MessageKey) : undefined
}

/** The language's own name, for the switcher. */
export function languageName(lang: Language): string {
  return catalogues[lang]['lang.name']
}
