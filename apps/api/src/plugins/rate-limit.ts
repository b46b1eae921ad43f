// Rate limiting keyed on an HMAC of the client address (IPv6 grouped by /64) with a daily key shared by every
// instance through the database; no address is kept. Counters in memory, in PostgreSQL, or in Redis/Valkey.
import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit'
import { ErrorCode, makeProblem } from '@meldpunt/core'
import { dailySecret, rateLimitHit, type Queryable } from '@meldpunt/db'
import { createHmac, randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

/**
 * What a rate-limit bucket is for: an IPv4 address as is, an IPv6 address by its /64 (one household or phone gets
 * a whole /64 and picks addresses from it at will), an IPv4-mapped IPv6 address as the IPv4 address it is.
 */
export function rateLimitSubject(address: string): string {
  if (isIP(address) !== 6) return address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped?.[1]) return mapped[1]
  const [head = '', tail = ''] = address.split('::')
  const left = head ? head.split(':') : []
  const right = address.includes('::') && tail ? tail.split(':') : []
  // An embedded IPv4 tail (::1.2.3.4 forms) only ever sits in the low 64 bits, which are dropped anyway.
  const groups = address.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`
}

/**
 * Hashes addresses with a random key per UTC day, shared by every instance (the first to need it stores it in
 * the database; yesterday's is the last kept), so a bucket is the same on every instance and can never be linked
 * back to an address after the day. The key is never logged.
 */
export class AddressHasher {
  private current: { day: string; key: Promise<Buffer> } | undefined
  constructor(
    private readonly secretFor: (day: string) => Promise<Buffer>,
    private readonly now: () => number = Date.now,
  ) {}

  static today(ms = Date.now()): string {
    return new Date(ms).toISOString().slice(0, 10)
  }

  private key(): Promise<Buffer> {
    const day = AddressHasher.today(this.now())
    if (this.current?.day !== day) {
      const key = this.secretFor(day)
      // A failed lookup (database away) is not cached: the next request asks again.
      key.catch(() => {
        if (this.current?.key === key) this.current = undefined
      })
      this.current = { day, key }
    }
    return this.current.key
  }

  async hash(address: string): Promise<string> {
    return createHmac('sha256', await this.key()).update(rateLimitSubject(address)).digest('base64url')
  }
}

/** @fastify/rate-limit's store on the UNLOGGED rate_limit_hits table: one upsert per counted request. */
export function databaseStore(db: Queryable): new () => FastifyRateLimitStore {
  class DatabaseStore implements FastifyRateLimitStore {
    // The plugin constructs the store with its options; children get the route as a key prefix.
    constructor(_options?: unknown, private readonly prefix = '') {}
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      rateLimitHit(db, `${this.prefix}${key}`, timeWindow).then(
        (result) => callback(null, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      )
    }
    child(params: object): FastifyRateLimitStore {
      // At run time the plugin passes its merged parameters, which carry the route (its types say RouteOptions).
      const route = (params as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo
      return new DatabaseStore(undefined, route ? `${String(route.method)} ${route.url ?? ''}:` : 'route:')
    }
  }
  return DatabaseStore as unknown as new () => FastifyRateLimitStore
}

declare module 'fastify' {
  interface FastifyInstance {
    addressHasher: AddressHasher
  }
}

export interface RateLimitOptions {
  globalMax: number
  /** memory: this process only; database: shared by every instance. */
  store: 'memory' | 'database'
  /** Redis or Valkey (redis://…) instead of either. */
  redisUrl?: string
}

/** An ioredis client as @fastify/rate-limit recommends it: fail fast, never queue commands while disconnected. */
async function connectRedis(url: string, log: FastifyBaseLogger): Promise<{ quit(): Promise<unknown> }> {
  const { Redis } = await import('ioredis')
  const client = new Redis(url, { connectTimeout: 500, maxRetriesPerRequest: 1, enableOfflineQueue: false })
  // Reconnects on its own; said at most once a minute (the URL may hold a password: never logged).
  let lastWarned = 0
  client.on('error', (err: Error) => {
    if (Date.now() - lastWarned < 60_000) return
    lastWarned = Date.now()
    log.warn({ err: { message: err.message } }, 'rate-limit store (Redis) unreachable: limits are not enforced until it is back')
  })
  return client
}

async function rateLimitPlugin(app: FastifyInstance, opts: RateLimitOptions): Promise<void> {
  const hasher = new AddressHasher((day) => dailySecret(app.db, day, randomBytes(32)))
  app.decorate('addressHasher', hasher)
  const redis = opts.redisUrl ? await connectRedis(opts.redisUrl, app.log) : undefined
  if (redis) app.addHook('onClose', async () => void (await redis.quit().catch(() => undefined)))
  const shared = redis !== undefined || opts.store === 'database'
  await app.register(rateLimit, {
    global: true,
    max: opts.globalMax,
    timeWindow: '1 minute',
    ...(redis !== undefined ? { redis, nameSpace: 'meldpunt-rl-' } : opts.store === 'database' ? { store: databaseStore(app.db) } : {}),
    // A shared store that is away must not stop reporting (docs/adr/0017): the request goes through unlimited,
    // and proof of work, the idempotency key and the municipality cap still hold.
    skipOnError: shared,
    keyGenerator: (req: FastifyRequest) => hasher.hash(req.ip),
    errorResponseBuilder: (_req, context) => {
      const problem = makeProblem(ErrorCode.RATE_LIMITED, { detail: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} seconds.` })
      // @fastify/rate-limit throws what this returns; statusCode makes the error handler answer 429.
      return Object.assign(new Error(problem.detail), { statusCode: 429, problem })
    },
  })
}

export default fp(rateLimitPlugin, { name: 'rate-limit' })
