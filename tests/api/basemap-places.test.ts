// The base map and place search through our own origin, against a local stand-in for PDOK: caching, failure, privacy.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startPdokStandIn, type PdokStandIn } from '../helpers/pdok-stand-in.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'

const RESIDENT = {
  'user-agent': 'ResidentPhone/17.2 (unique-ua-marker)',
  cookie: 'resident-cookie=unique-cookie-marker',
  referer: 'https://meldpunt.example/melden?unique-referer-marker',
  'x-forwarded-for': '203.0.113.77',
  forwarded: 'for=203.0.113.77',
  'accept-language': 'ar-EG',
}

let upstream: PdokStandIn
let cacheDir: string
let t: TestApp

beforeAll(async () => {
  upstream = await startPdokStandIn()
  cacheDir = mkdtempSync(join(tmpdir(), 'basemap-cache-'))
  t = await buildTestApp({ ...upstream.config, BASEMAP_CACHE_DIR: cacheDir, UPSTREAM_TIMEOUT_MS: 300 })
})
afterAll(async () => {
  await t.close()
  await upstream.close()
  rmSync(cacheDir, { recursive: true, force: true })
})
afterEach(() => { upstream.mode = 'ok' })

const TILE = '/kadaster/brt-achtergrondkaart/ogc/v1/tiles/WebMercatorQuad'

describe('base map from our own origin', () => {
  it('serves the style with every URL on our origin and drops sources it cannot proxy', async () => {
    const res = await t.app.inject({ url: '/basemap/style.json' })
    expect(res.statusCode).toBe(200)
    const style = res.json()
    expect(res.body).not.toMatch(/https?:/)
    expect(style.sources.brt.tiles).toEqual(['/basemap/tiles/{z}/{x}/{y}'])
    expect(style.sources.brt.attribution).toContain('Kadaster')
    expect(style.sources.elsewhere).toBeUndefined()
    expect(style.layers.map((l: { id: string }) => l.id)).toEqual(['achtergrond', 'wegdeel', 'straatnaam'])
    expect(style.glyphs).toBe('/basemap/glyphs/{fontstack}/{range}.pbf')
    expect(style.sprite).toBe('/basemap/sprites/sprite')
  })

  it('points the web app at the proxied style', async () => {
    expect((await t.app.inject({ url: '/api/v1/config' })).json()).toEqual({ mapStyleUrl: '/basemap/style.json', placeSearch: true })
  })

  it('proxies a tile (row before column upstream) and serves the second fetch from the cache', async () => {
    const before = upstream.count(`${TILE}/14/5384/8414`)
    const first = await t.app.inject({ url: '/basemap/tiles/14/8414/5384' })
    expect(first.statusCode).toBe(200)
    expect(first.headers['x-basemap-cache']).toBe('upstream')
    expect(first.rawPayload.length).toBeGreaterThan(20)
    const second = await t.app.inject({ url: '/basemap/tiles/14/8414/5384' })
    expect(second.headers['x-basemap-cache']).toBe('cache')
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(upstream.count(`${TILE}/14/5384/8414`) - before).toBe(1)
  })

  it('proxies glyphs and sprites named by the upstream style', async () => {
    const glyphs = await t.app.inject({ url: '/basemap/glyphs/Noto%20Sans%20Regular/0-255.pbf' })
    expect(glyphs.statusCode).toBe(200)
    expect(upstream.count('/kadaster/brt-achtergrondkaart/ogc/v1/resources/fonts/Noto%20Sans%20Regular/0-255.pbf')).toBe(1)
    const sprite = await t.app.inject({ url: '/basemap/sprites/sprite@2x.png' })
    expect(sprite.statusCode).toBe(200)
    expect(upstream.count('/kadaster/brt-achtergrondkaart/ogc/v1/resources/sprites/standaard/sprites@2x.png')).toBe(1)
  })

  it('keeps answering a cached tile while the upstream fails', async () => {
    await t.app.inject({ url: '/basemap/tiles/12/2103/1346' })
    upstream.mode = 'fail'
    const res = await t.app.inject({ url: '/basemap/tiles/12/2103/1346' })
    expect(res.statusCode).toBe(200)
  })

  it('answers 503 with Retry-After when the upstream fails or hangs, quickly', async () => {
    upstream.mode = 'fail'
    const failed = await t.app.inject({ url: '/basemap/tiles/13/4207/2692' })
    expect(failed.statusCode).toBe(503)
    expect(failed.headers['retry-after']).toBe('30')
    upstream.mode = 'slow'
    const started = Date.now()
    const slow = await t.app.inject({ url: '/basemap/tiles/13/4208/2692' })
    expect(slow.statusCode).toBe(503)
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('refuses tiles that do not exist and malformed resource names with a 4xx', async () => {
    for (const url of ['/basemap/tiles/3/9/1', '/basemap/tiles/99/1/1', '/basemap/tiles/a/b/c', '/basemap/sprites/..%2Fetc', '/basemap/glyphs/%00/0-255.pbf']) {
      const res = await t.app.inject({ url })
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400)
      expect(res.statusCode, url).toBeLessThan(500)
    }
  })

  it('stores nothing readable on disk: file names are hashes and no file names an upstream URL', async () => {
    const files = readdirSync(cacheDir)
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) {
      expect(f).toMatch(/^[0-9a-f]{64}(\.json)?$/)
      if (f.endsWith('.json')) expect(readFileSync(join(cacheDir, f), 'utf8')).not.toMatch(/tiles|http|WebMercator/)
    }
  })
})

