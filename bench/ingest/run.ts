// bench/ingest: intake throughput and latency on PostgreSQL, beside a bare pg insert and a do-nothing Fastify route.
// The API runs as its own process; the load generator and the baselines run here.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/ingest/run.ts [--seconds 10] [--connections 10] [--warmup 3]
import autocannon from 'autocannon'
import Fastify from 'fastify'
import pg from 'pg'
import { randomBytes, randomUUID } from 'node:crypto'
import { COUNTER_SHARDS, createDatabase, loadMunicipalities, MunicipalityIndex, prepareReport, runIntakeStatement, runMigrations } from '@meldpunt/db'
import { spawn } from 'node:child_process'
import { buildReferrals, formatReceiptCode, NewReport } from '@meldpunt/core'
import { fingerprint, idempotencyKeyHash, reportFields, sealResponse } from '../../apps/api/src/modules/intake/service.js'
import { arg, cpuPerItem, freshDatabase, percentile, readCpu, type CpuReading } from '../shared.js'

const seconds = Number(arg('--seconds') ?? 10)
const connections = Number(arg('--connections') ?? 10)
// Every path runs this long before it is measured, so no number includes JIT warm-up, connection set-up or cold caches.
const warmupSeconds = Number(arg('--warmup') ?? 3)

const databaseName = 'meldpunt_bench_ingest'
const url = await freshDatabase(databaseName)
const database = await createDatabase({ url, poolSize: connections })
await runMigrations(database)
await loadMunicipalities(database)

function reportBody(i: number): string {
  const to = new Date(Date.now() - 3_600_000)
  return JSON.stringify({
    category: 'catcalling',
    setting: 'street',
    role: 'victim',
    occurredAt: { from: new Date(to.getTime() - 1_800_000).toISOString(), to: to.toISOString() },
    location: { lat: 52.36 + (i % 100) * 0.0002, lon: 4.88 + (i % 97) * 0.0003, precision: 'exact' },
    about: { ageBand: '18-24', gender: 'woman', groups: [] },
    description: 'Benchmark report.',
    heardVia: 'poster',
  })
}

const BODIES = Array.from({ length: 1000 }, (_v, i) => reportBody(i))
// Buffers, so the load generator does not encode the same string again for every request.
const BODY_BUFFERS = BODIES.map((b) => Buffer.from(b))

/** The tables the storing paths fill. */
const WRITTEN = 'idempotency_keys, receipts, reports, rollup_cell_day, rollup_hour_day, rollup_cell_hour, rollup_cell_month, intake_hourly'

/**
 * Every storing path starts from the same state: no rows from the path before (bigger indexes, autovacuum and
 * analyze running in the middle of the next path) and nothing dirty left for the next path's checkpoints to write.
 */
async function startFromEmpty(): Promise<void> {
  await database.exec(`truncate ${WRITTEN} cascade`)
  await database.exec('checkpoint')
}

/**
 * Statistics for the tables a path fills, taken when its warm-up ends, as autovacuum's analyze would take them in
 * production. Without it (a server with autovacuum off), a plan cached while the tables were empty stays for the
 * whole path: the foreign-key check of every receipt then walks all reports of the municipality through another index.
 */
function analyzeAfterWarmup(): Promise<void> {
  return new Promise((resolve, reject) => setTimeout(() => database.exec(`analyze ${WRITTEN}`).then(resolve, reject), warmupSeconds * 1000))
}

interface PathResult {
  rps: number
  p50: number
  p99: number
  non2xx: number
  /** CPU ms per successful request, warm-up included, by process group (null off Linux). */
  cpu: CpuReading | null
}

async function cannon(target: string, path: string, withKey: boolean, serverPid?: number): Promise<PathResult> {
  let i = 0
  const before = readCpu(serverPid, databaseName)
  const analyzed = withKey && warmupSeconds > 0 ? analyzeAfterWarmup() : Promise.resolve()
  const result = await autocannon({
    url: target,
    connections,
    duration: seconds,
    // Counted apart from the result: autocannon reports only what follows the warm-up.
    ...(warmupSeconds > 0 ? { warmup: { connections, duration: warmupSeconds } } : {}),
    requests: [
      {
        method: withKey ? 'POST' : 'GET',
        path,
        setupRequest: (req) => {
          if (!withKey) return req
          i++
          // Bodies are built once: the load generator shares the machine, and its CPU is taken from the server.
          return { ...req, headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: BODY_BUFFERS[i % BODY_BUFFERS.length] }
        },
      },
    ],
  })
  await analyzed
  const after = readCpu(serverPid, databaseName)
  const warm = (result as { warmup?: { '2xx': number } }).warmup?.['2xx'] ?? 0
  // Only successful answers count as throughput: a fast 503 is not an intake.
  return {
    rps: result['2xx'] / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    cpu: cpuPerItem(before, after, result['2xx'] + warm),
  }
}

