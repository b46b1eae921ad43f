import { describe, expect, it } from 'vitest'
import { CROCKFORD_ALPHABET, RECEIPT_CODE_BITS, formatReceiptCode, normalizeReceiptCode } from './receipt-code.js'

const CODE = /^[0-9A-HJKMNP-TV-Z]{5}(?:-[0-9A-HJKMNP-TV-Z]{5}){3}$/

describe('formatReceiptCode', () => {
  it('encodes the first 100 bits, 5 bits per symbol', () => {
    expect(RECEIPT_CODE_BITS).toBe(100)
    expect(formatReceiptCode(new Uint8Array(13))).toBe('00000-00000-00000-00000')
    expect(formatReceiptCode(new Uint8Array(13).fill(0xff))).toBe('ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ')
    // 0x08 = 00001000: symbol 0 is 00001, symbol 1 starts 000..
    const bytes = new Uint8Array(13)
    bytes[0] = 0x08
    expect(formatReceiptCode(bytes)).toBe('10000-00000-00000-00000')
    // Hand-checked: 0x84 0x20 = 10000 10000 10000 0 -> G G G
    bytes[0] = 0x84
    bytes[1] = 0x20
    expect(formatReceiptCode(bytes)).toBe('GGG00-00000-00000-00000')
  })

  it('uses the last byte only for its top 4 bits', () => {
    const a = new Uint8Array(13).fill(0x5a)
    const b = new Uint8Array(a)
    b[12] = 0x50
    expect(formatReceiptCode(a)).toBe(formatReceiptCode(b))
    b[12] = 0x40
    expect(formatReceiptCode(a)).not.toBe(formatReceiptCode(b))
  })

  it('rejects too few bytes', () => {
    expect(() => formatReceiptCode(new Uint8Array(12))).toThrow(RangeError)
  })

  it('round-trips through normalizeReceiptCode', () => {
    for (let seed = 1; seed < 200; seed++) {
      const bytes = Uint8Array.from({ length: 13 }, (_, i) => (seed * 31 + i * 97 + ((seed * i) ^ 0x5c)) & 0xff)
      const code = formatReceiptCode(bytes)
      expect(code).toMatch(CODE)
      expect(normalizeReceiptCode(code)).toBe(code)
      expect(normalizeReceiptCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code)
    }
  })
})

describe('normalizeReceiptCode', () => {
  it('forgives case, spacing, dashes and look-alike letters', () => {
    expect(normalizeReceiptCode('abcde fghij klmno pqrst')).toBe('ABCDE-FGH1J-K1MN0-PQRST')
    expect(normalizeReceiptCode('  abcdefghjkmnopqrstvw ')).toBe('ABCDE-FGHJK-MN0PQ-RSTVW')
    expect(normalizeReceiptCode('ab-cd-ef-gh-jk-mn-pq-rs-tv-wx')).toBe('ABCDE-FGHJK-MNPQR-STVWX')
  })

  it('accepts typographic dashes and non-breaking spaces', () => {
    expect(normalizeReceiptCode('abcde\u2013fghjk\u00a0mnpqr\u2014stvwx')).toBe('ABCDE-FGHJK-MNPQR-STVWX')
  })

  it('rejects U, other symbols and wrong lengths', () => {
    expect(normalizeReceiptCode('UBCDE-FGHJK-MNPQR-STVWX')).toBeNull()
    expect(normalizeReceiptCode('ABCDE-FGHJK-MNPQR-STVW*')).toBeNull()
    expect(normalizeReceiptCode('ABCDE-FGHJK-MNPQR-STVW')).toBeNull()
    expect(normalizeReceiptCode('ABCDE-FGHJK-MNPQR-STVWXY')).toBeNull()
    expect(normalizeReceiptCode('')).toBeNull()
    expect(normalizeReceiptCode('ÄBCDE-FGHJK-MNPQR-STVWX')).toBeNull()
  })

  it('alphabet is Crockford base32', () => {
    expect(CROCKFORD_ALPHABET).toHaveLength(32)
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/)
  })
})
