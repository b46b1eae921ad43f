// /metrics: Prometheus text with route patterns (never raw URLs or receipt codes), intake outcomes and pool use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contractBody, newKey, PLACES } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, readMetrics, type TestApp } from '../helpers/server.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
  await resetData(t.database)
})
afterAll(() => t.close())

const post = (body: unknown, key = newKey()) =>
  t.app.inject({ method: 'POST', url: '/api/v1/reports?lang=en', headers: { 'content-type': 'application/json', 'idempotency-key': key }, payload: JSON.stringify(body) })

function sample(text: string, name: string, labels: Record<string, string>): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
  return line ? Number(line.split(' ').at(-1)) : 0
}

describe('GET /metrics', () => {
  let text: string
  let receipt: string

  beforeAll(async () => {
    const key = newKey()
    const body = contractBody()
    const created = await post(body, key)
    receipt = created.json().receipt
    await post(body, key) // replayed
    await post(contractBody({ category: 'following' }), key) // conflict
    await post(contractBody({ category: 'nope' })) // invalid
    await post(contractBody({ location: { ...PLACES.northSea, precision: 'exact' } })) // outside
    await t.app.inject({ method: 'POST', url: '/api/v1/receipts/lookup', payload: { code: receipt } })
    await t.app.inject({ method: 'POST', url: '/api/v1/receipts/lookup?secret=1', payload: { code: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ' } })
    await t.app.inject({ url: '/some/unknown/path/with-a-secret-7d1e' })
    const res = await readMetrics(t.app)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain')
    expect(res.headers['cache-control']).toBe('no-store')
    text = res.body
  })

  it('counts requests and latency by route pattern and status', () => {
    expect(sample(text, 'meldpunt_http_requests_total', { method: 'POST', route: '/api/v1/receipts/lookup', status: '200' })).toBe(1)
    expect(sample(text, 'meldpunt_http_requests_total', { method: 'POST', route: '/api/v1/receipts/lookup', status: '404' })).toBe(1)
    expect(sample(text, 'meldpunt_http_requests_total', { route: 'unmatched', status: '404' })).toBe(1)
    expect(sample(text, 'meldpunt_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/reports', status: '201' })).toBe(2)
    expect(text).toContain('meldpunt_http_request_duration_seconds_bucket{le="0.1",method="POST",route="/api/v1/reports",status="201"}')
  })

  it('never carries a receipt code, a query string or an unmatched path', () => {
    expect(text).not.toContain(receipt)
    expect(text).not.toContain('ZZZZZ')
    expect(text).not.toContain('secret')
    expect(text).not.toContain('lang=en')
  })

  it('counts intake outcomes', () => {
    for (const outcome of ['created', 'replayed', 'conflict', 'invalid', 'outside']) {
      expect(sample(text, 'meldpunt_intake_total', { outcome }), outcome).toBe(1)
    }
  })

  it('shows pool use, requests in flight and process memory', () => {
    expect(text).toMatch(/meldpunt_db_pool_connections\{state="waiting"\} \d+/)
    expect(text).toMatch(/meldpunt_requests_in_flight \d+/)
    expect(text).toMatch(/process_resident_memory_bytes \d+/)
  })
})

describe('without METRICS_TOKEN', () => {
  it('is not served at all: when reports arrive and sign-ins fail is nobody else\'s business', async () => {
    const open = await buildTestApp({ METRICS_TOKEN: undefined })
    try {
      const res = await open.app.inject({ url: '/metrics' })
      expect(res.statusCode).toBe(404)
      expect(res.body).not.toContain('meldpunt_')
    } finally {
      await open.close()
    }
  })
})

describe('with METRICS_TOKEN', () => {
  it('requires the bearer token', async () => {
    const guarded = await buildTestApp({ METRICS_TOKEN: 'a-long-metrics-token-0123456789' })
    try {
      const none = await guarded.app.inject({ url: '/metrics' })
      expect(none.statusCode).toBe(401)
      expect(none.json().code).toBe('MELDPUNT_ERR_UNAUTHENTICATED')
      expect((await guarded.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401)
      expect((await guarded.app.inject({ url: '/metrics', headers: { authorization: 'Bearer a-long-metrics-token-0123456789' } })).statusCode).toBe(200)
    } finally {
      await guarded.close()
    }
  })
})
