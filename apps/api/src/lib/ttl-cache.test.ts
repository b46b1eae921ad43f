import { describe, expect, it } from 'vitest'
import { TtlCache } from './ttl-cache.js'

describe('TtlCache', () => {
  it('builds once while fresh and again once expired', async () => {
    let now = 0
    let builds = 0
    const cache = new TtlCache<number>({ ttlMs: 100, maxEntries: 10, now: () => now })
    const build = async () => ++builds
    expect(await cache.get('a', build)).toBe(1)
    now = 99
    expect(await cache.get('a', build)).toBe(1)
    now = 100
    expect(await cache.get('a', build)).toBe(2)
  })

  it('forgets a failed build', async () => {
    const cache = new TtlCache<string>({ ttlMs: Infinity, maxEntries: 10 })
    await expect(cache.get('a', () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    expect(await cache.get('a', async () => 'up')).toBe('up')
  })

  it('drops the oldest entry beyond its size', async () => {
    const cache = new TtlCache<string>({ ttlMs: Infinity, maxEntries: 2 })
    await cache.get('a', async () => 'a1')
    await cache.get('b', async () => 'b1')
    await cache.get('c', async () => 'c1')
    expect(await cache.get('a', async () => 'a2')).toBe('a2')
    expect(await cache.get('c', async () => 'c2')).toBe('c1')
  })

  it('keeps the built values within a byte budget, oldest out first, and never keeps one heavier than the budget', async () => {
    const cache = new TtlCache<string>({ ttlMs: Infinity, maxEntries: 100, maxBytes: 10, sizeOf: (v) => v.length })
    await cache.get('a', async () => 'aaaa')
    await cache.get('b', async () => 'bbbb')
    expect(cache.bytes).toBe(8)
    await cache.get('c', async () => 'cccc')
    expect(cache.bytes).toBe(8)
    expect(cache.size).toBe(2)
    expect(await cache.get('a', async () => 'a2')).toBe('a2')
    expect(await cache.get('huge', async () => 'x'.repeat(11))).toBe('x'.repeat(11))
    expect(cache.bytes).toBeLessThanOrEqual(10)
    expect(await cache.get('huge', async () => 'rebuilt')).toBe('rebuilt')
  })

  it('lets expired entries go when swept, without a request, and keeps nothing when the time to live is 0', async () => {
    let now = 0
    const cache = new TtlCache<string>({ ttlMs: 100, maxEntries: 10, maxBytes: 100, sizeOf: (v) => v.length, now: () => now })
    await cache.get('a', async () => 'aaaa')
    now = 50
    await cache.get('b', async () => 'bb')
    now = 120
    cache.sweep()
    expect(cache.size).toBe(1)
    expect(cache.bytes).toBe(2)
    now = 200
    cache.sweep()
    expect([cache.size, cache.bytes]).toEqual([0, 0])

    let builds = 0
    const none = new TtlCache<number>({ ttlMs: 0, maxEntries: 10 })
    await none.get('a', async () => ++builds)
    await none.get('a', async () => ++builds)
    expect([builds, none.size]).toEqual([2, 0])
  })
})
