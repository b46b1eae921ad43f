// Staff accounts run by a municipality's admins: roles, tenancy, one-time links, deactivation, the last-admin rule, NIST passwords.
import { ErrorCode } from '@meldpunt/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createStaffAccount } from '../../apps/api/src/modules/staff/accounts.js'
import { passwordProblem } from '../../apps/api/src/modules/staff-accounts/password-policy.js'
import { systemClock, type Clock } from '../../apps/api/src/lib/clock.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, sessionCookie, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

let t: TestApp
let offsetMs = 0
const clock: Clock = { ...systemClock, now: () => new Date(Date.now() + offsetMs) }
const NEW_PASSWORD = 'a long walk along the Amstel river'
const ID = '00000000-0000-4000-8000-000000000000'

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG, { clock })
})
afterAll(async () => {
  await resetData(t.database)
  await t.close()
})
beforeEach(async () => {
  offsetMs = 0
  await resetData(t.database)
})

async function admin(email = 'admin@ams.nl', municipality = 'GM0363'): Promise<StaffClient> {
  await createStaff(t.database, email, 'admin', municipality)
  return login(t.app, email)
}

const tokenOf = (url: string) => url.split('#/link/')[1]!
const accept = (token: string, password = NEW_PASSWORD) => t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in-links/accept', payload: { token, password } })

async function invite(a: StaffClient, email: string, role = 'analyst'): Promise<{ id: string; token: string }> {
  const res = await a.post('/api/v1/staff/accounts', { payload: { email, role } })
  expect(res.statusCode, res.body).toBe(201)
  const body = res.json()
  return { id: body.account.id, token: tokenOf(body.url) }
}

describe('who may manage staff', () => {
  it('every action is 403 for analyst, campaign and national accounts', async () => {
    await createStaff(t.database, 'an@ams.nl', 'analyst', 'GM0363')
    await createStaff(t.database, 'ca@ams.nl', 'campaign', 'GM0363')
    await createStaff(t.database, 'na@rijk.nl', 'national', null)
    for (const email of ['an@ams.nl', 'ca@ams.nl', 'na@rijk.nl']) {
      const c = await login(t.app, email)
      expect((await c.get('/api/v1/staff/accounts')).statusCode, email).toBe(403)
      expect((await c.post('/api/v1/staff/accounts', { payload: { email: 'x@ams.nl', role: 'admin' } })).statusCode, email).toBe(403)
      for (const action of ['deactivate', 'reactivate', 'reset']) expect((await c.post(`/api/v1/staff/accounts/${c.userId}/${action}`)).statusCode, `${email} ${action}`).toBe(403)
      expect((await c.post(`/api/v1/staff/accounts/${c.userId}/role`, { payload: { role: 'admin' } })).statusCode, email).toBe(403)
    }
    const [row] = await t.database.query<{ n: number }>(`select count(*)::int as n from staff_users`)
    expect(row!.n).toBe(3)
  })

  it('an admin of one municipality cannot list, see or change staff of another', async () => {
    const ams = await admin()
    const utr = await admin('admin@utr.nl', 'GM0344')
    const { id } = await invite(utr, 'colleague@utr.nl')
    const list = (await ams.get('/api/v1/staff/accounts')).json().accounts.map((a: { email: string }) => a.email)
    expect(list).toEqual(['admin@ams.nl'])
    for (const action of ['deactivate', 'reactivate', 'reset']) expect((await ams.post(`/api/v1/staff/accounts/${id}/${action}`)).statusCode, action).toBe(404)
    expect((await ams.post(`/api/v1/staff/accounts/${id}/role`, { payload: { role: 'admin' } })).statusCode).toBe(404)
    expect((await ams.post(`/api/v1/staff/accounts/${utr.userId}/deactivate`)).statusCode).toBe(404)
    const [row] = await t.database.query<{ role: string; disabled: boolean }>(`select role, disabled_at is not null as disabled from staff_users where id = $1`, [id])
    expect(row).toEqual({ role: 'analyst', disabled: false })
  })
})

