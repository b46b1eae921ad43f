import { describe, expect, it } from 'vitest'
import { catalogueMismatches } from './catalogue-parity.js'
import { LANGUAGES, createTranslate, detectLanguage, direction, fillPlaceholders } from './i18n.js'

describe('language choice', () => {
  it('follows the browser, base language first, Dutch otherwise', () => {
    expect(detectLanguage(['ar-MA', 'fr'], LANGUAGES)).toBe('ar')
    expect(detectLanguage(['de-DE', 'pl-PL'], LANGUAGES)).toBe('pl')
    expect(detectLanguage(['de-DE'], LANGUAGES)).toBe('nl')
    expect(detectLanguage([], LANGUAGES)).toBe('nl')
  })
  it('picks only among the languages an app offers', () => {
    expect(detectLanguage(['pl-PL', 'en-GB'], ['nl', 'en'])).toBe('en')
    expect(detectLanguage(['pl-PL'], ['nl', 'en'])).toBe('nl')
  })
  it('Arabic is right to left', () => {
    expect(direction('ar')).toBe('rtl')
    expect(direction('uk')).toBe('ltr')
  })
})

describe('translate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fillPlaceholders('Step {n} of {total}', { n: 2, total: 8 })).toBe('Step 2 of 8')
    expect(fillPlaceholders('Hello {name}')).toBe('Hello {name}')
  })
  it('falls back to the reference catalogue for a key a language lacks', () => {
    const en = { a: 'A {x}', b: 'B' }
    const translate = createTranslate<'nl' | 'en', keyof typeof en>({ en, nl: { a: 'nl A {x}' } }, en)
    expect(translate('nl', 'a', { x: 1 })).toBe('nl A 1')
    expect(translate('nl', 'b')).toBe('B')
  })
})

describe('catalogue parity', () => {
  it('names every missing, unknown or empty key and every placeholder mismatch', () => {
    const en = { a: 'A {x}', b: 'B', c: 'C' }
    expect(catalogueMismatches({ en, nl: { a: 'A {y}', b: ' ', d: 'D' } }, en)).toEqual([
      'nl: missing c', 'nl: placeholders of a', 'nl: empty b', 'nl: unknown d',
    ])
    expect(catalogueMismatches({ en }, en)).toEqual([])
  })
})
