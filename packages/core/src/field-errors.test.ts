import { describe, expect, it } from 'vitest'
import { FieldErrorCode, fieldErrorMessages } from './field-errors.js'
import { LANGUAGES } from './taxonomy.js'

describe('field error texts', () => {
  it('every code has a one-line text in every language', () => {
    expect(Object.keys(fieldErrorMessages).sort()).toEqual(Object.values(FieldErrorCode).sort())
    for (const [code, text] of Object.entries(fieldErrorMessages)) {
      for (const lang of LANGUAGES) {
        expect(text[lang].trim(), `${code} ${lang}`).not.toBe('')
        expect(text[lang], `${code} ${lang}`).not.toContain('\n')
      }
    }
  })

  it('invalid_format fits dates and codes alike, so it names no characters', () => {
    expect(fieldErrorMessages.invalid_format.en).toBe('This is not in the right form.')
    expect(fieldErrorMessages.invalid_format.nl).toBe('Dit heeft niet de juiste vorm.')
  })
})
