// Property-based fuzzing (fast-check) of every public endpoint: over 10,000 hostile requests per run. Never a 500,
// never a stored row from a refused request, never a reflected script in a page, never a polluted prototype.
import fc from 'fast-check'
import { randomBytes } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idempotencyKeyHash } from '../../apps/api/src/modules/intake/service.js'
import { contractBody, newKey } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { allRoutes, type RouteSample } from '../helpers/routes.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'

const MARK = `xss${randomBytes(4).toString('hex')}`
const SQL = ["'; drop table reports; --", "' or '1'='1", '1; select pg_sleep(5)', '$1', "%' --", '\\x00', "E'\\\\x41'", 'null::text', '); truncate receipts cascade; --']
const HTML = [
  `<script>alert('${MARK}')</script>`,
  `"><img src=x onerror=alert('${MARK}')>`,
  `javascript:alert('${MARK}')`,
  `<svg/onload=alert('${MARK}')>`,
  `</title><script src=//evil.example/${MARK}.js></script>`,
]
const NUMERIC = ['NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '52,37', '1_000', '', ' ', '\u0000']
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf']

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...SQL, ...HTML, ...NUMERIC, ...KEYS) },
  // Lone surrogates, bidi overrides, NUL, very long strings.
  { weight: 1, arbitrary: fc.constantFrom('\uD800', '\uDFFF abc', '\u202E\u202D', 'a\u0000b', '\uFEFF', '\u{10FFFF}') },
  { weight: 1, arbitrary: fc.integer({ min: 4001, max: 20_000 }).map((n) => 'x'.repeat(n)) },
)

const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 1e308, -1e308, 90.0000001, -180.0000001, 2 ** 53 + 1),
)

const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...KEYS)), tie('value'), { maxKeys: 4 }),
  ),
}))

/** JSON text, with a prototype-pollution key spliced in where asked (JSON.stringify would drop a real __proto__). */
function toJson(value: unknown, poison: string | null): string {
  const text = JSON.stringify(value) ?? 'null'
  if (!poison || !text.startsWith('{')) return text
  return `{"${poison}":{"polluted":"${MARK}","isAdmin":true}${text === '{}' ? '' : ','}${text.slice(1)}`
}

const deepNesting = fc.integer({ min: 100, max: 20_000 }).chain((depth) =>
  fc.constantFrom('[', '{"a":').map((open) => (open === '[' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
)

/** Valid JSON with invalid UTF-8 bytes inside a string: overlong, lone continuation, truncated sequences, 0xFF. */
const invalidUtf8Json = fc.constantFrom([0xc3, 0x28], [0xa0, 0xa1], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0x28], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80]).map((bad) => {
  const body = JSON.stringify(contractBody({ description: 'BAD' }))
  const [before, after] = body.split('BAD') as [string, string]
  return Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)])
})

const REPORT_PATHS = [
  'category', 'setting', 'role', 'occurredAt', 'occurredAt.from', 'occurredAt.to', 'location', 'location.lat', 'location.lon',
  'location.precision', 'about', 'about.ageBand', 'about.gender', 'about.groups', 'description', 'heardVia', 'urgent', 'campaignCode',
  'municipality', 'id', 'receivedAt',
]

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.')
  let node = target
  for (const p of parts.slice(0, -1)) {
    if (typeof node[p] !== 'object' || node[p] === null) node[p] = {}
    node = node[p] as Record<string, unknown>
  }
  node[parts.at(-1)!] = value
}

/** The contract body with a few fields made hostile (none: a valid report, so the database path runs too). */
const mutatedReport = fc
  .tuple(
    fc.oneof({ weight: 1, arbitrary: fc.constant([] as [string, unknown][]) }, { weight: 7, arbitrary: fc.array(fc.tuple(fc.constantFrom(...REPORT_PATHS), hostileValue), { minLength: 1, maxLength: 3 }) }),
    fc.option(fc.oneof(fc.constantFrom(...HTML, ...SQL), fc.string({ maxLength: 200 })), { nil: undefined }),
    fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor') }),
  )
  .map(([mutations, text, poison]) => {
    const body = contractBody(text === undefined ? {} : { description: text }) as Record<string, unknown>
    for (const [path, value] of mutations) setPath(body, path, value)
    return toJson(body, poison)
  })

const anyBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(hostileValue, fc.option(fc.constantFrom(...KEYS), { nil: null })).map(([v, p]) => toJson(v, p)) },
  { weight: 2, arbitrary: mutatedReport },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: invalidUtf8Json },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"a":', '[1,2', 'nul', '"\\ud800"', '{"a":1}{"b":2}', '1e99999', '\u0000') },
)

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'APPLICATION/JSON', '', 'application/problem+json', '*/*') },
)

