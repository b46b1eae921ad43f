// /healthz (the process is up) and /readyz (the process takes work: not shedding load, the database answers and
// every migration is applied). A balancer that reads /readyz moves traffic away while this process sheds.
import { ErrorCode, makeProblem } from '@meldpunt/core'
import { migrationsApplied } from '@meldpunt/db'
import type { FastifyReply } from 'fastify'
import { Healthy, Ready, Unavailable } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { sendProblem } from '../../lib/problems.js'
import { ping } from './repository.js'

/** 503 with the reason, as a problem like every other error answer; Retry-After when waiting helps. */
function notReady(reply: FastifyReply, reason: string, retryAfterSeconds: number): FastifyReply {
  const detail = `Not ready: ${reason}.`
  const body: Unavailable = { ...makeProblem(ErrorCode.OVERLOADED, { detail }), reason }
  return sendProblem(reply, body, { 'retry-after': String(retryAfterSeconds) })
}

const health: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { config: { rateLimit: false }, schema: { tags: ['health'], response: { 200: Healthy } } }, async () => ({ status: 'ok' as const }))

  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: { tags: ['health'], response: { 200: Ready, 503: Unavailable } },
    },
    async (_req, reply) => {
      const retryAfter = app.config.OVERLOAD_RETRY_AFTER_SECONDS
      const shedding = app.loadShedding.shedding()
      if (shedding) return notReady(reply, `shedding load (${shedding})`, retryAfter)
      try {
        await ping(app.db)
      } catch {
        return notReady(reply, 'database unreachable', retryAfter)
      }
      if (!(await migrationsApplied(app.db))) return notReady(reply, 'migrations pending', retryAfter)
      return { status: 'ready' as const, database: app.db.kind }
    },
  )
}

export default health
