// Daily spike check per municipality (and per neighbourhood and category where counts allow), stored once, sent once.
import { addDays, daysFromTo, findCategory, localDay } from '@meldpunt/core'
import type { AlertOut, Localized, SpikeScope, SpikeSignalOut } from '@meldpunt/core/api'
import { withTenant, type Database, type Queryable } from '@meldpunt/db'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { randomUUID } from 'node:crypto'
import type { Config } from '../../config.js'
import { sleep, systemClock, type Clock } from '../../lib/clock.js'
import { formatDay } from '../effects/effect-sentences.js'
import { checkLastDay, LAST_YEAR_HISTORY_DAYS, type SpikeRuleOptions } from '@meldpunt/analytics'
import {
  claimDelivery,
  dailyCountsByCategory,
  dailyCountsByNeighbourhood,
  insertAlert,
  lastFinishedRun,
  markRunFinished,
  municipalitiesWithReports,
  municipalitiesWithUndelivered,
  recordDelivery,
  selectAlert,
  selectAlerts,
  undeliveredAlerts,
  webhookTarget,
} from './repository.js'
import { SpikeScheduler } from './scheduler.js'
import { postWebhook, type WebhookAttempt } from './webhook.js'

export type { SpikeScope }

/** One series that alarmed; `key` is the neighbourhood code or category id, null for the whole municipality. */
export type SpikeSignal = SpikeSignalOut

/** A stored alert: its headline signal, every signal of the day and its delivery; the route adds the text. */
export type SpikeAlert = Omit<AlertOut, 'text'>

/** Days of history read per check: 28 for "where counts allow" plus the checked day. */
const HISTORY_DAYS = 28
/** Alerts raised longer ago than this are not retried: a week-old alert is news nobody can act on. */
const RETRY_WINDOW_DAYS = 7
/** A claim outlives one attempt (timeout plus margin); a crashed sender's claim expires and another may try. */
const CLAIM_MARGIN_MS = 30_000

/** The headline of a day: the whole municipality when it alarmed, else the least likely sub-series. */
export function headlineSignal(signals: readonly SpikeSignal[]): SpikeSignal | null {
  const whole = signals.find((s) => s.scope === 'municipality')
  if (whole) return whole
  return [...signals].sort((a, b) => a.pValue - b.pValue || b.observed - a.observed)[0] ?? null
}

const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits

/** The message text of an alert, for the webhook and the dashboard alike. */
export function alertText(
  alert: Pick<SpikeAlert, 'day' | 'scope' | 'scopeKey' | 'observed' | 'expected' | 'weekdayExpected' | 'method' | 'pValue'>,
  municipalityName: string,
): Localized {
  const nl1 = (x: number): string => String(round(x, 1)).replace('.', ',')
  const where = {
    nl: alert.scope === 'municipality' ? municipalityName : alert.scope === 'neighbourhood' ? `buurt ${alert.scopeKey} (${municipalityName})` : `${findCategory(alert.scopeKey ?? '')?.label.nl.toLowerCase() ?? alert.scopeKey} in ${municipalityName}`,
    en: alert.scope === 'municipality' ? municipalityName : alert.scope === 'neighbourhood' ? `neighbourhood ${alert.scopeKey} (${municipalityName})` : `${findCategory(alert.scopeKey ?? '')?.label.en.toLowerCase() ?? alert.scopeKey} in ${municipalityName}`,
  }
  const p = alert.pValue < 0.0001 ? '< 0.0001' : `= ${alert.pValue.toPrecision(2)}`
  const method = alert.method.replace('-', ' ')
  return {
    nl: `Op ${formatDay(alert.day, 'nl')} kwamen er ${alert.observed} meldingen binnen voor ${where.nl}, waar ${nl1(alert.expected)} verwacht was (${method}; dezelfde weekdag de 4 weken ervoor: gemiddeld ${nl1(alert.weekdayExpected)}, exacte Poisson-toets p ${p.replace('.', ',')}). Een piek in meldingen kan ook door een campagne of een nieuwsbericht komen.`,
    en: `On ${formatDay(alert.day, 'en')} there were ${alert.observed} reports for ${where.en}, against ${round(alert.expected, 1)} expected (${method}; the same weekday in the 4 weeks before: ${round(alert.weekdayExpected, 1)} on average, exact Poisson test p ${p}). A spike in reports can also come from a campaign or a news item.`,
  }
}

