// TOTP second factor for staff: enrolment, two-step sign-in, replay, recovery codes, back-off, admin removal, the municipal switch.
import { ErrorCode } from '@meldpunt/core'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { systemClock, type Clock } from '../../apps/api/src/lib/clock.js'
import { base32Decode, totpAt } from '../../apps/api/src/modules/totp/totp.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_PASSWORD, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

let t: TestApp
let offsetMs = 0
const clock: Clock = { ...systemClock, now: () => new Date(Date.now() + offsetMs) }
/** The next 30-second step of the app clock: a code from it has not been used yet. */
const nextStep = () => (offsetMs += 30_000)
const LOGIN = '/api/v1/staff/login'

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG, { clock })
})
/** The switch lives in municipalities.settings, a reference table resetData keeps: later test files must not inherit it. */
const clearSwitch = () => t.database.query(`update municipalities set settings = settings - 'adminsRequireTotp'`)
afterAll(async () => {
  await clearSwitch()
  await resetData(t.database)
  await t.close()
})
beforeEach(async () => {
  offsetMs = 0
  await clearSwitch()
  await resetData(t.database)
})

const codeFor = (secret: Buffer, atOffsetMs = 0) => totpAt(secret, clock.now().getTime() + atOffsetMs)
const attempt = (email: string, password: string, code?: string) =>
  t.app.inject({ method: 'POST', url: LOGIN, payload: { email, password, ...(code === undefined ? {} : { code }) } })
const actions = async () => (await t.database.query<{ action: string }>(`select action from audit_log order by id`)).map((a) => a.action)

async function staff(email: string, role = 'admin', municipality: string | null = 'GM0363'): Promise<StaffClient> {
  await createStaff(t.database, email, role, municipality)
  return login(t.app, email)
}

/** Sets up and confirms a second factor through the API; returns the secret and the recovery codes. */
async function enrol(c: StaffClient): Promise<{ secret: Buffer; recoveryCodes: string[] }> {
  const setup = await c.post('/api/v1/staff/me/totp/setup')
  expect(setup.statusCode, setup.body).toBe(200)
  const secret = base32Decode(setup.json().secret)
  const confirm = await c.post('/api/v1/staff/me/totp/confirm', { payload: { code: codeFor(secret) } })
  expect(confirm.statusCode, confirm.body).toBe(200)
  // The confirming code's step is spent: later sign-ins use a later one.
  nextStep()
  return { secret, recoveryCodes: confirm.json().recoveryCodes }
}

