// Where the server may send a request on a staff member's say-so (alert webhooks): public addresses only.
import { lookup } from 'node:dns/promises'
import { BlockList, isIP } from 'node:net'

/**
 * Ranges a webhook must never reach: this host, the private networks around it, cloud metadata (169.254.169.254),
 * and addresses that are not unicast destinations at all. IPv4-mapped IPv6 (::ffff:127.0.0.1) is checked against the
 * IPv4 ranges by BlockList itself; NAT64 and 6to4 embed an IPv4 address and are refused whole.
 */
const NOT_PUBLIC: readonly [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
]

const notPublic = new BlockList()
for (const [net, prefix, type] of NOT_PUBLIC) notPublic.addSubnet(net, prefix, type)

/** True for an address a webhook may be sent to. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 0) return false
  return !notPublic.check(address, family === 4 ? 'ipv4' : 'ipv6')
}

export interface OutboundTarget {
  url: URL
  /** The address that was checked: the request connects to it and to nothing else (no second DNS answer). */
  address: string
  family: 4 | 6
}

/** Why a target was refused, as a class: never the address or the resolver's words, which would map a network. */
export class OutboundRefused extends Error {
  constructor(readonly reason: 'scheme' | 'address' | 'unresolvable') {
    super(reason === 'scheme' ? 'only http and https addresses can receive alerts' : reason === 'address' ? 'this address is not a public internet address' : 'this host name does not resolve')
    this.name = 'OutboundRefused'
  }
}

/**
 * Resolves a webhook URL to one address it may connect to. Every address the name resolves to must be public (a
 * name with one public and one private answer is refused: the private one could be the one used). Hosts named in
 * `allowHosts` (the operator's WEBHOOK_ALLOW_HOSTS) skip the address check, to reach a receiver on purpose inside.
 */
export async function resolveOutboundTarget(raw: string, allowHosts: readonly string[] = []): Promise<OutboundTarget> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new OutboundRefused('scheme')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefused('scheme')
  // WHATWG parsing already turned 0x7f.1 and 2130706433 into 127.0.0.1; IPv6 literals come in brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  const allowed = allowHosts.some((h) => h.toLowerCase() === host)
  let answers: { address: string; family: number }[]
  if (isIP(host)) answers = [{ address: host, family: isIP(host) }]
  else {
    try {
      answers = await lookup(host, { all: true, verbatim: true })
    } catch {
      throw new OutboundRefused('unresolvable')
    }
  }
  if (answers.length === 0) throw new OutboundRefused('unresolvable')
  if (!allowed && !answers.every((a) => isPublicAddress(a.address))) throw new OutboundRefused('address')
  const first = answers[0]!
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 }
}
