// What a person reads for an API field error code, in either app; the texts live in core beside the codes.
import { FieldErrorCode, fieldErrorMessages } from '@meldpunt/core/field-errors'
import type { Language } from './i18n.js'

const codes: ReadonlySet<string> = new Set(Object.values(FieldErrorCode))

/** The text for a field error code, or undefined for a code this build does not know yet. */
export function fieldErrorText(code: string, lang: Language): string | undefined {
  return codes.has(code) ? fieldErrorMessages[code as FieldErrorCode][lang] : undefined
}