describe('enrolment', () => {
  it('sets up a pending secret with a QR made here, turns on only with a right code, and hands out ten recovery codes once', async () => {
    const c = await staff('ans@ams.nl', 'analyst')
    expect((await c.get('/api/v1/staff/me/totp')).json()).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0, requiredForMe: false })
    const setup = await c.post('/api/v1/staff/me/totp/setup')
    expect(setup.statusCode).toBe(200)
    const body = setup.json()
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(body.uri).toBe(`otpauth://totp/Meldpunt%20Amsterdam:ans%40ams.nl?secret=${body.secret}&issuer=Meldpunt+Amsterdam&algorithm=SHA1&digits=6&period=30`)
    expect(body.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
    // Nothing in the picture is fetched from elsewhere.
    expect(body.qrSvg.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:|href/)
    expect((await c.get('/api/v1/staff/me/totp')).json().enabled).toBe(false)

    const secret = base32Decode(body.secret)
    const wrong = await c.post('/api/v1/staff/me/totp/confirm', { payload: { code: codeFor(secret, 120_000) } })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().errors[0].field).toBe('code')
    const ok = await c.post('/api/v1/staff/me/totp/confirm', { payload: { code: codeFor(secret) } })
    expect(ok.statusCode, ok.body).toBe(200)
    const { recoveryCodes, status } = ok.json()
    expect(recoveryCodes).toHaveLength(10)
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{2}$/)
    expect(new Set(recoveryCodes).size).toBe(10)
    expect(status).toMatchObject({ enabled: true, recoveryCodesLeft: 10, requiredForMe: false })
    expect((await c.get('/api/v1/staff/me/totp')).json()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 })
    // Confirming again, or setting up over a working factor, is refused.
    expect((await c.post('/api/v1/staff/me/totp/confirm', { payload: { code: codeFor(secret, 30_000) } })).statusCode).toBe(409)
    expect((await c.post('/api/v1/staff/me/totp/setup')).statusCode).toBe(409)

    // Neither the secret nor a recovery code is in the audit log or the app's log lines.
    expect(await actions()).toEqual(['login', 'totp.setup', 'totp.enable'])
    const audit = JSON.stringify(await t.database.query(`select * from audit_log`))
    const logs = t.logs.join('\n')
    for (const text of [body.secret, ...recoveryCodes, ...recoveryCodes.map((r: string) => r.replaceAll('-', ''))]) {
      expect(audit).not.toContain(text)
      expect(logs).not.toContain(text)
    }
    const codes = await t.database.query<{ h: string }>(`select encode(code_hash, 'escape') as h from staff_recovery_codes`)
    expect(codes).toHaveLength(10)
    expect(JSON.stringify(codes)).not.toContain(recoveryCodes[0].replaceAll('-', ''))
  })

  it('needs the CSRF token like every other write', async () => {
    const c = await staff('ans@ams.nl', 'analyst')
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/me/totp/setup', headers: { cookie: c.cookie } })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe(ErrorCode.CSRF)
  })
})

