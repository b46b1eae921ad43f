// Deleting campaigns and interventions (softly, administrators only) and the edit history of both: every reader
// leaves a deleted entry out, who deleted it and when stay on the row and in the audit log, each change keeps the
// version it replaced, and nobody sees another municipality's history.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { insertReport, withTenant } from '@meldpunt/db'
import { comparisonSeries } from '../../apps/api/src/modules/effects/comparison.js'
import { PLACES, reportRow } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

let t: TestApp
let admin: StaffClient
let team: StaffClient
let analyst: StaffClient
let national: StaffClient
let otherAdmin: StaffClient

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
})
afterAll(async () => {
  await resetData(t.database)
  await t.close()
})
beforeEach(async () => {
  await resetData(t.database)
  const accounts: [string, string, string | null][] = [
    ['beheer@amsterdam.example', 'admin', 'GM0363'],
    ['campagne@amsterdam.example', 'campaign', 'GM0363'],
    ['analist@amsterdam.example', 'analyst', 'GM0363'],
    ['landelijk@example.nl', 'national', null],
    ['beheer@utrecht.example', 'admin', 'GM0344'],
  ]
  for (const [email, role, m] of accounts) await createStaff(t.database, email, role, m)
  const [a, b, c, d, e] = await Promise.all(accounts.map(([email]) => login(t.app, email)))
  ;[admin, team, analyst, national, otherAdmin] = [a!, b!, c!, d!, e!]
})

const campaign = { code: 'ZOMER-26', name: 'Zomercampagne', startsOn: '2026-06-01', endsOn: '2026-06-28', channels: ['poster'] }
const lighting = { kind: 'lighting', name: 'Verlichting Leidseplein', startedOn: '2026-01-10', place: { lat: 52.3641, lon: 4.8826, radiusMetres: 150 } }

async function created(client: StaffClient, url: string, payload: object): Promise<string> {
  const res = await client.post(url, { payload })
  expect(res.statusCode, res.body).toBe(201)
  return res.json().id as string
}

