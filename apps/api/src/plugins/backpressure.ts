// Sheds load before doing work: a fast 503 problem with Retry-After when the event loop lags, memory runs high,
// the database pool queue is full, too many requests are in flight, or the server is draining for shutdown.
import underPressure from '@fastify/under-pressure'
import { ErrorCode } from '@meldpunt/core'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError } from '../lib/problems.js'

export interface BackpressureOptions {
  maxEventLoopDelayMs: number
  maxHeapUsedBytes: number
  maxRssBytes: number
  sampleIntervalMs: number
  /** Requests waiting for a pooled database connection before new ones are refused. */
  maxDbWaiting: number
  maxInFlight: number
  retryAfterSeconds: number
}

export interface LoadShedding {
  inFlight(): number
  /** True once close() began: new requests get 503 and `Connection: close`. */
  draining(): boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    loadShedding: LoadShedding
  }
}

/**
 * Never shed: the load balancer must still see liveness and readiness, and operators need metrics most
 * when the server is busiest. Readiness still fails while draining, so the balancer stops sending work.
 */
const EXEMPT_ROUTES = new Set(['/healthz', '/readyz', '/metrics'])
/**
 * The web app's own files are not shed either: sending a built file costs next to nothing, and a page whose
 * script was refused cannot even keep a report in its offline queue. On the embedded database a long query
 * blocks the event loop, which the delay sampler reads as overload, so without this the dashboard failed to load.
 */
const WEB_FILE = /^\/(?:staff\/)?(?:$|[^?]*\.(?:js|mjs|css|svg|png|ico|json|webmanifest|html|woff2?)(?:\?|$))/
const isExempt = (req: FastifyRequest): boolean => {
  const route = req.routeOptions?.url ?? ''
  return EXEMPT_ROUTES.has(route) || (route === '/*' && (req.method === 'GET' || req.method === 'HEAD') && WEB_FILE.test(req.url))
}

const UNDER_PRESSURE_REASONS: Record<string, string> = {
  eventLoopDelay: 'event-loop',
  heapUsedBytes: 'heap',
  rssBytes: 'rss',
  healthCheck: 'health-check',
  eventLoopUtilization: 'event-loop',
}


async function backpressure(app: FastifyInstance, opts: BackpressureOptions): Promise<void> {
  let inFlight = 0
  const releases = new WeakMap<FastifyRequest, () => void>()
  let draining = false
  const retryAfter = String(opts.retryAfterSeconds)

  const overloaded = (reason: string): ProblemError => {
    if (app.hasDecorator('metrics')) app.metrics.shed.inc({ reason })
    return new ProblemError(ErrorCode.OVERLOADED, {
      detail: 'The service is very busy. Your report has not been stored; send it again after the Retry-After delay.',
      headers: { 'retry-after': retryAfter },
    })
  }

  app.decorate('loadShedding', { inFlight: () => inFlight, draining: () => draining })
  app.addHook('preClose', async () => {
    draining = true
  })
  // Answers finished while draining close their connection: Node closes only connections idle when close()
  // began, and a keep-alive socket that turns idle later would hold the shutdown open until its timeout.
  app.addHook('onSend', async (_req, reply, payload) => {
    if (draining) reply.header('connection', 'close')
    return payload
  })

  // Draining comes first and applies to every route, readiness included.
  app.addHook('onRequest', async (req, reply) => {
    if (!draining) return
    reply.header('connection', 'close')
    if (req.routeOptions?.url === '/healthz') return
    throw overloaded('closing')
  })

  // Sampled signals: event-loop delay and memory. The handler turns under-pressure's answer into our problem shape.
  await app.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    maxHeapUsedBytes: opts.maxHeapUsedBytes,
    maxRssBytes: opts.maxRssBytes,
    sampleInterval: opts.sampleIntervalMs,
    pressureHandler: async (req, _reply, type) => {
      if (isExempt(req)) return
      throw overloaded(UNDER_PRESSURE_REASONS[type] ?? type)
    },
  })

  // Immediate signals, read on every request: a sample up to half a second old lets a whole burst through.
  app.addHook('onRequest', async (req, reply) => {
    if (isExempt(req)) return
    if (inFlight >= opts.maxInFlight) throw overloaded('in-flight')
    if (app.db.poolStats().waiting >= opts.maxDbWaiting) throw overloaded('db-queue')
    inFlight++
    let done = false
    const release = (): void => {
      if (done) return
      done = true
      inFlight--
    }
    releases.set(req, release)
    // 'close' fires for finished and for aborted requests alike, so the count cannot leak.
    reply.raw.once('close', release)
    reply.raw.once('finish', release)
  })
  app.addHook('onResponse', async (req) => {
    releases.get(req)?.()
  })
}

export default fp(backpressure, { name: 'backpressure' })
