// Campaign and intervention register: roles, tenant scoping (404 across municipalities), validation, links and QR codes.
import { ErrorCode } from '@meldpunt/core'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG } from '../helpers/staff.js'

let t: TestApp

beforeAll(async () => {
  t = await buildTestApp({ ...STAFF_TEST_CONFIG, PUBLIC_BASE_URL: 'https://meldpunt.example.nl' })
})
afterAll(async () => {
  await resetData(t.database)
  await t.close()
})

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT'
type Client = (method: Method, url: string, body?: unknown) => Promise<LightMyRequestResponse>

/** A signed-in client that sends the session cookie, and the CSRF token on writes. */
async function signIn(email: string, role: string, municipality: string | null): Promise<Client> {
  await createStaff(t.database, email, role, municipality)
  const s = await login(t.app, email)
  return (method, url, body) => {
    const options: InjectOptions = { method, url, headers: { cookie: s.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrf }) } }
    if (body !== undefined) options.payload = body as InjectOptions['payload']
    return t.app.inject(options)
  }
}

let ams: Client
let amsAnalyst: Client
let utr: Client
let national: Client

beforeEach(async () => {
  await resetData(t.database)
  ams = await signIn('campagne@amsterdam.example', 'campaign', 'GM0363')
  amsAnalyst = await signIn('analist@amsterdam.example', 'analyst', 'GM0363')
  utr = await signIn('beheer@utrecht.example', 'admin', 'GM0344')
  national = await signIn('landelijk@example.nl', 'national', null)
})

const campaign = (overrides: Record<string, unknown> = {}) => ({
  code: 'ams-zomer',
  name: 'Zomercampagne "Niet normaal"',
  startsOn: '2025-06-01',
  endsOn: '2025-06-28',
  channels: ['poster', 'social-media'],
  targetGroups: ['young-people', 'nightlife-visitors'],
  ...overrides,
})

// A square of about 400 × 450 m around Leidseplein, Amsterdam.
const leidseplein = {
  type: 'Polygon',
  coordinates: [[[4.879, 52.362], [4.885, 52.362], [4.885, 52.366], [4.879, 52.366], [4.879, 52.362]]],
}

