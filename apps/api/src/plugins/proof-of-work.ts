// Proof of work on report intake (ALTCHA, verified here, no third-party service): issues HMAC-signed challenges,
// checks a solution once, and remembers used challenges until they expire, in bounded memory.
import { ErrorCode } from '@meldpunt/core'
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib'
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { ProblemError } from '../lib/problems.js'

export const POW_HEADER = 'x-meldpunt-pow'
export const POW_ALGORITHM = 'PBKDF2/SHA-256'
/** A solution is a few hundred bytes; anything much longer is not one and is not worth parsing. */
const MAX_HEADER_LENGTH = 4096

export interface ProofOfWorkOptions {
  required: boolean
  /** HMAC secret; unset: random per process, so challenges do not outlive a restart. */
  hmacKey?: string
  cost: number
  maxCounter: number
  expiresSeconds: number
  replayCapacity: number
  retryAfterSeconds: number
  now?: () => number
}

const hex = z.string().regex(/^[0-9a-f]+$/).max(256)
/** What a client sends back: the challenge as issued and its solution, base64-encoded JSON in X-Meldpunt-Pow. */
const PowPayload = z.object({
  challenge: z.object({
    parameters: z.object({
      algorithm: z.literal(POW_ALGORITHM),
      nonce: hex,
      salt: hex,
      cost: z.number().int().positive(),
      keyLength: z.number().int().positive().max(64),
      keyPrefix: hex,
      keySignature: hex,
      expiresAt: z.number().int().positive(),
    }),
    signature: hex,
  }),
  solution: z.object({ counter: z.number().int().min(0).max(0xffffffff), derivedKey: hex }),
})

export type PowVerdict = 'ok' | 'malformed' | 'expired' | 'invalid' | 'used' | 'full'

/** A solved challenge a report is filed with: recorded as spent in the report's own statement. */
export interface SpentChallenge {
  nonce: string
  expiresAt: Date
}

/** The refusal of a solution already spent on another report (here, or by the database for every instance). */
export function powUsedProblem(): ProblemError {
  return new ProblemError(ErrorCode.POW_INVALID, {
    detail: 'The proof of work was already used for another report. Fetch a new challenge from GET /api/v1/challenge and solve it.',
    errors: [{ field: 'X-Meldpunt-Pow', code: 'invalid', message: 'The proof of work was already used for another report.' }],
  })
}

/**
 * Used challenges, keyed by nonce, each with the hash of the Idempotency-Key it was spent on and its expiry.
 * A retry of the same report (same key) may present the same solution again: a phone that lost the answer
 * must not be locked out. Full of unexpired entries, it refuses rather than forgets, so replays stay impossible.
 */
export class UsedChallenges {
  private readonly used = new Map<string, { key: string; expiresAt: number }>()
  private lastPrune = Number.NEGATIVE_INFINITY
  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.used.size
  }

  /** 'used' when the nonce was spent on another key; nothing is recorded. */
  peek(nonce: string, key: string): 'ok' | 'used' {
    const seen = this.used.get(nonce)
    return seen && seen.key !== key ? 'used' : 'ok'
  }

  /** Records the nonce as spent on `key`; false when it was spent on another key, or no room is left. */
  spend(nonce: string, key: string, expiresAtMs: number): 'ok' | 'used' | 'full' {
    const seen = this.used.get(nonce)
    if (seen) return seen.key === key ? 'ok' : 'used'
    // A full sweep at most once a second: a store full of live entries must not make every request scan it.
    if (this.used.size >= this.capacity && this.now() - this.lastPrune >= 1000) this.prune()
    if (this.used.size >= this.capacity) return 'full'
    this.used.set(nonce, { key, expiresAt: expiresAtMs })
    return 'ok'
  }

  prune(): void {
    const now = this.now()
    this.lastPrune = now
    for (const [nonce, entry] of this.used) if (entry.expiresAt <= now) this.used.delete(nonce)
  }
}

export class ProofOfWork {
  private readonly secret: string
  private readonly keySecret: string
  readonly used: UsedChallenges
  private readonly now: () => number

  constructor(private readonly opts: ProofOfWorkOptions) {
    const master = opts.hmacKey ?? randomBytes(32).toString('hex')
    // Two secrets from one: the challenge signature and the derived-key signature must not share a key.
    this.secret = createHash('sha256').update(`meldpunt-pow-challenge:${master}`).digest('hex')
    this.keySecret = createHash('sha256').update(`meldpunt-pow-key:${master}`).digest('hex')
    this.now = opts.now ?? Date.now
    this.used = new UsedChallenges(opts.replayCapacity, this.now)
  }

  /**
   * A deterministic challenge: the server picks the counter, signs the key it derives, and so verifies a
   * solution with one HMAC instead of redoing the work. The client needs on average ~maxCounter/2 derivations.
   */
  issue(): Promise<Challenge> {
    return createChallenge({
      algorithm: POW_ALGORITHM,
      cost: this.opts.cost,
      counter: randomInt(this.opts.maxCounter, Math.max(1, Math.floor(this.opts.maxCounter / 10))),
      deriveKey,
      expiresAt: Math.floor(this.now() / 1000) + this.opts.expiresSeconds,
      hmacSignatureSecret: this.secret,
      hmacKeySignatureSecret: this.keySecret,
    })
  }