describe('two-step sign-in', () => {
  it('asks for the code after the right password, opens a session only with both, and takes each code once', async () => {
    const c = await staff('ans@ams.nl', 'analyst')
    const { secret } = await enrol(c)

    const noCode = await attempt('ans@ams.nl', STAFF_PASSWORD)
    expect(noCode.statusCode).toBe(401)
    expect(noCode.json().code).toBe(ErrorCode.SECOND_FACTOR_REQUIRED)
    expect(noCode.headers['set-cookie']).toBeUndefined()

    // A wrong code answers exactly as a wrong password does.
    const wrongPassword = await attempt('ans@ams.nl', 'not the password', codeFor(secret))
    const wrongCode = await attempt('ans@ams.nl', STAFF_PASSWORD, codeFor(secret, 300_000))
    const strip = (r: LightMyRequestResponse) => ({ status: r.statusCode, body: { ...r.json(), instance: undefined }, cookie: r.headers['set-cookie'] })
    expect(strip(wrongCode)).toEqual(strip(wrongPassword))
    expect(wrongCode.json().code).toBe(ErrorCode.UNAUTHENTICATED)

    const code = codeFor(secret)
    const ok = await attempt('ans@ams.nl', STAFF_PASSWORD, code)
    expect(ok.statusCode, ok.body).toBe(200)
    expect(ok.json().secondFactorEnrolmentRequired).toBe(false)
    // The same code again, even within its 90 seconds, is refused: replay.
    const replay = await attempt('ans@ams.nl', STAFF_PASSWORD, code)
    expect(replay.statusCode).toBe(401)
    expect(replay.json().code).toBe(ErrorCode.UNAUTHENTICATED)
    // A code of an earlier step than the last accepted one is refused too.
    expect((await attempt('ans@ams.nl', STAFF_PASSWORD, codeFor(secret, -30_000))).statusCode).toBe(401)
    // The next step's code works; so does one a step ahead of the server (a phone's clock running fast).
    nextStep()
    expect((await attempt('ans@ams.nl', STAFF_PASSWORD, codeFor(secret))).statusCode).toBe(200)
    nextStep()
    expect((await attempt('ans@ams.nl', STAFF_PASSWORD, codeFor(secret, 30_000))).statusCode).toBe(200)

    expect((await actions()).filter((a) => a.startsWith('login'))).toEqual([
      'login', 'login.failed', 'login.failed-second-factor', 'login', 'login.failed-second-factor', 'login.failed-second-factor', 'login', 'login',
    ])
  })

  it('takes a recovery code once, in any case and with or without dashes', async () => {
    const c = await staff('ans@ams.nl', 'analyst')
    const { recoveryCodes } = await enrol(c)
    const first = recoveryCodes[0]!
    const ok = await attempt('ans@ams.nl', STAFF_PASSWORD, first.toUpperCase().replaceAll('-', ' '))
    expect(ok.statusCode, ok.body).toBe(200)
    expect((await attempt('ans@ams.nl', STAFF_PASSWORD, first)).statusCode).toBe(401)
    const again = await login(t.app, 'ans@ams.nl', STAFF_PASSWORD, recoveryCodes[1])
    expect((await again.get('/api/v1/staff/me/totp')).json().recoveryCodesLeft).toBe(8)
    expect((await actions()).filter((a) => a.startsWith('login'))).toEqual(['login', 'login.recovery-code', 'login.failed-second-factor', 'login.recovery-code'])
  })

  it('counts wrong codes in the back-off: after five, even the right code is held back', async () => {
    const c = await staff('ans@ams.nl', 'analyst')
    const { secret } = await enrol(c)
    for (let k = 0; k < 5; k++) expect((await attempt('ans@ams.nl', STAFF_PASSWORD, `00000${k}`)).statusCode).toBe(401)
    const right = await attempt('ans@ams.nl', STAFF_PASSWORD, codeFor(secret))
    expect(right.statusCode).toBe(401)
    expect(right.headers['set-cookie']).toBeUndefined()
    const log = await actions()
    expect(log.filter((a) => a === 'login.failed-second-factor')).toHaveLength(5)
    expect(log.at(-1)).toBe('login.held-back')
    // The held-back attempt did not spend the code: once the wait is over it still works.
    await t.database.query(`update staff_users set locked_until = now() - interval '1 second'`)
    expect((await attempt('ans@ams.nl', STAFF_PASSWORD, codeFor(secret))).statusCode).toBe(200)
  })

  it('a one-time link sets the password of an account with a second factor but opens no session', async () => {
    const a = await staff('admin@ams.nl')
    await createStaff(t.database, 'ans@ams.nl', 'analyst', 'GM0363')
    const c = await login(t.app, 'ans@ams.nl')
    const { secret } = await enrol(c)
    const reset = await a.post(`/api/v1/staff/accounts/${c.userId}/reset`)
    const token = reset.json().url.split('#/link/')[1]
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/sign-in-links/accept', payload: { token, password: 'a long walk along the Amstel river' } })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe(ErrorCode.SECOND_FACTOR_REQUIRED)
    expect(res.headers['set-cookie']).toBeUndefined()
    expect((await attempt('ans@ams.nl', 'a long walk along the Amstel river', codeFor(secret))).statusCode).toBe(200)
  })
})

describe('self-service', () => {
  it('new recovery codes replace the old ones, against a current code', async () => {
    const c = await staff('ans@ams.nl', 'analyst')
    const { secret, recoveryCodes } = await enrol(c)
    expect((await c.post('/api/v1/staff/me/totp/recovery-codes', { payload: { code: '000000' } })).statusCode).toBe(400)
    const res = await c.post('/api/v1/staff/me/totp/recovery-codes', { payload: { code: codeFor(secret) } })
    expect(res.statusCode, res.body).toBe(200)
    const fresh = res.json().recoveryCodes as string[]
    expect(fresh).toHaveLength(10)
    expect(fresh).not.toContain(recoveryCodes[0])
    expect((await attempt('ans@ams.nl', STAFF_PASSWORD, recoveryCodes[0])).statusCode).toBe(401)
    expect((await attempt('ans@ams.nl', STAFF_PASSWORD, fresh[0])).statusCode).toBe(200)
    expect(await actions()).toContain('totp.recovery-codes')
    expect(await actions()).toContain('totp.failed-code')
  })

  it('turns off with a code; the password alone signs in again', async () => {
    const c = await staff('ans@ams.nl', 'analyst')
    const { secret } = await enrol(c)
    expect((await c.delete('/api/v1/staff/me/totp', { payload: { code: '123456' } })).statusCode).toBe(400)
    const off = await c.delete('/api/v1/staff/me/totp', { payload: { code: codeFor(secret) } })
    expect(off.statusCode, off.body).toBe(200)
    expect(off.json()).toMatchObject({ enabled: false, recoveryCodesLeft: 0 })
    expect((await attempt('ans@ams.nl', STAFF_PASSWORD)).statusCode).toBe(200)
    const [row] = await t.database.query<{ s: boolean; n: number }>(
      `select totp_secret is null and totp_last_step is null as s, (select count(*)::int from staff_recovery_codes) as n from staff_users`,
    )
    expect(row).toEqual({ s: true, n: 0 })
    expect(await actions()).toContain('totp.disable')
  })
})