describe('campaign register', () => {
  it('creates a campaign with the code upper-cased, who entered it, a link and a QR code', async () => {
    const res = await ams('POST', '/api/v1/staff/campaigns', campaign({ area: leidseplein, notes: 'Met de horeca.' }))
    expect(res.statusCode).toBe(201)
    const c = res.json()
    expect(c).toMatchObject({
      code: 'AMS-ZOMER',
      startsOn: '2025-06-01',
      endsOn: '2025-06-28',
      lagDays: 14,
      channels: ['poster', 'social-media'],
      link: '/?c=AMS-ZOMER',
      url: 'https://meldpunt.example.nl/?c=AMS-ZOMER',
      createdBy: 'campagne@amsterdam.example',
      notes: 'Met de horeca.',
    })
    expect(c.area.type).toBe('MultiPolygon')

    const list = await ams('GET', '/api/v1/staff/campaigns')
    expect(list.json().map((x: { id: string }) => x.id)).toEqual([c.id])

    const qr = await ams('GET', c.qrSvg)
    expect(qr.statusCode).toBe(200)
    expect(qr.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expect(qr.body).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)

    // Who entered it is in the audit log, the register keeps it on the row.
    const audit = await t.database.query<{ action: string }>(`select action from audit_log where action like 'campaign.%'`)
    expect(audit.map((a) => a.action)).toEqual(['campaign.create'])
  })

  it('builds links from PUBLIC_BASE_URL or the server\'s own address, never from the Host a request names', async () => {
    const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' }
    const created = await ams('POST', '/api/v1/staff/campaigns', campaign())
    const c = created.json()
    const viaForgedHost = await t.app.inject({ method: 'GET', url: `/api/v1/staff/campaigns/${c.id}`, headers: { ...forged, cookie: (await login(t.app, 'campagne@amsterdam.example')).cookie } })
    expect(viaForgedHost.json().url).toBe('https://meldpunt.example.nl/?c=AMS-ZOMER')
    const unset = await buildTestApp({ ...STAFF_TEST_CONFIG, PUBLIC_BASE_URL: undefined, HOST: '127.0.0.1', PORT: 8080 })
    try {
      const s = await login(unset.app, 'campagne@amsterdam.example')
      const res = await unset.app.inject({ method: 'GET', url: `/api/v1/staff/campaigns/${c.id}`, headers: { ...forged, cookie: s.cookie } })
      expect(res.json().url).toBe('http://127.0.0.1:8080/?c=AMS-ZOMER')
      const qr = await unset.app.inject({ method: 'GET', url: `/api/v1/staff/campaigns/${c.id}/qr.svg`, headers: { ...forged, cookie: s.cookie } })
      expect(qr.statusCode).toBe(200)
      expect(qr.body).not.toContain('evil')
    } finally {
      await unset.close()
    }
  })

  it('generates a code when none is given', async () => {
    const res = await ams('POST', '/api/v1/staff/campaigns', campaign({ code: undefined }))
    expect(res.statusCode).toBe(201)
    expect(res.json().code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/)
  })

  it('changes only the fields given and records who changed it', async () => {
    const c = (await ams('POST', '/api/v1/staff/campaigns', campaign())).json()
    const res = await ams('PATCH', `/api/v1/staff/campaigns/${c.id}`, { endsOn: '2025-07-05', area: leidseplein })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ code: 'AMS-ZOMER', endsOn: '2025-07-05', startsOn: '2025-06-01', updatedBy: 'campagne@amsterdam.example' })
    const cleared = await ams('PATCH', `/api/v1/staff/campaigns/${c.id}`, { area: null })
    expect(cleared.json().area).toBeNull()
  })

  it('answers 404 for another municipality\'s campaign, the same as for an unknown id', async () => {
    const c = (await ams('POST', '/api/v1/staff/campaigns', campaign())).json()
    for (const url of [`/api/v1/staff/campaigns/${c.id}`, `/api/v1/staff/campaigns/${c.id}/effect`, `/api/v1/staff/campaigns/${c.id}/qr.svg`]) {
      const res = await utr('GET', url)
      expect(res.statusCode, url).toBe(404)
      expect(res.json().code).toBe(ErrorCode.NOT_FOUND)
    }
    const patch = await utr('PATCH', `/api/v1/staff/campaigns/${c.id}`, { name: 'Overgenomen' })
    expect(patch.statusCode).toBe(404)
    expect((await utr('GET', '/api/v1/staff/campaigns')).json()).toEqual([])
    const unknown = await ams('GET', '/api/v1/staff/campaigns/00000000-0000-4000-8000-000000000000')
    expect(unknown.statusCode).toBe(404)
    // Codes are unique per municipality: Utrecht may use the same code without learning Amsterdam has it.
    expect((await utr('POST', '/api/v1/staff/campaigns', campaign())).statusCode).toBe(201)
  })

  it('keeps the register to campaign teams and administrators', async () => {
    expect((await amsAnalyst('GET', '/api/v1/staff/campaigns')).statusCode).toBe(403)
    expect((await amsAnalyst('POST', '/api/v1/staff/campaigns', campaign())).statusCode).toBe(403)
    const res = await national('GET', '/api/v1/staff/campaigns')
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe(ErrorCode.FORBIDDEN)
  })

  it('needs the CSRF token to write', async () => {
    await createStaff(t.database, 'x@amsterdam.example', 'campaign', 'GM0363')
    const s = await login(t.app, 'x@amsterdam.example')
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/campaigns', headers: { cookie: s.cookie }, payload: campaign() })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe(ErrorCode.CSRF)
  })

  describe('validation: 4xx problems naming the field, nothing stored', () => {
    const cases: [string, Record<string, unknown>, number, string, string][] = [
      ['end before start', campaign({ endsOn: '2025-05-01' }), 400, 'endsOn', 'end_before_start'],
      ['longer than a year', campaign({ endsOn: '2026-12-31' }), 400, 'endsOn', 'range_too_long'],
      ['not a date', campaign({ startsOn: '2025-02-30' }), 400, 'startsOn', 'invalid_format'],
      ['unknown channel', campaign({ channels: ['poster', 'billboard'] }), 400, 'channels.1', 'invalid_value'],
      ['no channel', campaign({ channels: [] }), 400, 'channels', 'too_short'],
      ['channel twice', campaign({ channels: ['poster', 'poster'] }), 400, 'channels.1', 'duplicate'],
      ['unknown target group', campaign({ targetGroups: ['aliens'] }), 400, 'targetGroups.0', 'invalid_value'],
      ['bad code', campaign({ code: 'ams zomer!' }), 400, 'code', 'invalid_format'],
      ['code too short', campaign({ code: 'A1' }), 400, 'code', 'invalid_format'],
      ['missing name', campaign({ name: undefined }), 400, 'name', 'required'],
      ['area is a point', campaign({ area: { type: 'Point', coordinates: [4.88, 52.36] } }), 400, 'area.type', 'invalid_value'],
      ['area ring not closed', campaign({ area: { type: 'Polygon', coordinates: [[[4.879, 52.362], [4.885, 52.362], [4.885, 52.366], [4.879, 52.366]]] } }), 400, 'area.coordinates.0', 'invalid'],
      ['unknown field', campaign({ municipality: 'GM0344' }), 400, '', 'invalid'],
      // A bow-tie: the edges cross.
      ['area self-intersecting', campaign({ area: { type: 'Polygon', coordinates: [[[4.879, 52.362], [4.885, 52.366], [4.885, 52.362], [4.879, 52.366], [4.879, 52.362]]] } }), 422, 'area', 'invalid'],
      // Around Utrecht's Neude: not in Amsterdam.
      ['area in another municipality', campaign({ area: { type: 'Polygon', coordinates: [[[5.117, 52.092], [5.122, 52.092], [5.122, 52.095], [5.117, 52.095], [5.117, 52.092]]] } }), 422, 'area', 'invalid'],
    ]
    for (const [what, body, status, field, code] of cases) {
      it(what, async () => {
        const res = await ams('POST', '/api/v1/staff/campaigns', body)
        expect(res.statusCode, res.body).toBe(status)
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
        const problem = res.json()
        expect(problem.code).toBe(ErrorCode.VALIDATION)
        expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field)
        expect(problem.errors.find((e: { field: string }) => e.field === field).code).toBe(code)
        const [row] = await t.database.query<{ n: number }>('select count(*)::int as n from campaigns')
        expect(row!.n).toBe(0)
      })
    }

    it('a duplicate code in the same municipality is a 409 naming the field', async () => {
      expect((await ams('POST', '/api/v1/staff/campaigns', campaign())).statusCode).toBe(201)
      const res = await ams('POST', '/api/v1/staff/campaigns', campaign({ code: 'AMS-Zomer', name: 'Another' }))
      expect(res.statusCode).toBe(409)
      expect(res.json().errors).toEqual([expect.objectContaining({ field: 'code', code: 'duplicate' })])
    })

    it('a change that puts the end before the start is refused', async () => {
      const c = (await ams('POST', '/api/v1/staff/campaigns', campaign())).json()
      const res = await ams('PATCH', `/api/v1/staff/campaigns/${c.id}`, { startsOn: '2025-07-01' })
      expect(res.statusCode).toBe(400)
      expect(res.json().errors[0]).toMatchObject({ field: 'startsOn', code: 'end_before_start' })
    })

    it('a malformed id is a 400, not a 500', async () => {
      const res = await ams('GET', '/api/v1/staff/campaigns/not-a-uuid')
      expect(res.statusCode).toBe(400)
    })
  })
})