// 1. A Fastify route that does nothing: the ceiling of HTTP handling on this machine.
const noop = Fastify()
noop.get('/noop', async () => ({ ok: true }))
await noop.listen({ host: '127.0.0.1', port: 0 })
const noopUrl = `http://127.0.0.1:${(noop.server.address() as { port: number }).port}`
const noopResult = await cannon(noopUrl, '/noop', false)
await noop.close()

/** `connections` workers each running `once(n)` back to back: a warm-up, then `seconds` measured. */
async function poolLoop(once: (n: number) => Promise<void>): Promise<PathResult> {
  const latencies: number[] = []
  let done = 0
  let all = 0
  const before = readCpu(undefined, databaseName)
  const phase = async (duration: number, measured: boolean) => {
    const deadline = Date.now() + duration * 1000
    await Promise.all(
      Array.from({ length: connections }, async (_v, w) => {
        for (let n = w; Date.now() < deadline; n += connections) {
          const start = performance.now()
          await once(n)
          all++
          if (!measured) continue
          latencies.push(performance.now() - start)
          done++
        }
      }),
    )
  }
  if (warmupSeconds > 0) {
    await phase(warmupSeconds, false)
    await database.exec(`analyze ${WRITTEN}`)
  }
  await phase(seconds, true)
  // Read before the pool closes: a backend that has exited takes its CPU time with it.
  const cpu = cpuPerItem(before, readCpu(undefined, databaseName), all)
  latencies.sort((a, b) => a - b)
  return { rps: done / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), non2xx: 0, cpu }
}

// 2a. The report row alone through a bare pg pool at the same concurrency: the floor of storing anything at all.
await startFromEmpty()
const pool = new pg.Pool({ connectionString: url, max: connections })
const bareRow = await poolLoop(async (n) => {
  await pool.query(
    `insert into reports (municipality_code, id, occurred_from, occurred_to, location, location_precision, category, setting,
       reporter_role, age_band, gender, description, heard_via, cell_x, cell_y, local_day, local_hour, local_weekday)
     values ('GM0363', $1, now() - interval '90 minutes', now() - interval '60 minutes', ST_SetSRID(ST_MakePoint($2, $3), 4326), 'exact',
       'catcalling', 'street', 'victim', '18-24', 'woman', 'Benchmark report.', 'poster', 1211, 4870, current_date, 21, 6)`,
    [randomUUID(), 4.88 + (n % 97) * 0.0003, 52.36 + (n % 100) * 0.0002],
  )
})
await pool.end()

// 2b. The same rows intake writes (report, receipt, four rollups, cap counter, key with a sealed answer of the same
// size) through a bare pg pool at the same concurrency: the intake statement with values computed beforehand, and
// no HTTP, validation, routing, referral or encryption. This is the "same rows" baseline.
await startFromEmpty()
const prepared = await createDatabase({ url, poolSize: connections })
// A sealed answer as long as the ones intake stores for these bodies (Dutch help list); printed beside them below.
const sampleAnswer = JSON.stringify({
  id: randomUUID(),
  receipt: formatReceiptCode(randomBytes(13)),
  receivedAt: new Date().toISOString(),
  municipality: { code: 'GM0363', name: 'Amsterdam' },
  help: buildReferrals({ category: 'catcalling', urgent: false, occurredAt: JSON.parse(BODIES[0]!).occurredAt, role: 'victim', ageBand: '18-24', lang: 'nl' }),
})
const sealed = sealResponse(randomUUID(), sampleAnswer)
// The rows themselves are the ones intake derives from the same bodies (routing, cells, local day and hour, the
// payload fingerprint), computed here beforehand; only the id, receipt hash and key are new for each insert.
const index = await MunicipalityIndex.load(database)
const PREPARED = await Promise.all(
  BODIES.map(async (body) => {
    const report = NewReport.parse(JSON.parse(body))
    const hit = await index.find(report.location.lon, report.location.lat)
    if (!hit) throw new Error('bench body outside every municipality')
    return { row: prepareReport(hit.code, reportFields(report, '', new Uint8Array())), fingerprint: fingerprint(randomUUID(), report) }
  }),
)
const bare = await poolLoop(async (n) => {
  const p = PREPARED[n % PREPARED.length]!
  const outcome = await runIntakeStatement(prepared, {
    keyHash: idempotencyKeyHash(randomUUID()),
    fingerprint: p.fingerprint,
    report: { ...p.row, id: randomUUID(), receiptHash: randomBytes(32) },
    response: { status: 201, sealedBody: sealed },
    hourlyCap: 1_000_000_000,
    shard: n % COUNTER_SHARDS,
  })
  if (outcome.kind !== 'created') throw new Error(`same-rows baseline: ${outcome.kind}`)
})
await prepared.close()