describe("an admin removes a colleague's second factor", () => {
  it('for an account of their municipality; audited; the list shows who has one', async () => {
    const a = await staff('admin@ams.nl')
    const c = await staff('ans@ams.nl', 'analyst')
    await enrol(c)
    const listed = (await a.get('/api/v1/staff/accounts')).json().accounts.map((x: { email: string; totp: boolean }) => [x.email, x.totp])
    expect(listed).toEqual([['admin@ams.nl', false], ['ans@ams.nl', true]])
    const res = await a.delete(`/api/v1/staff/accounts/${c.userId}/totp`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ email: 'ans@ams.nl', totp: false })
    expect((await attempt('ans@ams.nl', STAFF_PASSWORD)).statusCode).toBe(200)
    expect(await actions()).toContain('staff.totp-remove')
    // Not one's own: that goes through /me/totp with a code.
    expect((await a.delete(`/api/v1/staff/accounts/${a.userId}/totp`)).statusCode).toBe(409)
  })

  it('is 403 for analysts, campaign staff and national accounts, and 404 across municipalities', async () => {
    const c = await staff('ans@ams.nl', 'analyst')
    await enrol(c)
    for (const [email, role, m] of [['ca@ams.nl', 'campaign', 'GM0363'], ['na@rijk.nl', 'national', null], ['an2@ams.nl', 'analyst', 'GM0363']] as const) {
      const other = await staff(email, role, m)
      expect((await other.delete(`/api/v1/staff/accounts/${c.userId}/totp`)).statusCode, email).toBe(403)
    }
    const utr = await staff('admin@utr.nl', 'admin', 'GM0344')
    expect((await utr.delete(`/api/v1/staff/accounts/${c.userId}/totp`)).statusCode).toBe(404)
    expect((await c.get('/api/v1/staff/me/totp')).json().enabled).toBe(true)
  })
})

