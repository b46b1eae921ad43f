import { hkdfSync, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { openResponse, responseKey, sealResponse } from './intake.js'

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
