// /healthz (the process is up) and /readyz (the database answers and every migration is applied).
import { migrationsApplied } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ping } from './repository.js'

const health: FastifyPluginAsyncZod = async (app) => {
  app.get('/healthz', { config: { rateLimit: false }, schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok') }) } } }, async () => ({ status: 'ok' as const }))

  app.get(
    '/readyz',
    {
      config: { rateLimit: false },
      schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ready'), database: z.string() }), 503: z.object({ status: z.literal('unavailable'), reason: z.string() }) } },
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
