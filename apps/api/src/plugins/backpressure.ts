// Sheds load before doing work: a fast 503 problem with Retry-After when the event loop lags, memory runs high,
// the database pool queue is full, too many requests are in flight, or the server is draining for shutdown.
// Memory sheds staff requests first: residents keep reporting while an analyst's large views wait.
import underPressure from '@fastify/under-pressure'
import { ErrorCode } from '@meldpunt/core'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ProblemError } from '../lib/problems.js'

export interface BackpressureOptions {
  maxEventLoopDelayMs: number
  /** Heap in use above which staff requests are shed; everything else is shed only past this plus the headroom. */
  maxHeapUsedBytes: number
  maxRssBytes: number
  /**
   * Memory kept for residents: reporting, help, receipts and the public pages are refused for memory only once the
   * heap (or RSS) is this far past the staff limit. Staff views hold the large answers; they give way first.
   */
  residentHeadroomBytes: number
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
  /** Why the process sheds new requests now (the last sample's reason), or null: readiness answers 503 meanwhile. */
  shedding(): string | null
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

/** Staff requests: the ones that may hold large answers (hotspot layers, exports), so the first shed for memory. */
const isStaff = (req: FastifyRequest): boolean => (req.routeOptions?.url ?? req.url).startsWith('/api/v1/staff')

/** What was not done, in the words of the request that was refused. */
function refusedDetail(req: FastifyRequest): string {
  const route = req.routeOptions?.url ?? ''
  if (req.method === 'POST' && route === '/api/v1/reports') return 'The service is very busy. Your report has not been stored; send it again after the Retry-After delay.'
  if (req.method === 'POST' && route.startsWith('/api/v1/receipts/') && route.endsWith('/additions')) {
    return 'The service is very busy. Your addition has not been stored; send it again after the Retry-After delay.'
  }
  if (req.method === 'GET' || req.method === 'HEAD') return 'The service is very busy. Nothing was changed; ask again after the Retry-After delay.'
  return 'The service is very busy. Nothing was changed or stored; send it again after the Retry-After delay.'
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

  const overloaded = (req: FastifyRequest, reason: string): ProblemError => {
    if (app.hasDecorator('metrics')) app.metrics.shed.inc({ reason })
    return new ProblemError(ErrorCode.OVERLOADED, { detail: refusedDetail(req), headers: { 'retry-after': retryAfter } })
  }

  /** Memory past the residents' limit too: then nobody's request is let in. */
  const beyondResidentLimit = (): boolean => {
    const { heapUsed, rssBytes } = app.memoryUsage()
    const heapLimit = opts.maxHeapUsedBytes > 0 ? opts.maxHeapUsedBytes + opts.residentHeadroomBytes : Infinity
    const rssLimit = opts.maxRssBytes > 0 ? opts.maxRssBytes + opts.residentHeadroomBytes : Infinity
    return heapUsed > heapLimit || rssBytes > rssLimit
  }

  const shedding = (): string | null => {
    if (draining) return 'closing'
    if (!app.isUnderPressure()) return null
    const { eventLoopDelay, heapUsed, rssBytes } = app.memoryUsage()
    if (opts.maxEventLoopDelayMs > 0 && eventLoopDelay > opts.maxEventLoopDelayMs) return 'event-loop'
    if (opts.maxHeapUsedBytes > 0 && heapUsed > opts.maxHeapUsedBytes) return 'heap'
    if (opts.maxRssBytes > 0 && rssBytes > opts.maxRssBytes) return 'rss'
    return 'pressure'
  }

  app.decorate('loadShedding', { inFlight: () => inFlight, draining: () => draining, shedding })
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
    throw overloaded(req, 'closing')
  })

  // Sampled signals: event-loop delay and memory. The handler turns under-pressure's answer into our problem shape.
  await app.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    maxHeapUsedBytes: opts.maxHeapUsedBytes,
    maxRssBytes: opts.maxRssBytes,
    sampleInterval: opts.sampleIntervalMs,
    pressureHandler: async (req, _reply, type) => {
      if (isExempt(req)) return
      const memory = type === 'heapUsedBytes' || type === 'rssBytes'
      if (memory && !isStaff(req) && !beyondResidentLimit()) return
      throw overloaded(req, UNDER_PRESSURE_REASONS[type] ?? type)
    },
  })

  // Immediate signals, read on every request: a sample up to half a second old lets a whole burst through.
  app.addHook('onRequest', async (req, reply) => {
    if (isExempt(req)) return
    if (inFlight >= opts.maxInFlight) throw overloaded(req, 'in-flight')
    if (app.db.poolStats().waiting >= opts.maxDbWaiting) throw overloaded(req, 'db-queue')
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
