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
})
