// Spike alerts: an injected spike raises exactly one alert, sent once to a real webhook on loopback; quiet days raise none.
import { insertReportsBulk, type ReportRow } from '@meldpunt/db'
import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../apps/api/src/app.js'
import { testConfig } from '../../apps/api/src/config.js'
import { seededRandom } from '../../apps/api/src/demo/generate.js'
import { addDays, daysFromTo } from '@meldpunt/core'
import type { Clock } from '../../apps/api/src/lib/clock.js'
import { resetData, testDatabase } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'
import { reportRow } from '../fixtures.js'
import { startReceiver } from '../helpers/webhook-receiver.js'

// Rotterdam carries the spike, Den Haag the quiet series; the demo data lives elsewhere.
const SPIKY = 'GM0599'
const QUIET = 'GM0518'
const PLACES = {
  [SPIKY]: { lat: 51.9225, lon: 4.4792 },
  [QUIET]: { lat: 52.0799, lon: 4.3113 },
  // A second Rotterdam place, 3 km south of the first, outside the test neighbourhood.
  rotterdamSouth: { lat: 51.8955, lon: 4.4925 },
}
const SPIKE_DAY = '2025-05-20'
const CATEGORIES = ['catcalling', 'sexual-comments', 'following', 'insults']

/** `n` reports on `day` at a place, categories in turn (so no single category carries a spike alone). */
function reportsOn(day: string, n: number, place: { lat: number; lon: number }): ReportRow[] {
  return Array.from({ length: n }, (_, i) => {
    const at = new Date(`${day}T11:00:00Z`)
    return reportRow({ occurredFrom: at, occurredTo: at, lon: place.lon, lat: place.lat, category: CATEGORIES[i % CATEGORIES.length]! })
  })
}

function poisson(rand: () => number, lambda: number): number {
  const limit = Math.exp(-lambda)
  let k = 0
  for (let p = rand(); p > limit; p *= rand()) k++
  return k
}

/** `days` ordinary days at about 3 a day (a fixed random series) before `last`, then `last` with `onLast` reports (or ordinary). */
async function insertSeries(municipality: string, last: string, onLast: number | null, seed: number, days = 40): Promise<number[]> {
  const db = await testDatabase()
  const rand = seededRandom(seed)
  const counts: number[] = []
  const rows: ReportRow[] = []
  for (const day of daysFromTo(addDays(last, -days), last)) {
    const n = day === last && onLast !== null ? onLast : poisson(rand, 3)
    counts.push(n)
    rows.push(...reportsOn(day, n, PLACES[municipality as keyof typeof PLACES]))
  }
  await db.transaction((tx) => insertReportsBulk(tx, rows))
  return counts
}

let t: TestApp
let rotterdam: StaffClient
let amsterdam: StaffClient

const put = (client: StaffClient, url: string, payload: unknown) =>
  t.app.inject({ method: 'PUT', url, payload: payload as never, headers: { cookie: client.cookie, 'x-csrf-token': client.csrf } })

async function alertRows(municipality?: string) {
  return t.database.query<{ municipality_code: string; day: string; scope: string; observed: number; delivered_at: Date | null; delivery_attempts: number; last_delivery_error: string | null }>(
    `select municipality_code, day::text as day, scope, observed, delivered_at, delivery_attempts, last_delivery_error from spike_alerts
     ${municipality ? 'where municipality_code = $1' : ''} order by day`,
    municipality ? [municipality] : [],
  )
}

beforeAll(async () => {
  t = await buildTestApp({ ...STAFF_TEST_CONFIG, WEBHOOK_ALLOW_HTTP: true, WEBHOOK_ALLOW_HOSTS: ['127.0.0.1'], WEBHOOK_RETRY_BASE_MS: 20, WEBHOOK_MAX_ATTEMPTS: 3, WEBHOOK_TIMEOUT_MS: 2000 })
})
afterAll(async () => {
  await resetData(t.database)
  await t.close()
})
beforeEach(async () => {
  await resetData(t.database)
  await createStaff(t.database, 'campagne@rotterdam.example', 'campaign', SPIKY)
  await createStaff(t.database, 'campagne@amsterdam.example', 'campaign', 'GM0363')
  rotterdam = await login(t.app, 'campagne@rotterdam.example')
  amsterdam = await login(t.app, 'campagne@amsterdam.example')
})

