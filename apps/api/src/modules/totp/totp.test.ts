import { describe, expect, it } from 'vitest'
import { base32Decode, base32Encode, hotp, matchTotpStep, otpauthUri, timeStep, totpAt } from './totp.js'

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii')
const RFC_VECTORS: Array<[seconds: number, step: string, code: string]> = [
  [59, '0000000000000001', '94287082'],
  [1111111109, '00000000023523EC', '07081804'],
  [1111111111, '00000000023523ED', '14050471'],
  [1234567890, '000000000273EF07', '89005924'],
  [2000000000, '0000000003F940AA', '69279037'],
  [20000000000, '0000000027BC86AA', '65353130'],
]

describe('RFC 6238 Appendix B (SHA-1)', () => {
  it.each(RFC_VECTORS)('T=%i has step %s and 8-digit code %s', (seconds, step, code) => {
    expect(timeStep(seconds * 1000)).toBe(Number.parseInt(step, 16))
    expect(totpAt(RFC_SECRET, seconds * 1000, { digits: 8 })).toBe(code)
  })

  it.each(RFC_VECTORS)('T=%i gives the 6-digit code as the last six of the 8-digit one', (seconds, _step, code) => {
    expect(totpAt(RFC_SECRET, seconds * 1000)).toBe(code.slice(2))
  })
})

describe('RFC 4226 Appendix D HOTP values', () => {
  const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489']
  it.each(expected.map((code, counter) => [counter, code] as const))('counter %i gives %s', (counter, code) => {
    expect(hotp(RFC_SECRET, counter)).toBe(code)
  })
})

describe('RFC 4648 section 10 base32', () => {
  const vectors: Array<[string, string]> = [
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ]
  it.each(vectors)('%j encodes to %j and back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded)
    expect(base32Decode(encoded).toString()).toBe(plain)
  })

  it('decodes what people type: lower case, spaces, no padding', () => {
    expect(base32Decode('mzxw 6ytb oi').toString()).toBe('foobar')
    expect(base32Encode(Buffer.from('foobar'), { padding: false })).toBe('MZXW6YTBOI')
  })

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow(/base32/)
  })
})

describe('matchTotpStep', () => {
  const now = 1111111109 * 1000
  const step = timeStep(now)

  it('accepts the current step and one either side, nothing further', () => {
    for (const offset of [-1, 0, 1]) {
      expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, step + offset), now)).toBe(step + offset)
    }
    for (const offset of [-2, 2]) {
      expect(matchTotpStep(RFC_SECRET, hotp(RFC_SECRET, step + offset), now)).toBeNull()
    }
  })

  it('refuses codes that are not six digits', () => {
    expect(matchTotpStep(RFC_SECRET, '07081804', now)).toBeNull()
    expect(matchTotpStep(RFC_SECRET, '08180a', now)).toBeNull()
    expect(matchTotpStep(RFC_SECRET, '', now)).toBeNull()
  })
})

it('otpauthUri carries the unpadded secret, issuer and parameters', () => {
  const uri = otpauthUri(Buffer.from('foobar'), 'ans@example.org', 'Meldpunt Utrecht')
  expect(uri).toBe(
    'otpauth://totp/Meldpunt%20Utrecht:ans%40example.org?secret=MZXW6YTBOI&issuer=Meldpunt+Utrecht&algorithm=SHA1&digits=6&period=30',
  )
})