describe('intervention register', () => {
  const lighting = (overrides: Record<string, unknown> = {}) => ({
    kind: 'lighting',
    name: 'Betere verlichting Leidseplein',
    startedOn: '2025-01-10',
    place: { lat: 52.3641, lon: 4.8826, radiusMetres: 150 },
    ...overrides,
  })

  it('registers an intervention at a place or in an area, readable by analysts too', async () => {
    const a = await amsAnalyst('POST', '/api/v1/staff/interventions', lighting())
    expect(a.statusCode, a.body).toBe(201)
    expect(a.json()).toMatchObject({ kind: 'lighting', place: { lat: 52.3641, lon: 4.8826, radiusMetres: 150 }, area: null, createdBy: 'analist@amsterdam.example' })
    const b = await ams('POST', '/api/v1/staff/interventions', lighting({ kind: 'hosts', place: null, area: leidseplein, endedOn: '2025-03-01' }))
    expect(b.statusCode, b.body).toBe(201)
    expect(b.json().area.type).toBe('MultiPolygon')
    const list = (await ams('GET', '/api/v1/staff/interventions')).json()
    expect(list).toHaveLength(2)
    // Giving an area replaces the place.
    const moved = await ams('PATCH', `/api/v1/staff/interventions/${a.json().id}`, { area: leidseplein })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json()).toMatchObject({ place: null, updatedBy: 'campagne@amsterdam.example' })
    expect(moved.json().area.type).toBe('MultiPolygon')
  })

  it('answers 404 across municipalities and validates place and area', async () => {
    const a = (await ams('POST', '/api/v1/staff/interventions', lighting())).json()
    expect((await utr('GET', `/api/v1/staff/interventions/${a.id}`)).statusCode).toBe(404)
    expect((await utr('GET', `/api/v1/staff/interventions/${a.id}/effect`)).statusCode).toBe(404)
    expect((await utr('PATCH', `/api/v1/staff/interventions/${a.id}`, { name: 'x' })).statusCode).toBe(404)
    expect((await national('GET', '/api/v1/staff/interventions')).statusCode).toBe(403)

    const bad: [Record<string, unknown>, number, string][] = [
      [lighting({ kind: 'graffiti' }), 400, 'kind'],
      [lighting({ place: null }), 400, 'place'],
      [lighting({ area: leidseplein }), 400, 'area'],
      [lighting({ place: { lat: 52.3641, lon: 4.8826, radiusMetres: 5000 } }), 400, 'place.radiusMetres'],
      [lighting({ endedOn: '2024-12-01' }), 400, 'endedOn'],
      [lighting({ place: { lat: 52.0907, lon: 5.1214, radiusMetres: 100 } }), 422, 'place'],
      [lighting({ place: null, area: { type: 'LineString', coordinates: [[4.88, 52.36], [4.89, 52.37]] } }), 400, 'area.type'],
    ]
    for (const [body, status, field] of bad) {
      const res = await ams('POST', '/api/v1/staff/interventions', body)
      expect(res.statusCode, `${field}: ${res.body}`).toBe(status)
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field)
    }
  })
})

