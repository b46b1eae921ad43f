// /api/v1/places: search suggestions, one place, and the name of the place at a point; never logged with the query.
import { ErrorCode } from '@meldpunt/core'
import { Place, PlaceId, PlaceSuggestions, PlaceSuggestQuery, Problem, ReversePlace, ReverseQuery } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ProblemError } from '../../lib/problems.js'
import { UpstreamUnavailable } from '../../lib/upstream.js'

const RETRY_AFTER_SECONDS = 30

/** Slow or failing upstream: a quick 503 the form can ignore (the map and the municipality list still work). */
function unavailable(err: unknown): never {
  if (err instanceof UpstreamUnavailable) {
    throw new ProblemError(ErrorCode.OVERLOADED, {
      detail: 'Place search is not available right now; choose the place on the map or from the list.',
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    })
  }
  throw err
}

const places: FastifyPluginAsyncZod<{ rateLimit: number }> = async (app, opts) => {
  const limited = { rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } }
  // Answers depend only on the query, but a shared cache would keep what residents searched for.
  const privateCache = 'private, max-age=300'

  // After the rate limit (an onRequest hook), so a switched-off search is still counted against the caller.
  app.addHook('preHandler', async () => {
    if (!app.places.enabled) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'This installation runs without place search.' })
  })

  app.get(
    '/suggest',
    {
      config: limited,
      schema: { summary: 'Places in the Netherlands matching a search text', tags: ['public'], querystring: PlaceSuggestQuery, response: { 200: PlaceSuggestions, 400: Problem, 503: Problem } },
    },
    async (req, reply) => {
      const suggestions = await app.places.suggest(req.query.q).catch(unavailable)
      reply.header('cache-control', privateCache)
      return { suggestions }
    },
  )

  app.get(
    '/reverse',
    {
      config: limited,
      schema: { summary: 'The named place nearest to a point in the Netherlands', tags: ['public'], querystring: ReverseQuery, response: { 200: ReversePlace, 400: Problem, 404: Problem, 503: Problem } },
    },
    async (req, reply) => {
      const place = await app.places.reverse(req.query.lat, req.query.lon).catch(unavailable)
      if (!place) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'No named place is near this point.' })
      reply.header('cache-control', privateCache)
      return place
    },
  )

  app.get(
    '/:id',
    {
      config: limited,
      schema: { summary: 'One place chosen from the suggestions, with its centre', tags: ['public'], params: PlaceId, response: { 200: Place, 400: Problem, 404: Problem, 503: Problem } },
    },
    async (req, reply) => {
      const place = await app.places.lookup(req.params.id).catch(unavailable)
      if (!place) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'No place has this id.' })
      reply.header('cache-control', privateCache)
      return place
    },
  )
}

export default places
