import { describe, expect, it } from 'vitest'
import { categories, fieldErrorMessages, settings } from '@meldpunt/core'
import { catalogueMismatches } from '../../shared/catalogue-parity.js'
import { en } from './en.js'
import { nl } from './nl.js'

const catalogues = { en, nl }

describe('staff message catalogues', () => {
  it('every language has every key, non-empty, with the same placeholders as English', () => {
    expect(catalogueMismatches(catalogues, en)).toEqual([])
  })

  it('keys are dotted, with a section first, as in the resident catalogues', () => {
    for (const key of Object.keys(en)) expect(key).toMatch(/^[a-z]+(?:\.[-\w]+)+$/)
  })

  it('restates no taxonomy label or field error text: core owns those', () => {
    const owned = new Set<string>([
      ...categories.flatMap((c) => [c.label.en, c.label.nl]),
      ...settings.flatMap((s) => [s.label.en, s.label.nl]),
      ...Object.values(fieldErrorMessages).flatMap((m) => [m.en, m.nl]),
    ])
    for (const [lang, messages] of Object.entries(catalogues)) {
      for (const [key, text] of Object.entries(messages)) expect(owned.has(text), `${lang} ${key}`).toBe(false)
    }
  })
})
