// Webhook targets: which addresses are public, and how URLs that hide a private address are caught.
import { describe, expect, it } from 'vitest'
import { isPublicAddress, OutboundRefused, resolveOutboundTarget } from './outbound-address.js'

describe('isPublicAddress', () => {
  it('refuses loopback, private, link-local, unique-local, multicast and metadata addresses', () => {
    for (const a of [
      '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1',
      '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1',
      '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:10.0.0.1', '64:ff9b::a00:1', '2002:7f00:1::1',
      'not-an-address',
    ]) {
      expect(isPublicAddress(a), a).toBe(false)
    }
  })

  it('allows public unicast addresses of both families', () => {
    for (const a of ['8.8.8.8', '145.97.39.155', '172.32.0.1', '2a00:1450:400e:80f::200e', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true)
  })
})

describe('resolveOutboundTarget', () => {
  it('sees through the spellings of an address that URL parsing normalises', async () => {
    for (const url of ['https://169.254.169.254/latest/meta-data/', 'http://127.0.0.1:8080/', 'http://0x7f.1/', 'http://2130706433/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/', 'https://localhost/']) {
      await expect(resolveOutboundTarget(url), url).rejects.toMatchObject({ name: 'OutboundRefused', reason: 'address' })
    }
  })

  it('refuses other schemes and names that do not resolve, by class only', async () => {
    await expect(resolveOutboundTarget('file:///etc/passwd')).rejects.toMatchObject({ reason: 'scheme' })
    await expect(resolveOutboundTarget('gopher://example.org/')).rejects.toMatchObject({ reason: 'scheme' })
    await expect(resolveOutboundTarget('not a url')).rejects.toMatchObject({ reason: 'scheme' })
    await expect(resolveOutboundTarget('https://no-such-host.invalid/')).rejects.toBeInstanceOf(OutboundRefused)
  })

  it('lets the operator allow a named private receiver on purpose, and pins the checked address', async () => {
    const target = await resolveOutboundTarget('http://127.0.0.1:9999/hook', ['127.0.0.1'])
    expect(target).toMatchObject({ address: '127.0.0.1', family: 4 })
    expect(target.url.pathname).toBe('/hook')
    const literal = await resolveOutboundTarget('https://8.8.8.8/hook')
    expect(literal).toMatchObject({ address: '8.8.8.8', family: 4 })
  })
})
