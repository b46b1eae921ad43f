// Staff accounts: login, logout, session expiry, lockout, CSRF, roles, the create-admin command, and 401 on every staff route.
import { ErrorCode } from '@meldpunt/core'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createStaffAccount, StaffAccountError } from '../../apps/api/src/modules/staff/accounts.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, sessionCookie, STAFF_PASSWORD, STAFF_TEST_CONFIG, staffRoutes } from '../helpers/staff.js'

let t: TestApp

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
})
afterAll(async () => {
  await resetData(t.database)
  await t.close()
})
beforeEach(async () => {
  await resetData(t.database)
})

const LOGIN = '/api/v1/staff/login'

describe('unauthenticated', () => {
  it('gets 401 problem+json on every staff route but login and the one-time link pages', async () => {
    const routes = staffRoutes(t.app)
    // The list comes from the OpenAPI document, so a new route cannot escape this test.
    expect(routes.length).toBeGreaterThanOrEqual(13)
    for (const { method, url } of routes) {
      if (url === LOGIN || url.startsWith('/api/v1/staff/sign-in-links/')) continue
      const res = await t.app.inject({ method: method as 'GET', url })
      expect(res.statusCode, `${method} ${url}`).toBe(401)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      expect(res.json().code).toBe(ErrorCode.UNAUTHENTICATED)
    }
  })

  it('gets 401 with a made-up or malformed cookie, and invalid queries still get 401 rather than 400', async () => {
    for (const cookie of ['__Host-meldpunt_staff=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '__Host-meldpunt_staff=x', 'other=1']) {
      const res = await t.app.inject({ url: '/api/v1/staff/hotspots?cellSize=7', headers: { cookie } })
      expect(res.statusCode).toBe(401)
    }
  })
})

describe('login, session and logout', () => {
  it('sets a __Host- cookie that is HttpOnly, Secure, SameSite=Strict, Path=/ and stores only scrypt hashes', async () => {
    await createStaff(t.database, 'Analyst@Example.nl', 'analyst', 'GM0363')
    const res = await t.app.inject({ method: 'POST', url: LOGIN, payload: { email: ' analyst@example.NL ', password: STAFF_PASSWORD } })
    expect(res.statusCode).toBe(200)
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/^__Host-meldpunt_staff=[A-Za-z0-9_-]{43};/)
    expect(setCookie).toMatch(/; HttpOnly/)
    expect(setCookie).toMatch(/; Secure/)
    expect(setCookie).toMatch(/; SameSite=Strict/)
    expect(setCookie).toMatch(/; Path=\//)
    expect(setCookie).not.toMatch(/Domain=/i)
    const body = res.json()
    expect(body.user).toMatchObject({ email: 'analyst@example.nl', role: 'analyst', municipality: { code: 'GM0363', name: 'Amsterdam' } })
    expect(body.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(body.idleTimeoutSeconds).toBe(30 * 60)

    const [user] = await t.database.query<{ password_hash: string }>(`select password_hash from staff_users`)
    expect(user!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/)
    const token = sessionCookie(res).split('=')[1]!
    const sessions = await t.database.query<{ token_hash: Uint8Array }>(`select token_hash from staff_sessions`)
    expect(sessions).toHaveLength(1)
    expect(Buffer.from(sessions[0]!.token_hash).toString('base64url')).not.toBe(token)
    // Nothing secret reaches the log.
    expect(t.logs.join('\n')).not.toContain(STAFF_PASSWORD)
    expect(t.logs.join('\n')).not.toContain(token)
  })

  it('answers 401 with one message for an unknown email and a wrong password', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    const unknown = await t.app.inject({ method: 'POST', url: LOGIN, payload: { email: 'nobody@example.nl', password: STAFF_PASSWORD } })
    const wrong = await t.app.inject({ method: 'POST', url: LOGIN, payload: { email: 'a@example.nl', password: 'not the password' } })
    expect(unknown.statusCode).toBe(401)
    expect(wrong.statusCode).toBe(401)
    expect(unknown.json().detail).toBe(wrong.json().detail)
    expect(unknown.headers['set-cookie']).toBeUndefined()
  })

  it('refuses a login body that is not JSON (a cross-site form cannot sign someone in)', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    const form = await t.app.inject({
      method: 'POST',
      url: LOGIN,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=a%40example.nl&password=${encodeURIComponent(STAFF_PASSWORD)}`,
    })
    expect(form.statusCode).toBe(415)
    expect(form.headers['set-cookie']).toBeUndefined()
  })

  it('GET /session returns the account and the same CSRF token; logout ends the session on the server', async () => {
    await createStaff(t.database, 'a@example.nl', 'admin', 'GM0363')
    const c = await login(t.app, 'a@example.nl')
    const session = await c.get('/api/v1/staff/session')
    expect(session.statusCode).toBe(200)
    expect(session.json()).toMatchObject({ csrf: c.csrf, user: { role: 'admin', municipality: { code: 'GM0363' } } })

    const out = await c.post('/api/v1/staff/logout')
    expect(out.statusCode).toBe(204)
    expect(String(out.headers['set-cookie'])).toMatch(/^__Host-meldpunt_staff=;.*Expires=Thu, 01 Jan 1970/)
    expect(await t.database.query(`select 1 from staff_sessions`)).toHaveLength(0)
    // The old cookie is worthless now, even if a copy survived somewhere.
    expect((await c.get('/api/v1/staff/session')).statusCode).toBe(401)
    const actions = await t.database.query<{ action: string }>(`select action from audit_log order by id`)
    expect(actions.map((a) => a.action)).toEqual(['login', 'logout'])
  })

  it('ends a session after the idle timeout and after the absolute lifetime', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    const idle = await login(t.app, 'a@example.nl')
    const fresh = await login(t.app, 'a@example.nl')
    expect((await idle.get('/api/v1/staff/session')).statusCode).toBe(200)
    await t.database.query(`update staff_sessions set last_seen_at = now() - interval '31 minutes' where token_hash = (
      select token_hash from staff_sessions order by created_at limit 1)`)
    const expired = await idle.get('/api/v1/staff/session')
    expect(expired.statusCode).toBe(401)
    expect(String(expired.headers['set-cookie'])).toMatch(/^__Host-meldpunt_staff=;/)
    expect(await t.database.query(`select 1 from staff_sessions`)).toHaveLength(1)

    // Activity does not extend a session past its absolute end.
    await t.database.query(`update staff_sessions set expires_at = now() - interval '1 second', last_seen_at = now()`)
    expect((await fresh.get('/api/v1/staff/session')).statusCode).toBe(401)
    expect(await t.database.query(`select 1 from staff_sessions`)).toHaveLength(0)
  })

  it('keeps a session alive while it is used: last_seen_at moves forward', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    const c = await login(t.app, 'a@example.nl')
    await t.database.query(`update staff_sessions set last_seen_at = now() - interval '20 minutes'`)
    expect((await c.get('/api/v1/staff/session')).statusCode).toBe(200)
    const [row] = await t.database.query<{ idle: boolean }>(`select last_seen_at > now() - interval '1 minute' as idle from staff_sessions`)
    expect(row!.idle).toBe(true)
  })

  it('does not let a disabled account sign in or keep its sessions', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    const c = await login(t.app, 'a@example.nl')
    await t.database.query(`update staff_users set disabled_at = now()`)
    expect((await c.get('/api/v1/staff/session')).statusCode).toBe(401)
    const res = await t.app.inject({ method: 'POST', url: LOGIN, payload: { email: 'a@example.nl', password: STAFF_PASSWORD } })
    expect(res.statusCode).toBe(401)
  })
})

describe('back-off after failed sign-ins', () => {
  const attemptOn = (app: TestApp['app'], password: string, email = 'a@example.nl', cookie?: string) =>
    app.inject({ method: 'POST', url: LOGIN, payload: { email, password }, ...(cookie ? { headers: { cookie } } : {}) })
  const actions = async () => (await t.database.query<{ action: string }>(`select action from audit_log order by id`)).map((a) => a.action)

  it('holds attempts back after 5 failures in a row, with the same answer as for a wrong password, until the wait ends', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    const attempt = (password: string) => attemptOn(t.app, password)
    const wrong: LightMyRequestResponse[] = []
    for (let k = 1; k <= 5; k++) wrong.push(await attempt(`wrong ${k}`))
    expect(wrong.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401])
    const right = await attempt(STAFF_PASSWORD)
    expect(right.statusCode).toBe(401)
    expect(right.headers['set-cookie']).toBeUndefined()
    expect(right.json()).toEqual(wrong[4]!.json())
    expect(right.headers['retry-after']).toBeUndefined()

    await t.database.query(`update staff_users set locked_until = now() - interval '1 second'`)
    expect((await attempt(STAFF_PASSWORD)).statusCode).toBe(200)
    expect(await actions()).toEqual(['login.failed', 'login.failed', 'login.failed', 'login.failed', 'login.failed', 'login.held-back', 'login'])
  })

  it('checks at most 5 guesses of a burst sent at once, and the right password in it gets no session after them', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    const burst = await Promise.all(Array.from({ length: 19 }, (_, k) => attemptOn(t.app, `wrong ${k}`)))
    expect(burst.every((r) => r.statusCode === 401)).toBe(true)
    const log = await actions()
    expect(log.filter((a) => a === 'login.failed')).toHaveLength(5)
    expect(log.filter((a) => a === 'login.held-back')).toHaveLength(14)
    const right = await attemptOn(t.app, STAFF_PASSWORD)
    expect(right.statusCode).toBe(401)
    expect(right.headers['set-cookie']).toBeUndefined()
  })

  it('answers an unknown account exactly as one that is held back, so accounts cannot be listed', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    for (let k = 0; k < 5; k++) await attemptOn(t.app, 'wrong')
    const held = await attemptOn(t.app, 'wrong')
    const unknown = await attemptOn(t.app, 'wrong', 'nobody@example.nl')
    const strip = (r: LightMyRequestResponse) => ({ status: r.statusCode, body: { ...r.json(), instance: undefined }, retry: r.headers['retry-after'], type: r.headers['content-type'] })
    expect(strip(held)).toEqual(strip(unknown))
  })

  it('lets a browser that signed in before through while the account is held back by someone else\'s guesses', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    const first = await attemptOn(t.app, STAFF_PASSWORD)
    expect(first.statusCode).toBe(200)
    const cookies = [first.headers['set-cookie']].flat() as string[]
    const device = cookies.map((c) => c.split(';')[0]!).find((c) => /^(__Host-)?meldpunt_device=/.test(c))!
    expect(device).toMatch(/^(__Host-)?meldpunt_device=[A-Za-z0-9_-]{43}$/)
    expect(cookies.find((c) => c.startsWith(device))).toMatch(/HttpOnly/i)
    const deviceCookieName = device.split('=')[0]!
    // An attacker elsewhere guesses until the account is held back.
    for (let k = 0; k < 8; k++) await attemptOn(t.app, 'wrong')
    expect((await attemptOn(t.app, STAFF_PASSWORD)).statusCode).toBe(401)
    // The owner's browser still gets in; a made-up or another account's device token does not help.
    expect((await attemptOn(t.app, STAFF_PASSWORD, 'a@example.nl', device)).statusCode).toBe(200)
    await createStaff(t.database, 'b@example.nl', 'analyst', 'GM0363')
    for (let k = 0; k < 6; k++) await attemptOn(t.app, 'wrong', 'b@example.nl')
    expect((await attemptOn(t.app, STAFF_PASSWORD, 'b@example.nl', device)).statusCode).toBe(401)
    expect((await attemptOn(t.app, STAFF_PASSWORD, 'b@example.nl', `${deviceCookieName}=${'A'.repeat(43)}`)).statusCode).toBe(401)
  })

  it('doubles the wait with each further failure, up to the cap, and starts again after a success', async () => {
    const strict = await buildTestApp({ ...STAFF_TEST_CONFIG, LOGIN_MAX_FAILURES: 2, LOGIN_BACKOFF_SECONDS: 60, LOGIN_LOCKOUT_MINUTES: 3 })
    try {
      await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
      const wait = async () => {
        const [row] = await t.database.query<{ s: number }>(`select extract(epoch from locked_until - now())::float8 as s from staff_users`)
        return row!.s
      }
      const expire = () => t.database.query(`update staff_users set locked_until = now() - interval '1 second'`)
      expect((await attemptOn(strict.app, 'wrong')).statusCode).toBe(401)
      expect((await attemptOn(strict.app, STAFF_PASSWORD)).statusCode).toBe(200)
      await attemptOn(strict.app, 'wrong')
      await attemptOn(strict.app, 'wrong')
      expect(await wait()).toBeGreaterThan(55)
      expect(await wait()).toBeLessThanOrEqual(60)
      await expire()
      await attemptOn(strict.app, 'wrong')
      expect(await wait()).toBeGreaterThan(115)
      await expire()
      await attemptOn(strict.app, 'wrong')
      await expire()
      await attemptOn(strict.app, 'wrong')
      // 60 × 2³ = 480 s, capped at 3 minutes.
      expect(await wait()).toBeGreaterThan(170)
      expect(await wait()).toBeLessThanOrEqual(180)
    } finally {
      await strict.close()
    }
  })
})

describe('login rate limit', () => {
  it('counts requests without a session against the same budget, so probing staff routes is limited too', async () => {
    const limited = await buildTestApp({ ...STAFF_TEST_CONFIG, RATE_LIMIT_LOGIN: 3 })
    try {
      const codes: number[] = []
      for (let k = 0; k < 4; k++) codes.push((await limited.app.inject({ method: 'GET', url: '/api/v1/staff/reports?from=2025-01-01&to=2025-01-31' })).statusCode)
      expect(codes).toEqual([401, 401, 401, 429])
      // A signed-in analyst is not held back by that budget.
      await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
      const client = await login(limited.app, 'a@example.nl')
      for (let k = 0; k < 4; k++) expect((await client.get('/api/v1/staff/session')).statusCode).toBe(200)
    } finally {
      await limited.close()
    }
  })

  it('answers 429 once an address exceeds RATE_LIMIT_LOGIN attempts a minute', async () => {
    const limited = await buildTestApp({ ...STAFF_TEST_CONFIG, RATE_LIMIT_LOGIN: 3 })
    try {
      const codes: number[] = []
      for (let k = 0; k < 4; k++) {
        codes.push((await limited.app.inject({ method: 'POST', url: LOGIN, payload: { email: 'nobody@example.nl', password: 'guess' } })).statusCode)
      }
      expect(codes).toEqual([401, 401, 401, 429])
    } finally {
      await limited.close()
    }
  })
})

describe('CSRF', () => {
  it('rejects a state-changing request without the X-CSRF-Token header, with a wrong one, or with another session\'s', async () => {
    await createStaff(t.database, 'a@example.nl', 'analyst', 'GM0363')
    await createStaff(t.database, 'b@example.nl', 'analyst', 'GM0363')
    const a = await login(t.app, 'a@example.nl')
    const b = await login(t.app, 'b@example.nl')
    for (const token of [undefined, '', 'x'.repeat(43), b.csrf]) {
      const headers: Record<string, string> = { cookie: a.cookie }
      if (token !== undefined) headers['x-csrf-token'] = token
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/staff/logout', headers })
      expect(res.statusCode, `token ${token}`).toBe(403)
      expect(res.json().code).toBe(ErrorCode.CSRF)
    }
    // Still signed in: the forged requests did nothing.
    expect((await a.get('/api/v1/staff/session')).statusCode).toBe(200)
    expect((await a.post('/api/v1/staff/logout')).statusCode).toBe(204)
  })
})

describe('roles', () => {
  it('gives national accounts no municipal views, and campaign accounts no report details', async () => {
    await createStaff(t.database, 'n@example.nl', 'national', null)
    await createStaff(t.database, 'c@example.nl', 'campaign', 'GM0363')
    const national = await login(t.app, 'n@example.nl')
    expect((await national.get('/api/v1/staff/session')).json().user.municipality).toBeNull()
    for (const url of ['/api/v1/staff/hotspots', '/api/v1/staff/timeseries', '/api/v1/staff/matrix', '/api/v1/staff/reports', '/api/v1/staff/neighbourhoods']) {
      const res = await national.get(url)
      expect(res.statusCode, url).toBe(403)
      expect(res.json().code).toBe(ErrorCode.FORBIDDEN)
    }
    const campaign = await login(t.app, 'c@example.nl')
    expect((await campaign.get('/api/v1/staff/reports')).statusCode).toBe(403)
    expect((await campaign.get('/api/v1/staff/reports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(403)
    expect((await campaign.get('/api/v1/staff/timeseries')).statusCode).toBe(200)
    expect((await campaign.get('/api/v1/staff/hotspots')).statusCode).toBe(200)
  })
})

describe('creating accounts', () => {
  it('refuses bad input with a message', async () => {
    const cases: [Parameters<typeof createStaffAccount>[1], RegExp][] = [
      [{ email: 'x@example.nl', role: 'admin', municipality: 'GM0363', password: 'short' }, /at least 15/],
      [{ email: 'not-an-email', role: 'admin', municipality: 'GM0363', password: STAFF_PASSWORD }, /not an email/],
      [{ email: 'x@example.nl', role: 'boss', municipality: 'GM0363', password: STAFF_PASSWORD }, /role must be one of/],
      [{ email: 'x@example.nl', role: 'admin', municipality: 'GM9999', password: STAFF_PASSWORD }, /not known/],
      [{ email: 'x@example.nl', role: 'admin', municipality: null, password: STAFF_PASSWORD }, /--municipality/],
      [{ email: 'x@example.nl', role: 'national', municipality: 'GM0363', password: STAFF_PASSWORD }, /no municipality/],
    ]
    for (const [input, message] of cases) await expect(createStaffAccount(t.database, input)).rejects.toThrow(message)
    await expect(createStaffAccount(t.database, { email: 'x@example.nl', role: 'admin', municipality: 'GM0363', password: 'short' })).rejects.toBeInstanceOf(StaffAccountError)
    await createStaff(t.database, 'x@example.nl', 'admin', 'GM0363')
    await expect(createStaff(t.database, 'X@Example.nl', 'analyst', 'GM0363')).rejects.toThrow(/already exists/)
  })

  it('`npm run create-admin` reads the password from standard input and creates a working account', async () => {
    // The command opens its own database: a temporary embedded one, or the PostgreSQL the suite runs on.
    const dir = mkdtempSync(join(tmpdir(), 'meldpunt-create-admin-'))
    try {
      const env = { ...process.env, DATA_DIR: join(dir, 'data'), MELDPUNT_STAFF_PASSWORD: '' }
      const run = spawnSync('npm', ['run', '--silent', 'create-admin', '--', '--email', 'cli@example.nl', '--municipality', 'GM0363', '--role', 'admin'], {
        cwd: join(import.meta.dirname, '../..'),
        env,
        input: `${STAFF_PASSWORD}\n`,
        encoding: 'utf8',
        timeout: 120_000,
      })
      expect(run.stderr).not.toContain(STAFF_PASSWORD)
      expect(run.status, run.stderr).toBe(0)
      expect(run.stdout).toContain('created admin account cli@example.nl for GM0363')
      const again = spawnSync('npm', ['run', '--silent', 'create-admin', '--', '--email', 'cli@example.nl', '--municipality', 'GM0363'], {
        cwd: join(import.meta.dirname, '../..'),
        env,
        input: `${STAFF_PASSWORD}\n`,
        encoding: 'utf8',
        timeout: 120_000,
      })
      expect(again.status).toBe(1)
      expect(again.stderr).toContain('already exists')
      if (process.env.DATABASE_URL) {
        const c = await login(t.app, 'cli@example.nl')
        expect((await c.get('/api/v1/staff/session')).json().user.role).toBe('admin')
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180_000)
})
