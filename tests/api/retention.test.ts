// Retention: free text past each municipality's period is purged and logged; counts, rollups and hotspots stay identical.
import { insertReportsBulk, listPurges, purgeExpiredText, withTenant, type Database, type ReportRow } from '@meldpunt/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HotspotService } from '../../apps/api/src/modules/hotspots/service.js'
import { resetData, testDatabase } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG } from '../helpers/staff.js'
import { reportRow } from '../fixtures.js'

const NOW = new Date('2026-06-15T12:00:00Z')
const monthsAgo = (m: number, extraDays = 0) => new Date(Date.UTC(2026, 5 - m, 15 - extraDays, 12))

let db: Database

function report(at: Date, lon: number, lat: number, description: string): ReportRow {
  return reportRow({ occurredFrom: new Date(at.getTime() - 3_600_000), occurredTo: new Date(at.getTime() - 3_000_000), receivedAt: at, lon, lat, description })
}

/** Reports around a point, a few metres apart: enough in one place for a hotspot. */
function cluster(n: number, at: (i: number) => Date, lon: number, lat: number, label: string, spread = 0.004): ReportRow[] {
  return Array.from({ length: n }, (_, i) => report(at(i), lon + ((i * 7919) % 100) / 100 * spread, lat + ((i * 104729) % 100) / 100 * spread, `${label}-${i}`))
}

async function tableText(sql: string): Promise<string> {
  return (await db.query<{ r: string }>(`select string_agg(t::text, E'\\n' order by t::text) as r from (${sql}) t`))[0]?.r ?? ''
}

/** Every rollup table, whatever other issues add, as text in a stable order. */
async function rollups(): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name like 'rollup\\_%' order by 1`,
  )
  const parts: string[] = []
  for (const { table_name } of tables) parts.push(`## ${table_name}\n${await tableText(`select * from ${table_name}`)}`)
  return parts.join('\n')
}

async function hotspots(): Promise<string> {
  const service = new HotspotService({ tileCacheMs: 0, tileCacheBytes: 0 })
  const results = []
  for (const cellSize of [100, 250]) {
    results.push(
      await withTenant(db, 'GM0363', (tx) =>
        service.compute(tx, { filter: { municipality: 'GM0363', from: '2025-01-01', to: '2026-12-31' }, cellSize, distanceBand: cellSize * 1.5, minimum: 30 }),
      ),
    )
  }
  return JSON.stringify(results)
}

beforeAll(async () => {
  db = await testDatabase()
  await resetData(db)
  await db.query(`update municipalities set settings = settings || '{"retentionMonths": 3}'::jsonb where code = 'GM0344'`)
  await db.query(`update municipalities set settings = settings || '{"retentionMonths": "forever"}'::jsonb where code = 'GM0599'`)
  const rows = [
    // Amsterdam, default 12 months: 40 old (purged), 30 recent (kept), clustered so Gi* finds a hotspot.
    ...cluster(40, (i) => monthsAgo(13, i % 20), 4.8922, 52.3731, 'ams-old'),
    ...cluster(30, (i) => monthsAgo(2, i % 20), 4.8922, 52.3731, 'ams-new'),
    ...cluster(10, (i) => monthsAgo(6, i), 4.95, 52.35, 'ams-mid'),
    // Utrecht, 3 months: 20 from four months ago (purged), 10 from last month (kept).
    ...cluster(20, (i) => monthsAgo(4, i), 5.1214, 52.0907, 'utr-old'),
    ...cluster(10, (i) => monthsAgo(1, i), 5.1214, 52.0907, 'utr-new'),
    // Rotterdam with an unusable setting: the default 12 months applies, six-month-old text stays.
    ...cluster(5, (i) => monthsAgo(6, i), 4.4777, 51.9244, 'rot-mid'),
  ]
  await db.transaction((tx) => insertReportsBulk(tx, rows))
  // Additions: one old and one recent on each of a few old Amsterdam reports.
  await db.query(
    `insert into report_additions (municipality_code, report_id, id, added_at, text)
     select municipality_code, id, gen_random_uuid(), received_at + interval '1 day', 'old addition to ' || description from reports where description like 'ams-old-%'
     union all
     select municipality_code, id, gen_random_uuid(), $1::timestamptz - interval '10 days', 'new addition to ' || description from reports where description like 'ams-old-%'`,
    [NOW],
  )
  await db.query(
    `insert into idempotency_keys (key, fingerprint, municipality_code, response_status, response_body, created_at)
     values ('old-key', 'f', 'GM0363', 201, 'x', $1::timestamptz - interval '31 days'), ('new-key', 'f', 'GM0363', 201, 'x', $1::timestamptz - interval '1 day')`,
    [NOW],
  )
})

afterAll(async () => {
  await db.query(`update municipalities set settings = settings - 'retentionMonths' where code in ('GM0344', 'GM0599')`)
  await resetData(db)
})

