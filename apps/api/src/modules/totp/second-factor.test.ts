import { describe, expect, it } from 'vitest'
import { generateRecoveryCode, hashRecoveryCode, normalizeRecoveryCode } from './second-factor.js'

describe('recovery codes', () => {
  it('look like xxxx-xxxx-xx in Crockford base32 and differ each time', () => {
    const codes = Array.from({ length: 200 }, generateRecoveryCode)
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it('normalize what people type: case, spaces, dashes, and I/L/O read as 1/1/0', () => {
    expect(normalizeRecoveryCode('AB12-CD34-EF')).toBe('ab12cd34ef')
    expect(normalizeRecoveryCode(' ab12 cd34 ef ')).toBe('ab12cd34ef')
    expect(normalizeRecoveryCode('oiL0-0000-00')).toBe('0110000000')
    expect(hashRecoveryCode(normalizeRecoveryCode('AB12-CD34-EF')!)).toEqual(hashRecoveryCode('ab12cd34ef'))
  })

  it('refuse the wrong length and letters outside the alphabet', () => {
    expect(normalizeRecoveryCode('ab12-cd34-e')).toBeNull()
    expect(normalizeRecoveryCode('ab12-cd34-eu')).toBeNull()
    expect(normalizeRecoveryCode('123456')).toBeNull()
  })
})