  /** Checks a header value for the report filed under `idempotencyKey`. */
  async verify(header: string, idempotencyKey: string): Promise<PowVerdict> {
    return (await this.inspect(header, idempotencyKey, true)).verdict
  }

  /** After a report filed with `spent` committed: this process refuses the solution for other keys without a query. */
  remember(spent: SpentChallenge, idempotencyKey: string): void {
    this.used.spend(spent.nonce, createHash('sha256').update(idempotencyKey).digest('base64url'), spent.expiresAt.getTime())
  }

  /** The verdict, and for a valid solution the challenge to record as spent with the report (SpentChallenge). */
  private async inspect(header: string, idempotencyKey: string, record: boolean): Promise<{ verdict: PowVerdict; spent?: SpentChallenge }> {
    const verdict = (v: PowVerdict): { verdict: PowVerdict } => ({ verdict: v })
    if (header.length > MAX_HEADER_LENGTH) return verdict('malformed')
    let decoded: unknown
    try {
      decoded = JSON.parse(Buffer.from(header, 'base64').toString('utf8'))
    } catch {
      return verdict('malformed')
    }
    const parsed = PowPayload.safeParse(decoded)
    if (!parsed.success) return verdict('malformed')
    const { challenge, solution } = parsed.data
    // altcha-lib checks expiry against the real clock; ours may be injected (tests), so check it here too.
    if (challenge.parameters.expiresAt * 1000 <= this.now()) return verdict('expired')
    let result
    try {
      result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: this.secret, hmacKeySignatureSecret: this.keySecret })
    } catch {
      return verdict('malformed')
    }
    if (result.expired) return verdict('expired')
    if (!result.verified) return verdict('invalid')
    const key = createHash('sha256').update(idempotencyKey).digest('base64url')
    // This process's memory refuses a reuse at once; the database refuses it on every instance, when the
    // report's own statement records the challenge as spent (packages/db/src/report-write.ts).
    const spent = { nonce: challenge.parameters.nonce, expiresAt: new Date(challenge.parameters.expiresAt * 1000) }
    const nonce = challenge.parameters.nonce
    return { verdict: record ? this.used.spend(nonce, key, spent.expiresAt.getTime()) : this.used.peek(nonce, key), spent }
  }

  /** preHandler for intake: refuses a report without a valid, unspent solution when proof of work is required. */
  async check(req: FastifyRequest): Promise<SpentChallenge | undefined> {
    if (!this.opts.required) return undefined
    const header = req.headers[POW_HEADER]
    if (typeof header !== 'string' || header === '') {
      throw new ProblemError(ErrorCode.POW_REQUIRED, {
        detail: 'Fetch a challenge from GET /api/v1/challenge, solve it, and send the solution in the X-Meldpunt-Pow header.',
        errors: [{ field: 'X-Meldpunt-Pow', code: 'required', message: 'The X-Meldpunt-Pow header is required.' }],
      })
    }
    // Only looked up here: the solution is spent when the report commits (remember() after, the database during).
    const { verdict, spent } = await this.inspect(header, String(req.headers['idempotency-key'] ?? ''), false)
    if (verdict === 'ok') return spent
    if (verdict === 'full') {
      throw new ProblemError(ErrorCode.OVERLOADED, {
        detail: 'The service is very busy. Your report has not been stored; send it again after the Retry-After delay.',
        headers: { 'retry-after': String(this.opts.retryAfterSeconds) },
      })
    }
    const why = { malformed: 'is not a solved challenge', expired: 'has expired', invalid: 'is not a valid solution', used: 'was already used for another report' }[verdict]
    throw new ProblemError(ErrorCode.POW_INVALID, {
      detail: `The proof of work ${why}. Fetch a new challenge from GET /api/v1/challenge and solve it.`,
      errors: [{ field: 'X-Meldpunt-Pow', code: 'invalid', message: `The proof of work ${why}.` }],
    })
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    proofOfWork: ProofOfWork
  }
}

async function proofOfWorkPlugin(app: FastifyInstance, opts: ProofOfWorkOptions): Promise<void> {
  app.decorate('proofOfWork', new ProofOfWork(opts))
}

export default fp(proofOfWorkPlugin, { name: 'proof-of-work' })

/** Solves a challenge the way the web app does (tests, benchmarks); returns the X-Meldpunt-Pow header value. */
export async function solveForHeader(challenge: Challenge): Promise<string> {
  const { solveChallenge } = await import('altcha-lib')
  const solution = await solveChallenge({ challenge, deriveKey })
  if (!solution) throw new Error('challenge not solved in time')
  return Buffer.from(JSON.stringify({ challenge, solution: { counter: solution.counter, derivedKey: solution.derivedKey } })).toString('base64')
}
