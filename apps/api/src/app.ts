// Builds the Meldpunt API as a Fastify instance; never listens (server.ts does), so tests can inject or listen anywhere.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { ErrorCode, makeProblem } from '@meldpunt/core'
import { SiteConfig } from '@meldpunt/core/api'
import type { Database } from '@meldpunt/db'
import Fastify, { type FastifyInstance } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import type { Config } from './config.js'
import type { Clock } from './lib/clock.js'
import { genReqId, loggerOptions } from './lib/logger.js'
import { installErrorHandlers, sendProblem } from './lib/problems.js'
import { spikeAlertsPlugin } from './modules/alerts/service.js'
import basemapRoutes from './modules/basemap/routes.js'
import { basemapPlugin } from './modules/basemap/service.js'
import health from './modules/health/routes.js'
import { hotspotsPlugin } from './modules/hotspots/service.js'
import challenge from './modules/intake/challenge-routes.js'
import reports from './modules/intake/routes.js'
import { intakePlugin } from './modules/intake/service.js'
import municipalities from './modules/municipalities/routes.js'
import places from './modules/places/routes.js'
import { placesPlugin } from './modules/places/service.js'
import publicRoutes from './modules/public/routes.js'
import { publicAnswersPlugin } from './modules/public/service.js'
import receipts from './modules/receipts/routes.js'
import help from './modules/referral/routes.js'
import { staffAuthPlugin } from './modules/staff/auth.js'
import staff from './modules/staff/routes.js'
import { staffAccountsPlugin } from './modules/staff-accounts/service.js'
import { staffTotpPlugin } from './modules/totp/service.js'
import backpressure from './plugins/backpressure.js'
import compression from './plugins/compression.js'
import jobLeases from './plugins/job-leases.js'
import metrics from './plugins/metrics.js'
import proofOfWork from './plugins/proof-of-work.js'
import rateLimit from './plugins/rate-limit.js'
import securityHeaders, { applySecurityHeaders, docsContentSecurityPolicy } from './plugins/security-headers.js'
import webApp from './plugins/web-app.js'

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
  /** Time and timers for scheduled jobs (tests pass a fake one); default the system clock. */
  clock?: Clock
}

export async function buildApp({ config, database, logStream, clock }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.LOG_LEVEL, logStream),
    genReqId,
    // X-Forwarded-For is believed only from the balancers listed in TRUST_PROXY (never from anyone): the address is
    // only ever hashed for rate limiting, and a forged header from elsewhere must not pick its own bucket.
    trustProxy: config.TRUST_PROXY ?? false,
    requestIdHeader: false,
    bodyLimit: config.BODY_LIMIT,
    // While draining, the backpressure plugin answers 503 itself: as a problem, with our headers and Retry-After.
    return503OnClosing: false,
    // A malformed URL (bad percent-encoding) never reaches a route: answer it as a problem, headers and all.
    frameworkErrors: (_err, req, reply) => {
      applySecurityHeaders(req, reply)
      return sendProblem(reply, makeProblem(ErrorCode.VALIDATION, { detail: 'The address of this request is not valid.' }))
    },
    ajv: undefined,
  }).withTypeProvider<ZodTypeProvider>()

  // JSON only: a text/plain body gets 415 instead of being validated as a string.
  app.removeContentTypeParser('text/plain')
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.decorate('db', database)
  app.decorate('config', config)
  installErrorHandlers(app)

  // First, so every answer is measured and overload is refused before any other work (rate limits included).
  await app.register(metrics, { token: config.METRICS_TOKEN })
  await app.register(backpressure, {
    maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: config.MAX_HEAP_USED_BYTES,
    maxRssBytes: config.MAX_RSS_BYTES,
    residentHeadroomBytes: config.RESIDENT_HEADROOM_BYTES,
    sampleIntervalMs: config.PRESSURE_SAMPLE_INTERVAL_MS,
    maxDbWaiting: config.DB_MAX_WAITING,
    maxInFlight: config.MAX_IN_FLIGHT,
    retryAfterSeconds: config.OVERLOAD_RETRY_AFTER_SECONDS,
  })
  await app.register(proofOfWork, {
    required: config.POW_REQUIRED,
    hmacKey: config.ALTCHA_HMAC_KEY,
    cost: config.POW_COST,
    maxCounter: config.POW_MAX_COUNTER,
    expiresSeconds: config.POW_EXPIRES_SECONDS,
    replayCapacity: config.POW_REPLAY_CAPACITY,
    retryAfterSeconds: config.OVERLOAD_RETRY_AFTER_SECONDS,
  })
  await app.register(securityHeaders)
  await app.register(compression)
  await app.register(rateLimit, {
    globalMax: config.RATE_LIMIT_GLOBAL,
    store: config.RATE_LIMIT_STORE ?? (config.DATABASE_URL ? 'database' : 'memory'),
    redisUrl: config.RATE_LIMIT_REDIS_URL,
  })
  await app.register(swagger, {
    openapi: {
      info: { title: 'Meldpunt API', version: '1', description: 'Anonymous street-harassment reporting for Dutch municipalities.' },
      tags: [{ name: 'intake' }, { name: 'public' }, { name: 'health' }],
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // swagger-ui's default policy allows https: fonts and styles and an image from validator.swagger.io, and its
    // default config fetches that badge: a third-party load. Ours loads nothing from elsewhere.
    staticCSP: true,
    transformStaticCSP: docsContentSecurityPolicy,
    uiConfig: { validatorUrl: null },
  })

  // Unknown routes are rate-limited too, so probing for paths costs the prober.
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (req, reply) =>
    sendProblem(reply, makeProblem(ErrorCode.NOT_FOUND, { detail: `No route ${req.method} ${req.url.split('?')[0]}.` })),
  )

  // The capabilities' long-lived services, at the root so every route scope below sees them. Each is a
  // fastify-plugin that needs only db and config (decorated above); the spike scheduler starts on ready, so it
  // never runs against an app that failed to boot.
  await app.register(intakePlugin)
  await app.register(publicAnswersPlugin)
  await app.register(staffAuthPlugin, { clock })
  await app.register(hotspotsPlugin)
  await app.register(jobLeases, { leaseSeconds: config.JOB_LEASE_SECONDS })
  await app.register(spikeAlertsPlugin, { clock })
  await app.register(basemapPlugin)
  await app.register(placesPlugin)
  await app.register(staffAccountsPlugin, { clock })
  await app.register(staffTotpPlugin, { clock })

  await app.register(health)
  await app.register(
    async (api) => {
      await api.register(reports, { prefix: '/reports', rateLimit: config.RATE_LIMIT_REPORTS })
      await api.register(challenge, { rateLimit: config.RATE_LIMIT_CHALLENGE })
      await api.register(receipts, { prefix: '/receipts', rateLimit: config.RATE_LIMIT_RECEIPTS })
      await api.register(municipalities, { prefix: '/municipalities' })
      await api.register(help)
      await api.register(places, { prefix: '/places', rateLimit: config.RATE_LIMIT_PLACES })
      await api.register(staff, { prefix: '/staff' })
      await api.register(publicRoutes, { prefix: '/public' })
      api.get('/config', { schema: { tags: ['public'], response: { 200: SiteConfig } } }, async () => ({
        mapStyleUrl: config.MAP_STYLE_URL ?? app.basemap.settings().styleUrl,
        placeSearch: app.places.enabled,
      }))
    },
    { prefix: '/api/v1' },
  )
  await app.register(basemapRoutes, { prefix: '/basemap' })
  await app.register(webApp, { dist: config.WEB_DIST })
  return app
}
