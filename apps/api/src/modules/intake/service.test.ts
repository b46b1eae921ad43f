import { hkdfSync, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { canonicalJson, newReceiptCode, openResponse, responseKey, sealResponse } from './service.js'

describe('sealing the stored answer', () => {
  it('derives the key exactly as HKDF-SHA-256 does, so answers sealed before still open', () => {
    for (const key of [randomUUID(), 'a'.repeat(128), 'short-key-16char']) {
      expect(responseKey(key)).toEqual(Buffer.from(hkdfSync('sha256', key, 'meldpunt/idempotency/v1', 'response', 32)))
    }
  })

  it('opens with the same Idempotency-Key and with no other', () => {
    const key = randomUUID()
    const sealed = sealResponse(key, '{"receipt":"ABCDE-FGHJK-MNPQR-STVWX"}')
    expect(sealed).not.toContain('ABCDE')
    expect(openResponse(key, sealed)).toBe('{"receipt":"ABCDE-FGHJK-MNPQR-STVWX"}')
    expect(() => openResponse(randomUUID(), sealed)).toThrow()
  })
})

describe('fingerprint JSON', () => {
  // The implementation before it was made faster: stored fingerprints were made with it, so the output must not move.
  function reference(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`
    if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`
    }
    return JSON.stringify(value)
  }

  it('is the same canonical JSON as before, whatever the key order', () => {
    const samples: unknown[] = [
      { category: 'catcalling', about: { groups: ['lhbti', 'disability'], ageBand: '18-24', gender: undefined }, location: { lon: 4.9, lat: 52.37, precision: 'exact' } },
      { b: 1, a: [1, 'x', null, { d: true, c: 'é"\\n' }], z: {}, y: [] },
      [],
      { only: undefined },
      'text',
      3.25,
      null,
    ]
    for (const sample of samples) expect(canonicalJson(sample)).toBe(reference(sample))
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }))
  })
})

describe('random draws', () => {
  it('never hands out the same receipt code or IV twice', () => {
    const codes = new Set<string>()
    const ivs = new Set<string>()
    for (let i = 0; i < 2000; i++) {
      const code = newReceiptCode()
      expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/)
      codes.add(code)
      ivs.add(Buffer.from(sealResponse('same-key-16chars', '{}'), 'base64').subarray(0, 12).toString('hex'))
    }
    expect(codes.size).toBe(2000)
    expect(ivs.size).toBe(2000)
  })
})
