import { describe, expect, it } from 'vitest'
import { isolateLatin } from './bidi.js'

describe('isolateLatin', () => {
  it('keeps a Latin term with its sign whole inside Arabic, brackets outside the isolate', () => {
    expect(isolateLatin('مجتمع الميم (LGBTI+)')).toBe('مجتمع الميم (\u2066LGBTI+\u2069)')
  })

  it('keeps a time range whole', () => {
    expect(isolateLatin('مساءً (18:00–24:00)')).toBe('مساءً (\u206618:00–24:00\u2069)')
  })

  it('leaves text without Latin letters or digits as it is', () => {
    expect(isolateLatin('عنك')).toBe('عنك')
  })
})
