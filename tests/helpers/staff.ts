// Staff accounts and signed-in sessions for API tests: create an account, log in, send requests with cookie and CSRF token.
import type { Database } from '@meldpunt/db'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { createStaffAccount } from '../../apps/api/src/modules/staff/accounts.js'
import type { Config } from '../../apps/api/src/config.js'

export const STAFF_PASSWORD = 'correct horse battery staple'

/**
 * PGlite runs in the test's own thread, and the tests compute whole-city grids back to back, so the event loop
 * stalls for longer than the production overload guard allows (one stall longer than a sample counts as an
 * infinite delay there). These tests measure answers, not load shedding: sample pressure once an hour.
 * Suites log in dozens of times from one address, beyond the production login rate limit.
 */
export const STAFF_TEST_CONFIG: Partial<Config> = {
  PRESSURE_SAMPLE_INTERVAL_MS: 3_600_000,
  RATE_LIMIT_LOGIN: 100_000,
}

export interface StaffClient {
  cookie: string
  csrf: string
  userId: string
  get(url: string, extra?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
  post(url: string, extra?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
  patch(url: string, extra?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
  put(url: string, extra?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
  delete(url: string, extra?: Partial<InjectOptions>): Promise<LightMyRequestResponse>
}

export async function createStaff(db: Database, email: string, role: string, municipality: string | null): Promise<void> {
  await createStaffAccount(db, { email, role, municipality, password: STAFF_PASSWORD })
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie']
  const first = Array.isArray(header) ? header[0] : header
  if (!first) throw new Error(`no Set-Cookie in ${res.statusCode} ${res.body}`)
  return first.split(';')[0]!
}

/** Signs in; `code` is the second step for an account with TOTP on. */
export async function login(app: FastifyInstance, email: string, password = STAFF_PASSWORD, code?: string): Promise<StaffClient> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/staff/login', payload: { email, password, ...(code ? { code } : {}) } })
  if (res.statusCode !== 200) throw new Error(`login of ${email} failed: ${res.statusCode} ${res.body}`)
  const body = res.json() as { csrf: string; user: { id: string } }
  const cookie = sessionCookie(res)
  const write = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, extra: Partial<InjectOptions>) =>
    app.inject({ method, url, ...extra, headers: { cookie, 'x-csrf-token': body.csrf, ...(extra.headers ?? {}) } })
  return {
    cookie,
    csrf: body.csrf,
    userId: body.user.id,
    get: (url, extra = {}) => app.inject({ method: 'GET', url, ...extra, headers: { cookie, ...(extra.headers ?? {}) } }),
    post: (url, extra = {}) => write('POST', url, extra),
    patch: (url, extra = {}) => write('PATCH', url, extra),
    put: (url, extra = {}) => write('PUT', url, extra),
    delete: (url, extra = {}) => write('DELETE', url, extra),
  }
}

/** Every staff route from the generated OpenAPI document, with example path parameters filled in. */
export function staffRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const paths = (app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths
  const out: { method: string; url: string }[] = []
  for (const [path, methods] of Object.entries(paths)) {
    if (!path.startsWith('/api/v1/staff/')) continue
    const url = path
      .replace('{z}', '14')
      .replace('{x}', '8414')
      .replace('{y}', '5384')
      .replace('{id}', '00000000-0000-4000-8000-000000000000')
      .replace('{code}', 'BU03639901')
    for (const method of Object.keys(methods)) out.push({ method: method.toUpperCase(), url })
  }
  return out
}