describe('the municipal switch: admins require a second factor', () => {
  it('is for admins only, and refused to an admin without a second factor of their own', async () => {
    const a = await staff('admin@ams.nl')
    const an = await staff('ans@ams.nl', 'analyst')
    expect((await an.get('/api/v1/staff/security')).statusCode).toBe(403)
    expect((await an.patch('/api/v1/staff/security')).statusCode).toBe(404)
    const put = (c: StaffClient, on: boolean) =>
      t.app.inject({ method: 'PUT', url: '/api/v1/staff/security', payload: { adminsRequireTotp: on }, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf } })
    expect((await put(an, true)).statusCode).toBe(403)
    expect((await a.get('/api/v1/staff/security')).json()).toEqual({ adminsRequireTotp: false })
    const refused = await put(a, true)
    expect(refused.statusCode).toBe(409)
    expect(refused.json().detail).toMatch(/lock you out/)
    await enrol(a)
    expect((await put(a, true)).json()).toEqual({ adminsRequireTotp: true })
    expect((await a.get('/api/v1/staff/security')).json()).toEqual({ adminsRequireTotp: true })
    // Other settings of the municipality are kept.
    const [row] = await t.database.query<{ s: Record<string, unknown> }>(`select settings as s from municipalities where code = 'GM0363'`)
    expect(row!.s.adminsRequireTotp).toBe(true)
    expect(await actions()).toContain('security.admins-require-totp')
    // Another municipality is untouched.
    const utr = await staff('admin@utr.nl', 'admin', 'GM0344')
    expect((await utr.get('/api/v1/staff/security')).json()).toEqual({ adminsRequireTotp: false })
    // While it is on, an admin cannot turn their own second factor off.
    expect((await a.delete('/api/v1/staff/me/totp', { payload: { code: '123456' } })).statusCode).toBe(409)
    expect((await put(a, false)).json()).toEqual({ adminsRequireTotp: false })
  })

  it('gives an admin without a second factor a session that reaches only the session, sign-out and set-up, until they enrol', async () => {
    const a = await staff('admin@ams.nl')
    await enrol(a)
    await t.database.query(`update municipalities set settings = settings || '{"adminsRequireTotp": true}' where code = 'GM0363'`)
    await createStaff(t.database, 'second@ams.nl', 'admin', 'GM0363')
    const res = await attempt('second@ams.nl', STAFF_PASSWORD)
    expect(res.statusCode).toBe(200)
    expect(res.json().secondFactorEnrolmentRequired).toBe(true)
    const b = await login(t.app, 'second@ams.nl')
    for (const url of ['/api/v1/staff/accounts', '/api/v1/staff/security', '/api/v1/staff/audit', '/api/v1/staff/campaigns']) {
      const r = await b.get(url)
      expect(r.statusCode, url).toBe(403)
      expect(r.json().code, url).toBe(ErrorCode.SECOND_FACTOR_ENROLMENT_REQUIRED)
    }
    expect((await b.post(`/api/v1/staff/accounts/${a.userId}/deactivate`)).json().code).toBe(ErrorCode.SECOND_FACTOR_ENROLMENT_REQUIRED)
    expect((await b.get('/api/v1/staff/session')).json().secondFactorEnrolmentRequired).toBe(true)
    expect((await b.get('/api/v1/staff/me/totp')).json()).toMatchObject({ enabled: false, requiredForMe: true })
    // Analysts and campaign staff are not affected by the switch.
    const ca = await staff('ca@ams.nl', 'campaign')
    expect((await ca.get('/api/v1/staff/session')).json().secondFactorEnrolmentRequired).toBe(false)
    expect((await ca.get('/api/v1/staff/campaigns')).statusCode).toBe(200)

    await enrol(b)
    expect((await b.get('/api/v1/staff/session')).json().secondFactorEnrolmentRequired).toBe(false)
    expect((await b.get('/api/v1/staff/accounts')).statusCode).toBe(200)
    expect((await b.post('/api/v1/staff/logout')).statusCode).toBe(204)
  })
})

describe('guessing codes with a session', () => {
  it('code checks on /me/totp are rate-limited like sign-ins; reading the status is not', async () => {
    const limited = await buildTestApp({ ...STAFF_TEST_CONFIG, RATE_LIMIT_LOGIN: 3 }, { clock })
    try {
      await createStaff(limited.database, 'ans@ams.nl', 'analyst', 'GM0363')
      const c = await login(limited.app, 'ans@ams.nl')
      expect((await c.post('/api/v1/staff/me/totp/setup')).statusCode).toBe(200)
      const answers: number[] = []
      for (let k = 0; k < 4; k++) answers.push((await c.post('/api/v1/staff/me/totp/confirm', { payload: { code: '000000' } })).statusCode)
      expect(answers.slice(0, 3).every((s) => s === 400 || s === 200)).toBe(true)
      expect(answers[3]).toBe(429)
      for (let k = 0; k < 5; k++) expect((await c.get('/api/v1/staff/me/totp')).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })
})
