// bench/overload: what the API does at 1×, 2× and 5× its sustainable intake rate on PostgreSQL: offered and answered
// rates, 201s and 503s, p99 latency, peak RSS, and whether every acknowledged report was stored.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/overload/run.ts [--seconds 10]
import { createDatabase, loadMunicipalities, runMigrations } from '@meldpunt/db'
import { idempotencyKeyHash } from '../../apps/api/src/modules/intake/service.js'
import { sleep, startApi } from '../../tests/durability/harness.js'
import { closedLoop, openLoop, summarize, withPeakRss, type LoadSummary } from '../../tests/durability/load.js'
import { arg, freshDatabase } from '../shared.js'

const seconds = Number(arg('--seconds') ?? 10)
const factors = [1, 2, 5]

const url = await freshDatabase('meldpunt_bench_overload')
const db = await createDatabase({ url })
await runMigrations(db)
await loadMunicipalities(db)
// Production defaults, as .env.example ships them; only the limits unrelated to overload are lifted.
const METRICS_TOKEN = 'bench-metrics-token-0123456789'
const api = await startApi({ DATABASE_URL: url, METRICS_TOKEN })

/** Server-side p99 of 503 answers from the API's own histogram (bucket upper bound): time inside the server. */
async function serverP99Of503(): Promise<string> {
  const text = await (await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()
  const buckets = text
    .split('\n')
    .filter((l) => l.startsWith('meldpunt_http_request_duration_seconds_bucket') && l.includes('route="/api/v1/reports"') && l.includes('status="503"'))
    .map((l) => ({ le: /le="([^"]+)"/.exec(l)![1]!, n: Number(l.split(' ').at(-1)) }))
  const total = buckets.find((b) => b.le === '+Inf')?.n ?? 0
  if (total === 0) return '-'
  const b = buckets.find((x) => x.n >= 0.99 * total)!
  return b.le === '+Inf' ? '>10 s' : `≤${Number(b.le) * 1000} ms`
}

const baselineRss = api.rssBytes()
await closedLoop(api.url, 8, 3) // warm-up
const sustainable = summarize(await closedLoop(api.url, 32, seconds))
const rate = sustainable.createdPerS
const acked: string[] = [...sustainable.acked]

interface Row {
  label: string
  offered: string
  s: LoadSummary
  peakRss: number
  server503: string
}
const rows: Row[] = [{ label: 'sustainable (32 clients, closed loop)', offered: '-', s: sustainable, peakRss: api.rssBytes(), server503: '-' }]
for (const f of factors) {
  await sleep(3000) // let queues drain between phases
  const offered = Math.round(rate * f)
  const { result, peakRss } = await withPeakRss(api.rssBytes, () => openLoop(api.url, offered, seconds, 30_000))
  const s = summarize(result)
  acked.push(...s.acked)
  rows.push({ label: `${f}× (open loop)`, offered: String(offered), s, peakRss, server503: await serverP99Of503() })
}

// Back to normal without a restart?
await sleep(3000)
const after = summarize(await closedLoop(api.url, 32, Math.min(5, seconds)))
acked.push(...after.acked)
rows.push({ label: 'afterwards (32 clients)', offered: '-', s: after, peakRss: api.rssBytes(), server503: '-' })

const [stored] = await db.query<{ n: number }>('select count(*)::int as n from idempotency_keys where key = any($1)', [acked.map(idempotencyKeyHash)])

const mb = (b: number) => `${Math.round(b / 1e6)} MB`
const fmt = (n: number) => String(Math.round(n))
const table = [
  ['phase', 'offered/s', 'sent/s', '201/s', '201/s ÷ sustainable', '503', 'other', 'p99 all', 'p99 503 (client)', 'p99 503 (server)', 'peak RSS'],
  ...rows.map((r) => [
    r.label,
    r.offered,
    fmt(r.s.sentPerS),
    fmt(r.s.createdPerS),
    (r.s.createdPerS / rate).toFixed(2),
    String(r.s.overloaded),
    Object.keys(r.s.other).length ? JSON.stringify(r.s.other) : '0',
    `${fmt(r.s.p99Ms)} ms`,
    r.s.overloaded ? `${fmt(r.s.p99RefusalMs)} ms` : '-',
    r.server503,
    mb(r.peakRss),
  ]),
]
const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)))
const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`
console.log(`\nbench/overload: ${seconds} s per phase, PostgreSQL, DB_POOL_SIZE 10, baseline RSS ${mb(baselineRss)}`)
console.log(line(table[0]!))
console.log(line(widths.map((w) => '-'.repeat(w))))
for (const row of table.slice(1)) console.log(line(row))
console.log(`\nacknowledged reports: ${acked.length}; stored: ${stored!.n}${stored!.n === acked.length ? ' (all)' : ' — MISSING SOME'}`)

api.proc.kill('SIGTERM')
console.log(`API exit after SIGTERM: ${await api.exited}`)
await db.close()
