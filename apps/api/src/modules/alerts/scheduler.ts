// Runs the spike check once a day at a local hour inside the API process, catching up on a missed day at start.
import { addDays, localDay, localTimeParts } from '@meldpunt/core'
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../../lib/clock.js'

const HOUR_MS = 3_600_000

/**
 * The first instant after `now` at which the local (Europe/Amsterdam) clock reads `hour`:00. Amsterdam's offset
 * is a whole number of hours, so stepping whole UTC hours visits every local hour; on the spring-forward night
 * 02:00 does not exist and the next day's is taken.
 */
export function nextLocalHour(now: Date, hour: number): Date {
  let t = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS
  for (let i = 0; i < 50; i++, t += HOUR_MS) {
    if (localTimeParts(new Date(t)).hour === hour) return new Date(t)
  }
  throw new Error(`no local hour ${hour} within two days of ${now.toISOString()}`)
}

export interface SpikeSchedulerOptions {
  clock: Clock
  hour: number
  /** Checks one day (all municipalities). */
  run: (day: string) => Promise<unknown>
  /** The last day a completed run checked, or null. */
  lastRunDay: () => Promise<string | null>
  log: FastifyBaseLogger
}

export class SpikeScheduler {
  private timer: unknown = null
  private current: Promise<void> | null = null
  private stopped = false

  constructor(private readonly options: SpikeSchedulerOptions) {}

  /**
   * Schedules the next check. If the check hour has passed today and yesterday was never checked (the process
   * was down at that hour), it runs at once: a missed day is a missed alert.
   */
  async start(): Promise<void> {
    const { clock, hour } = this.options
    const now = clock.now()
    const yesterday = addDays(localDay(now), -1)
    const last = await this.options.lastRunDay()
    if (localTimeParts(now).hour >= hour && (last === null || last < yesterday)) this.fire()
    else this.schedule()
  }

  private schedule(): void {
    if (this.stopped) return
    const { clock, hour } = this.options
    const now = clock.now()
    this.timer = clock.setTimer(() => this.fire(), nextLocalHour(now, hour).getTime() - now.getTime())
  }

  private fire(): void {
    this.timer = null
    if (this.stopped) return
    const day = addDays(localDay(this.options.clock.now()), -1)
    this.current = this.options
      .run(day)
      .then(() => undefined)
      .catch((err: unknown) => this.options.log.error({ err, day }, 'scheduled spike check failed'))
      .finally(() => {
        this.current = null
        this.schedule()
      })
  }

  /** The run in progress, if any (tests await it). */
  get running(): Promise<void> | null {
    return this.current
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer !== null) this.options.clock.clearTimer(this.timer)
    this.timer = null
    await this.current
  }
}
