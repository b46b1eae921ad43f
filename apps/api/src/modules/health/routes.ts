// /healthz (the process is up) and /readyz (the database answers and every migration is applied).
import { migrationsApplied } from '@meldpunt/db'
import { Healthy, Ready, Unavailable } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ping } from './repository.js'

const health: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { config: { rateLimit: false }, schema: { tags: ['health'], response: { 200: Healthy } } }, async () => ({ status: 'ok' as const }))

  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: { tags: ['health'], response: { 200: Ready, 503: Unavailable } },
    },
    async (_req, reply) => {
      try {
        await ping(app.db)
      } catch {
        return reply.code(503).send({ status: 'unavailable' as const, reason: 'database unreachable' })
      }
      if (!(await migrationsApplied(app.db))) return reply.code(503).send({ status: 'unavailable' as const, reason: 'migrations pending' })
      return { status: 'ready' as const, database: app.db.kind }
    },
  )
}

export default health
