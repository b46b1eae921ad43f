// Prometheus metrics at /metrics: requests and latency by route pattern (never the raw URL), intake outcomes, shedding, pool use.
import { ErrorCode, makeProblem } from '@meldpunt/core'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { createHash, timingSafeEqual } from 'node:crypto'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import { sendProblem } from '../lib/problems.js'

export interface Metrics {
  registry: Registry
  /** Requests answered 503 before any work, by reason (event-loop, heap, rss, db-queue, in-flight, closing). */
  shed: Counter<'reason'>
  intake: Counter<'outcome'>
  retentionPurged: Counter<'kind'>
  /** Background job runs across instances: ran, skipped (another instance ran or is running it), failed. */
  jobRuns: Counter<'job' | 'outcome'>
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

export const INTAKE_ROUTE = '/api/v1/reports'

/** One word per way an intake request ends; the problem code decides where the status alone is ambiguous (422). */
export function intakeOutcome(status: number, problemCode: string | undefined, replayed: boolean): string {
  if (status === 201) return replayed ? 'replayed' : 'created'
  switch (problemCode) {
    case ErrorCode.OUTSIDE_MUNICIPALITY:
      return 'outside'
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
      return 'conflict'
    case ErrorCode.IDEMPOTENCY_IN_FLIGHT:
      return 'in-flight'
    case ErrorCode.MUNICIPALITY_BUSY:
      return 'capped'
    case ErrorCode.POW_REQUIRED:
    case ErrorCode.POW_INVALID:
      return 'pow-rejected'
  }
  if (status === 429) return 'rate-limited'
  if (status === 503) return 'overloaded'
  if (status >= 400 && status < 500) return 'invalid'
  return 'error'
}

/** The route pattern a request matched (`/api/v1/receipts/:code`), so receipt codes and queries never become labels. */
export function routeLabel(req: FastifyRequest): string {
  return req.routeOptions?.url ?? 'unmatched'
}

const started = new WeakMap<FastifyRequest, bigint>()
const problemCodes = new WeakMap<FastifyRequest, string>()

function sameToken(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual needs, without leaking the token's length.
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

async function metricsPlugin(app: FastifyInstance, opts: { token?: string; defaultMetrics?: boolean }): Promise<void> {
  const registry = new Registry()
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry })

  const requests = new Counter({ name: 'meldpunt_http_requests_total', help: 'HTTP requests by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] })
  const latency = new Histogram({
    name: 'meldpunt_http_request_duration_seconds',
    help: 'Time from request to response by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })
  const metrics: Metrics = {
    registry,
    shed: new Counter({ name: 'meldpunt_requests_shed_total', help: 'Requests refused with 503 before any work, by reason', labelNames: ['reason'], registers: [registry] }),
    intake: new Counter({ name: 'meldpunt_intake_total', help: 'Report intake requests by outcome', labelNames: ['outcome'], registers: [registry] }),
    retentionPurged: new Counter({ name: 'meldpunt_retention_purged_total', help: 'Free texts purged after their retention period', labelNames: ['kind'], registers: [registry] }),
    jobRuns: new Counter({ name: 'meldpunt_jobs_runs_total', help: 'Background job runs by job and outcome (ran, skipped, failed)', labelNames: ['job', 'outcome'], registers: [registry] }),
  }
  new Gauge({
    name: 'meldpunt_db_pool_connections',
    help: 'Database pool connections: total, idle, and requests waiting for one (the queue)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = app.db.poolStats()
      this.set({ state: 'total' }, s.total)
      this.set({ state: 'idle' }, s.idle)
      this.set({ state: 'waiting' }, s.waiting)
    },
  })
  new Gauge({
    name: 'meldpunt_requests_in_flight',
    help: 'Requests admitted and not yet answered (health and metrics excepted)',
    registers: [registry],
    collect() {
      this.set(app.hasDecorator('loadShedding') ? app.loadShedding.inFlight() : 0)
    },
  })
  new Gauge({
    name: 'meldpunt_event_loop_delay_ms',
    help: 'Mean event-loop delay over the last sample, as load shedding sees it',
    registers: [registry],
    collect() {
      this.set(app.hasDecorator('memoryUsage') ? app.memoryUsage().eventLoopDelay : 0)
    },
  })
  app.decorate('metrics', metrics)

  app.addHook('onRequest', async (req) => {
    started.set(req, process.hrtime.bigint())
  })
  app.addHook('onError', async (req, _reply, err) => {
    const code = (err as { problem?: { code?: string } }).problem?.code
    if (code) problemCodes.set(req, code)
  })
  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = routeLabel(req)
    const labels = { method: req.method, route, status: String(reply.statusCode) }
    requests.inc(labels)
    const t0 = started.get(req)
    if (t0 !== undefined) latency.observe(labels, Number(process.hrtime.bigint() - t0) / 1e9)
    if (route === INTAKE_ROUTE && req.method === 'POST') {
      metrics.intake.inc({ outcome: intakeOutcome(reply.statusCode, problemCodes.get(req), reply.getHeader('idempotency-replayed') === 'true') })
    }
  })

  // Without a token there is no /metrics: the counters say when reports arrive and when sign-ins fail.
  const token = opts.token
  if (!token) return
  app.get('/metrics', { config: { rateLimit: false }, schema: { hide: true } }, async (req, reply) => {
    const auth = req.headers.authorization ?? ''
    if (!auth.startsWith('Bearer ') || !sameToken(auth.slice(7), token)) {
      return sendProblem(reply, makeProblem(ErrorCode.UNAUTHENTICATED, { detail: 'Send the metrics token as a Bearer token.' }), { 'www-authenticate': 'Bearer' })
    }
    return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(await registry.metrics())
  })
}

export default fp(metricsPlugin, { name: 'metrics' })
