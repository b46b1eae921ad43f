// Every route, in every way it can end (2xx, 400, 401, 404, 413, 415, 429, 503): the header policy of DESIGN.md holds,
// no resident ever gets a cookie, and no client address, forwarded address or User-Agent reaches a log, a table or /metrics.
import { randomBytes } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../apps/api/src/plugins/security-headers.js'
import { contractBody, newKey } from '../fixtures.js'
import { dumpAllTables, resetData } from '../helpers/database.js'
import { allRoutes, isStaffPath, type RouteSample } from '../helpers/routes.js'
import { buildTestApp, readMetrics, type TestApp } from '../helpers/server.js'

const REMOTE = '203.0.113.77'
const FORWARDED = '198.51.100.23'
const MARK = randomBytes(6).toString('hex')
const AGENT = `MeldpuntProbe/6.0 (hostile; +ua-${MARK})`
const NEEDLES = [REMOTE, FORWARDED, AGENT, `ua-${MARK}`, 'MeldpuntProbe']
const CLIENT_HEADERS = { 'user-agent': AGENT, 'x-forwarded-for': `${FORWARDED}, ${REMOTE}`, 'x-real-ip': FORWARDED, forwarded: `for=${FORWARDED};proto=https` }

interface Seen {
  label: string
  route: RouteSample
  res: LightMyRequestResponse
}

const apps: TestApp[] = []
const seen: Seen[] = []

