// Receipt codes: find their report, add to it later, 404 for anything else, strict rate limits, stored only as a hash.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { contractBody, newKey } from '../fixtures.js'
import { dumpAllTables, resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())
beforeEach(() => resetData(t.database))

async function fileReport(): Promise<{ id: string; receipt: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
    payload: contractBody(),
  })
  expect(res.statusCode).toBe(201)
  return res.json()
}

/** The reporter's two calls, with the code in the body. */
const lookup = (app: TestApp['app'], code: string, remoteAddress?: string) =>
  app.inject({ method: 'POST', url: '/api/v1/receipts/lookup', payload: { code }, ...(remoteAddress ? { remoteAddress } : {}) })
const addition = (app: TestApp['app'], code: string, text: string, remoteAddress?: string) =>
  app.inject({ method: 'POST', url: '/api/v1/receipts/additions', payload: { code, text }, ...(remoteAddress ? { remoteAddress } : {}) })

describe('receipts', () => {
  it('a receipt code finds its report, also typed in lower case with spaces', async () => {
    const { receipt } = await fileReport()
    const res = await lookup(t.app, receipt)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'received', municipality: { code: 'GM0363', name: 'Amsterdam' }, additions: [] })
    expect(res.headers['cache-control']).toBe('no-store')
    const sloppy = receipt.toLowerCase().replaceAll('-', ' ')
    expect((await lookup(t.app, sloppy)).statusCode).toBe(200)
  })

  it('adds text to the report and shows it afterwards', async () => {
    const { receipt, id } = await fileReport()
    const add = await addition(t.app, receipt, 'It happened again the next day.')
    expect(add.statusCode).toBe(201)
    const view = (await lookup(t.app, receipt)).json()
    expect(view.additions.map((a: { text: string }) => a.text)).toEqual(['It happened again the next day.'])
    const rows = await t.database.query<{ report_id: string }>('select report_id from report_additions')
    expect(rows).toEqual([{ report_id: id }])
  })

  it('refuses an empty addition with 400 naming the field', async () => {
    const { receipt } = await fileReport()
    const res = await addition(t.app, receipt, '   ')
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].field).toBe('text')
    expect(await t.database.query('select 1 from report_additions')).toHaveLength(0)
  })

  it('a wrong or malformed code gets 404, and additions to it store nothing', async () => {
    await fileReport()
    for (const code of ['ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ', 'not-a-code', '0']) {
      const res = await lookup(t.app, code)
      expect(res.statusCode).toBe(404)
      expect(res.json().code).toBe('MELDPUNT_ERR_NOT_FOUND')
    }
    const add = await addition(t.app, 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ', 'hello')
    expect(add.statusCode).toBe(404)
    expect(await t.database.query('select 1 from report_additions')).toHaveLength(0)
  })

  it('takes at most 10 additions, or 20,000 characters of them, per report; then 409 and nothing stored', async () => {
    const { receipt } = await fileReport()
    for (let k = 0; k < 10; k++) expect((await addition(t.app, receipt, `addition ${k}`)).statusCode).toBe(201)
    const full = await addition(t.app, receipt, 'one more')
    expect(full.statusCode).toBe(409)
    expect(full.json().code).toBe('MELDPUNT_ERR_ADDITIONS_FULL')
    expect(await t.database.query('select 1 from report_additions')).toHaveLength(10)

    const other = await fileReport()
    const long = 'x'.repeat(4000)
    const sent = await Promise.all(Array.from({ length: 6 }, () => addition(t.app, other.receipt, long)))
    // Sent at once, and still no more than 20,000 characters: five fit, the sixth is refused.
    expect(sent.map((r) => r.statusCode).sort()).toEqual([201, 201, 201, 201, 201, 409])
    const [chars] = await t.database.query<{ n: number }>(`select sum(length(text))::int as n from report_additions a join receipts r using (municipality_code, report_id) where r.report_id = $1`, [other.id])
    expect(chars!.n).toBe(20_000)
  })

  it('never takes a receipt code in the address: the old addresses answer 410 and point to the body form', async () => {
    const { receipt } = await fileReport()
    for (const res of [
      await t.app.inject({ url: `/api/v1/receipts/${receipt}` }),
      await t.app.inject({ method: 'POST', url: `/api/v1/receipts/${receipt}/additions`, payload: { text: 'later' } }),
    ]) {
      expect(res.statusCode).toBe(410)
      expect(res.json().code).toBe('MELDPUNT_ERR_GONE')
      expect(res.json().detail).toContain('POST /api/v1/receipts/lookup')
      expect(res.body).not.toContain(receipt)
    }
    expect(await t.database.query('select 1 from report_additions')).toHaveLength(0)
  })

  it('the database holds no plain receipt code, only its SHA-256', async () => {
    const { receipt } = await fileReport()
    const dump = await dumpAllTables(t.database)
    expect(dump).not.toContain(receipt)
    expect(dump).not.toContain(receipt.replaceAll('-', ''))
    expect(dump.toLowerCase()).not.toContain(Buffer.from(receipt).toString('hex'))
    const [row] = await t.database.query<{ n: number }>('select octet_length(receipt_hash) as n from receipts')
    expect(row!.n).toBe(32)
  })

  it('receipt codes carry at least 80 bits: 20 base32 symbols, unique across many reports', async () => {
    const codes = new Set<string>()
    for (let i = 0; i < 30; i++) codes.add((await fileReport()).receipt.replaceAll('-', ''))
    expect(codes.size).toBe(30)
    for (const c of codes) expect(c).toHaveLength(20) // 20 × 5 bits = 100 bits
  })
})

describe('receipt rate limits', () => {
  let strict: TestApp
  beforeAll(async () => {
    strict = await buildTestApp({ RATE_LIMIT_RECEIPTS: 3 })
  })
  afterAll(() => strict.close())

  it('guessing codes is rate-limited: after the limit every lookup gets 429', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      const res = await lookup(strict.app, `ZZZZZ-ZZZZZ-ZZZZZ-ZZZZ${i}`, '198.51.100.9')
      statuses.push(res.statusCode)
      if (res.statusCode === 429) {
        expect(res.json().code).toBe('MELDPUNT_ERR_RATE_LIMITED')
        expect(res.headers['retry-after']).toBeDefined()
      }
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429])
    // Another address has its own budget.
    expect((await lookup(strict.app, 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ', '198.51.100.10')).statusCode).toBe(404)
  })

  it('additions share the strict limit', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      statuses.push((await addition(strict.app, 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ', 'x', '198.51.100.11')).statusCode)
    }
    expect(statuses.slice(3)).toEqual([429, 429])
  })
})