describe('invitations', () => {
  it('a link shows the email, sets a password once, signs in, and stores only its hash', async () => {
    const a = await admin()
    const res = await a.post('/api/v1/staff/accounts', { payload: { email: 'New@Ams.nl', role: 'campaign' } })
    expect(res.statusCode).toBe(201)
    const body = res.json()
    expect(body.account).toMatchObject({ email: 'new@ams.nl', role: 'campaign', state: 'invited', lastSignInAt: null })
    expect(body.url).toMatch(/^\/staff\/#\/link\/[A-Za-z0-9_-]{43}$/)
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeGreaterThan(71 * 3_600_000)
    const token = tokenOf(body.url)
    const dump = JSON.stringify(await t.database.query(`select encode(token_hash, 'hex') as h from staff_sign_in_links`))
    expect(dump).not.toContain(token)

    // Invited, not yet accepted: no password sign-in at all.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/staff/login', payload: { email: 'new@ams.nl', password: NEW_PASSWORD } })).statusCode).toBe(401)
    const info = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in-links/info', payload: { token } })
    expect(info.json()).toMatchObject({ email: 'new@ams.nl', purpose: 'invite' })

    const ok = await accept(token)
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().user).toMatchObject({ email: 'new@ams.nl', role: 'campaign' })
    const cookie = sessionCookie(ok)
    expect((await t.app.inject({ url: '/api/v1/staff/session', headers: { cookie } })).statusCode).toBe(200)
    const again = await accept(token, 'yet another long passphrase here')
    expect(again.statusCode).toBe(410)
    expect(again.json().code).toBe(ErrorCode.GONE)
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in-links/info', payload: { token } })).statusCode).toBe(410)
    await login(t.app, 'new@ams.nl', NEW_PASSWORD)
    const listed = (await a.get('/api/v1/staff/accounts')).json().accounts.find((x: { email: string }) => x.email === 'new@ams.nl')
    expect(listed.state).toBe('active')
    expect(listed.lastSignInAt).not.toBeNull()
  })

  it('expires after SIGN_IN_LINK_HOURS (the app clock)', async () => {
    const a = await admin()
    const { token } = await invite(a, 'late@ams.nl')
    offsetMs = 73 * 3_600_000
    const res = await accept(token)
    expect(res.statusCode).toBe(410)
    expect(res.json().detail).toMatch(/expired or was already used/)
    expect(res.headers['set-cookie']).toBeUndefined()
  })

  it('refuses an address that already has an account, naming the problem', async () => {
    const a = await admin()
    const res = await a.post('/api/v1/staff/accounts', { payload: { email: 'admin@ams.nl', role: 'analyst' } })
    expect(res.statusCode).toBe(409)
    expect(res.json().detail).toMatch(/already exists/)
  })

  it('refuses passwords that break the NIST rules with 400 naming the rule, and keeps the link usable', async () => {
    const a = await admin()
    const { token } = await invite(a, 'maria.jansen@ams.nl')
    const cases: [string, RegExp][] = [
      ['short pass', /at least 15/],
      ['x'.repeat(300), /at most 256/],
      ['PasswordPassword', /common or breached/],
      ['maria.jansen@ams.nl', /email address/],
      ['mariajansen@ams.nl!', /email address/],
      ['aaaaaaaaaaaaaaaaaaaa', /repeated/],
    ]
    for (const [password, message] of cases) {
      const res = await accept(token, password)
      expect(res.statusCode, password).toBe(400)
      expect(res.json().detail, password).toMatch(message)
      expect(res.json().errors[0].field).toBe('password')
    }
    expect((await accept(token)).statusCode).toBe(200)
  })
})

