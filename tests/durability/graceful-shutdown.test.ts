// SIGTERM on PostgreSQL: the API stops accepting, finishes the reports in flight, closes the pool and exits 0;
// past SHUTDOWN_TIMEOUT_MS it exits 1 without acknowledging anything it did not store.
import { createDatabase, loadMunicipalities, runMigrations, type Database } from '@meldpunt/db'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { idempotencyKeyHash } from '../../apps/api/src/modules/intake/service.js'
import { contractBody, newKey } from '../fixtures.js'
import { holdIntake, resetData } from '../helpers/database.js'
import { postReport, sleep, startApi, type Attempt } from './harness.js'

const DATABASE_URL = process.env.DATABASE_URL
if (!DATABASE_URL) console.warn('durability: skipped — set DATABASE_URL to a PostgreSQL database (these tests signal a server process on it)')

describe.skipIf(!DATABASE_URL)('SIGTERM', () => {
  let db: Database
  beforeAll(async () => {
    db = await createDatabase({ url: DATABASE_URL })
    await runMigrations(db)
    await loadMunicipalities(db)
  })
  beforeEach(() => resetData(db))
  afterAll(() => db?.close())

  it('finishes in-flight reports, refuses new connections, closes the pool and exits 0', async () => {
    const api = await startApi({ DATABASE_URL: DATABASE_URL!, LOG_LEVEL: 'info' })
    const hold = await holdIntake(db)
    const keys = Array.from({ length: 8 }, newKey)
    const inFlight = keys.map((k) => postReport(api.url, k, JSON.stringify(contractBody())))
    await sleep(500)
    api.proc.kill('SIGTERM')
    await sleep(300)
    // The listener is closed: a new connection is refused, it is not left hanging.
    expect((await postReport(api.url, newKey(), JSON.stringify(contractBody()), 2000)).status).toBe('network-error')
    hold.release()
    await hold.done
    const answers: Attempt[] = await Promise.all(inFlight)
    expect(answers.map((a) => a.status)).toEqual(keys.map(() => 201))
    expect(await api.exited, api.output()).toBe(0)
    // Logged after the pool has closed.
    expect(api.output()).toContain('shutdown complete')
    const stored = await db.query<{ key: string }>('select key from idempotency_keys where key = any($1)', [keys.map(idempotencyKeyHash)])
    expect(stored).toHaveLength(keys.length)
  })

  it('gives up after SHUTDOWN_TIMEOUT_MS with exit 1; what it had not stored was never acknowledged, and a retry stores it once', async () => {
    const api = await startApi({ DATABASE_URL: DATABASE_URL!, SHUTDOWN_TIMEOUT_MS: '1500', LOG_LEVEL: 'info' })
    const hold = await holdIntake(db)
    const keys = Array.from({ length: 4 }, newKey)
    const bodies = keys.map(() => JSON.stringify(contractBody()))
    const inFlight = keys.map((k, i) => postReport(api.url, k, bodies[i]!, 10_000))
    await sleep(500)
    api.proc.kill('SIGTERM')
    expect(await api.exited).toBe(1)
    expect(api.output()).toContain('shutdown timed out')
    const answers = await Promise.all(inFlight)
    expect(answers.every((a) => a.status !== 201)).toBe(true)
    hold.release()
    await hold.done
    // None was acknowledged. Intake is one autocommit statement: one already sent may still commit after the
    // process is gone (PostgreSQL notices the lost client only every client_connection_check_interval), so each
    // key is stored at most once ...
    const stored = await db.query<{ key: string }>('select key from idempotency_keys where key = any($1)', [keys.map(idempotencyKeyHash)])
    expect(new Set(stored.map((r) => r.key)).size).toBe(stored.length)
    // ... and the client's retry after a restart files each exactly once (a stored one is replayed, not refiled).
    const again = await startApi({ DATABASE_URL: DATABASE_URL! })
    try {
      for (const [i, k] of keys.entries()) expect((await postReport(again.url, k, bodies[i]!)).status).toBe(201)
      const [n] = await db.query<{ n: number }>('select count(*)::int as n from reports')
      expect(n!.n).toBe(keys.length)
    } finally {
      again.proc.kill('SIGTERM')
      await again.exited
    }
  })
})