export interface RunResult {
  day: string
  municipalities: number
  /** Alerts this run created (an alert that already existed for the day is not raised again). */
  raised: SpikeAlert[]
}

export class SpikeAlerts {
  private readonly inFlight = new Set<Promise<unknown>>()
  private readonly closing = new AbortController()

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    readonly clock: Clock,
    private readonly log: FastifyBaseLogger,
  ) {}

  get rule(): SpikeRuleOptions {
    return { method: this.config.SPIKE_METHOD, alpha: this.config.SPIKE_ALPHA, minSigma: this.config.SPIKE_MIN_SIGMA, minCount: this.config.SPIKE_MIN_COUNT }
  }

  get methodName(): string {
    return `EARS-${this.config.SPIKE_METHOD}`
  }

  /** The last complete local day: what the daily check looks at and effect windows end on. */
  dataThrough(): string {
    return addDays(localDay(this.clock.now()), -1)
  }

  today(): string {
    return localDay(this.clock.now())
  }

  /**
   * Checks `day` (default: yesterday) for every municipality with reports in the 28 days up to it, or for one,
   * stores at most one alert per municipality and day, and sends undelivered alerts to each webhook.
   */
  runDaily(day: string = this.dataThrough(), options: { municipality?: string } = {}): Promise<RunResult> {
    return this.track(this.run(day, options))
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p)
    void p.finally(() => this.inFlight.delete(p)).catch(() => {})
    return p
  }

  private async run(day: string, options: { municipality?: string }): Promise<RunResult> {
    const from = addDays(day, -HISTORY_DAYS)
    // Which municipalities to look at is not tenant data; the owner reads it across tenants, then every
    // municipality's own check runs as the row-level-security role.
    const municipalities = options.municipality
      ? [options.municipality]
      : await municipalitiesWithReports(this.db, from, day)
    const raised: { municipality: string; alert: SpikeAlert }[] = []
    for (const m of municipalities) {
      if (this.closing.signal.aborted) break
      try {
        const alert = await withTenant(this.db, m, (tx) => this.checkAndStore(tx, m, day))
        if (alert) raised.push({ municipality: m, alert })
      } catch (error) {
        // Asked for one municipality (on demand), the caller hears of the failure; in the daily run, one
        // municipality's failure must not stop the others' alerts.
        if (options.municipality) throw error
        this.log.error({ err: error, municipality: m, day }, 'spike check failed')
      }
    }
    const pending = options.municipality
      ? [options.municipality]
      : await municipalitiesWithUndelivered(this.db, RETRY_WINDOW_DAYS)
    for (const m of pending) {
      if (this.closing.signal.aborted) break
      await this.deliverPending(m).catch((error: unknown) => this.log.error({ err: error, municipality: m }, 'webhook delivery failed'))
    }
    // A run cut short by shutdown is not a completed day: the next start catches up on it.
    if (!options.municipality && !this.closing.signal.aborted) await markRunFinished(this.db, day)
    if (raised.length) this.log.info({ day, alerts: raised.length }, 'spike alerts raised')
    // Re-read after delivery, so the answer shows whether each alert was sent.
    const fresh: SpikeAlert[] = []
    for (const { municipality, alert } of raised) {
      fresh.push((await withTenant(this.db, municipality, (tx) => this.findAlert(tx, municipality, alert.id))) ?? alert)
    }
    return { day, municipalities: municipalities.length, raised: fresh }
  }

  /** Every series of one municipality on one day; the alarming ones become at most one stored alert. */
  async detect(tx: Queryable, municipality: string, day: string): Promise<SpikeSignal[]> {
    // A year and two weeks back, for the rule's same-weeks-last-year baseline (spike-rule.ts).
    const from = addDays(day, -LAST_YEAR_HISTORY_DAYS)
    const days = daysFromTo(from, day)
    const index = new Map(days.map((d, i) => [d, i]))
    const series = new Map<string, number[]>()
    const add = (key: string, d: string, n: number): void => {
      let s = series.get(key)
      if (!s) series.set(key, (s = new Array<number>(days.length).fill(0)))
      s[index.get(d)!]! += n
    }
    const byCategory = await dailyCountsByCategory(tx, municipality, from, day)
    for (const r of byCategory) {
      add('municipality:', r.day, Number(r.n))
      add(`category:${r.category}`, r.day, Number(r.n))
    }
    const byNeighbourhood = await dailyCountsByNeighbourhood(tx, municipality, from, day)
    for (const r of byNeighbourhood) add(`neighbourhood:${r.code}`, r.day, Number(r.n))

    const rule = this.rule
    const signals: SpikeSignal[] = []
    for (const [key, counts] of series) {
      const [scope, id] = key.split(':') as [SpikeScope, string]
      // "Where counts allow": a sub-series averaging under one report a day has an EARS baseline of mostly
      // zeros, whose sd says nothing; it is still counted in the municipality's own series.
      if (scope !== 'municipality') {
        const before = counts.slice(-1 - HISTORY_DAYS, -1).reduce((s, n) => s + n, 0)
        if (before < this.config.SPIKE_SUBSERIES_MIN_REPORTS) continue
      }
      const check = checkLastDay(counts, rule)
      if (!check.alarm || check.expected === null || check.upperBound === null || check.pValue === null || check.weekdayExpected === null) continue
      signals.push({
        scope,
        key: scope === 'municipality' ? null : id,
        observed: check.observed,
        expected: check.expected,
        upperBound: check.upperBound,
        weekdayExpected: check.weekdayExpected,
        pValue: check.pValue,
      })
    }
    return signals.sort((a, b) => a.pValue - b.pValue)
  }

  private async checkAndStore(tx: Queryable, municipality: string, day: string): Promise<SpikeAlert | null> {
    const signals = await this.detect(tx, municipality, day)
    const head = headlineSignal(signals)
    if (!head) return null
    const id = await insertAlert(tx, municipality, { id: randomUUID(), day, head, method: this.methodName, signals })
    return id ? this.findAlert(tx, municipality, id) : null
  }

  async findAlert(tx: Queryable, municipality: string, id: string): Promise<SpikeAlert | null> {
    return selectAlert(tx, municipality, id)
  }

  async listAlerts(tx: Queryable, municipality: string, from: string, to: string): Promise<SpikeAlert[]> {
    return selectAlerts(tx, municipality, from, to)
  }

  /**
   * Sends every undelivered recent alert of the municipality. Each attempt first claims the alert for a short
   * lease in its own statement, so two runs (scheduled and on demand, or two API instances) never send the same
   * alert at once; a 2xx sets delivered_at in the next statement. Retries back off exponentially.
   */
  async deliverPending(municipality: string): Promise<void> {
    const tenant = <T>(fn: (tx: Queryable) => Promise<T>) => withTenant(this.db, municipality, fn)
    const target = await tenant((tx) => webhookTarget(tx, municipality))
    if (!target) return
    const pending = await tenant((tx) => undeliveredAlerts(tx, municipality, RETRY_WINDOW_DAYS))
    for (const alert of pending) {
      const body = JSON.stringify(webhookPayload(alert, municipality, target.name))
      const lease = this.config.WEBHOOK_TIMEOUT_MS + CLAIM_MARGIN_MS
      for (let attempt = 1; attempt <= this.config.WEBHOOK_MAX_ATTEMPTS && !this.closing.signal.aborted; attempt++) {
        const claimed = await tenant((tx) => claimDelivery(tx, municipality, alert.id, lease))
        // Delivered meanwhile, or another sender holds the lease: it is theirs to finish.
        if (!claimed) break
        const result = await postWebhook(target.url, body, {
          id: alert.id,
          secret: target.secret,
          timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
          allowHosts: this.config.WEBHOOK_ALLOW_HOSTS,
          signal: this.closing.signal,
        })
        await tenant((tx) => recordDelivery(tx, municipality, alert.id, result.ok ? null : result.error))
        if (result.ok) break
        this.log.warn({ municipality, alert: alert.id, attempt, error: result.error }, 'webhook attempt failed')
        if (attempt < this.config.WEBHOOK_MAX_ATTEMPTS) await sleep(this.config.WEBHOOK_RETRY_BASE_MS * 2 ** (attempt - 1), this.closing.signal)
      }
    }
  }

  /**
   * One signed test delivery to the municipality's webhook (the settings page's "send test"), checked against the same
   * address rules as every alert; null when no webhook is set. The body says it is a test and carries no counts.
   */
  async sendTest(municipality: string, now = new Date()): Promise<WebhookAttempt | null> {
    const target = await withTenant(this.db, municipality, (tx) => webhookTarget(tx, municipality))
    if (!target) return null
    const body = JSON.stringify({ event: 'test', municipality: { code: municipality, name: target.name }, sentAt: now.toISOString() })
    return postWebhook(target.url, body, {
      id: `test-${randomUUID()}`,
      secret: target.secret,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      allowHosts: this.config.WEBHOOK_ALLOW_HOSTS,
      signal: this.closing.signal,
      now,
      event: 'test',
    })
  }

  /** Stops retries and waits for running checks; called when the app closes. */
  async close(): Promise<void> {
    this.closing.abort()
    await Promise.allSettled([...this.inFlight])
  }
}

