// The resident catalogues, one per language, and lookups in them; taxonomy labels and field error texts come from core.
import { createTranslate, type Language } from '../../shared/i18n.js'
import { en, type MessageKey, type Messages } from './en.js'
import { nl } from './nl.js'
import { ar } from './ar.js'
import { tr } from './tr.js'
import { pl } from './pl.js'
import { uk } from './uk.js'

export type { MessageKey }

const catalogues: Record<Language, Messages> = { nl, en, ar, tr, pl, uk }

/** The message for a key with `{name}` placeholders filled in. */
export const translate = createTranslate<Language, MessageKey>(catalogues, en)

/** A message key built from an id (status, urgency, help service), or undefined when no catalogue has it. */
export function messageKey(prefix: string, id: string): MessageKey | undefined {
  const key = `${prefix}.${id}`
  return key in en ? (key as MessageKey) : undefined
}

/** The language's own name, for the switcher. */
export function languageName(lang: Language): string {
  return catalogues[lang]['lang.name']
}
