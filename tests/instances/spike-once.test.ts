// the daily spike check across three instances started together on the check hour runs once (job lease),
// each alert reaches a local webhook receiver once; when the instance running it is SIGKILLed mid-run, another
// takes the run over after the lease expires and completes it.
import { addDays, localDay } from '@meldpunt/core'
import { createDatabase, insertReportsBulk, loadMunicipalities, runMigrations, type Database, type ReportRow } from '@meldpunt/db'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest'
import { sleep, startApi, type Child } from '../durability/harness.js'
import { resetData } from '../helpers/database.js'
import { SHARED_KEY } from './harness.js'
import { reportRow } from '../fixtures.js'

const DATABASE_URL = process.env.DATABASE_URL
if (!DATABASE_URL) throw new Error('tests/instances need DATABASE_URL (PostgreSQL)')

const SPIKY = 'GM0599'
const PLACE = { lat: 51.9225, lon: 4.4792 }
const CATEGORIES = ['catcalling', 'sexual-comments', 'following', 'insults']
const ENV = {
  ALTCHA_HMAC_KEY: SHARED_KEY,
  DATABASE_URL: DATABASE_URL,
  MIGRATE_ON_START: 'false',
  SPIKE_SCHEDULE: 'true',
  // Hour 0: every instance starting now is past the check hour with yesterday unchecked, so all three start the run.
  SPIKE_CHECK_HOUR: '0',
  JOB_LEASE_SECONDS: '2',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
  WEBHOOK_MAX_ATTEMPTS: '3',
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_TIMEOUT_MS: '30000',
}

let db: Database
let api: Child[] = []
const yesterday = addDays(localDay(new Date()), -1)

/** 40 quiet days of 2 reports, then 30 yesterday: one alert for Rotterdam. */
async function seedSpike(webhookUrl: string): Promise<void> {
  await resetData(db)
  const rows: ReportRow[] = []
  for (let d = 40; d >= 1; d--) {
    const day = addDays(localDay(new Date()), -d)
    const n = d === 1 ? 30 : 2
    for (let i = 0; i < n; i++) {
      const at = new Date(`${day}T11:00:00Z`)
      rows.push(reportRow({ occurredFrom: at, occurredTo: at, lon: PLACE.lon, lat: PLACE.lat, category: CATEGORIES[i % 4]! }))
    }
  }
  await db.transaction((tx) => insertReportsBulk(tx, rows))
  await db.query(`insert into alert_settings (municipality_code, webhook_url, webhook_secret) values ($1, $2, 'test-secret')`, [SPIKY, webhookUrl])
}

/** A webhook receiver; `hold` keeps the first delivery unanswered (the holder is mid-run when it is killed). */
async function receiver(hold = false): Promise<{ url: string; received: string[]; close(): Promise<void> }> {
  const received: string[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push(Buffer.concat(chunks).toString())
      if (hold && received.length === 1) return
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()) }),
  }
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (await check()) return
    await sleep(100)
  }
  throw new Error('condition not reached in time')
}

const runDone = async () => (await db.query(`select 1 from spike_runs where day = $1`, [yesterday])).length === 1
const alerts = () => db.query<{ delivered: boolean }>(`select delivered_at is not null as delivered from spike_alerts where municipality_code = $1 and day = $2`, [SPIKY, yesterday])

beforeAll(async () => {
  db = await createDatabase({ url: DATABASE_URL })
  await runMigrations(db)
  await loadMunicipalities(db)
})
afterEach(async () => {
  for (const c of api) if (c.proc.exitCode === null) c.proc.kill('SIGKILL')
  await Promise.all(api.map((c) => c.exited))
  api = []
})
afterAll(() => db?.close())

describe('the spike check on three instances', () => {
  it('runs once, and delivers each alert once', async () => {
    const hook = await receiver()
    try {
      await seedSpike(hook.url)
      api = await Promise.all([0, 1, 2].map(() => startApi(ENV)))
      await until(async () => (await runDone()) && (await alerts()).every((a) => a.delivered), 60_000)
      // Let the others look again after their lease wait: still one run, nothing sent twice.
      await sleep(2500)
      const list = await alerts()
      expect(list.length).toBeGreaterThan(0)
      expect(hook.received).toHaveLength(list.length)
      const leases = await db.query<{ n: number }>(`select count(*)::int as n from job_leases where job = 'spike-check' and run_key = $1 and finished_at is not null`, [yesterday])
      expect(leases[0]!.n).toBe(1)
    } finally {
      await hook.close()
    }
  })

  it('is finished by another instance when the one running it is killed mid-run', async () => {
    const hook = await receiver(true)
    try {
      await seedSpike(hook.url)
      api = await Promise.all([0, 1, 2].map(() => startApi(ENV)))
      // The holder is mid-run once its delivery reached the receiver, which does not answer.
      await until(async () => hook.received.length >= 1, 60_000)
      const [lease] = await db.query<{ holder: string }>(`select holder from job_leases where job = 'spike-check' and run_key = $1`, [yesterday])
      const pid = Number(lease!.holder.split(':')[1])
      const victim = api.find((c) => c.proc.pid === pid)
      expect(victim).toBeDefined()
      expect(await runDone()).toBe(false)
      victim!.proc.kill('SIGKILL')
      await victim!.exited
      // The run is finished elsewhere once the dead holder's lease expired. The alert it was sending stays claimed
      // by the dead sender for the webhook timeout plus 30 s, and goes out on a later delivery pass (not waited for).
      await until(runDone, 60_000)
      const [after] = await db.query<{ holder: string; finished: boolean }>(`select holder, finished_at is not null as finished from job_leases where job = 'spike-check' and run_key = $1`, [yesterday])
      expect(after!.finished).toBe(true)
      expect(after!.holder).not.toBe(lease!.holder)
      // Still one alert for the day: the taken-over run did not raise it twice.
      expect(await alerts()).toHaveLength(1)
    } finally {
      await hook.close()
    }
  })
})
