// Rate limiting keyed on an HMAC of the client address with an in-memory key that rotates daily; no address is kept.
import rateLimit from '@fastify/rate-limit'
import { ErrorCode, makeProblem } from '@meldpunt/core'
import { createHmac, randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Hashes addresses with a random key that lives only in memory and is replaced every UTC day,
 * so a rate-limit bucket can never be linked back to an address, not even by us the next day.
 */
export class AddressHasher {
  private key = randomBytes(32)
  private day = AddressHasher.today()
  constructor(private readonly now: () => number = Date.now) {
    this.day = AddressHasher.today(now())
  }
  static today(ms = Date.now()): number {
    return Math.floor(ms / 86_400_000)
  }
  hash(address: string): string {
    const day = AddressHasher.today(this.now())
    if (day !== this.day) {
      this.key = randomBytes(32)
      this.day = day
    }
    return createHmac('sha256', this.key).update(address).digest('base64url')
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    addressHasher: AddressHasher
  }
}

async function rateLimitPlugin(app: FastifyInstance, opts: { globalMax: number }): Promise<void> {
  const hasher = new AddressHasher()
  app.decorate('addressHasher', hasher)
  await app.register(rateLimit, {
    global: true,
    max: opts.globalMax,
    timeWindow: '1 minute',
    keyGenerator: (req: FastifyRequest) => hasher.hash(req.ip),
    errorResponseBuilder: (_req, context) => {
      const problem = makeProblem(ErrorCode.RATE_LIMITED, { detail: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} seconds.` })
      // @fastify/rate-limit throws what this returns; statusCode makes the error handler answer 429.
      return Object.assign(new Error(problem.detail), { statusCode: 429, problem })
    },
  })
}

export default fp(rateLimitPlugin, { name: 'rate-limit' })
