// The audit log reader for a municipality's administrators: filters, paging, CSV, tenancy, and a log that nobody
// (the application role, an administrator, the owning role) can change, delete or empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withTenant } from '@meldpunt/db'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

let t: TestApp
let admin: StaffClient
let otherAdmin: StaffClient
const refused: StaffClient[] = []

/** An entry at a chosen time, written as the product writes them (the owner connection inserts; nobody updates). */
async function entry(municipality: string, userId: string | null, action: string, at: string, resource: string | null = null): Promise<void> {
  await t.database.query(`insert into audit_log (municipality_code, staff_user_id, action, resource, at) values ($1, $2, $3, $4, $5)`, [municipality, userId, action, resource, at])
}

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
  await resetData(t.database)
  const accounts: [string, string, string | null][] = [
    ['beheer@amsterdam.example', 'admin', 'GM0363'],
    ['beheer@utrecht.example', 'admin', 'GM0344'],
    ['analist@amsterdam.example', 'analyst', 'GM0363'],
    ['campagne@amsterdam.example', 'campaign', 'GM0363'],
    ['landelijk@example.nl', 'national', null],
  ]
  for (const [email, role, m] of accounts) await createStaff(t.database, email, role, m)
  const clients = await Promise.all(accounts.map(([email]) => login(t.app, email)))
  admin = clients[0]!
  otherAdmin = clients[1]!
  refused.push(...clients.slice(2))
  // 1 March 23:30 UTC is 2 March 00:30 in Amsterdam.
  await entry('GM0363', clients[2]!.userId, 'reports.list', '2026-03-01T22:30:00Z')
  await entry('GM0363', clients[2]!.userId, 'reports.read', '2026-03-01T23:30:00Z', 'report:1')
  await entry('GM0363', clients[3]!.userId, 'campaign.create', '2026-03-02T10:00:00Z', '=HYPERLINK("http://evil.example")')
  await entry('GM0363', null, 'retention.purge', '2026-03-03T02:00:00Z')
  await entry('GM0344', otherAdmin.userId, 'campaign.delete', '2026-03-02T11:00:00Z', 'campaign:utrecht')
})
afterAll(async () => {
  await resetData(t.database)
  await t.close()
})

const page = async (client: StaffClient, query = '') => {
  const res = await client.get(`/api/v1/staff/audit${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { entries: { id: number; action: string; at: string; person: { id: string; email: string | null } | null; resource: string | null }[]; nextBefore: number | null; people: { email: string }[]; actions: string[] }
}

describe('audit log reader', () => {
  it('refuses everyone but the municipality\'s administrators', async () => {
    for (const who of refused) {
      expect((await who.get('/api/v1/staff/audit')).statusCode).toBe(403)
      expect((await who.get('/api/v1/staff/audit/export.csv')).statusCode).toBe(403)
    }
  })

  it('shows its own municipality only, newest first, with names of its own staff', async () => {
    const all = await page(admin, '?from=2026-03-01&to=2026-03-03')
    expect(all.entries.map((e) => e.action)).toEqual(['retention.purge', 'campaign.create', 'reports.read', 'reports.list'])
    expect(all.entries[1]!.person?.email).toBe('campagne@amsterdam.example')
    expect(all.entries[0]!.person).toBeNull()
    expect(all.people.map((p) => p.email)).toEqual(['analist@amsterdam.example', 'beheer@amsterdam.example', 'campagne@amsterdam.example'])
    expect(all.actions).not.toContain('campaign.delete')
    const utrecht = await page(otherAdmin, '?from=2026-03-01&to=2026-03-03')
    expect(utrecht.entries.map((e) => e.resource)).toEqual(['campaign:utrecht'])
    // Asking for another municipality's person finds nothing.
    expect((await page(admin, `?person=${otherAdmin.userId}`)).entries).toEqual([])
  })

  it('filters by person, action and local days', async () => {
    const analyst = refused[0]!.userId
    // In the order written (this test backdates entries written after the analyst signed in).
    expect((await page(admin, `?person=${analyst}`)).entries.map((e) => e.action)).toEqual(['reports.read', 'reports.list', 'login'])
    expect((await page(admin, '?action=campaign.create')).entries.map((e) => e.action)).toEqual(['campaign.create'])
    // 23:30 UTC on 1 March is already 2 March in Amsterdam.
    expect((await page(admin, '?from=2026-03-02&to=2026-03-02')).entries.map((e) => e.action)).toEqual(['campaign.create', 'reports.read'])
    expect((await page(admin, '?from=2026-03-01&to=2026-03-01')).entries.map((e) => e.action)).toEqual(['reports.list'])
  })

  it('pages with nextBefore', async () => {
    const first = await page(admin, '?from=2026-03-01&to=2026-03-03&limit=3')
    expect(first.entries).toHaveLength(3)
    expect(first.nextBefore).toBe(first.entries[2]!.id)
    const second = await page(admin, `?from=2026-03-01&to=2026-03-03&limit=3&before=${first.nextBefore}`)
    expect(second.entries.map((e) => e.action)).toEqual(['reports.list'])
    expect(second.nextBefore).toBeNull()
  })

  it('refuses a bad filter with a 400 naming it', async () => {
    for (const [query, field] of [['?from=2026-03-03&to=2026-03-01', 'to'], ['?action=DROP%20TABLE', 'action'], ['?limit=501', 'limit'], ['?person=nobody', 'person'], ['?from=2026-02-30', 'from']] as const) {
      const res = await admin.get(`/api/v1/staff/audit${query}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.json().errors, query).toEqual(expect.arrayContaining([expect.objectContaining({ field: `querystring.${field}` })]))
    }
  })

  it('exports the filtered log as CSV, oldest first, safe to open in a spreadsheet, and logs the export', async () => {
    const res = await admin.get('/api/v1/staff/audit/export.csv?from=2026-03-01&to=2026-03-03')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^text\/csv/)
    expect(res.headers['content-disposition']).toBe('attachment; filename="audit-GM0363-2026-03-01-2026-03-03.csv"')
    const lines = res.body.trim().split('\r\n')
    expect(lines[0]).toBe('id,at,person_id,person_email,action,resource,detail')
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['reports.list', 'reports.read', 'campaign.create', 'retention.purge'])
    expect(lines[3]).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
    expect(res.body).not.toContain('utrecht')
    const logged = await page(admin, '?action=audit.export')
    expect(logged.entries).toHaveLength(1)
    expect(logged.entries[0]!.person?.email).toBe('beheer@amsterdam.example')
  })
})

describe('audit log immutability, enforced by the database', () => {
  const attempts = [`update audit_log set action = 'nothing happened'`, `delete from audit_log`, `truncate audit_log`]

  it('refuses UPDATE, DELETE and TRUNCATE as the application role, for its own municipality\'s entries too', async () => {
    for (const sql of attempts) {
      await expect(withTenant(t.database, 'GM0363', (tx) => tx.query(sql)), sql).rejects.toThrow(/permission denied|cannot be changed/)
    }
  })

  it('refuses them as the connection\'s own role, which owns the table', async () => {
    for (const sql of attempts) await expect(t.database.query(sql), sql).rejects.toThrow(/the audit log cannot be changed or deleted/)
    const [{ n }] = (await t.database.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'reports.list'`)) as [{ n: number }]
    expect(n).toBe(1)
  })

  it('has no route that changes or deletes an entry', async () => {
    const paths = (t.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths
    const auditPaths = Object.entries(paths).filter(([p]) => p.includes('/audit'))
    expect(auditPaths.flatMap(([, methods]) => Object.keys(methods))).toEqual(['get', 'get'])
  })
})