/** What the webhook receives: counts and the method, never anything about a report or a reporter. */
export function webhookPayload(alert: SpikeAlert, municipality: string, municipalityName: string) {
  return {
    event: 'spike-alert',
    id: alert.id,
    municipality: { code: municipality, name: municipalityName },
    day: alert.day,
    scope: alert.scope,
    scopeKey: alert.scopeKey,
    observed: alert.observed,
    expected: round(alert.expected, 3),
    upperBound: round(alert.upperBound, 3),
    weekdayExpected: round(alert.weekdayExpected, 3),
    pValue: alert.pValue,
    method: alert.method,
    signals: alert.signals.map((s) => ({ ...s, expected: round(s.expected, 3), upperBound: round(s.upperBound, 3), weekdayExpected: round(s.weekdayExpected, 3) })),
    text: alertText(alert, municipalityName),
    createdAt: alert.createdAt,
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    spikes: SpikeAlerts & { scheduler: SpikeScheduler | null }
  }
}

/** Decorates the app with the spike alert service and runs its daily schedule from ready until close. */
async function registerSpikeAlerts(app: FastifyInstance, opts: { clock?: Clock }): Promise<void> {
  const clock = opts.clock ?? systemClock
  const log = app.log.child({ job: 'spike-alerts' })
  const spikes = Object.assign(new SpikeAlerts(app.db, app.config, clock, log), { scheduler: null as SpikeScheduler | null })
  app.decorate('spikes', spikes)

  if (app.config.SPIKE_SCHEDULE) {
    const scheduler = new SpikeScheduler({
      clock,
      hour: app.config.SPIKE_CHECK_HOUR,
      // One run per day across instances; a crashed instance's run is finished by another (lib/job-lease.ts).
      run: (day) => app.jobs.run('spike-check', day, () => spikes.runDaily(day)),
      lastRunDay: () => lastFinishedRun(app.db),
      log,
    })
    spikes.scheduler = scheduler
    // onReady, not at registration: the schedule starts only once the app (and its database) is fully up.
    app.addHook('onReady', () => scheduler.start())
  }

  app.addHook('onClose', async () => {
    // Stop scheduling first (synchronously), then abort retries and wait for a running check to finish.
    const stopping = spikes.scheduler?.stop()
    await spikes.close()
    await stopping
  })
}

export const spikeAlertsPlugin = fp(registerSpikeAlerts, { name: 'spike-alerts', decorators: { fastify: ['db', 'config', 'jobs'] } })
