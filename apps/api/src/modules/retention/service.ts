// Runs the retention purge on a schedule: free text past each municipality's retention period goes, counts stay.
import { pruneInstanceState, purgeExpiredText, type Database, type RetentionRun } from '@meldpunt/db'
import type { FastifyBaseLogger } from 'fastify'
import type { JobLeases } from '../../lib/job-lease.js'

export interface RetentionScheduleOptions {
  db: Database
  log: FastifyBaseLogger
  /** Minutes between runs; 0 turns the schedule off. */
  intervalMinutes: number
  idempotencyKeyTtlDays: number
  /** Delay before the first run, so a restart loop does not purge in a tight loop (default one minute). */
  firstRunDelayMs?: number
  onRun?: (run: RetentionRun) => void
  /** Runs each interval's purge once across instances (lease per interval); unset: every process purges. */
  jobs?: JobLeases
}

export interface RetentionSchedule {
  /** Resolves when a run in progress has finished; no run starts after this. */
  stop(): Promise<void>
}

export async function runRetention(db: Database, log: FastifyBaseLogger, idempotencyKeyTtlDays: number): Promise<RetentionRun> {
  const run = await purgeExpiredText(db, { idempotencyKeyTtlDays })
  // Finished rate-limit windows and spent challenges past their expiry: nothing else ever reads them again.
  const shared = await pruneInstanceState(db)
  log.info(shared, 'expired rate-limit windows and spent challenges deleted')
  if (!run.ran) log.info('retention purge skipped: another instance is running it')
  else {
    // Counts per municipality only: the log must never carry the text itself.
    const texts = run.purged.reduce((n, p) => n + p.count, 0)
    log.info({ textsPurged: texts, municipalities: new Set(run.purged.map((p) => p.municipalityCode)).size, idempotencyKeysDeleted: run.idempotencyKeysDeleted }, 'retention purge done')
  }
  return run
}

export function startRetentionSchedule(opts: RetentionScheduleOptions): RetentionSchedule {
  if (opts.intervalMinutes <= 0) return { stop: async () => {} }
  let stopped = false
  let running: Promise<unknown> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined
  const tick = (): void => {
    if (stopped) return
    const work = (): Promise<void> => runRetention(opts.db, opts.log, opts.idempotencyKeyTtlDays).then((run) => opts.onRun?.(run))
    const interval = String(Math.floor(Date.now() / (opts.intervalMinutes * 60_000)))
    running = (opts.jobs ? opts.jobs.run('retention-purge', interval, work) : work())
      // A failed run is retried at the next interval; the text stays a little longer, nothing is lost.
      .catch((err: unknown) => opts.log.error({ err }, 'retention purge failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, opts.intervalMinutes * 60_000).unref()
      })
  }
  timer = setTimeout(tick, opts.firstRunDelayMs ?? 60_000).unref()
  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