const encoded = (s: string) => {
  try {
    return encodeURIComponent(s)
  } catch {
    return '%ED%A0%80' // a lone surrogate cannot be encoded: send its raw UTF-8 bytes, which are invalid
  }
}
const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom('lang', 'category', 'urgent', 'municipality', 'limit', 'from', 'to', ...KEYS), fc.string({ maxLength: 8 })), hostileString), { maxLength: 4 })
  .map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${encoded(k)}=${encoded(v)}`).join('&')}` : ''))

const hostileHeaders = fc.record(
  {
    'idempotency-key': fc.oneof(fc.constant(undefined), hostileString, fc.constantFrom('a'.repeat(15), 'a'.repeat(129), 'ok_but-weird_0123456789')),
    'accept-language': fc.oneof(hostileString, fc.constantFrom('nl', 'en-GB,en;q=0.9', '*', 'xx-YY;q=abc')),
    'x-meldpunt-pow': fc.oneof(hostileString, hostileString.map((s) => Buffer.from(s).toString('base64'))),
    'x-csrf-token': hostileString,
    cookie: fc.oneof(hostileString, fc.constant('__Host-meldpunt_staff=' + 'A'.repeat(43))),
  },
  { requiredKeys: [] },
)

function problemCode(res: LightMyRequestResponse): string {
  try {
    return (res.json() as { code?: string }).code ?? String(res.statusCode)
  } catch {
    return String(res.statusCode)
  }
}

function countBy(xs: string[]): Record<string, number> {
  const m: Record<string, number> = {}
  for (const x of xs) m[x] = (m[x] ?? 0) + 1
  return m
}

interface Outcome {
  route: string
  key?: string
  res: LightMyRequestResponse
}

let t: TestApp
let pow: TestApp
let routes: RouteSample[]
const outcomes: Outcome[] = []
const receipts: string[] = []
let total = 0

/** Header values Node would refuse to send (control characters) are dropped: the server never sees them. */
function sendable(headers: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string' && /^[\t\x20-\x7e\x80-\xff]*$/.test(e[1])))
}

/** An addition body with the code put in when it is a JSON object; other bodies go as they are. */
function withCode(body: string | Buffer, code: string): string | Buffer {
  if (typeof body !== 'string') return body
  try {
    const value: unknown = JSON.parse(body)
    return value && typeof value === 'object' && !Array.isArray(value) ? JSON.stringify({ ...value, code }) : body
  } catch {
    return body
  }
}

async function fire(app: TestApp, method: string, url: string, headers: Record<string, string | undefined>, payload?: string | Buffer): Promise<LightMyRequestResponse> {
  total++
  const res = await app.app.inject({ method: method as 'GET', url, headers: sendable(headers), ...(payload === undefined ? {} : { payload }) })
  outcomes.push({ route: `${method} ${url.split('?')[0]}`, key: headers['idempotency-key'], res })
  // Checked on every answer, so a failure names the input that caused it.
  if (res.statusCode >= 500) throw new Error(`${res.statusCode} for ${method} ${url}: ${res.body.slice(0, 300)}`)
  const type = String(res.headers['content-type'] ?? '')
  if (type.includes('text/html') && res.body.includes(MARK)) throw new Error(`script reflected into a page by ${method} ${url}`)
  if (url.startsWith('/api/') && type.includes('text/html')) throw new Error(`HTML from an API route: ${method} ${url}`)
  if (({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).isAdmin !== undefined) throw new Error('Object.prototype polluted')
  return res
}

beforeAll(async () => {
  t = await buildTestApp({ LOG_LEVEL: 'silent' })
  pow = await buildTestApp({ LOG_LEVEL: 'silent', POW_REQUIRED: true, POW_COST: 5, POW_MAX_COUNTER: 20 })
  await resetData(t.database)
  routes = allRoutes(t.app).filter((r) => !r.path.startsWith('/docs'))
  // A few real receipts, so additions and receipt look-ups also reach the database.
  for (let i = 0; i < 3; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() }, payload: contractBody() })
    expect(res.statusCode).toBe(201)
    receipts.push(res.json().receipt)
  }
  outcomes.length = 0
}, 180_000)

afterAll(async () => {
  await pow.close()
  await t.close()
})

const FUZZ_TIMEOUT = 240_000

