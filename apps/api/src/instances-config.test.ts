// configuration for several instances behind a load balancer.
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, proxyMatcher } from './config.js'
import { AddressHasher, rateLimitSubject } from './plugins/rate-limit.js'

const KEY = 'k'.repeat(40)

describe('proof of work for several instances', () => {
  it('is on by default', () => {
    expect(loadConfig({}).POW_REQUIRED).toBe(true)
  })

  it('requires ALTCHA_HMAC_KEY with DATABASE_URL, and names it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y' })).toThrow(ConfigError)
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x/y' })).toThrow(/ALTCHA_HMAC_KEY: required when DATABASE_URL is set/)
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y', ALTCHA_HMAC_KEY: KEY }).ALTCHA_HMAC_KEY).toBe(KEY)
    // Command-line tools (migrate, create-admin, import-neighbourhoods) serve no challenge: they need no key.
    expect(loadConfig({ DATABASE_URL: 'postgres://x/y' }, { tool: true }).DATABASE_URL).toBe('postgres://x/y')
  })
})

describe('TRUST_PROXY', () => {
  it('takes addresses and CIDRs of balancers', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8' }).TRUST_PROXY).toEqual(['127.0.0.1', '10.0.0.0/8', 'fd00::/8'])
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined()
  })

  it('never trusts everyone', () => {
    for (const bad of ['true', '*', '0.0.0.0/0', '::/0', '10.0.0.0/33', 'balancer.local', '1.2.3.4/8/9']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/)
    }
  })

  it('matches exactly the listed addresses and blocks', () => {
    const trusted = proxyMatcher(['10.1.0.0/16', '127.0.0.1', 'fd00::/8'])
    expect(['10.1.2.3', '127.0.0.1', 'fd12::1'].map(trusted)).toEqual([true, true, true])
    expect(['10.2.0.1', '127.0.0.2', '2001:db8::1'].map(trusted)).toEqual([false, false, false])
  })
})

describe('rate-limit subject', () => {
  it('groups IPv6 by /64, keeps IPv4 and unmaps IPv4-mapped addresses', () => {
    expect(rateLimitSubject('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(rateLimitSubject('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64')
    expect(rateLimitSubject('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(rateLimitSubject('2001:db8:0:3::7')).not.toBe(rateLimitSubject('2001:db8:0:4::7'))
    expect(rateLimitSubject('::1')).toBe('0:0:0:0::/64')
    expect(rateLimitSubject('198.51.100.7')).toBe('198.51.100.7')
    expect(rateLimitSubject('::ffff:198.51.100.7')).toBe('198.51.100.7')
  })

  it('hashes with the shared secret of the day, asking for it once a day', async () => {
    let now = Date.UTC(2026, 0, 1, 23, 0)
    const asked: string[] = []
    const secrets: Record<string, Buffer> = { '2026-01-01': Buffer.alloc(32, 1), '2026-01-02': Buffer.alloc(32, 2) }
    const secretFor = async (day: string) => (asked.push(day), secrets[day]!)
    const a = new AddressHasher(secretFor, () => now)
    const b = new AddressHasher(secretFor, () => now)
    // Two instances with the same shared secret: one bucket per resident, whichever instance serves them.
    expect(await a.hash('2001:db8:1:2::1')).toBe(await b.hash('2001:db8:1:2::99'))
    expect(await a.hash('198.51.100.7')).not.toBe(await a.hash('198.51.100.8'))
    const day1 = await a.hash('198.51.100.7')
    now += 2 * 3_600_000
    expect(await a.hash('198.51.100.7')).not.toBe(day1)
    expect(asked.filter((d) => d === '2026-01-01')).toHaveLength(2)
    expect(asked.filter((d) => d === '2026-01-02')).toHaveLength(1)
  })
})
