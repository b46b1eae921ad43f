// Intake acceptance: server-side routing, validation without 500s or partial writes, and exactly-once idempotency.
import { ReportReceipt } from '@meldpunt/core/api'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { canonicalJson } from '../../apps/api/src/modules/intake/service.js'
import { contractBody, newKey, PLACES } from '../fixtures.js'
import { dumpAllTables, resetData, holdIntake } from '../helpers/database.js'
import { parsedExactly } from '../helpers/wire.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'

let t: TestApp

beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())
beforeEach(() => resetData(t.database))

const post = (body: unknown, key: string | null = newKey(), headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  })

async function reportCount(): Promise<number> {
  const [row] = await t.database.query<{ n: number }>('select count(*)::int as n from reports')
  return row!.n
}

async function storedRowCounts(): Promise<string> {
  const [row] = await t.database.query<{ r: string }>(
    `select concat_ws(',', (select count(*) from reports), (select count(*) from receipts), (select count(*) from rollup_cell_day),
       (select count(*) from rollup_hour_day), (select count(*) from idempotency_keys)) as r`,
  )
  return row!.r
}

describe('POST /api/v1/reports', () => {
  it('accepts the contract body and answers 201 with id, receipt, municipality and help', async () => {
    const res = await post(contractBody())
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(body.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/)
    expect(body.municipality).toEqual({ code: 'GM0363', name: 'Amsterdam' })
    expect(body.help.map((h: { id: string }) => h.id)).toContain('slachtofferhulp')
    expect(res.headers['cache-control']).toBe('no-store')
    // The answer is stored and sent as text past the serializer: hold it to the schema the API documents.
    parsedExactly(ReportReceipt, res.payload)
  })

  it('stores the municipality the server derives, ignoring one the client sends', async () => {
    const res = await post(contractBody({ location: { ...PLACES.utrecht, precision: 'exact' }, municipality: 'GM0363', municipalityCode: 'GM0363' }))
    expect(res.statusCode).toBe(201)
    const rows = await t.database.query<{ municipality_code: string; category: string; lon: number; lat: number }>(
      'select municipality_code, category, ST_X(location) as lon, ST_Y(location) as lat from reports',
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]!.municipality_code).toBe('GM0344')
    expect(rows[0]!.lon).toBeCloseTo(PLACES.utrecht.lon, 9)
    expect(rows[0]!.lat).toBeCloseTo(PLACES.utrecht.lat, 9)
  })

  it('keeps rollups current in the same transaction', async () => {
    await post(contractBody())
    await post(contractBody({ category: 'groping' }))
    const cells = await t.database.query<{ category: string; n: number }>('select category, n from rollup_cell_day order by category')
    expect(cells).toEqual([
      { category: 'catcalling', n: 1 },
      { category: 'groping', n: 1 },
    ])
    const [hours] = await t.database.query<{ n: number }>('select sum(n)::int as n from rollup_hour_day')
    expect(hours!.n).toBe(2)
  })

  it('coarsens the location when the reporter prefers not to say exactly', async () => {
    await post(contractBody({ location: { ...PLACES.amsterdam, precision: 'area' } }))
    const [row] = await t.database.query<{ x: number; y: number; precision: string }>(
      'select ST_X(ST_Transform(location, 28992)) as x, ST_Y(ST_Transform(location, 28992)) as y, location_precision as precision from reports',
    )
    expect(row!.precision).toBe('area')
    // Stored at the centre of its 1 km RD cell: both coordinates end in 500 m.
    expect(((row!.x % 1000) + 1000) % 1000).toBeCloseTo(500, 3)
    expect(((row!.y % 1000) + 1000) % 1000).toBeCloseTo(500, 3)
  })

  it.each([
    ['the North Sea', PLACES.northSea],
    ['Belgium', PLACES.antwerp],
  ])('refuses a point in %s with 422 and a code, storing nothing', async (_name, place) => {
    const res = await post(contractBody({ location: { ...place, precision: 'exact' } }))
    expect(res.statusCode).toBe(422)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().code).toBe('MELDPUNT_ERR_OUTSIDE_MUNICIPALITY')
    expect(res.json().errors[0].field).toBe('location')
    expect(await storedRowCounts()).toBe('0,0,0,0,0')
  })

  const future = new Date(Date.now() + 2 * 3600_000).toISOString()
  const old = new Date(Date.now() - 400 * 86_400_000).toISOString()
  it.each([
    ['malformed JSON', '{"category": "catcalling",', '', 'MELDPUNT_ERR_MALFORMED_JSON'],
    ['a wrong type', contractBody({ location: { lat: '52.37', lon: 4.89, precision: 'exact' } }), 'location.lat', 'MELDPUNT_ERR_VALIDATION'],
    ['an unknown category', contractBody({ category: 'jaywalking' }), 'category', 'MELDPUNT_ERR_VALIDATION'],
    ['a future time', contractBody({ occurredAt: { from: future } }), 'occurredAt.from', 'MELDPUNT_ERR_VALIDATION'],
    ['a time over a year ago', contractBody({ occurredAt: { from: old } }), 'occurredAt.from', 'MELDPUNT_ERR_VALIDATION'],
    ['a description over 4,000 characters', contractBody({ description: 'x'.repeat(4001) }), 'description', 'MELDPUNT_ERR_VALIDATION'],
    ['a missing field', contractBody({ role: undefined }), 'role', 'MELDPUNT_ERR_VALIDATION'],
    ['a latitude out of range', contractBody({ location: { lat: 91, lon: 4.89, precision: 'exact' } }), 'location.lat', 'MELDPUNT_ERR_VALIDATION'],
    ['an array body', '[1,2,3]', '', 'MELDPUNT_ERR_VALIDATION'],
    ['a null body', 'null', '', 'MELDPUNT_ERR_VALIDATION'],
  ])('answers %s with 400 naming the field and stores nothing', async (_name, body, field, code) => {
    const res = await post(body)
    expect(res.statusCode).toBe(400)
    const problem = res.json()
    expect(problem.code).toBe(code)
    expect(problem.status).toBe(400)
    expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(await storedRowCounts()).toBe('0,0,0,0,0')
  })

  it('answers an oversized body with 413, not 500, and stores nothing', async () => {
    const res = await post(contractBody({ description: 'x'.repeat(200_000) }))
    expect(res.statusCode).toBe(413)
    expect(res.json().code).toBe('MELDPUNT_ERR_BODY_TOO_LARGE')
    expect(await storedRowCounts()).toBe('0,0,0,0,0')
  })

  it('answers a non-JSON content type with 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { 'content-type': 'text/plain', 'idempotency-key': newKey() }, payload: 'hello' })
    expect(res.statusCode).toBe(415)
    expect(res.json().code).toBe('MELDPUNT_ERR_UNSUPPORTED_MEDIA_TYPE')
  })
})

