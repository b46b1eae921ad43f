// An analyst's heavy views must never take reporting down: the tile cache keeps to its byte budget, memory pressure
// sheds staff requests before residents', and /readyz says 503 while the process sheds so a balancer moves traffic.
import type { Database } from '@meldpunt/db'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { tileSourceBytes } from '../../apps/api/src/modules/hotspots/vector-tiles.js'
import { contractBody, newKey } from '../fixtures.js'
import { resetData, testDatabase } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

let db: Database
beforeAll(async () => {
  db = await testDatabase()
  await resetData(db)
  await seedDemo(db)
  await createStaff(db, 'analyst@amsterdam.nl', 'analyst', 'GM0363')
}, 180_000)

const report = (t: TestApp) =>
  t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() }, payload: JSON.stringify(contractBody()) })

/** The 3 × 3 tiles at zoom 13 around the centre of Amsterdam (4207, 2692): what the map asks for after each filter change. */
const TILES = [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => `13/${4207 + dx}/${2692 + dy}`))

const isoDay = (d: Date) => d.toISOString().slice(0, 10)

describe('one analyst session of 100 filter changes with the map\'s tiles each time', () => {
  const BUDGET = 64 * 1024
  let t: TestApp
  let analyst: StaffClient
  beforeAll(async () => {
    t = await buildTestApp({ ...STAFF_TEST_CONFIG, TILE_CACHE_BYTES: BUDGET, TILE_CACHE_SECONDS: 600 })
    analyst = await login(t.app, 'analyst@amsterdam.nl')
  })
  afterAll(() => t.close())

  it('keeps the tile cache within its byte budget, and resident intake answers 201 throughout and afterwards', async () => {
    const categories = ['', '&categories=catcalling', '&categories=groping,following', '&settings=nightlife', '&hours=22-3']
    const today = new Date()
    let heaviest = 0
    let tilesWithCells = 0
    for (let k = 0; k < 100; k++) {
      const from = isoDay(new Date(today.getTime() - (200 + k) * 86_400_000))
      const filter = `from=${from}&to=${isoDay(today)}&cellSize=${k % 2 ? 100 : 250}${categories[k % categories.length]}`
      expect((await analyst.get(`/api/v1/staff/hotspots?${filter}`)).statusCode).toBe(200)
      for (const tile of TILES) {
        const res = await analyst.get(`/api/v1/staff/tiles/${tile}.mvt?${filter}`)
        expect(res.statusCode).toBe(200)
        if (res.rawPayload.length > 0) tilesWithCells++
      }
      const cache = t.app.hotspots.tileSources
      expect(cache.bytes).toBeLessThanOrEqual(BUDGET)
      heaviest = Math.max(heaviest, cache.bytes / Math.max(cache.size, 1))
      expect((await report(t)).statusCode).toBe(201)
    }
    expect(tilesWithCells).toBeGreaterThan(100)
    // Layers were let go to stay within the budget (the entry bound alone would have kept all 100).
    expect(t.app.hotspots.tileSources.size).toBeLessThan(100)
    // The data set is big enough that the old cache (32 layers, no byte bound) would have held far more than the budget.
    expect(32 * heaviest).toBeGreaterThan(BUDGET)
    expect((await report(t)).statusCode).toBe(201)
  }, 600_000)

  it('keeps no layer at all when TILE_CACHE_SECONDS is 0, and says what a layer weighs', async () => {
    const none = await buildTestApp({ ...STAFF_TEST_CONFIG, TILE_CACHE_SECONDS: 0 })
    try {
      const a = await login(none.app, 'analyst@amsterdam.nl')
      for (const tile of TILES.slice(0, 3)) expect((await a.get(`/api/v1/staff/tiles/${tile}.mvt?cellSize=100`)).statusCode).toBe(200)
      expect([none.app.hotspots.tileSources.size, none.app.hotspots.tileSources.bytes]).toEqual([0, 0])
    } finally {
      await none.close()
    }
    const empty = { status: 'ok' as const, cellSize: 100, i: new Int32Array(10), j: new Int32Array(10), count: new Int32Array(10), z: new Float64Array(10), bin: new Int8Array(10) }
    expect(tileSourceBytes(empty)).toBe(10 * (4 + 4 + 4 + 8 + 1) + 128)
  })
})