describe('a spike injected into a test municipality', () => {
  it('raises exactly one alert for that day, delivered once to the webhook and recorded as delivered', async () => {
    const receiver = await startReceiver()
    try {
      const settings = await put(rotterdam, '/api/v1/staff/alerts/settings', { webhookUrl: receiver.url })
      expect(settings.statusCode, settings.body).toBe(200)
      const secret = settings.json().secret as string
      expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)

      const counts = await insertSeries(SPIKY, SPIKE_DAY, 30, 7)
      await insertSeries(QUIET, SPIKE_DAY, null, 11)
      const run = await t.app.spikes.runDaily(SPIKE_DAY)

      expect(run.raised).toHaveLength(1)
      const [alert] = run.raised
      expect(alert).toMatchObject({ day: SPIKE_DAY, scope: 'municipality', scopeKey: null, observed: 30, method: 'EARS-C2' })
      // C2's expectation is the mean of the 7 days ending 3 days before.
      expect(alert!.expected).toBeCloseTo(counts.slice(-10, -3).reduce((s, n) => s + n, 0) / 7, 9)
      expect(alert!.delivery.state).toBe('delivered')

      const rows = await alertRows()
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ municipality_code: SPIKY, day: SPIKE_DAY, observed: 30, delivery_attempts: 1 })
      expect(rows[0]!.delivered_at).not.toBeNull()

      // Exactly one POST, signed, with the alert id as idempotency key and no report data in it.
      expect(receiver.received).toHaveLength(1)
      const hit = receiver.received[0]!
      expect(hit.headers['content-type']).toBe('application/json')
      expect(hit.headers['idempotency-key']).toBe(alert!.id)
      // Signed with a timestamp, so a recorded delivery cannot be replayed to the receiver later.
      const [, stamp] = /^t=(\d+),/.exec(hit.headers['x-meldpunt-signature'] as string)!
      expect(Math.abs(Number(stamp) - Date.now() / 1000)).toBeLessThan(60)
      expect(hit.headers['x-meldpunt-signature']).toBe(`t=${stamp},sha256=${createHmac('sha256', secret).update(`${stamp}.${hit.body}`).digest('hex')}`)
      const payload = JSON.parse(hit.body)
      expect(payload).toMatchObject({ event: 'spike-alert', id: alert!.id, municipality: { code: SPIKY, name: 'Rotterdam' }, day: SPIKE_DAY, observed: 30, method: 'EARS-C2' })
      expect(payload.text.en).toMatch(/^On 20 May 2025 there were 30 reports for Rotterdam, against \d+(\.\d)? expected \(EARS C2; the same weekday in the 4 weeks before: \d+(\.\d)? on average, exact Poisson test p /)
      expect(payload.text.nl).toMatch(/^Op 20 mei 2025 kwamen er 30 meldingen binnen voor Rotterdam/)
      expect(Object.keys(payload).sort()).toEqual(['createdAt', 'day', 'event', 'expected', 'id', 'method', 'municipality', 'observed', 'pValue', 'scope', 'scopeKey', 'signals', 'text', 'upperBound', 'weekdayExpected'])

      // Running again, on schedule or on demand, neither raises nor sends it again.
      const again = await t.app.spikes.runDaily(SPIKE_DAY)
      expect(again.raised).toEqual([])
      const onDemand = await rotterdam.post('/api/v1/staff/alerts/check', { payload: { day: SPIKE_DAY } })
      expect(onDemand.statusCode, onDemand.body).toBe(200)
      expect(onDemand.json()).toMatchObject({ day: SPIKE_DAY, raised: false, alert: { id: alert!.id, delivery: { state: 'delivered', attempts: 1 } } })
      expect(receiver.received).toHaveLength(1)
      expect(await alertRows()).toHaveLength(1)

      // The dashboard list: Rotterdam sees it with its text; Amsterdam sees none of it.
      const list = await rotterdam.get(`/api/v1/staff/alerts?from=${addDays(SPIKE_DAY, -30)}&to=${SPIKE_DAY}`)
      expect(list.statusCode).toBe(200)
      expect(list.json()).toMatchObject({ webhookConfigured: true, rule: { method: 'C2', alpha: 0.001, minCount: 5 } })
      expect(list.json().alerts.map((a: { id: string }) => a.id)).toEqual([alert!.id])
      expect(list.json().alerts[0].text.en).toContain('30 reports for Rotterdam')
      const other = await amsterdam.get(`/api/v1/staff/alerts?from=${addDays(SPIKE_DAY, -30)}&to=${SPIKE_DAY}`)
      expect(other.json().alerts).toEqual([])
    } finally {
      await receiver.close()
    }
  })

  it('retries with backoff when the receiver fails, and records one delivery', async () => {
    const receiver = await startReceiver([503, 500])
    try {
      await put(rotterdam, '/api/v1/staff/alerts/settings', { webhookUrl: receiver.url })
      await insertSeries(SPIKY, SPIKE_DAY, 30, 7)
      const run = await t.app.spikes.runDaily(SPIKE_DAY)
      expect(run.raised).toHaveLength(1)
      expect(receiver.received.map((r) => r.status)).toEqual([503, 500, 200])
      // The same alert id on every attempt, so a receiver can drop a repeat.
      expect(new Set(receiver.received.map((r) => r.headers['idempotency-key']))).toEqual(new Set([run.raised[0]!.id]))
      const [row] = await alertRows()
      expect(row!.delivery_attempts).toBe(3)
      expect(row!.delivered_at).not.toBeNull()
      expect(row!.last_delivery_error).toBeNull()
    } finally {
      await receiver.close()
    }
  })

  it('never sends to an address inside the network, and stores no detail that would map its ports', async () => {
    // A receiver really listening on 127.0.0.2 (not in WEBHOOK_ALLOW_HOSTS) and a closed port beside it must look
    // the same; cloud metadata and private ranges are refused without a connection. Stored directly, as an old
    // setting or a later DNS change would leave it.
    const listening = await startReceiver([], '127.0.0.2')
    const port = new URL(listening.url).port
    try {
      const errors: (string | null)[] = []
      for (const url of [`http://127.0.0.2:${port}/`, 'http://127.0.0.2:9/', 'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://[::1]:9/', `http://[::ffff:127.0.0.2]:${port}/`]) {
        await resetData(t.database)
        await t.database.query(`insert into alert_settings (municipality_code, webhook_url, webhook_secret) values ($1, $2, 'x')`, [SPIKY, url])
        await insertSeries(SPIKY, SPIKE_DAY, 30, 7)
        await t.app.spikes.runDaily(SPIKE_DAY)
        const [row] = await alertRows()
        expect(row!.delivered_at, url).toBeNull()
        errors.push(row!.last_delivery_error)
      }
      expect(new Set(errors)).toEqual(new Set(['address not allowed']))
      expect(listening.received).toEqual([])
    } finally {
      await listening.close()
    }
  })

  it('keeps an undelivered alert pending after the attempts run out, and delivers it on the next run', async () => {
    const receiver = await startReceiver([500, 500, 500])
    try {
      await put(rotterdam, '/api/v1/staff/alerts/settings', { webhookUrl: receiver.url })
      await insertSeries(SPIKY, SPIKE_DAY, 30, 7)
      await t.app.spikes.runDaily(SPIKE_DAY)
      let [row] = await alertRows()
      expect(row).toMatchObject({ delivery_attempts: 3, delivered_at: null, last_delivery_error: 'HTTP 500' })
      const list = (await rotterdam.get(`/api/v1/staff/alerts?from=${SPIKE_DAY}&to=${SPIKE_DAY}`)).json()
      expect(list.alerts[0].delivery).toMatchObject({ state: 'failed', attempts: 3, lastError: 'HTTP 500' })
      await t.app.spikes.runDaily(SPIKE_DAY)
      ;[row] = await alertRows()
      expect(row!.delivered_at).not.toBeNull()
      expect(receiver.received.filter((r) => r.status === 200)).toHaveLength(1)
    } finally {
      await receiver.close()
    }
  })

  it('alerts on one neighbourhood where counts allow, while the municipality as a whole stays within its range', async () => {
    // A test neighbourhood: 300 m around the first Rotterdam place.
    await t.database.query(
      `insert into neighbourhoods (code, municipality_code, name, boundary)
       values ('BU05999901', $1, 'Testbuurt', ST_Multi(ST_Transform(ST_Buffer(ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 4326), 28992), 300), 4326)))`,
      [SPIKY, PLACES[SPIKY].lon, PLACES[SPIKY].lat],
    )
    // The municipality swings between 14 and 26 a day (mean 20, sd 4.3, so C2's bound is about 33);
    // the neighbourhood has 1 or 2 of them a day (42 in four weeks: enough to be checked on its own).
    const busy = [14, 26, 18, 24, 16, 22, 20]
    const rows: ReportRow[] = []
    daysFromTo(addDays(SPIKE_DAY, -40), SPIKE_DAY).forEach((day, i) => {
      const inside = day === SPIKE_DAY ? 14 : 1 + (i % 2)
      const total = day === SPIKE_DAY ? 30 : busy[i % 7]!
      rows.push(...reportsOn(day, inside, PLACES[SPIKY]), ...reportsOn(day, total - inside, PLACES.rotterdamSouth))
    })
    await t.database.transaction((tx) => insertReportsBulk(tx, rows))
    const [placed] = await t.database.query<{ n: number }>(`select count(*)::int as n from reports where neighbourhood_code = 'BU05999901'`)
    expect(placed!.n).toBeGreaterThan(40)

    const run = await t.app.spikes.runDaily(SPIKE_DAY)
    expect(run.raised).toHaveLength(1)
    const alert = run.raised[0]!
    expect(alert).toMatchObject({ scope: 'neighbourhood', scopeKey: 'BU05999901', observed: 14 })
    expect(alert.signals.map((s) => s.scope)).not.toContain('municipality')
    // No webhook configured here: the alert is kept for the dashboard and says so.
    expect(alert.delivery.state).toBe('not-configured')
  })
})

