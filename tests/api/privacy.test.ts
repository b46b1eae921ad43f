// No client address, port or User-Agent in any log line or table, whatever the request and its outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import request from 'supertest'
import { contractBody, newKey } from '../fixtures.js'
import { dumpAllTables, resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import type { Database } from '@meldpunt/db'
import { Writable } from 'node:stream'
import { buildApp } from '../../apps/api/src/app.js'
import { testConfig } from '../../apps/api/src/config.js'

const REMOTE = '203.0.113.77'
const FORWARDED = '198.51.100.23'
const AGENT = 'LeakCanary/9.9 (privacy-test; +unique-ua-7f3a)'
const identifying = [REMOTE, FORWARDED, AGENT, 'unique-ua-7f3a', 'LeakCanary']

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp({ RATE_LIMIT_RECEIPTS: 2, BODY_LIMIT: 4096 })
  await resetData(t.database)
})
afterAll(() => t.close())

const headers = { 'user-agent': AGENT, 'x-forwarded-for': FORWARDED, 'x-real-ip': FORWARDED, forwarded: `for=${FORWARDED}` }

describe('no client data is stored or logged', () => {
  it('through intake, receipts, errors, 404, 413 and 429', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      remoteAddress: REMOTE,
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': newKey() },
      payload: contractBody(),
    })
    expect(created.statusCode).toBe(201)
    const { receipt } = created.json()
    const requests = [
      { method: 'POST' as const, url: '/api/v1/receipts/lookup', payload: { code: receipt } },
      { method: 'POST' as const, url: '/api/v1/receipts/additions', payload: { code: receipt, text: 'later' } },
      { method: 'POST' as const, url: '/api/v1/receipts/lookup', payload: { code: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ' } }, // 404
      { method: 'POST' as const, url: '/api/v1/receipts/lookup', payload: { code: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZY' } }, // over the limit of 2: 429
      { method: 'GET' as const, url: `/api/v1/receipts/${receipt}` }, // the retired path form: 410, code not logged
      { method: 'GET' as const, url: '/no/such/route' },
      { method: 'POST' as const, url: '/api/v1/reports', payload: 'x'.repeat(10_000), headers: { 'content-type': 'application/json', 'idempotency-key': newKey() } }, // 413
      { method: 'POST' as const, url: '/api/v1/reports', payload: '{broken', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() } },
      { method: 'GET' as const, url: '/api/v1/taxonomy?lang=en' },
      { method: 'GET' as const, url: '/healthz' },
      { method: 'GET' as const, url: '/readyz' },
    ]
    const statuses: number[] = []
    for (const r of requests) {
      const res = await t.app.inject({ ...r, remoteAddress: REMOTE, headers: { ...headers, ...(r.headers ?? {}) } })
      statuses.push(res.statusCode)
    }
    expect(statuses).toEqual(expect.arrayContaining([200, 201, 404, 413, 429, 400]))

    // Over a real socket too (supertest): the address is a loopback one, and the UA travels the same way.
    await request(t.app.server).get('/api/v1/municipalities').set(headers).expect(200)

    const logs = t.logs.join('\n')
    expect(t.logs.length).toBeGreaterThan(10)
    const dump = await dumpAllTables(t.database)
    for (const needle of identifying) {
      expect(logs).not.toContain(needle)
      expect(dump).not.toContain(needle)
    }
    expect(logs).not.toMatch(/remoteAddress|remotePort|user-agent|userAgent/i)
    // Receipt codes travel in bodies, which are never logged; the route is logged by its pattern.
    expect(logs).not.toContain(receipt)
    expect(logs).toContain('/api/v1/receipts/lookup')
  })

  it('a 500 is logged without request data and answered without internals', async () => {
    const logs: string[] = []
    const boom = async (): Promise<never> => {
      throw new Error('boom: connection to 10.1.2.3 lost')
    }
    const failing: Database = { ...t.database, transaction: boom, query: boom }
    const app = await buildApp({
      config: testConfig({ LOG_LEVEL: 'info' }),
      database: failing,
      logStream: new Writable({ write: (c, _e, done) => { logs.push(String(c)); done() } }),
    })
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      remoteAddress: REMOTE,
      headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': newKey() },
      payload: contractBody(),
    })
    await app.close()
    expect(res.statusCode).toBe(500)
    expect(res.json().code).toBe('MELDPUNT_ERR_INTERNAL')
    expect(res.body).not.toContain('boom')
    expect(res.body).not.toContain('10.1.2.3')
    const text = logs.join('\n')
    expect(text).toContain('boom') // the operator still sees what failed …
    for (const needle of identifying) expect(text).not.toContain(needle) // … but not who sent it
  })
})
