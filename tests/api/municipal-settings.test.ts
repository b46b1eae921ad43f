// A municipality's settings in the dashboard: local help services (seen by the next resident), retention, the
// disclosure minimum, the public map switch and the webhook's test delivery; admins only, each its own municipality.
import { purgeExpiredText } from '@meldpunt/db'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { contractBody, newKey, reportRow } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'
import { startReceiver } from '../helpers/webhook-receiver.js'
import { insertReportsBulk } from '@meldpunt/db'

let t: TestApp

beforeAll(async () => {
  t = await buildTestApp({ ...STAFF_TEST_CONFIG, WEBHOOK_ALLOW_HTTP: true, WEBHOOK_ALLOW_HOSTS: ['127.0.0.1'], WEBHOOK_TIMEOUT_MS: 2000 })
})
afterAll(async () => {
  await resetData(t.database)
  await t.close()
})
beforeEach(async () => {
  await resetData(t.database)
  await t.database.query(`update municipalities set settings = '{}'::jsonb where code in ('GM0363', 'GM0344')`)
})

async function admin(email = 'admin@ams.nl', municipality = 'GM0363'): Promise<StaffClient> {
  await createStaff(t.database, email, 'admin', municipality)
  return login(t.app, email)
}

const ADVIES = {
  name: { nl: 'Meldpunt Discriminatie Amsterdam', en: 'Amsterdam Discrimination Helpline' },
  phone: '020 638 5551',
  url: 'https://www.mdra.nl',
  text: { nl: 'Gratis advies en hulp bij discriminatie in Amsterdam.', en: 'Free advice and help with discrimination in Amsterdam.' },
  languages: ['nl', 'en', 'tr'],
  urgency: 'support',
  when: { always: true },
}

async function settingsOf(code: string): Promise<Record<string, unknown>> {
  const [row] = await t.database.query<{ settings: Record<string, unknown> }>(`select settings from municipalities where code = $1`, [code])
  return row!.settings
}

const report = (body = contractBody()) =>
  t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() }, payload: JSON.stringify(body) })

describe('who may read and change settings', () => {
  it('every settings action is 403 for analyst, campaign and national accounts, and nothing changes', async () => {
    await createStaff(t.database, 'an@ams.nl', 'analyst', 'GM0363')
    await createStaff(t.database, 'ca@ams.nl', 'campaign', 'GM0363')
    await createStaff(t.database, 'na@rijk.nl', 'national', null)
    for (const email of ['an@ams.nl', 'ca@ams.nl', 'na@rijk.nl']) {
      const c = await login(t.app, email)
      expect((await c.get('/api/v1/staff/settings')).statusCode, email).toBe(403)
      expect((await c.patch('/api/v1/staff/settings', { payload: { publicMap: false } })).statusCode, email).toBe(403)
      expect((await c.put('/api/v1/staff/settings/help', { payload: { services: [ADVIES] } })).statusCode, email).toBe(403)
      expect((await c.post('/api/v1/staff/settings/help/preview', { payload: { help: { services: [] }, category: 'catcalling' } })).statusCode, email).toBe(403)
    }
    expect(await settingsOf('GM0363')).toEqual({})
  })

  it('an admin sees and changes only their own municipality', async () => {
    const ams = await admin('admin@ams.nl', 'GM0363')
    const utr = await admin('admin@utr.nl', 'GM0344')
    expect((await ams.patch('/api/v1/staff/settings', { payload: { minimumCellCount: 9, publicMap: false } })).statusCode).toBe(200)
    expect((await ams.put('/api/v1/staff/settings/help', { payload: { services: [ADVIES] } })).statusCode).toBe(200)
    const seen = (await utr.get('/api/v1/staff/settings')).json()
    expect(seen.municipality.code).toBe('GM0344')
    expect(seen).toMatchObject({ minimumCellCount: 5, publicMap: true, retentionMonths: 12, help: { services: [] } })
    expect(await settingsOf('GM0344')).toEqual({})
    // Utrecht's admin changing "their" settings never reaches Amsterdam's row; no route takes a municipality code.
    await utr.patch('/api/v1/staff/settings', { payload: { minimumCellCount: 20 } })
    expect((await settingsOf('GM0363')).minimumCellCount).toBe(9)
    // Nor does the audit log of one show the other's changes.
    const utrLog = (await utr.get('/api/v1/staff/audit?action=settings.update')).json()
    expect(utrLog.entries).toHaveLength(1)
  })
})