describe('quiet series and low counts', () => {
  it('raises no alert on any day of an ordinary series', async () => {
    // 90 days; the last 60 each have the four weeks of history the rule needs.
    await insertSeries(QUIET, SPIKE_DAY, null, 11, 89)
    for (const day of daysFromTo(addDays(SPIKE_DAY, -59), SPIKE_DAY)) {
      expect((await t.app.spikes.runDaily(day)).raised, day).toEqual([])
    }
    expect(await alertRows()).toEqual([])
  })

  it('does not alarm on 4 reports after four empty weeks, though EARS alone would', async () => {
    const rows = reportsOn(SPIKE_DAY, 4, PLACES[QUIET])
    await t.database.transaction((tx) => insertReportsBulk(tx, rows))
    expect((await t.app.spikes.runDaily(SPIKE_DAY)).raised).toEqual([])
  })
})

describe('alert endpoints', () => {
  it('validates the webhook URL and the day, and keeps settings to the campaign role', async () => {
    const bad = await put(rotterdam, '/api/v1/staff/alerts/settings', { webhookUrl: 'ftp://example.org/x' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors[0].field).toBe('webhookUrl')
    // Addresses inside the network are refused when set, not only when a delivery is tried (127.0.0.1 is allowed in
    // this suite's WEBHOOK_ALLOW_HOSTS, 127.0.0.2 is not).
    for (const webhookUrl of ['https://169.254.169.254/latest/meta-data/', 'http://127.0.0.2:8080/', 'http://[::1]/', 'https://10.0.0.1/', 'http://0x7f.2/']) {
      const inside = await put(rotterdam, '/api/v1/staff/alerts/settings', { webhookUrl })
      expect(inside.statusCode, webhookUrl).toBe(400)
      expect(inside.json().errors[0].field).toBe('webhookUrl')
      expect(inside.json().detail).toContain('public internet address')
    }
    expect(await t.database.query('select 1 from alert_settings')).toHaveLength(0)
    const future = await rotterdam.post('/api/v1/staff/alerts/check', { payload: { day: '2999-01-01' } })
    expect(future.statusCode).toBe(400)
    expect(future.json().errors[0]).toMatchObject({ field: 'day', code: 'in_future' })
    const reversed = await rotterdam.get('/api/v1/staff/alerts?from=2025-05-10&to=2025-05-01')
    expect(reversed.statusCode).toBe(400)

    await createStaff(t.database, 'analist@rotterdam.example', 'analyst', SPIKY)
    const analyst = await login(t.app, 'analist@rotterdam.example')
    expect((await analyst.get('/api/v1/staff/alerts')).statusCode).toBe(200)
    expect((await analyst.get('/api/v1/staff/alerts/settings')).statusCode).toBe(403)
    expect((await analyst.post('/api/v1/staff/alerts/check', { payload: {} })).statusCode).toBe(403)
  })

  it('refuses plain http webhooks unless the deployment allows them, and never shows the secret again', async () => {
    const strict = await buildTestApp(STAFF_TEST_CONFIG)
    try {
      const s = await login(strict.app, 'campagne@rotterdam.example')
      const res = await strict.app.inject({
        method: 'PUT',
        url: '/api/v1/staff/alerts/settings',
        payload: { webhookUrl: 'http://127.0.0.1:9/x' },
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().errors[0].field).toBe('webhookUrl')
    } finally {
      await strict.close()
    }
    const first = await put(rotterdam, '/api/v1/staff/alerts/settings', { webhookUrl: 'https://hooks.example.nl/meldpunt/t0ken' })
    expect(first.json().secret).toBeDefined()
    const read = await rotterdam.get('/api/v1/staff/alerts/settings')
    expect(read.json()).toEqual({ webhookUrl: 'https://hooks.example.nl/meldpunt/t0ken', hasSecret: true, updatedBy: 'campagne@rotterdam.example', updatedAt: expect.any(String) })
    const [audit] = await t.database.query<{ detail: { webhookHost: string } }>(`select detail from audit_log where action = 'alerts.settings'`)
    // The audit log names the host only: the path of many webhook URLs is itself a secret.
    expect(audit!.detail).toEqual({ webhookHost: 'hooks.example.nl', secretRotated: true })
  })
})

describe('the daily schedule inside the API process', () => {
  it('checks yesterday at the configured local hour, sends the alert, and stops when the app closes', async () => {
    const receiver = await startReceiver()
    let now = new Date(`${addDays(SPIKE_DAY, 1)}T02:00:00Z`) // 04:00 in Amsterdam (CEST), before the 06:00 check
    const timers = new Map<number, { at: number; fn: () => void }>()
    let nextId = 1
    const clock: Clock = {
      now: () => now,
      setTimer: (fn, ms) => {
        timers.set(nextId, { at: now.getTime() + ms, fn })
        return nextId++
      },
      clearTimer: (id) => void timers.delete(id as number),
    }
    const config = testConfig({ ...STAFF_TEST_CONFIG, SPIKE_SCHEDULE: true, SPIKE_CHECK_HOUR: 6, WEBHOOK_ALLOW_HTTP: true, WEBHOOK_ALLOW_HOSTS: ['127.0.0.1'], WEBHOOK_RETRY_BASE_MS: 20 })
    const app = await buildApp({ config, database: t.database, clock })
    try {
      await app.ready()
      const s = await login(app, 'campagne@rotterdam.example')
      await app.inject({ method: 'PUT', url: '/api/v1/staff/alerts/settings', payload: { webhookUrl: receiver.url }, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })
      await insertSeries(SPIKY, SPIKE_DAY, 30, 7)
      expect([...timers.values()].map((x) => new Date(x.at).toISOString())).toEqual([`${addDays(SPIKE_DAY, 1)}T04:00:00.000Z`])

      now = new Date(`${addDays(SPIKE_DAY, 1)}T04:00:00Z`)
      for (const [id, timer] of [...timers]) {
        if (timer.at > now.getTime()) continue
        timers.delete(id)
        timer.fn()
      }
      await app.spikes.scheduler!.running

      expect(receiver.received).toHaveLength(1)
      const rows = await alertRows()
      expect(rows).toMatchObject([{ municipality_code: SPIKY, day: SPIKE_DAY }])
      expect(rows[0]!.delivered_at).not.toBeNull()
      const [ran] = await t.database.query<{ day: string }>(`select day::text as day from spike_runs`)
      expect(ran!.day).toBe(SPIKE_DAY)
      // The next check is set for the next morning.
      expect([...timers.values()].map((x) => new Date(x.at).toISOString())).toEqual([`${addDays(SPIKE_DAY, 2)}T04:00:00.000Z`])
    } finally {
      await app.close()
      await receiver.close()
    }
    expect(timers.size).toBe(0)
  })
})
