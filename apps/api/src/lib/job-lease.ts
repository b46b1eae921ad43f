// Runs a background job once across API instances: the run's lease row (packages/db/src/instances.ts) is taken,
// renewed while the job works and marked finished after; a holder that dies (SIGKILL) stops renewing, its lease
// expires, and an instance that found the run held takes it over and finishes it.
import { acquireLease, finishLease, releaseLease, renewLease, type Queryable } from '@meldpunt/db'
import type { FastifyBaseLogger } from 'fastify'
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'

export type JobOutcome = 'ran' | 'skipped' | 'failed' | 'stopped'

export interface JobLeaseOptions {
  db: Queryable
  log: FastifyBaseLogger
  /** How long a lease lasts without renewal: a dead holder's run is taken over this long after its last renewal. */
  leaseMs: number
  onOutcome?: (job: string, outcome: Exclude<JobOutcome, 'stopped'>) => void
}

export class JobLeases {
  /** This process, as the lease rows name it: host, pid and a random part (pids repeat across containers). */
  readonly holder = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`
  private readonly stopping = new AbortController()

  constructor(private readonly opts: JobLeaseOptions) {}

  /**
   * Runs `work` for (job, runKey) unless it is finished; while another live instance holds it, waits and looks
   * again, so a crashed holder's run is finished here once its lease expires.
   */
  async run(job: string, runKey: string, work: () => Promise<unknown>): Promise<JobOutcome> {
    const { db, leaseMs } = this.opts
    for (;;) {
      if (this.stopping.signal.aborted) return 'stopped'
      const got = await acquireLease(db, job, runKey, this.holder, leaseMs)
      if (got === 'done') return this.count(job, 'skipped')
      if (got === 'held') {
        await this.sleep(Math.max(50, Math.floor(leaseMs / 2)))
        continue
      }
      const renew = setInterval(() => {
        renewLease(db, job, runKey, this.holder, leaseMs).catch((err: unknown) => this.opts.log.warn({ err, job }, 'job lease renewal failed'))
      }, Math.max(20, Math.floor(leaseMs / 3)))
      renew.unref()
      try {
        await work()
        clearInterval(renew)
        await finishLease(db, job, runKey, this.holder)
        return this.count(job, 'ran')
      } catch (err) {
        clearInterval(renew)
        // Given back at once, so the next attempt (here or on another instance) need not wait for expiry.
        await releaseLease(db, job, runKey, this.holder).catch(() => undefined)
        this.count(job, 'failed')
        throw err
      }
    }
  }

  /** Ends waits for held runs (on close); a run in progress finishes. */
  stop(): void {
    this.stopping.abort()
  }

  private count(job: string, outcome: Exclude<JobOutcome, 'stopped'>): JobOutcome {
    this.opts.onOutcome?.(job, outcome)
    return outcome
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stopping.signal
      const done = (): void => {
        clearTimeout(timer)
        signal.removeEventListener('abort', done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      timer.unref()
      signal.addEventListener('abort', done, { once: true })
    })
  }
}