describe('local help services', () => {
  it('a saved service is on the help screen of the very next report in that municipality, and not in another', async () => {
    const ams = await admin()
    const saved = await ams.put('/api/v1/staff/settings/help', { payload: { services: [ADVIES] } })
    expect(saved.statusCode, saved.body).toBe(200)
    const [service] = saved.json().help.services
    expect(service).toMatchObject({ id: 'local-meldpunt-discriminatie-amsterdam', phone: '020 638 5551', languages: ['nl', 'en', 'tr'], when: { always: true } })
    // Stored in the referral rules' own form, with a callable tel: link.
    expect((await settingsOf('GM0363')).help).toMatchObject({ services: [{ id: service.id, tel: '+31206385551' }], rules: [{ service: service.id, when: { always: true } }] })

    const filed = await report()
    expect(filed.statusCode).toBe(201)
    const entry = filed.json().help.find((e: { id: string }) => e.id === service.id)
    expect(entry).toMatchObject({ name: 'Meldpunt Discriminatie Amsterdam', tel: '+31206385551', languages: ['nl', 'en', 'tr'] })
    const utrecht = await report(contractBody({ location: { lat: 52.0907, lon: 5.1214, precision: 'exact' } }))
    expect(utrecht.json().help.map((e: { id: string }) => e.id)).not.toContain(service.id)
    // The public help endpoint reads the same settings.
    const help = await t.app.inject({ url: '/api/v1/help?category=catcalling&municipality=GM0363&lang=nl' })
    expect(help.json().help.map((e: { name: string }) => e.name)).toContain('Meldpunt Discriminatie Amsterdam')
  })

  it('is shown only when its condition holds, and editing keeps the id while removing takes it off', async () => {
    const ams = await admin()
    const first = (await ams.put('/api/v1/staff/settings/help', { payload: { services: [{ ...ADVIES, when: { discriminatory: true } }] } })).json()
    const id = first.help.services[0].id
    expect((await report()).json().help.map((e: { id: string }) => e.id)).not.toContain(id)
    const hit = await report(contractBody({ category: 'discriminatory-remarks' }))
    expect(hit.json().help.map((e: { id: string }) => e.id)).toContain(id)

    const edited = (await ams.put('/api/v1/staff/settings/help', { payload: { services: [{ ...ADVIES, id, phone: '0800-1234', when: { categories: ['catcalling'] } }] } })).json()
    expect(edited.help.services).toEqual([expect.objectContaining({ id, phone: '0800-1234', when: { categories: ['catcalling'] } })])
    expect((await report()).json().help.find((e: { id: string }) => e.id === id)?.tel).toBe('+318001234')

    expect((await ams.put('/api/v1/staff/settings/help', { payload: { services: [] } })).statusCode).toBe(200)
    expect((await report()).json().help.map((e: { id: string }) => e.id)).not.toContain(id)
  })

  it('keeps the rules set for national services, and audits each save with the service ids', async () => {
    await t.database.query(`update municipalities set settings = $1::jsonb where code = 'GM0363'`, [JSON.stringify({ help: { rules: [{ service: 'veilig-thuis', when: { always: true }, priority: 60 }] } })])
    const ams = await admin()
    expect((await ams.put('/api/v1/staff/settings/help', { payload: { services: [ADVIES] } })).statusCode).toBe(200)
    const rules = ((await settingsOf('GM0363')).help as { rules: { service: string }[] }).rules.map((r) => r.service)
    expect(rules).toEqual(['veilig-thuis', 'local-meldpunt-discriminatie-amsterdam'])
    const [entry] = (await ams.get('/api/v1/staff/audit?action=settings.help')).json().entries
    expect(entry.detail).toEqual({ services: ['local-meldpunt-discriminatie-amsterdam'] })
  })

  it('refuses bad services with 400 naming the field, and stores nothing', async () => {
    const ams = await admin()
    const cases: [unknown, string][] = [
      [{ ...ADVIES, phone: undefined, url: undefined }, 'services.0.phone'],
      [{ ...ADVIES, url: 'http://www.mdra.nl' }, 'services.0.url'],
      [{ ...ADVIES, phone: '12' }, 'services.0.phone'],
      [{ ...ADVIES, phone: '1234567' }, 'services.0.phone'],
      [{ ...ADVIES, name: { nl: '', en: 'x' } }, 'services.0.name.nl'],
      [{ ...ADVIES, when: {} }, 'services.0.when.always'],
      [{ ...ADVIES, when: { categories: ['not-a-category'] } }, 'services.0.when.categories.0'],
      [{ ...ADVIES, languages: ['Turkish'] }, 'services.0.languages.0'],
      [{ ...ADVIES, urgency: 'whenever' }, 'services.0.urgency'],
      [{ ...ADVIES, extra: 1 }, 'services.0'],
    ]
    for (const [service, field] of cases) {
      const res = await ams.put('/api/v1/staff/settings/help', { payload: { services: [service] } })
      expect(res.statusCode, JSON.stringify(service)).toBe(400)
      expect(res.json().errors.map((e: { field: string }) => e.field), JSON.stringify(service)).toContain(field)
    }
    const twice = await ams.put('/api/v1/staff/settings/help', { payload: { services: [{ ...ADVIES, id: 'local-a' }, { ...ADVIES, id: 'local-a' }] } })
    expect(twice.statusCode).toBe(400)
    expect(twice.json().errors[0]).toMatchObject({ field: 'services.1.id', code: 'duplicate' })
    expect(await settingsOf('GM0363')).toEqual({})
  })

  it('previews the help screen with a draft, as a resident in that situation would see it, without saving', async () => {
    const ams = await admin()
    const draft = { services: [{ ...ADVIES, urgency: 'report', when: { sexualViolence: true } }] }
    const groping = await ams.post('/api/v1/staff/settings/help/preview', { payload: { help: draft, category: 'groping', lang: 'nl' } })
    expect(groping.statusCode, groping.body).toBe(200)
    const ids = groping.json().help.map((e: { id: string }) => e.id)
    expect(ids).toContain('local-meldpunt-discriminatie-amsterdam')
    expect(ids.indexOf('csg')).toBeLessThan(ids.indexOf('local-meldpunt-discriminatie-amsterdam'))
    expect(groping.json().help.find((e: { id: string }) => e.id === 'local-meldpunt-discriminatie-amsterdam').name).toBe('Meldpunt Discriminatie Amsterdam')
    const calling = await ams.post('/api/v1/staff/settings/help/preview', { payload: { help: draft, category: 'catcalling', urgent: true, lang: 'en' } })
    expect(calling.json().help.map((e: { id: string }) => e.id)).not.toContain('local-meldpunt-discriminatie-amsterdam')
    expect(calling.json().help[0].id).toBe('emergency-112')
    expect(await settingsOf('GM0363')).toEqual({})
  })
})