describe('memory pressure sheds staff requests before residents\'', () => {
  it('keeps intake, help and receipts answering while staff views get 503 with a text for what they asked', async () => {
    // Every sample is over the staff bound (one byte) and under the residents' (eight GiB more).
    const t = await buildTestApp({ ...STAFF_TEST_CONFIG, MAX_HEAP_USED_BYTES: 1, RESIDENT_HEADROOM_BYTES: 8 * 1024 ** 3, PRESSURE_SAMPLE_INTERVAL_MS: 10 })
    try {
      const analyst = await login(t.app, 'analyst@amsterdam.nl').catch(() => null)
      await new Promise((r) => setTimeout(r, 100))
      const created = await report(t)
      expect(created.statusCode).toBe(201)
      expect((await t.app.inject({ url: '/api/v1/help?category=catcalling&role=victim&urgent=false&municipality=GM0363' })).statusCode).toBe(200)
      const receipt = created.json().receipt as string
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/receipts/lookup', payload: { code: receipt } })).statusCode).toBe(200)

      const cookie = analyst?.cookie ?? ''
      const staff = await t.app.inject({ url: '/api/v1/staff/hotspots?cellSize=100', headers: { cookie } })
      expect(staff.statusCode).toBe(503)
      expect(staff.json().code).toBe('MELDPUNT_ERR_OVERLOADED')
      expect(staff.json().detail).not.toContain('report')
      expect(staff.json().detail).toContain('Nothing was changed')
      expect(Number(staff.headers['retry-after'])).toBeGreaterThan(0)
      // A balancer stops sending this process work while it sheds anyone.
      const ready = await t.app.inject({ url: '/readyz' })
      expect(ready.statusCode).toBe(503)
      expect(ready.json().reason).toContain('heap')
    } finally {
      await t.close()
    }
  })

  it('refuses residents too once memory is past their headroom, in words about their report', async () => {
    const t = await buildTestApp({ MAX_HEAP_USED_BYTES: 1, RESIDENT_HEADROOM_BYTES: 1, PRESSURE_SAMPLE_INTERVAL_MS: 10 })
    try {
      await new Promise((r) => setTimeout(r, 100))
      const refused = await report(t)
      expect(refused.statusCode).toBe(503)
      expect(refused.json().detail).toContain('Your report has not been stored')
    } finally {
      await t.close()
    }
  })
})

describe('/readyz while the process sheds load', () => {
  it('answers 503 while the event loop lags past its bound, and 200 again once it recovers', async () => {
    const t = await buildTestApp({ MAX_EVENT_LOOP_DELAY_MS: 100, PRESSURE_SAMPLE_INTERVAL_MS: 20 })
    try {
      // Ready first (a busy test machine can lag past 100 ms on its own for a moment).
      let ready = false
      for (let k = 0; k < 100 && !ready; k++) {
        await new Promise((r) => setTimeout(r, 50))
        ready = (await t.app.inject({ url: '/readyz' })).statusCode === 200
      }
      expect(ready).toBe(true)
      // A stall, as a long synchronous computation makes one.
      const until = Date.now() + 600
      while (Date.now() < until) { /* the event loop is blocked */ }
      const seen: number[] = []
      let recovered = false
      for (let k = 0; k < 200 && !recovered; k++) {
        const res = await t.app.inject({ url: '/readyz' })
        seen.push(res.statusCode)
        if (res.statusCode === 503) {
          expect(res.json().reason).toContain('event-loop')
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
        }
        recovered = res.statusCode === 200 && seen.includes(503)
        await new Promise((r) => setTimeout(r, 20))
      }
      expect(seen).toContain(503)
      expect(recovered).toBe(true)
      // Reporting works again. A shared CI machine can lag past 100 ms on its own at any moment, so a report refused
      // for the event loop is asked again once /readyz is back (a 503 stores nothing); anything else fails at once.
      let status = 0
      for (let k = 0; k < 20 && status !== 201; k++) {
        const res = await report(t)
        status = res.statusCode
        if (status === 503) {
          expect(res.json().code).toBe('MELDPUNT_ERR_OVERLOADED')
          for (let w = 0; w < 50 && (await t.app.inject({ url: '/readyz' })).statusCode !== 200; w++) await new Promise((r) => setTimeout(r, 50))
        } else {
          expect(status).toBe(201)
        }
      }
      expect(status).toBe(201)
    } finally {
      await t.close()
    }
  })
})

describe('compression of what the dashboard reads', () => {
  let t: TestApp
  let analyst: StaffClient
  beforeAll(async () => {
    t = await buildTestApp(STAFF_TEST_CONFIG)
    analyst = await login(t.app, 'analyst@amsterdam.nl')
  })
  afterAll(() => t.close())

  it('sends the hotspot answer and vector tiles gzipped or brotli-compressed when asked, byte for byte the same once unpacked', async () => {
    const url = '/api/v1/staff/hotspots?cellSize=100'
    const plain = await analyst.get(url)
    expect(plain.headers['content-encoding']).toBeUndefined()
    const gzipped = await analyst.get(url, { headers: { 'accept-encoding': 'gzip' } })
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    expect(gzipped.headers.vary).toContain('accept-encoding')
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(plain.body)
    expect(gzipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3)
    const brotli = await analyst.get(url, { headers: { 'accept-encoding': 'br, gzip' } })
    expect(brotli.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(plain.body)

    const tile = `/api/v1/staff/tiles/13/4207/2692.mvt?cellSize=100`
    const rawTile = await analyst.get(tile)
    expect(rawTile.rawPayload.length).toBeGreaterThan(1024)
    const packed = await analyst.get(tile, { headers: { 'accept-encoding': 'gzip' } })
    expect(packed.headers['content-encoding']).toBe('gzip')
    expect(Buffer.compare(gunzipSync(packed.rawPayload), rawTile.rawPayload)).toBe(0)
  })

  it('never compresses an answer to a POST (a receipt code beside what the sender chose: BREACH)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey(), 'accept-encoding': 'gzip, br' },
      payload: JSON.stringify(contractBody()),
    })
    expect(res.statusCode).toBe(201)
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.json().receipt).toBeTruthy()
  })
})
