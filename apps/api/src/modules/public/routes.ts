// /api/v1/public: the open map and weekly series of a municipality, counts under disclosure control; no login, no cookie.
import { Problem, PublicCellCollection, PublicCellsQuery, PublicParams as Params, PublicWeeklySeries, PublishedPeriodQuery, type PublicCellSize } from '@meldpunt/core/api'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { resolvePublishedPeriod } from './disclosed-period.js'
import { PUBLIC_CACHE_SECONDS } from './service.js'
import { sendText } from '../../lib/send-text.js'

const DISCLOSURE =
  'Counts only: no text, no report, no exact place. Time is one fixed quarter of ISO weeks that has ended (period=2026-Q3: ' +
  'ISO weeks 27–39), never a free window: two overlapping windows could be subtracted. A quarter is computed the first time it is ' +
  'asked for and then frozen: it never changes. A report counts in the quarter it occurred in if it was received in that quarter, ' +
  'otherwise on the day it was received. Counts below the municipality\'s minimum (settings.minimumCellCount, at least 5), zero ' +
  'included, are published alike as suppressed, and so are more figures wherever subtraction could otherwise tell them apart.'

function sendCached(reply: FastifyReply, body: string, type: string): FastifyReply {
  return sendText(reply.header('cache-control', `public, max-age=${PUBLIC_CACHE_SECONDS}`), body, type)
}

const publicRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/municipalities/:code/cells',
    {
      schema: {
        summary: 'Open map: reports per square cell (GeoJSON), under disclosure control',
        description: DISCLOSURE,
        tags: ['public'],
        params: Params,
        querystring: PublicCellsQuery,
        response: { 200: PublicCellCollection, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const { code } = req.params
      const period = resolvePublishedPeriod(req.query)
      const cellSize = req.query.cellSize as PublicCellSize
      const body = await app.publicAnswers.cells(code, period, cellSize)
      return sendCached(reply, body, 'application/geo+json; charset=utf-8')
    },
  )

  app.get(
    '/municipalities/:code/weekly',
    {
      schema: {
        summary: 'Reports per ISO week, under disclosure control',
        description: DISCLOSURE,
        tags: ['public'],
        params: Params,
        querystring: PublishedPeriodQuery,
        response: { 200: PublicWeeklySeries, 400: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const { code } = req.params
      const period = resolvePublishedPeriod(req.query)
      const body = await app.publicAnswers.weekly(code, period)
      return sendCached(reply, body, 'application/json; charset=utf-8')
    },
  )
}

export default publicRoutes