describe('retention, disclosure minimum and the public map', () => {
  it('retention: the purge uses the saved period; out of range is 400 and changes nothing', async () => {
    const ams = await admin()
    for (const bad of [0, 121, 2.5, '6']) {
      const res = await ams.patch('/api/v1/staff/settings', { payload: { retentionMonths: bad } })
      expect(res.statusCode, String(bad)).toBe(400)
      expect(res.json().errors[0].field).toContain('retentionMonths')
    }
    expect((await ams.patch('/api/v1/staff/settings', { payload: {} })).statusCode).toBe(400)
    expect(await settingsOf('GM0363')).toEqual({})

    const now = new Date('2026-06-15T12:00:00Z')
    const fourMonthsAgo = new Date('2026-02-10T12:00:00Z')
    await t.database.transaction((tx) => insertReportsBulk(tx, [reportRow({ occurredFrom: fourMonthsAgo, occurredTo: fourMonthsAgo, receivedAt: fourMonthsAgo, description: 'old words' })]))
    await purgeExpiredText(t.database, { now })
    expect((await t.database.query<{ d: string | null }>(`select description as d from reports`))[0]!.d).toBe('old words')
    const saved = await ams.patch('/api/v1/staff/settings', { payload: { retentionMonths: 3 } })
    expect(saved.json().retentionMonths).toBe(3)
    await purgeExpiredText(t.database, { now })
    expect((await t.database.query<{ d: string | null }>(`select description as d from reports`))[0]!.d).toBeNull()
    const [entry] = (await ams.get('/api/v1/staff/audit?action=settings.update')).json().entries
    expect(entry.detail).toEqual({ retentionMonths: { from: 12, to: 3 } })
  })

  it('the disclosure minimum is never below 5', async () => {
    const ams = await admin()
    for (const bad of [4, 1, 0, -5, 1001]) {
      const res = await ams.patch('/api/v1/staff/settings', { payload: { minimumCellCount: bad } })
      expect(res.statusCode, String(bad)).toBe(400)
      expect(res.json().errors[0]).toMatchObject({ field: 'minimumCellCount' })
    }
    expect(await settingsOf('GM0363')).toEqual({})
    expect((await ams.patch('/api/v1/staff/settings', { payload: { minimumCellCount: 8 } })).json().minimumCellCount).toBe(8)
    const weekly = await t.app.inject({ url: '/api/v1/public/municipalities/GM0363/weekly' })
    expect(weekly.json().minimum).toBe(8)
  })

  it('switching the public map off makes the public endpoints 404 at once, and on again serves them', async () => {
    const ams = await admin()
    const cells = () => t.app.inject({ url: '/api/v1/public/municipalities/GM0363/cells?cellSize=1000' })
    const weekly = () => t.app.inject({ url: '/api/v1/public/municipalities/GM0363/weekly' })
    expect((await cells()).statusCode).toBe(200)
    expect((await weekly()).statusCode).toBe(200)
    expect((await ams.patch('/api/v1/staff/settings', { payload: { publicMap: false } })).json().publicMap).toBe(false)
    // Answered from the cache a moment ago; the switch drops it.
    for (const res of [await cells(), await weekly()]) {
      expect(res.statusCode).toBe(404)
      expect(res.json().detail).toContain('does not publish')
    }
    // Utrecht's map is not affected.
    expect((await t.app.inject({ url: '/api/v1/public/municipalities/GM0344/weekly' })).statusCode).toBe(200)
    await ams.patch('/api/v1/staff/settings', { payload: { publicMap: true } })
    expect((await cells()).statusCode).toBe(200)
  })
})