describe('the upstream learns nothing of the resident', () => {
  it('forwards no address, cookie, referrer, User-Agent or language of the resident', async () => {
    const from = upstream.requests.length
    await t.app.inject({ url: '/basemap/tiles/15/16829/10771', headers: RESIDENT })
    await t.app.inject({ url: '/api/v1/places/suggest?q=Leidsepl', headers: RESIDENT })
    await t.app.inject({ url: '/api/v1/places/reverse?lat=52.3641&lon=4.8826', headers: RESIDENT })
    const seen = upstream.requests.slice(from)
    expect(seen.length).toBe(3)
    for (const { headers } of seen) {
      expect(headers.cookie).toBeUndefined()
      expect(headers.referer).toBeUndefined()
      expect(headers['x-forwarded-for']).toBeUndefined()
      expect(headers.forwarded).toBeUndefined()
      expect(headers['user-agent']).toBe('Meldpunt-server')
      expect(JSON.stringify(headers)).not.toMatch(/unique-|203\.0\.113|ar-EG/)
    }
  })
})

describe('the disk cache stays under its limit', () => {
  it('evicts the least recently used tiles', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'basemap-small-'))
    const limit = 1024
    const small = await buildTestApp({ ...upstream.config, BASEMAP_CACHE_DIR: dir, BASEMAP_CACHE_MAX_BYTES: limit })
    try {
      for (let x = 0; x < 30; x++) expect((await small.app.inject({ url: `/basemap/tiles/10/${520 + x}/336` })).statusCode).toBe(200)
      expect(small.app.basemap.cachedBytes).toBeLessThanOrEqual(limit)
      const bodies = readdirSync(dir).filter((f) => !f.endsWith('.json')).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0)
      expect(bodies).toBeLessThanOrEqual(limit)
      expect(bodies).toBeGreaterThan(0)
      // The newest tile survived; the first was evicted and goes upstream again.
      expect((await small.app.inject({ url: '/basemap/tiles/10/549/336' })).headers['x-basemap-cache']).toBe('cache')
      expect((await small.app.inject({ url: '/basemap/tiles/10/520/336' })).headers['x-basemap-cache']).toBe('upstream')
    } finally {
      await small.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('without a base map (BASEMAP=none)', () => {
  it('has no style, and the web app uses its built-in one', async () => {
    const none = await buildTestApp({ BASEMAP: 'none', PLACES_URL: 'none' })
    try {
      expect((await none.app.inject({ url: '/basemap/style.json' })).statusCode).toBe(404)
      // The web app then neither asks for suggestions nor for the name of a pin.
      expect((await none.app.inject({ url: '/api/v1/config' })).json()).toEqual({ mapStyleUrl: null, placeSearch: false })
    } finally {
      await none.close()
    }
  })
})

describe('place search', () => {
  it('suggests, looks up and names places', async () => {
    const s = await t.app.inject({ url: '/api/v1/places/suggest?q=Leidseplein' })
    expect(s.statusCode).toBe(200)
    const first = s.json().suggestions[0]
    expect(first).toEqual({ id: 'weg-7a1b8d7f2c3e4a5b6c7d8e9f0a1b2c3d', label: 'Leidseplein, Amsterdam', kind: 'street' })
    const place = (await t.app.inject({ url: `/api/v1/places/${first.id}` })).json()
    expect(place).toMatchObject({ lat: 52.36423, lon: 4.88292, kind: 'street', municipality: { code: 'GM0363', name: 'Amsterdam' } })
    const named = (await t.app.inject({ url: '/api/v1/places/reverse?lat=52.3642&lon=4.8829' })).json()
    expect(named).toEqual({ label: 'Leidseplein, Amsterdam', street: 'Leidseplein', town: 'Amsterdam', municipality: { code: 'GM0363', name: 'Amsterdam' } })
    expect((await t.app.inject({ url: '/api/v1/places/reverse?lat=53.1&lon=5.0' })).statusCode).toBe(404)
  })

  it('asks the upstream once for a repeated search, and never logs the query', async () => {
    const before = upstream.count('/locatieserver/suggest')
    await t.app.inject({ url: '/api/v1/places/suggest?q=Leidseplein%20achterom' })
    await t.app.inject({ url: '/api/v1/places/suggest?q=Leidseplein%20achterom' })
    expect(upstream.count('/locatieserver/suggest') - before).toBe(1)
    expect(t.logs.join('\n')).not.toContain('achterom')
    expect(t.logs.join('\n')).not.toMatch(/Leidseplein|52\.364/)
  })

  it('refuses bad input with a clear 4xx, never a 500', async () => {
    const cases = [
      '/api/v1/places/suggest',
      '/api/v1/places/suggest?q=',
      '/api/v1/places/suggest?q=%20%20',
      `/api/v1/places/suggest?q=${'a'.repeat(10_000)}`,
      '/api/v1/places/suggest?q=Leidse%00plein',
      '/api/v1/places/suggest?q=Leidse%1bplein',
      '/api/v1/places/reverse?lat=48.85&lon=2.35',
      '/api/v1/places/reverse?lat=52.3&lon=abc',
      '/api/v1/places/reverse',
      '/api/v1/places/not-an-id',
    ]
    for (const url of cases) {
      const res = await t.app.inject({ url })
      expect(res.statusCode, url.slice(0, 60)).toBe(400)
      expect(res.json().detail, url.slice(0, 60)).toBeTruthy()
    }
  })

  it('answers 503 with Retry-After within a second when the upstream is down or slow', async () => {
    for (const mode of ['fail', 'slow'] as const) {
      upstream.mode = mode
      const started = Date.now()
      const res = await t.app.inject({ url: `/api/v1/places/suggest?q=${mode}straat` })
      expect(res.statusCode).toBe(503)
      expect(res.headers['retry-after']).toBe('30')
      expect(Date.now() - started).toBeLessThan(1_500)
    }
  })

  it('is rate-limited per address', async () => {
    const limited = await buildTestApp({ ...upstream.config, BASEMAP_CACHE_DIR: cacheDir, RATE_LIMIT_PLACES: 3 })
    try {
      const codes: number[] = []
      for (let i = 0; i < 4; i++) codes.push((await limited.app.inject({ url: `/api/v1/places/suggest?q=Leidse${i}` })).statusCode)
      expect(codes).toEqual([200, 200, 200, 429])
    } finally {
      await limited.close()
    }
  })
})