describe.each([
  { register: 'campaign', url: '/api/v1/staff/campaigns', payload: campaign, patch: { name: 'Zomercampagne 2026', endsOn: '2026-07-05' } },
  { register: 'intervention', url: '/api/v1/staff/interventions', payload: lighting, patch: { name: 'Verlichting Leidseplein en Marnixstraat', endedOn: '2026-03-01' } },
] as const)('$register register: delete and history', ({ register, url, payload, patch }) => {
  it('keeps each replaced version with who changed what, oldest first', async () => {
    const id = await created(team, url, payload)
    const before = (await team.get(`${url}/${id}`)).json()
    expect((await team.patch(`${url}/${id}`, { payload: patch })).statusCode).toBe(200)
    expect((await admin.patch(`${url}/${id}`, { payload: { notes: 'Met de buurt besproken.' } })).statusCode).toBe(200)
    // A save that changes nothing leaves no history row.
    expect((await admin.patch(`${url}/${id}`, { payload: { notes: 'Met de buurt besproken.' } })).statusCode).toBe(200)

    const res = await admin.get(`${url}/${id}/history`)
    expect(res.statusCode, res.body).toBe(200)
    const history = res.json()
    expect(history).toMatchObject({ id, created: { by: 'campagne@amsterdam.example' }, deleted: null })
    expect(history.changes.map((c: { by: string; change: string; fields: string[] }) => [c.by, c.change, c.fields])).toEqual([
      ['campagne@amsterdam.example', 'update', Object.keys(patch)],
      ['beheer@amsterdam.example', 'update', ['notes']],
    ])
    expect(history.changes[0].previous).toMatchObject({ id, name: payload.name })
    expect(history.changes[0].previous.name).toBe(before.name)
    expect(history.changes[1].previous).toMatchObject({ name: patch.name, notes: null })
  })

  it('deletes softly: gone from list and detail, kept on the row with who and when, in the history and the audit log', async () => {
    const id = await created(team, url, payload)
    const keep = await created(team, url, { ...payload, ...(register === 'campaign' ? { code: 'HERFST-26' } : {}), name: 'Blijft staan' })
    const res = await admin.delete(`${url}/${id}`)
    expect(res.statusCode, res.body).toBe(204)

    expect((await team.get(url)).json().map((e: { id: string }) => e.id)).toEqual([keep])
    expect((await team.get(`${url}/${id}`)).statusCode).toBe(404)
    expect((await team.patch(`${url}/${id}`, { payload: patch })).statusCode).toBe(404)
    expect((await team.get(`${url}/${id}/effect`)).statusCode).toBe(404)
    expect((await admin.delete(`${url}/${id}`)).statusCode).toBe(404)

    const [row] = await t.database.query<{ deleted_at: Date | null; deleted_by_email: string | null; deleted_by: string | null }>(
      `select deleted_at, deleted_by, deleted_by_email from ${register}s where id = $1`, [id])
    expect(row!.deleted_at).not.toBeNull()
    expect(row!.deleted_by).toBe(admin.userId)
    expect(row!.deleted_by_email).toBe('beheer@amsterdam.example')

    const history = (await admin.get(`${url}/${id}/history`)).json()
    expect(history.deleted).toMatchObject({ by: 'beheer@amsterdam.example' })
    expect(history.changes.at(-1)).toMatchObject({ change: 'delete', by: 'beheer@amsterdam.example', fields: [], previous: { id, name: payload.name } })

    const audit = await t.database.query<{ action: string; resource: string; staff_user_id: string }>(
      `select action, resource, staff_user_id from audit_log where action = $1`, [`${register}.delete`])
    expect(audit).toEqual([{ action: `${register}.delete`, resource: `${register}:${id}`, staff_user_id: admin.userId }])
  })

  it('lets only the municipality\'s administrators delete or read the history: 403 for the others, 404 across municipalities', async () => {
    const id = await created(team, url, payload)
    for (const who of [team, analyst, national]) {
      expect((await who.delete(`${url}/${id}`)).statusCode).toBe(403)
      expect((await who.get(`${url}/${id}/history`)).statusCode).toBe(403)
    }
    // Another municipality's administrator cannot tell the entry exists.
    expect((await otherAdmin.delete(`${url}/${id}`)).statusCode).toBe(404)
    expect((await otherAdmin.get(`${url}/${id}/history`)).statusCode).toBe(404)
    expect((await team.get(`${url}/${id}`)).statusCode).toBe(200)
    // Nor does the database show its history under another municipality's row-level security.
    expect((await team.patch(`${url}/${id}`, { payload: patch })).statusCode).toBe(200)
    const count = (m: string) => withTenant(t.database, m, (tx) => tx.query<{ n: number }>('select count(*)::int as n from register_history'))
    expect(await count('GM0363')).toEqual([{ n: 1 }])
    expect(await count('GM0344')).toEqual([{ n: 0 }])
  })
})

describe('deleted entries elsewhere', () => {
  it('keeps a deleted campaign\'s code: a new campaign cannot take it, so old posters never count for it', async () => {
    const id = await created(team, '/api/v1/staff/campaigns', campaign)
    expect((await admin.delete(`/api/v1/staff/campaigns/${id}`)).statusCode).toBe(204)
    const again = await team.post('/api/v1/staff/campaigns', { payload: campaign })
    expect(again.statusCode).toBe(409)
    expect(again.json().detail).toMatch(/before deleting it/)
  })

  it('no longer keeps a municipality out of comparison groups once its campaign is deleted', async () => {
    const id = await created(otherAdmin, '/api/v1/staff/campaigns', campaign)
    const period = { municipality: 'GM0363', from: '2026-05-01', to: '2026-07-31', chosen: ['GM0344', 'GM0014', 'GM0034', 'GM0153', 'GM0202'] }
    const excluded = async () => (await comparisonSeries(t.database, period)).group.excluded
    // No municipality has reports in this test, so all five are left out; Utrecht also for its campaign.
    expect(await excluded()).toBe(5)
    await t.database.transaction((tx) => insertReport(tx, 'GM0344', reportRow({ ...PLACES.utrecht, occurredFrom: new Date('2026-01-01T12:00:00Z') })))
    expect(await excluded()).toBe(5)
    expect((await otherAdmin.delete(`/api/v1/staff/campaigns/${id}`)).statusCode).toBe(204)
    expect(await excluded()).toBe(4)
  })
})
