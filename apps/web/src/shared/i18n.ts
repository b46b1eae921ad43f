// The text runtime both apps share: the languages, the browser's choice among them, writing direction and placeholder filling.
import { LANGUAGES, type Language } from '@meldpunt/core/taxonomy'

export { LANGUAGES, type Language }

export type Params = Record<string, string | number>

const rtl: ReadonlySet<Language> = new Set(['ar'])

export function isLanguage<L extends Language>(value: string, offered: readonly L[]): value is L {
  return (offered as readonly string[]).includes(value)
}

/** The first of the browser's preferred languages on offer, base language first; Dutch when none match. */
export function detectLanguage<L extends Language>(preferred: readonly string[], offered: readonly L[]): L | 'nl' {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? ''
    if (isLanguage(base, offered)) return base
  }
  return 'nl'
}

export function direction(lang: Language): 'rtl' | 'ltr' {
  return rtl.has(lang) ? 'rtl' : 'ltr'
}

/** A template with `{name}` placeholders filled in; a placeholder without a value stays visible, so the gap shows. */
export function fillPlaceholders(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}

/** A pure translate over one catalogue per language; a key a catalogue lacks falls back to the reference language. */
export function createTranslate<L extends Language, K extends string>(catalogues: Record<L, Partial<Record<K, string>>>, reference: Record<K, string>) {
  return (lang: L, key: K, params?: Params): string => fillPlaceholders(catalogues[lang][key] ?? reference[key], params)
}
