// Builds the Meldpunt API as a Fastify instance; never listens (server.ts does), so tests can inject or listen anywhere.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { ErrorCode, makeProblem } from '@meldpunt/core'
import type { Database } from '@meldpunt/db'
import Fastify, { type FastifyInstance } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Config } from './config.js'
import { genReqId, loggerOptions } from './logger.js'
import rateLimit from './plugins/rate-limit.js'
import securityHeaders from './plugins/security-headers.js'
import webApp from './plugins/web-app.js'
import { installErrorHandlers, sendProblem } from './problems.js'
import health from './routes/health.js'
import help from './routes/help.js'
import municipalities from './routes/municipalities.js'
import receipts from './routes/receipts.js'
import reports from './routes/reports.js'

declare module 'fastify' {
  interface FastifyInstance {
    db: Database
    config: Config
  }
}

export interface BuildOptions {
  config: Config
  database: Database
  /** Where log lines go (tests capture them); default stdout. */
  logStream?: NodeJS.WritableStream
}

export async function buildApp({ config, database, logStream }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.LOG_LEVEL, logStream),
    genReqId,
    // Never trust X-Forwarded-For here: the address is only ever hashed for rate limiting, and a proxy that
    // needs it configures trust explicitly in front of us.
    trustProxy: false,
    requestIdHeader: false,
    bodyLimit: config.BODY_LIMIT,
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>()

  // JSON only: a text/plain body gets 415 instead of being validated as a string.
  app.removeContentTypeParser('text/plain')
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.decorate('db', database)
  app.decorate('config', config)
  installErrorHandlers(app)

  await app.register(securityHeaders)
  await app.register(rateLimit, { globalMax: config.RATE_LIMIT_GLOBAL })
  await app.register(swagger, {
    openapi: {
      info: { title: 'Meldpunt API', version: '1', description: 'Anonymous street-harassment reporting for Dutch municipalities.' },
      tags: [{ name: 'intake' }, { name: 'public' }, { name: 'health' }],
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })

  // Unknown routes are rate-limited too, so probing for paths costs the prober.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (req, reply) =>
    sendProblem(reply, makeProblem(ErrorCode.NOT_FOUND, { detail: `No route ${req.method} ${req.url.split('?')[0]}.` })),
  )

  await app.register(health)
  await app.register(
    async (api) => {
      await api.register(reports, { prefix: '/reports', rateLimit: config.RATE_LIMIT_REPORTS })
      await api.register(receipts, { prefix: '/receipts', rateLimit: config.RATE_LIMIT_RECEIPTS })
      await api.register(municipalities, { prefix: '/municipalities' })
      await api.register(help)
      api.get('/config', { schema: { tags: ['public'], response: { 200: z.object({ mapStyleUrl: z.string().nullable() }) } } }, async () => ({
        mapStyleUrl: config.MAP_STYLE_URL ?? null,
      }))
    },
    { prefix: '/api/v1' },
  )
  await app.register(webApp, { dist: config.WEB_DIST })
  return app
}