async function send(t: TestApp, label: string, route: RouteSample, extra: { payload?: string | Buffer; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
  const res = await t.app.inject({
    method: route.method as 'GET',
    url: route.url,
    remoteAddress: REMOTE,
    headers: { ...CLIENT_HEADERS, ...(extra.headers ?? {}) },
    ...(extra.payload !== undefined ? { payload: extra.payload } : {}),
  })
  seen.push({ label, route, res })
  return res
}

const bodyFor = (route: RouteSample): string => (route.path === '/api/v1/reports' ? JSON.stringify(contractBody()) : route.path.endsWith('/additions') ? '{"text":"later"}' : '{}')
const jsonHeaders = () => ({ 'content-type': 'application/json', 'idempotency-key': newKey() })

/** Sources in a CSP that could name another origin: anything but quoted keywords/hashes, data: and blob:. */
function foreignSources(csp: string): string[] {
  return csp
    .split(';')
    .flatMap((d) => d.trim().split(/\s+/).slice(1))
    .filter((source) => source !== '' && !source.startsWith("'") && source !== 'data:' && source !== 'blob:')
}

/** The policy of DESIGN.md ("Privacy and security rules") for one response. */
function checkHeaders({ label, route, res }: Seen): void {
  const where = `${label} ${route.method} ${route.url} → ${res.statusCode}`
  const h = res.headers
  const csp = String(h['content-security-policy'] ?? '')
  if (route.path.startsWith('/docs')) {
    // swagger-ui brings its own hash-based policy; it still loads nothing from elsewhere and cannot be framed.
    expect(csp, where).toContain("default-src 'self'")
    expect(csp, where).toContain("frame-ancestors 'none'")
  } else {
    expect(csp, where).toBe(CONTENT_SECURITY_POLICY)
  }
  expect(foreignSources(csp), where).toEqual([])
  expect(h['referrer-policy'], where).toBe('no-referrer')
  expect(h['x-content-type-options'], where).toBe('nosniff')
  expect(h['x-frame-options'], where).toBe('DENY')
  expect(h['x-powered-by'], where).toBeUndefined()
  expect(h['set-cookie'], where).toBeUndefined()
  if (res.statusCode >= 400) {
    expect(h['content-type'], where).toContain('application/problem+json')
    expect(h['cache-control'], where).toBe('no-store')
  }
  if (res.statusCode === 503) expect(Number(h['retry-after']), where).toBeGreaterThan(0)
  const personal = ['/api/v1/reports', '/api/v1/receipts', '/api/v1/challenge', '/api/v1/staff', '/metrics']
  if (personal.some((p) => route.path.startsWith(p))) expect(h['cache-control'], where).toBe('no-store')
  // A page must never reflect what the client sent.
  if (String(h['content-type'] ?? '').includes('text/html')) for (const n of NEEDLES) expect(res.body, where).not.toContain(n)
}

let routes: RouteSample[]

beforeAll(async () => {
  const normal = await buildTestApp({ LOG_LEVEL: 'trace', BODY_LIMIT: 4096 })
  apps.push(normal)
  await resetData(normal.database)
  routes = allRoutes(normal.app)
  const posts = routes.filter((r) => r.method !== 'GET')

  // Each route once as is (a filed report first, so receipts have something to find).
  const created = await send(normal, 'ok', { method: 'POST', path: '/api/v1/reports', url: '/api/v1/reports' }, { payload: JSON.stringify(contractBody()), headers: jsonHeaders() })
  expect(created.statusCode).toBe(201)
  for (const r of routes) await send(normal, 'plain', r, r.method === 'GET' ? {} : { payload: bodyFor(r), headers: jsonHeaders() })
  // 404 (unknown paths and methods), 400 (malformed JSON), 413, 415 on every route that takes a body.
  for (const url of ['/no/such/page', '/api/v1/nothing-here', `/api/v1/receipts/${'x'.repeat(300)}`, '/%E0%A4%A', '/api/v1/reports/extra/segments']) {
    await send(normal, '404', { method: 'GET', path: url, url })
  }
  await send(normal, '404', { method: 'DELETE', path: '/api/v1/reports', url: '/api/v1/reports' })
  for (const r of posts) {
    await send(normal, '400', r, { payload: '{"broken":', headers: jsonHeaders() })
    await send(normal, '413', r, { payload: JSON.stringify({ text: 'x'.repeat(10_000), description: 'x'.repeat(10_000) }), headers: jsonHeaders() })
    await send(normal, '415', r, { payload: 'hello', headers: { 'content-type': 'text/plain', 'idempotency-key': newKey() } })
  }

  // 429: every route with a limit of one request a minute per (hashed) address.
  const limited = await buildTestApp({ RATE_LIMIT_GLOBAL: 1, RATE_LIMIT_REPORTS: 1, RATE_LIMIT_RECEIPTS: 1, RATE_LIMIT_CHALLENGE: 1, RATE_LIMIT_LOGIN: 1, RATE_LIMIT_PLACES: 1, LOG_LEVEL: 'trace' })
  apps.push(limited)
  for (const r of [...routes, { method: 'GET', path: '/no/such/page', url: '/no/such/page' }]) {
    for (let i = 0; i < 3; i++) await send(limited, '429', r, r.method === 'GET' ? {} : { payload: bodyFor(r), headers: jsonHeaders() })
  }

  // 503: memory pressure on every route, and a municipality over its hourly cap.
  const pressed = await buildTestApp({ MAX_HEAP_USED_BYTES: 1, RESIDENT_HEADROOM_BYTES: 0, PRESSURE_SAMPLE_INTERVAL_MS: 10, LOG_LEVEL: 'trace' })
  apps.push(pressed)
  await new Promise((r) => setTimeout(r, 100))
  for (const r of [...routes, { method: 'GET', path: '/no/such/page', url: '/no/such/page' }]) {
    await send(pressed, '503', r, r.method === 'GET' ? {} : { payload: bodyFor(r), headers: jsonHeaders() })
  }
  const capped = await buildTestApp({ MUNICIPALITY_HOURLY_CAP: 1, LOG_LEVEL: 'trace' })
  apps.push(capped)
  const intake = { method: 'POST', path: '/api/v1/reports', url: '/api/v1/reports' }
  // Rotterdam: no report earlier in this run counted towards its hour.
  const rotterdam = { lat: 51.9244, lon: 4.4777, precision: 'exact' }
  for (let i = 0; i < 2; i++) {
    await send(capped, '503-cap', intake, { payload: JSON.stringify(contractBody({ description: `cap ${i}`, location: rotterdam })), headers: jsonHeaders() })
  }
}, 300_000)

afterAll(async () => {
  for (const t of apps) await t.close()
})

describe('every route', () => {
  it('was reached in every way it can end', () => {
    const statuses = new Set(seen.map((s) => s.res.statusCode))
    for (const s of [200, 201, 400, 401, 404, 413, 415, 429, 503]) expect(statuses, `status ${s}`).toContain(s)
    expect(routes.length).toBeGreaterThan(10)
    expect(seen.filter((s) => s.label === '503-cap').map((s) => s.res.statusCode)).toEqual([201, 503])
    expect(seen.filter((s) => s.res.statusCode >= 500 && s.res.statusCode !== 503)).toEqual([])
  })

  it('carries the security headers of DESIGN.md and never sets a cookie', () => {
    for (const s of seen) checkHeaders(s)
  })

  it('answers every 429 and 503 on a public route as a problem, overload with Retry-After', () => {
    // The web app's own files are never shed (plugins/backpressure.ts): `/` and `/staff/` are, once apps/web/dist is built.
    const pressured = seen.filter((s) => s.label === '503' && !['/healthz', '/readyz', '/metrics', '/', '/staff/'].includes(s.route.path))
    for (const s of pressured) expect(s.res.statusCode, `${s.route.method} ${s.route.url}`).toBe(503)
    const limitedPublic = seen.filter((s) => s.label === '429' && !isStaffPath(s.route.path) && !['/healthz', '/readyz', '/metrics'].includes(s.route.path))
    const byRoute = new Map<string, number[]>()
    for (const s of limitedPublic) byRoute.set(`${s.route.method} ${s.route.url}`, [...(byRoute.get(`${s.route.method} ${s.route.url}`) ?? []), s.res.statusCode])
    for (const [route, statuses] of byRoute) expect(statuses.at(-1), route).toBe(429)
  })
})

describe('no client data anywhere', () => {
  it('no address, forwarded address or User-Agent in logs, tables or metrics', async () => {
    const logs = apps.flatMap((t) => t.logs).join('\n')
    expect(logs.length).toBeGreaterThan(1000)
    const dump = await dumpAllTables(apps[0]!.database)
    const metrics = (await Promise.all(apps.slice(0, 1).map((t) => readMetrics(t.app)))).map((r) => r.body).join('\n')
    for (const needle of NEEDLES) {
      expect(logs, needle).not.toContain(needle)
      expect(dump, needle).not.toContain(needle)
      expect(metrics, needle).not.toContain(needle)
    }
    expect(logs).not.toMatch(/remoteAddress|remotePort|user-agent|userAgent|x-forwarded-for/i)
  })

  it('every request log line has a request id and a route pattern, not a URL', () => {
    const lines = apps.flatMap((t) => t.logs).flatMap((chunk) => chunk.split('\n')).filter(Boolean).map((l) => JSON.parse(l) as { reqId?: string; req?: { url?: string; route?: string } })
    const requestLines = lines.filter((l) => l.req)
    expect(requestLines.length).toBeGreaterThan(100)
    for (const l of requestLines) {
      expect(l.reqId).toMatch(/^[0-9a-f-]{36}$/)
      expect(l.req!.url).toBeUndefined()
    }
  })
})