describe('register options', () => {
  it('lists channels, target groups and intervention kinds in Dutch and English', async () => {
    const res = await ams('GET', '/api/v1/staff/campaigns/options')
    expect(res.statusCode).toBe(200)
    expect(res.json().channels[0]).toEqual({ id: 'poster', label: { nl: 'Posters en flyers', en: 'Posters and flyers' } })
    expect(res.json().interventionKinds.map((k: { id: string }) => k.id)).toEqual(['lighting', 'cameras', 'hosts', 'redesign', 'enforcement', 'other'])
  })
})

describe('row-level security on the register and alert tables (the second line behind the where clauses)', () => {
  it('shows the meldpunt_app role only its municipality\'s rows, even without a where clause, and refuses writes for another', async () => {
    const { withTenant } = await import('@meldpunt/db')
    expect((await ams('POST', '/api/v1/staff/campaigns', campaign())).statusCode).toBe(201)
    expect((await utr('POST', '/api/v1/staff/campaigns', campaign())).statusCode).toBe(201)
    expect((await ams('POST', '/api/v1/staff/interventions', { kind: 'cameras', name: 'Camera', startedOn: '2025-01-01', place: { lat: 52.3641, lon: 4.8826, radiusMetres: 100 } })).statusCode).toBe(201)
    await t.database.query(
      `insert into spike_alerts (municipality_code, id, day, scope, method, observed, expected, upper_bound, p_value)
       values ('GM0363', gen_random_uuid(), '2025-05-01', 'municipality', 'EARS-C2', 20, 5, 12, 0.0001)`,
    )
    await t.database.query(`insert into alert_settings (municipality_code, webhook_url, webhook_secret) values ('GM0363', 'https://a.example/x', 's')`)
    for (const table of ['campaigns', 'interventions', 'spike_alerts', 'alert_settings']) {
      const seen = await withTenant(t.database, 'GM0344', (tx) => tx.query<{ municipality_code: string }>(`select distinct municipality_code from ${table}`))
      expect(seen.every((r) => r.municipality_code === 'GM0344'), table).toBe(true)
    }
    await expect(
      withTenant(t.database, 'GM0344', (tx) =>
        tx.query(`insert into campaigns (municipality_code, id, code, name, starts_on, ends_on) values ('GM0363', gen_random_uuid(), 'FORGED', 'x', '2025-01-01', '2025-01-02')`),
      ),
    ).rejects.toThrow(/row-level security/)
  })
})
