// bench/instances: intake throughput through HAProxy with one and with three API instances on the same machine
// (shared rate-limit store in PostgreSQL, as deployed), and the 429 rate of one resident sending 5× its limit.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/instances/run.ts [--seconds 10] [--clients 16]
// Last line: `ratio 3-instances/1-instance: X` (on a 2-core machine about 1; it must not fall below 0.8).
import { createDatabase, loadMunicipalities, runMigrations } from '@meldpunt/db'
import { sleep, startApi, type Child } from '../../tests/durability/harness.js'
import { closedLoop, summarize } from '../../tests/durability/load.js'
import { contractBody, newKey } from '../../tests/fixtures.js'
import { send, SHARED_KEY, startHaproxy } from '../../tests/instances/harness.js'
import { arg, freshDatabase } from '../shared.js'

const seconds = Number(arg('--seconds') ?? 10)
const clients = Number(arg('--clients') ?? 16)

const url = await freshDatabase('meldpunt_bench_instances')
const db = await createDatabase({ url })
await runMigrations(db)
await loadMunicipalities(db)
await db.close()

const ENV = {
  DATABASE_URL: url,
  ALTCHA_HMAC_KEY: SHARED_KEY,
  TRUST_PROXY: '127.0.0.1',
  MIGRATE_ON_START: 'false',
  SPIKE_SCHEDULE: 'false',
  // Proof of work is the client's cost, not the server's: off, so the load generator measures intake.
  POW_REQUIRED: 'false',
  RATE_LIMIT_STORE: 'database',
  DB_POOL_SIZE: '8',
}

async function stopAll(children: Child[]): Promise<void> {
  for (const c of children) c.proc.kill('SIGTERM')
  await Promise.all(children.map((c) => c.exited))
}

/** Reports per second through the proxy with `n` instances (closed loop, one resident, limits out of the way). */
async function throughput(n: number): Promise<{ perS: number; p99: number }> {
  const api = await Promise.all(Array.from({ length: n }, () => startApi(ENV)))
  const proxy = await startHaproxy(api.map((c) => c.port))
  try {
    await closedLoop(proxy.url, clients, 3) // warm-up: JIT, pools, prepared statements
    const s = summarize(await closedLoop(proxy.url, clients, seconds))
    return { perS: s.createdPerS, p99: s.p99Ms }
  } finally {
    await proxy.stop()
    await stopAll(api)
  }
}

/** One resident sending 5× its per-minute limit over three instances: the share refused with 429. */
async function refusals(limit: number): Promise<{ sent: number; accepted: number; refused: number }> {
  const api = await Promise.all([0, 1, 2].map(() => startApi({ ...ENV, RATE_LIMIT_REPORTS: String(limit) })))
  const proxy = await startHaproxy(api.map((c) => c.port))
  try {
    let accepted = 0
    let refused = 0
    for (let i = 0; i < 5 * limit; i++) {
      const res = await send(`${proxy.url}/api/v1/reports`, { method: 'POST', localAddress: '127.0.0.2', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() }, body: JSON.stringify(contractBody()) })
      if (res.status === 201) accepted++
      else if (res.status === 429) refused++
    }
    return { sent: 5 * limit, accepted, refused }
  } finally {
    await proxy.stop()
    await stopAll(api)
  }
}

const one = await throughput(1)
await sleep(2000)
const three = await throughput(3)
await sleep(2000)
const limited = await refusals(30)

console.log(`\nbench/instances: ${clients} clients, ${seconds} s per phase, PostgreSQL rate-limit store, through HAProxy`)
console.log(`1 instance   ${one.perS.toFixed(0).padStart(6)} reports/s   p99 ${one.p99.toFixed(0)} ms`)
console.log(`3 instances  ${three.perS.toFixed(0).padStart(6)} reports/s   p99 ${three.p99.toFixed(0)} ms`)
console.log(`5× limit     ${limited.sent} sent by one resident at a limit of ${limited.sent / 5}/min: ${limited.accepted} accepted, ${limited.refused} × 429 (429 rate ${(limited.refused / limited.sent).toFixed(2)}, expected 0.80)`)
console.log(`ratio 3-instances/1-instance: ${(three.perS / one.perS).toFixed(2)}`)