describe('Idempotency-Key', () => {
  it('stores a payload fingerprint keyed with the Idempotency-Key, so the database cannot test guesses of the exact point', async () => {
    const body = contractBody({ location: { ...PLACES.amsterdam, precision: 'approximate' } })
    const first = newKey()
    const second = newKey()
    expect((await post(body, first)).statusCode).toBe(201)
    expect((await post(body, second)).statusCode).toBe(201)
    const rows = await t.database.query<{ fingerprint: string }>(`select fingerprint from idempotency_keys order by fingerprint`)
    expect(rows).toHaveLength(2)
    // The same report under two keys leaves two unrelated fingerprints, and neither is a plain hash of any JSON form
    // of the request (what an attacker would compute for each guessed point).
    expect(rows[0]!.fingerprint).not.toBe(rows[1]!.fingerprint)
    const plain = [JSON.stringify(body), canonicalJson(body)].map((j) => createHash('sha256').update(j).digest('hex'))
    for (const r of rows) expect(plain).not.toContain(r.fingerprint)
    // A retry with the same key and payload still replays; another payload under it is still refused.
    expect((await post(body, first)).headers['idempotency-replayed']).toBe('true')
    expect((await post(contractBody({ category: 'following' }), first)).statusCode).toBe(422)
  })

  it('is required: a missing key gets 400 with its own code', async () => {
    const res = await post(contractBody(), null)
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('MELDPUNT_ERR_IDEMPOTENCY_KEY_MISSING')
    expect(res.json().errors[0].field).toBe('Idempotency-Key')
    expect(await reportCount()).toBe(0)
  })

  it('rejects a key that is too short to be unique', async () => {
    const res = await post(contractBody(), 'abc')
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('MELDPUNT_ERR_IDEMPOTENCY_KEY_INVALID')
  })

  it('replays the first response byte for byte on a retry with the same payload', async () => {
    const key = newKey()
    const body = contractBody()
    const first = await post(body, key)
    const second = await post(body, key)
    expect(first.statusCode).toBe(201)
    expect(second.statusCode).toBe(201)
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(second.headers['idempotency-replayed']).toBe('true')
    expect(await reportCount()).toBe(1)
  })

  it('keeps neither the key nor the receipt readable in the database, yet replays', async () => {
    const key = newKey()
    const body = contractBody()
    const first = await post(body, key)
    const dump = await dumpAllTables(t.database)
    expect(dump).not.toContain(key)
    expect(dump).not.toContain(first.json().receipt)
    expect((await post(body, key)).rawPayload.equals(first.rawPayload)).toBe(true)
  })

  it('answers 422 when a used key comes with another payload, and stores nothing new', async () => {
    const key = newKey()
    expect((await post(contractBody(), key)).statusCode).toBe(201)
    const altered = await post(contractBody({ category: 'following' }), key)
    expect(altered.statusCode).toBe(422)
    expect(altered.json().code).toBe('MELDPUNT_ERR_IDEMPOTENCY_KEY_REUSED')
    expect(await reportCount()).toBe(1)
  })

  it('answers 409 to a retry while the first request is still in flight', async () => {
    const key = newKey()
    const body = contractBody()
    // Hold the first request inside its transaction: a lock on the key table blocks its lookup.
    const hold = await holdIntake(t.database)
    const first = post(body, key)
    await new Promise((r) => setTimeout(r, 300))
    const second = await post(body, key)
    expect(second.statusCode).toBe(409)
    expect(second.json().code).toBe('MELDPUNT_ERR_IDEMPOTENCY_IN_FLIGHT')
    expect(second.headers['retry-after']).toBeDefined()
    hold.release()
    await hold.done
    expect((await first).statusCode).toBe(201)
    expect(await reportCount()).toBe(1)
    // Once the first has finished, the same retry is a replay.
    expect((await post(body, key)).statusCode).toBe(201)
    expect(await reportCount()).toBe(1)
  })

  it('200 keys each sent 5 times concurrently leave exactly 200 reports, and every 201 for a key is identical', async () => {
    const keys = Array.from({ length: 200 }, newKey)
    const bodies = new Map(keys.map((k, i) => [k, contractBody({ description: `report ${i}` })]))
    const attempts = keys.flatMap((k) => Array.from({ length: 5 }, () => ({ k, body: bodies.get(k)! })))
    const results = await Promise.all(attempts.map(async ({ k, body }) => ({ k, res: await post(body, k) })))
    const created = new Map<string, Buffer[]>()
    for (const { k, res } of results) {
      expect([201, 409]).toContain(res.statusCode)
      if (res.statusCode === 201) created.set(k, [...(created.get(k) ?? []), res.rawPayload])
    }
    expect(await reportCount()).toBe(200)
    // Every key got at least one 201; all of its 201s (first answer and replays) are the same bytes.
    expect(created.size).toBe(200)
    for (const payloads of created.values()) for (const p of payloads) expect(p.equals(payloads[0]!)).toBe(true)
    // A later retry of each key replays the first answer.
    for (const k of keys.slice(0, 20)) {
      const again = await post(bodies.get(k)!, k)
      expect(again.statusCode).toBe(201)
      expect(again.rawPayload.equals(created.get(k)![0]!)).toBe(true)
    }
    const ids = await t.database.query<{ n: number }>('select count(distinct description)::int as n from reports')
    expect(ids[0]!.n).toBe(200)
  })
})
