// three API processes on PostgreSQL behind HAProxy. Limits hold per resident across instances, a
// proof-of-work solution is spent once for all, and a retry replays the first answer on any instance.
import { solveForHeader } from '../../apps/api/src/plugins/proof-of-work.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Child } from '../durability/harness.js'
import { contractBody, newKey } from '../fixtures.js'
import { send, startHaproxy, startInstances, type Proxy } from './harness.js'

if (!process.env.DATABASE_URL) throw new Error('tests/instances need DATABASE_URL (PostgreSQL)')

let api: Child[] = []
let proxy: Proxy
beforeAll(async () => {
  api = await startInstances(3, { RATE_LIMIT_REPORTS: '6' })
  proxy = await startHaproxy(api.map((c) => c.port))
})
afterAll(async () => {
  await proxy?.stop()
  for (const c of api) c.proc.kill('SIGKILL')
  await Promise.all(api.map((c) => c.exited))
})

async function solved(url: string, localAddress: string): Promise<string> {
  const res = await send(`${url}/api/v1/challenge`, { localAddress })
  expect(res.status).toBe(200)
  return solveForHeader(JSON.parse(res.body.toString()))
}

const report = (url: string, opts: { key: string; pow: string; body?: unknown; localAddress: string }) =>
  send(`${url}/api/v1/reports`, {
    method: 'POST',
    localAddress: opts.localAddress,
    headers: { 'content-type': 'application/json', 'idempotency-key': opts.key, 'x-meldpunt-pow': opts.pow },
    body: JSON.stringify(opts.body ?? contractBody()),
  })

describe('three instances behind HAProxy', () => {
  it('gives one resident exactly 6 of 18 reports spread over the instances, and leaves another resident alone', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 18; i++) {
      const pow = await solved(proxy.url, '127.0.0.2')
      statuses.push((await report(proxy.url, { key: newKey(), pow, localAddress: '127.0.0.2' })).status)
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(6)
    expect(statuses.filter((s) => s === 429)).toHaveLength(12)
    const other = await report(proxy.url, { key: newKey(), pow: await solved(proxy.url, '127.0.0.3'), localAddress: '127.0.0.3' })
    expect(other.status).toBe(201)
  })

  it('does not let a client pick its own bucket with a forged X-Forwarded-For', async () => {
    // Straight to an instance (not through the proxy): 127.0.0.4 is not a trusted balancer, so its header is ignored
    // and its own 6 are all it gets, whatever address it claims.
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) {
      const pow = await solved(api[0]!.url, '127.0.0.4')
      const res = await send(`${api[i % 3]!.url}/api/v1/reports`, {
        method: 'POST',
        localAddress: '127.0.0.4',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), 'x-meldpunt-pow': pow, 'x-forwarded-for': `203.0.113.${i}` },
        body: JSON.stringify(contractBody()),
      })
      statuses.push(res.status)
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(6)
    expect(statuses.filter((s) => s === 429)).toHaveLength(2)
  })

  it('accepts a solution once across instances, and replays a retry on another instance byte for byte', async () => {
    const [a, b, c] = api.map((x) => x.url) as [string, string, string]
    const pow = await solved(a, '127.0.0.5')
    const key = newKey()
    const body = contractBody()
    const first = await report(b, { key, pow, body, localAddress: '127.0.0.5' })
    expect(first.status).toBe(201)
    const reuse = await report(c, { key: newKey(), pow, body: contractBody({ description: 'another report' }), localAddress: '127.0.0.6' })
    expect(reuse.status).toBe(403)
    expect(JSON.parse(reuse.body.toString()).detail).toMatch(/already used/)
    const again = await report(a, { key: newKey(), pow, localAddress: '127.0.0.6' })
    expect(again.status).toBe(403)
    const retry = await report(c, { key, pow, body, localAddress: '127.0.0.5' })
    expect(retry.status).toBe(201)
    expect(retry.headers['idempotency-replayed']).toBe('true')
    expect(retry.body.equals(first.body)).toBe(true)
  })
})