describe('the webhook test delivery', () => {
  it('sends one signed test to the saved webhook and says what came back; 409 without a webhook', async () => {
    const ams = await admin()
    expect((await ams.post('/api/v1/staff/alerts/settings/test')).statusCode).toBe(409)
    const receiver = await startReceiver([200, 500])
    try {
      expect((await ams.put('/api/v1/staff/alerts/settings', { payload: { webhookUrl: receiver.url } })).statusCode).toBe(200)
      const ok = await ams.post('/api/v1/staff/alerts/settings/test')
      expect(ok.statusCode, ok.body).toBe(200)
      expect(ok.json()).toEqual({ ok: true, status: 200, error: null })
      expect(receiver.received).toHaveLength(1)
      const hit = receiver.received[0]!
      expect(hit.headers['x-meldpunt-event']).toBe('test')
      expect(hit.headers['x-meldpunt-signature']).toMatch(/^t=\d+,sha256=[0-9a-f]{64}$/)
      expect(JSON.parse(hit.body)).toMatchObject({ event: 'test', municipality: { code: 'GM0363' } })
      const failed = await ams.post('/api/v1/staff/alerts/settings/test')
      expect(failed.json()).toEqual({ ok: false, status: 500, error: 'HTTP 500' })
      const entries = (await ams.get('/api/v1/staff/audit?action=alerts.webhook-test')).json().entries
      expect(entries).toHaveLength(2)
    } finally {
      await receiver.close()
    }
  })

  it('refuses an address outside the address rules before sending anything', async () => {
    const ams = await admin()
    const res = await ams.put('/api/v1/staff/alerts/settings', { payload: { webhookUrl: 'http://10.0.0.5/hook' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].field).toBe('webhookUrl')
    expect((await ams.post('/api/v1/staff/alerts/settings/test')).statusCode).toBe(409)
  })

  it('is 403 for an analyst', async () => {
    await createStaff(t.database, 'an@ams.nl', 'analyst', 'GM0363')
    const an = await login(t.app, 'an@ams.nl')
    expect((await an.post('/api/v1/staff/alerts/settings/test')).statusCode).toBe(403)
  })
})
