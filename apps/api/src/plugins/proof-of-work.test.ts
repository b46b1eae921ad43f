import { describe, expect, it } from 'vitest'
import { ProofOfWork, solveForHeader, UsedChallenges } from './proof-of-work.js'

const options = { required: true, cost: 5, maxCounter: 40, expiresSeconds: 60, replayCapacity: 100, retryAfterSeconds: 10 }

describe('UsedChallenges', () => {
  it('lets the same key spend a nonce again, refuses another key', () => {
    const used = new UsedChallenges(10, () => 0)
    expect(used.spend('n1', 'k1', 1000)).toBe('ok')
    expect(used.spend('n1', 'k1', 1000)).toBe('ok')
    expect(used.spend('n1', 'k2', 1000)).toBe('used')
  })

  it('is bounded: full of unexpired entries it refuses, and expired ones make room again', () => {
    let now = 0
    const used = new UsedChallenges(2, () => now)
    expect(used.spend('a', 'k', 1100)).toBe('ok')
    expect(used.spend('b', 'k', 2000)).toBe('ok')
    expect(used.spend('c', 'k', 3000)).toBe('full')
    expect(used.size).toBe(2)
    now = 1150
    expect(used.spend('c', 'k', 3000)).toBe('ok')
    expect(used.size).toBe(2)
    // 'a' is forgotten only because it expired: its challenge can no longer verify anyway.
    expect(used.spend('b', 'other', 2000)).toBe('used')
  })
})

describe('ProofOfWork', () => {
  it('verifies a solved challenge once per key', async () => {
    const pow = new ProofOfWork(options)
    const header = await solveForHeader(await pow.issue())
    expect(await pow.verify(header, 'key-aaaaaaaaaaaaaaaa')).toBe('ok')
    expect(await pow.verify(header, 'key-aaaaaaaaaaaaaaaa')).toBe('ok')
    expect(await pow.verify(header, 'key-bbbbbbbbbbbbbbbb')).toBe('used')
  })

  it('refuses tampered, foreign, expired and malformed solutions', async () => {
    let now = Date.now()
    const pow = new ProofOfWork({ ...options, now: () => now })
    const challenge = await pow.issue()
    const header = await solveForHeader(challenge)
    const decoded = JSON.parse(Buffer.from(header, 'base64').toString())
    const tampered = Buffer.from(JSON.stringify({ ...decoded, challenge: { ...decoded.challenge, parameters: { ...decoded.challenge.parameters, cost: 1 } } })).toString('base64')
    expect(await pow.verify(tampered, 'k-cccccccccccccccc')).toBe('invalid')
    const wrongKey = Buffer.from(JSON.stringify({ ...decoded, solution: { ...decoded.solution, derivedKey: '00'.repeat(32) } })).toString('base64')
    expect(await pow.verify(wrongKey, 'k-cccccccccccccccc')).toBe('invalid')
    const foreign = new ProofOfWork(options)
    expect(await foreign.verify(header, 'k-cccccccccccccccc')).toBe('invalid')
    for (const junk of ['', 'not base64 at all', Buffer.from('{"challenge":1}').toString('base64'), 'A'.repeat(10_000)]) {
      expect(await pow.verify(junk, 'k-cccccccccccccccc')).toBe('malformed')
    }
    now += 61_000
    expect(await pow.verify(header, 'k-cccccccccccccccc')).toBe('expired')
  })

  it('derives one secret per purpose from a configured key, so instances sharing it accept each other', async () => {
    const a = new ProofOfWork({ ...options, hmacKey: 'x'.repeat(32) })
    const b = new ProofOfWork({ ...options, hmacKey: 'x'.repeat(32) })
    const header = await solveForHeader(await a.issue())
    expect(await b.verify(header, 'k-dddddddddddddddd')).toBe('ok')
  })
})
