// Proof of work on intake: a solved challenge per report, replay-proof, retry-friendly, and never a cookie or an address.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { solveForHeader } from '../../apps/api/src/plugins/proof-of-work.js'
import { contractBody, newKey } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, readMetrics, type TestApp } from '../helpers/server.js'

let t: TestApp
beforeAll(async () => {
  // Little work per challenge: the tests prove the protocol, not the difficulty.
  t = await buildTestApp({ POW_REQUIRED: true, POW_COST: 5, POW_MAX_COUNTER: 50, RATE_LIMIT_CHALLENGE: 5 })
})
afterAll(() => t.close())
beforeEach(() => resetData(t.database))

const post = (body: unknown, key: string, pow?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...(pow === undefined ? {} : { 'x-meldpunt-pow': pow }) },
    payload: JSON.stringify(body),
  })

async function solved(app = t.app): Promise<string> {
  const res = await app.inject({ url: '/api/v1/challenge', remoteAddress: `192.0.2.${Math.floor(Math.random() * 250)}` })
  expect(res.statusCode).toBe(200)
  return solveForHeader(res.json())
}

const reportCount = async () => (await t.database.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n

describe('GET /api/v1/challenge', () => {
  it('issues a signed, expiring challenge, uncached and without a cookie', async () => {
    const res = await t.app.inject({ url: '/api/v1/challenge' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.headers['set-cookie']).toBeUndefined()
    const c = res.json()
    expect(c.parameters).toMatchObject({ algorithm: 'PBKDF2/SHA-256', cost: 5 })
    expect(c.parameters.expiresAt).toBeGreaterThan(Date.now() / 1000)
    expect(c.parameters.keySignature).toMatch(/^[0-9a-f]{64}$/)
    expect(c.signature).toMatch(/^[0-9a-f]{64}$/)
  })

  it('is rate-limited per (hashed) address', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 7; i++) statuses.push((await t.app.inject({ url: '/api/v1/challenge', remoteAddress: '198.51.100.9' })).statusCode)
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
    expect(statuses.at(-1)).toBe(429)
  })
})

describe('POST /api/v1/reports with POW_REQUIRED', () => {
  it('refuses a report without a solution (400) and stores nothing', async () => {
    const res = await post(contractBody(), newKey())
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('MELDPUNT_ERR_POW_REQUIRED')
    expect(res.json().errors[0].field).toBe('X-Meldpunt-Pow')
    expect(await reportCount()).toBe(0)
  })

  it('accepts a solved challenge, and lets a retry of the same report reuse it', async () => {
    const pow = await solved()
    const key = newKey()
    const body = contractBody()
    const first = await post(body, key, pow)
    expect(first.statusCode).toBe(201)
    const retry = await post(body, key, pow)
    expect(retry.statusCode).toBe(201)
    expect(retry.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(await reportCount()).toBe(1)
  })

  it('refuses the same solution for another report (403) and stores nothing', async () => {
    const pow = await solved()
    expect((await post(contractBody(), newKey(), pow)).statusCode).toBe(201)
    const again = await post(contractBody({ description: 'another one' }), newKey(), pow)
    expect(again.statusCode).toBe(403)
    expect(again.json().code).toBe('MELDPUNT_ERR_POW_INVALID')
    expect(again.json().detail).toMatch(/already used/)
    expect(await reportCount()).toBe(1)
  })

  it('does not spend a solution on an invalid body, so the corrected report can still use it', async () => {
    const pow = await solved()
    const invalid = await post(contractBody({ category: 'nope' }), newKey(), pow)
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().code).toBe('MELDPUNT_ERR_VALIDATION')
    expect((await post(contractBody(), newKey(), pow)).statusCode).toBe(201)
  })

  it.each([
    ['garbage', 'not-a-solution'],
    ['a huge header', 'A'.repeat(8000)],
    ['valid base64 of the wrong shape', Buffer.from(JSON.stringify({ challenge: { parameters: {} }, solution: {} })).toString('base64')],
  ])('refuses %s with 403 and never a 500', async (_name, header) => {
    const res = await post(contractBody(), newKey(), header)
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('MELDPUNT_ERR_POW_INVALID')
    expect(await reportCount()).toBe(0)
  })

  it('refuses a solution from another server instance with its own key', async () => {
    const other = await buildTestApp({ POW_REQUIRED: true, POW_COST: 5, POW_MAX_COUNTER: 50 })
    try {
      const foreign = await solved(other.app)
      const res = await post(contractBody(), newKey(), foreign)
      expect(res.statusCode).toBe(403)
    } finally {
      await other.close()
    }
  })

  it('refuses an expired challenge', async () => {
    const short = await buildTestApp({ POW_REQUIRED: true, POW_COST: 5, POW_MAX_COUNTER: 50, POW_EXPIRES_SECONDS: 1 })
    try {
      const pow = await solved(short.app)
      await new Promise((r) => setTimeout(r, 2100))
      const res = await short.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), 'x-meldpunt-pow': pow },
        payload: JSON.stringify(contractBody()),
      })
      expect(res.statusCode).toBe(403)
      expect(res.json().detail).toMatch(/expired/)
    } finally {
      await short.close()
    }
  })

  it('counts refusals in the intake metrics', async () => {
    await post(contractBody(), newKey())
    const metrics = (await readMetrics(t.app)).body
    expect(metrics).toMatch(/meldpunt_intake_total\{outcome="pow-rejected"\} [1-9]/)
  })
})