describe('retention purge', () => {
  let before: { rollups: string; hotspots: string; reports: string }
  let run: Awaited<ReturnType<typeof purgeExpiredText>>

  beforeAll(async () => {
    before = {
      rollups: await rollups(),
      hotspots: await hotspots(),
      reports: await tableText(`select municipality_code, id, received_at, occurred_from, location, category, cell_x, cell_y, local_day from reports`),
    }
    run = await purgeExpiredText(db, { now: NOW, idempotencyKeyTtlDays: 30 })
  })

  it('purges text older than each municipality\'s period and keeps newer text', async () => {
    const rows = await db.query<{ label: string; description: string | null; purged: Date | null }>(
      `select split_part(coalesce(description, ''), '-', 1) || '-' || split_part(coalesce(description, ''), '-', 2) as label, description,
              description_purged_at as purged from reports`,
    )
    const kept = rows.filter((r) => r.description !== null).map((r) => r.label)
    expect(new Set(kept)).toEqual(new Set(['ams-new', 'ams-mid', 'utr-new', 'rot-mid']))
    expect(kept).toHaveLength(30 + 10 + 10 + 5)
    const purged = rows.filter((r) => r.description === null)
    expect(purged).toHaveLength(40 + 20)
    for (const r of purged) expect(new Date(r.purged!).toISOString()).toBe(NOW.toISOString())
    for (const r of rows.filter((x) => x.description !== null)) expect(r.purged).toBeNull()
  })

  it('purges old additions and keeps recent ones', async () => {
    const additions = await db.query<{ text: string | null; text_purged_at: Date | null; recent: boolean }>(
      `select text, text_purged_at, added_at > $1::timestamptz - interval '12 months' as recent from report_additions`,
      [NOW],
    )
    expect(additions).toHaveLength(80)
    for (const a of additions) {
      if (a.recent) expect(a.text).toMatch(/^new addition to ams-old-/)
      else {
        expect(a.text).toBeNull()
        expect(a.text_purged_at).not.toBeNull()
      }
    }
  })

  it('leaves every report, count, rollup and hotspot exactly as it was', async () => {
    expect(await tableText(`select municipality_code, id, received_at, occurred_from, location, category, cell_x, cell_y, local_day from reports`)).toBe(before.reports)
    expect(await rollups()).toBe(before.rollups)
    const after = await hotspots()
    expect(after).toBe(before.hotspots)
    // The comparison means something: there is a hotspot to compare.
    expect(JSON.parse(after)[0].status).toBe('ok')
    expect(JSON.parse(after)[0].cells.some((c: { bin: number }) => c.bin >= 2)).toBe(true)
  })

  it('logs what it purged per municipality, which a staff admin can list', async () => {
    expect(run.ran).toBe(true)
    const summary = run.purged.map((p) => `${p.municipalityCode}:${p.kind}:${p.count}:${p.retentionMonths}`).sort()
    expect(summary).toEqual(['GM0344:report_description:20:3', 'GM0363:addition_text:40:12', 'GM0363:report_description:40:12'])
    const log = await listPurges(db, 'GM0363')
    expect(log.map((l) => [l.kind, l.count])).toEqual(expect.arrayContaining([['report_description', 40], ['addition_text', 40]]))
    expect(log[0]!.cutoff.toISOString()).toBe('2025-06-15T12:00:00.000Z')
    expect(await listPurges(db, 'GM0599')).toEqual([])
    // The log holds counts and times, never the text.
    expect(await tableText('select * from retention_purges')).not.toMatch(/ams-old|addition to/)
  })

  it('prunes idempotency keys past their TTL', async () => {
    expect(run.idempotencyKeysDeleted).toBe(1)
    expect((await db.query<{ key: string }>('select key from idempotency_keys')).map((r) => r.key)).toEqual(['new-key'])
  })

  it('does nothing, and logs nothing, when run again', async () => {
    const again = await purgeExpiredText(db, { now: NOW })
    expect(again.purged).toEqual([])
    expect((await db.query<{ n: number }>('select count(*)::int as n from retention_purges'))[0]!.n).toBe(3)
  })
})

describe('GET /api/v1/staff/admin/purges', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp(STAFF_TEST_CONFIG)
    await createStaff(db, 'admin@amsterdam.example', 'admin', 'GM0363')
    await createStaff(db, 'analyst@amsterdam.example', 'analyst', 'GM0363')
    await createStaff(db, 'admin@utrecht.example', 'admin', 'GM0344')
  })
  afterAll(() => t.close())

  it('shows an admin the purges of their own municipality only, and audits the read', async () => {
    const ams = await login(t.app, 'admin@amsterdam.example')
    const res = await ams.get('/api/v1/staff/admin/purges')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.municipality).toBe('GM0363')
    expect(body.purges.map((p: { kind: string; count: number }) => [p.kind, p.count]).sort()).toEqual([['addition_text', 40], ['report_description', 40]])
    expect(body.purges[0]).toMatchObject({ retentionMonths: 12, cutoff: '2025-06-15T12:00:00.000Z', purgedAt: NOW.toISOString() })
    const utr = (await (await login(t.app, 'admin@utrecht.example')).get('/api/v1/staff/admin/purges')).json()
    expect(utr.purges.map((p: { count: number }) => p.count)).toEqual([20])
    const [audit] = await db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'retention.purges.read'`)
    expect(audit!.n).toBe(2)
  })

  it('is for admins: analysts get 403, anonymous callers 401', async () => {
    const analyst = await login(t.app, 'analyst@amsterdam.example')
    expect((await analyst.get('/api/v1/staff/admin/purges')).statusCode).toBe(403)
    expect((await t.app.inject({ url: '/api/v1/staff/admin/purges' })).statusCode).toBe(401)
  })
})