describe('changing accounts', () => {
  it('role changes, deactivation ends existing sessions at once, reactivation lets them sign in again; all audited', async () => {
    const a = await admin()
    await createStaff(t.database, 'an@ams.nl', 'analyst', 'GM0363')
    const analyst = await login(t.app, 'an@ams.nl')
    expect((await analyst.get('/api/v1/staff/session')).statusCode).toBe(200)
    const role = await a.post(`/api/v1/staff/accounts/${analyst.userId}/role`, { payload: { role: 'campaign' } })
    expect(role.json()).toMatchObject({ role: 'campaign', state: 'active' })
    expect((await analyst.get('/api/v1/staff/session')).json().user.role).toBe('campaign')

    const off = await a.post(`/api/v1/staff/accounts/${analyst.userId}/deactivate`)
    expect(off.json().state).toBe('deactivated')
    expect((await analyst.get('/api/v1/staff/session')).statusCode).toBe(401)
    expect(await t.database.query(`select 1 from staff_sessions where staff_user_id = $1`, [analyst.userId])).toHaveLength(0)
    await expect(login(t.app, 'an@ams.nl')).rejects.toThrow(/401/)

    expect((await a.post(`/api/v1/staff/accounts/${analyst.userId}/reactivate`)).json().state).toBe('active')
    await login(t.app, 'an@ams.nl')
    const audit = await t.database.query<{ action: string; staff_user_id: string; resource: string; municipality_code: string }>(
      `select action, staff_user_id, resource, municipality_code from audit_log where action like 'staff.%' order by id`)
    expect(audit.map((r) => r.action)).toEqual(['staff.role', 'staff.deactivate', 'staff.reactivate'])
    for (const r of audit) expect(r).toMatchObject({ staff_user_id: a.userId, resource: `staff_users/${analyst.userId}`, municipality_code: 'GM0363' })
  })

  it('a reset ends the old password, old links and sessions; the new link sets a new password', async () => {
    const a = await admin()
    const { id, token: first } = await invite(a, 'col@ams.nl')
    expect((await accept(first)).statusCode).toBe(200)
    const col = await login(t.app, 'col@ams.nl', NEW_PASSWORD)
    const r1 = (await a.post(`/api/v1/staff/accounts/${id}/reset`)).json()
    const r2 = (await a.post(`/api/v1/staff/accounts/${id}/reset`)).json()
    expect((await col.get('/api/v1/staff/session')).statusCode).toBe(401)
    expect((await accept(tokenOf(r1.url), 'the second long passphrase ok')).statusCode).toBe(410)
    expect((await accept(tokenOf(r2.url), 'the second long passphrase ok')).statusCode).toBe(200)
    await expect(login(t.app, 'col@ams.nl', NEW_PASSWORD)).rejects.toThrow(/401/)
    await login(t.app, 'col@ams.nl', 'the second long passphrase ok')
  })

  it('the last active admin cannot be demoted or deactivated, by themselves or anyone: 409', async () => {
    const a = await admin()
    for (const res of [await a.post(`/api/v1/staff/accounts/${a.userId}/deactivate`), await a.post(`/api/v1/staff/accounts/${a.userId}/role`, { payload: { role: 'analyst' } })]) {
      expect(res.statusCode).toBe(409)
      expect(res.json().detail).toMatch(/last active administrator/)
    }
    // A second admin, deactivated, does not count; once active, the first may step down.
    const { id, token } = await invite(a, 'second@ams.nl', 'admin')
    await accept(token)
    await a.post(`/api/v1/staff/accounts/${id}/deactivate`)
    expect((await a.post(`/api/v1/staff/accounts/${a.userId}/role`, { payload: { role: 'analyst' } })).statusCode).toBe(409)
    await a.post(`/api/v1/staff/accounts/${id}/reactivate`)
    const second = await login(t.app, 'second@ams.nl', NEW_PASSWORD)
    expect((await second.post(`/api/v1/staff/accounts/${second.userId}/deactivate`)).statusCode).toBe(200)
    // Now `a` is the last one again.
    expect((await a.post(`/api/v1/staff/accounts/${a.userId}/role`, { payload: { role: 'analyst' } })).statusCode).toBe(409)
  })
})

describe('password rules', () => {
  it('apply to the create-admin path too', async () => {
    await expect(createStaffAccount(t.database, { email: 'cli@ams.nl', role: 'admin', municipality: 'GM0363', password: 'PasswordPassword' })).rejects.toThrow(/common or breached/)
    expect(passwordProblem('correct horse battery staple')).toBeNull()
    expect(passwordProblem('1QAZ2WSX3EDC4RFV')).toBe('common')
    // Length counts characters, not bytes.
    expect(passwordProblem('ééééééééééééééz')).toBeNull()
  })
})

describe('unused id', () => {
  it('is 404 for an admin', async () => {
    const a = await admin()
    expect((await a.post(`/api/v1/staff/accounts/${ID}/deactivate`)).statusCode).toBe(404)
  })
})