// 3. The real intake endpoint: validation, idempotency, routing, report + receipt + rollups + key in one statement.
// The API runs in its own process, as in production: in this process it would share one event loop with the
// load generator, while the bare insert above does not pay for a load generator at all.
const port = 18000 + Math.floor(Math.random() * 1000)
const api = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
  env: {
    ...process.env,
    DATABASE_URL: url,
    PORT: String(port),
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    RATE_LIMIT_REPORTS: '1000000000',
    RATE_LIMIT_GLOBAL: '1000000000',
    MUNICIPALITY_HOURLY_CAP: '1000000000',
    DB_POOL_SIZE: String(connections),
    RETENTION_INTERVAL_MINUTES: '0',
    SPIKE_SCHEDULE: 'false',
    POW_REQUIRED: 'false',
    ALTCHA_HMAC_KEY: 'bench-ingest-key-0123456789abcdef0123456789',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
})
const appUrl = `http://127.0.0.1:${port}`
for (let i = 0; i < 120; i++) {
  if (await fetch(`${appUrl}/readyz`).then((r) => r.ok).catch(() => false)) break
  await new Promise((r) => setTimeout(r, 500))
}
await startFromEmpty()
const intake = await cannon(appUrl, '/api/v1/reports', true, api.pid)
api.kill('SIGTERM')
await new Promise((r) => api.once('exit', r))
// Printed because the server's autovacuum decides whether anything but analyzeAfterWarmup refreshes statistics mid-path.
const [autovacuum] = await database.query<{ autovacuum: string }>('show autovacuum')
const [stored] = await database.query<{ n: number; chars: number }>(
  `select count(*)::int as n, coalesce(avg(length(response_body)), 0)::int as chars from idempotency_keys`,
)
await database.close()

const row = (name: string, r: PathResult) =>
  `${name.padEnd(22)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(9)} ${r.p99.toFixed(2).padStart(9)} ${String(r.non2xx).padStart(7)}`
console.log(`connections ${connections}, ${seconds} s each after ${warmupSeconds} s warm-up, PostgreSQL ${url.replace(/\/\/[^@]*@/, '//')}, autovacuum ${autovacuum?.autovacuum}`)
console.log(`${'path'.padEnd(22)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'non-2xx'.padStart(7)}`)
console.log(row('fastify no-op route', noopResult))
console.log(row('bare pg: report row', bareRow))
console.log(row('bare pg: same rows', bare))
console.log(row('POST /api/v1/reports', intake))
// Where the CPU went: on a small shared machine the load generator, the API and PostgreSQL share the cores, so
// only work outside the database (HTTP, validation, routing, help, sealing) can move the ratio below.
const cpuRow = (name: string, r: PathResult, server: string) =>
  r.cpu
    ? `${name.padEnd(22)} ${r.cpu.self.toFixed(3).padStart(9)} ${(server ? r.cpu.child.toFixed(3) : '-').padStart(9)} ${r.cpu.postgres.toFixed(3).padStart(9)} ${(r.cpu.self + r.cpu.child + r.cpu.postgres).toFixed(3).padStart(9)}`
    : `${name.padEnd(22)} (no /proc here)`
console.log(`CPU ms per request     ${'bench'.padStart(9)} ${'API'.padStart(9)} ${'postgres'.padStart(9)} ${'total'.padStart(9)}`)
console.log(cpuRow('bare pg: same rows', bare, ''))
console.log(cpuRow('POST /api/v1/reports', intake, 'api'))
console.log(`intake reports stored, warm-up included: ${stored?.n}; sealed answer ${stored?.chars} chars on average (same-rows baseline: ${sealed.length})`)
console.log(`ratio intake/no-op: ${(intake.rps / noopResult.rps).toFixed(3)}`)
console.log(`ratio intake/bare-report-row: ${(intake.rps / bareRow.rps).toFixed(3)}`)
console.log(`ratio intake/bare-insert: ${(intake.rps / bare.rps).toFixed(3)}`)