describe('fuzzing every public endpoint', () => {
  it('POST /api/v1/reports: 4,000 hostile report bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: mutatedReport }, { weight: 1, arbitrary: anyBody }), contentType, fc.boolean(), async (body, type, lang) => {
        await fire(t, 'POST', `/api/v1/reports${lang ? '?lang=en' : ''}`, { 'content-type': type, 'idempotency-key': newKey() }, body)
      }),
      { numRuns: 4000 },
    )
  }, FUZZ_TIMEOUT)

  it('receipts and additions: 1,500 hostile codes and bodies', async () => {
    const code = fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...receipts) },
      { weight: 1, arbitrary: fc.constantFrom(...receipts).map((r) => r.toLowerCase().replaceAll('-', ' ')) },
      { weight: 3, arbitrary: hostileString },
    )
    const additionBody = fc.oneof(fc.tuple(hostileValue, fc.constant(null)).map(([v]) => toJson({ text: v }, null)), hostileString.map((s) => JSON.stringify({ text: s })), anyBody)
    await fc.assert(
      fc.asyncProperty(code, fc.boolean(), additionBody, contentType, async (c, add, body, type) => {
        // The code in the body (as the app sends it), and in the retired path form (410), both hostile.
        if (add) await fire(t, 'POST', '/api/v1/receipts/additions', { 'content-type': type }, withCode(body, c))
        else await fire(t, 'POST', '/api/v1/receipts/lookup', { 'content-type': 'application/json' }, JSON.stringify({ code: c }))
        await fire(t, 'GET', `/api/v1/receipts/${encoded(c)}`, {})
      }),
      { numRuns: 1500 },
    )
  }, FUZZ_TIMEOUT)

  it('every route, any method: 3,000 hostile paths, queries, headers and bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
        fc.option(fc.array(hostileString, { minLength: 1, maxLength: 3 }), { nil: undefined }),
        queryString,
        hostileHeaders,
        fc.option(anyBody, { nil: undefined }),
        contentType,
        async (route, method, segments, query, headers, body, type) => {
          // Sometimes the route as is, sometimes with hostile path segments in place of its parameters or after it.
          const path = segments ? `${route.url.replace(/\/[^/]*$/, '')}/${segments.map(encoded).join('/')}` : route.url
          const m = body === undefined ? method : method === 'GET' || method === 'HEAD' ? 'POST' : method
          await fire(t, m, `${path}${query}`, { ...headers, 'content-type': body === undefined ? undefined : type }, body)
        },
      ),
      { numRuns: 3000 },
    )
  }, FUZZ_TIMEOUT)

  it('proof of work and idempotency headers: 1,500 hostile values with POW_REQUIRED', async () => {
    // Mostly a valid key and body, so the hostile proof-of-work header is what gets judged.
    const validKey = fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })
    await fc.assert(
      fc.asyncProperty(hostileHeaders, validKey, fc.option(mutatedReport, { nil: undefined, freq: 4 }), async (headers, keep, body) => {
        const key = keep ? newKey() : headers['idempotency-key']
        await fire(pow, 'POST', '/api/v1/reports', { ...headers, 'idempotency-key': key, 'content-type': 'application/json' }, body ?? JSON.stringify(contractBody()))
      }),
      { numRuns: 1500 },
    )
  }, FUZZ_TIMEOUT)

  it('sent over 10,000 requests, and reached the database as well as validation', () => {
    expect(total).toBeGreaterThanOrEqual(10_000)
    const statuses = new Map<number, number>()
    for (const o of outcomes) statuses.set(o.res.statusCode, (statuses.get(o.res.statusCode) ?? 0) + 1)
    expect(statuses.get(201) ?? 0).toBeGreaterThan(100)
    expect(statuses.get(400) ?? 0).toBeGreaterThan(1000)
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([])
    if (process.env.FUZZ_REPORT) console.log(JSON.stringify(Object.fromEntries([...statuses].sort())), JSON.stringify(countBy(outcomes.map((o) => `${o.route.startsWith('POST /api/v1/reports') ? 'intake' : o.route.split(' ')[0]} ${problemCode(o.res)}`))))
  })

  it('stored exactly what it acknowledged: no row from a refused request', async () => {
    const acceptedReports = new Set(outcomes.filter((o) => o.route === 'POST /api/v1/reports' && o.res.statusCode === 201).map((o) => o.key!))
    const acceptedAdditions = outcomes.filter((o) => o.route.endsWith('/additions') && o.res.statusCode === 201).length
    const db = t.database
    const keys = new Set((await db.query<{ key: string }>('select key from idempotency_keys')).map((r) => r.key))
    // The three set-up reports are stored too.
    expect(keys.size).toBe(acceptedReports.size + 3)
    for (const k of acceptedReports) expect(keys.has(idempotencyKeyHash(k))).toBe(true)
    const [counts] = await db.query<{ reports: number; receipts: number; additions: number; cells: number; hours: number }>(
      `select (select count(*)::int from reports) as reports, (select count(*)::int from receipts) as receipts,
              (select count(*)::int from report_additions) as additions,
              (select coalesce(sum(n), 0)::int from rollup_cell_day) as cells, (select coalesce(sum(n), 0)::int from rollup_hour_day) as hours`,
    )
    expect(counts).toEqual({ reports: keys.size, receipts: keys.size, additions: acceptedAdditions, cells: keys.size, hours: keys.size })
    const [staff] = await db.query<{ n: number }>('select count(*)::int as n from staff_sessions')
    expect(staff!.n).toBe(0)
    // Hostile text that was accepted is stored as text, exactly: it is data, never markup or SQL.
    const stored = await db.query<{ description: string | null }>(`select description from reports where description like '%' || $1 || '%'`, [MARK])
    for (const r of stored) expect(HTML.some((h) => r.description!.includes(h.trim()))).toBe(true)
  })
})
