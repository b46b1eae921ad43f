// Public read endpoints, health, OpenAPI, and the security headers every response carries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/server.js'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

describe('taxonomy and help', () => {
  it('lists categories in Dutch and English', async () => {
    const nl = (await t.app.inject({ url: '/api/v1/taxonomy?lang=nl' })).json()
    const en = (await t.app.inject({ url: '/api/v1/taxonomy', headers: { 'accept-language': 'en-GB,en;q=0.9' } })).json()
    expect(nl.categories).toHaveLength(12)
    const groping = (x: { categories: { id: string; label: string }[] }) => x.categories.find((c) => c.id === 'groping')!.label
    expect(groping(nl)).not.toBe(groping(en))
    expect(en.settings.map((s: { id: string }) => s.id)).toContain('public-transport')
  })

  it('refers touching or groping to Centrum Seksueel Geweld before Slachtofferhulp, and 112 first when in danger', async () => {
    const calm = (await t.app.inject({ url: '/api/v1/help?category=groping&lang=en' })).json().help.map((h: { id: string }) => h.id)
    expect(calm.indexOf('csg')).toBeGreaterThanOrEqual(0)
    expect(calm.indexOf('csg')).toBeLessThan(calm.indexOf('slachtofferhulp'))
    expect(calm).not.toContain('emergency-112')
    const urgent = (await t.app.inject({ url: '/api/v1/help?category=groping&urgent=true&lang=en' })).json().help.map((h: { id: string }) => h.id)
    expect(urgent[0]).toBe('emergency-112')
  })

  it('applies a municipality override from its settings', async () => {
    await t.database.query(`update municipalities set settings = jsonb_set(settings, '{help}', $1::jsonb) where code = 'GM0344'`, [
      JSON.stringify({
        services: [{ id: 'local-desk', name: { nl: 'Meldpunt Utrecht', en: 'Utrecht desk' }, phone: '030-0000000', text: { nl: 'Lokaal', en: 'Local' }, urgency: 'info' }],
        rules: [{ service: 'local-desk', when: { always: true }, priority: 50 }],
      }),
    ])
    try {
      const ids = (await t.app.inject({ url: '/api/v1/help?category=catcalling&municipality=GM0344&lang=en' })).json().help.map((h: { id: string }) => h.id)
      expect(ids).toContain('local-desk')
      const elsewhere = (await t.app.inject({ url: '/api/v1/help?category=catcalling&municipality=GM0363&lang=en' })).json().help.map((h: { id: string }) => h.id)
      expect(elsewhere).not.toContain('local-desk')
    } finally {
      await t.database.query(`update municipalities set settings = settings - 'help' where code = 'GM0344'`)
    }
  })

  it('refuses an unknown category with 400 naming the parameter', async () => {
    const res = await t.app.inject({ url: '/api/v1/help?category=nope' })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].field).toBe('querystring.category')
  })
})

describe('municipalities', () => {
  it('lists all 342 municipalities of 2025 with their codes', async () => {
    const list = (await t.app.inject({ url: '/api/v1/municipalities' })).json()
    expect(list).toHaveLength(342)
    expect(list.find((m: { code: string }) => m.code === 'GM0363')).toMatchObject({ name: 'Amsterdam' })
  })

  it('serves boundaries as GeoJSON from the shipped data', async () => {
    const res = await t.app.inject({ url: '/api/v1/municipalities/boundaries' })
    expect(res.headers['content-type']).toContain('application/geo+json')
    const fc = res.json()
    expect(fc.features).toHaveLength(342)
    expect(fc.features[0].geometry.type).toBe('MultiPolygon')
  })

  it('404s neighbourhoods of an unknown municipality', async () => {
    expect((await t.app.inject({ url: '/api/v1/municipalities/GM9999/neighbourhoods' })).statusCode).toBe(404)
    expect((await t.app.inject({ url: '/api/v1/municipalities/GM0363/neighbourhoods' })).statusCode).toBe(200)
  })
})

describe('health and docs', () => {
  it('/healthz and /readyz', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' })
    expect((await t.app.inject({ url: '/readyz' })).json()).toMatchObject({ status: 'ready' })
  })

  it('/readyz says 503 when migrations are missing', async () => {
    await t.database.query(`delete from schema_migrations where name = '0001_init.sql' returning checksum`).then(async (rows) => {
      try {
        const res = await t.app.inject({ url: '/readyz' })
        expect(res.statusCode).toBe(503)
        expect(res.json().reason).toBe('migrations pending')
      } finally {
        await t.database.query(`insert into schema_migrations (name, checksum) values ('0001_init.sql', $1)`, [(rows[0] as { checksum: string }).checksum])
      }
    })
  })

  it('generates OpenAPI from the route schemas, with the intake body and its errors', async () => {
    const spec = (await t.app.inject({ url: '/docs/json' })).json()
    const post = spec.paths['/api/v1/reports'].post
    expect(post.requestBody.content['application/json'].schema.properties.category.enum).toContain('catcalling')
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '413', '422']))
    expect((await t.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400)
  })
})

describe('security headers', () => {
  it.each(['/api/v1/taxonomy', '/api/v1/receipts/ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ', '/no/such/page', '/healthz'])('%s carries the policy', async (url) => {
    const res = await t.app.inject({ url })
    expect(res.headers['content-security-policy']).toContain("default-src 'self'")
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('intake and receipt answers are never cached', async () => {
    const res = await t.app.inject({ url: '/api/v1/receipts/ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ' })
    expect(res.headers['cache-control']).toBe('no-store')
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: {} })
    expect(post.headers['cache-control']).toBe('no-store')
  })
})
