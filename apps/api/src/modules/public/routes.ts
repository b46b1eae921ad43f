// /api/v1/public: the open map and weekly series of a municipality, counts under disclosure control; no login, no cookie.
import { FieldErrorCode, Problem } from '@meldpunt/core'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { PublishedPeriodQuery, resolvePublishedPeriod, WeekPeriod } from './disclosed-period.js'
import { PUBLIC_CACHE_SECONDS, PUBLIC_CELL_SIZES, type PublicCellSize } from './service.js'
import { sendText } from '../../lib/send-text.js'

const Params = z.object({ code: z.string().regex(/^GM\d{4}$/, FieldErrorCode.INVALID_FORMAT).describe('CBS municipality code, e.g. GM0363') })

const CellsQuery = PublishedPeriodQuery.extend({
  cellSize: z.coerce
    .number()
    .int()
    .refine((v) => (PUBLIC_CELL_SIZES as readonly number[]).includes(v), FieldErrorCode.INVALID_VALUE)
    .default(1000)
    .describe(`Cell edge in metres: ${PUBLIC_CELL_SIZES.join(' or ')}`),
})

const Municipality = z.object({ code: z.string(), name: z.string() })
const Count = z.number().int().nullable().describe('null when suppressed')

const PublicCellCollection = z.object({
  type: z.literal('FeatureCollection'),
  municipality: Municipality,
  period: WeekPeriod,
  cellSize: z.number().int(),
  minimum: z.number().int().describe('Smallest count this municipality published when the quarter was frozen'),
  total: Count.describe('Reports in the period; null when fewer than the minimum, none included'),
  totalSuppressed: z.boolean(),
  categories: z.array(z.object({ category: z.string(), count: Count, suppressed: z.boolean() })).describe('Reports per category in the whole municipality'),
  features: z
    .array(
      z.object({
        type: z.literal('Feature'),
        id: z.string(),
        geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) }),
        properties: z.object({ id: z.string().describe('`${cellSize}:${i}:${j}` in RD New'), count: z.number().int() }),
      }),
    )
    .describe('Only cells whose count is published; cells with fewer reports than the minimum, or withheld to protect one, are absent'),
})

const PublicWeeklySeries = z.object({
  municipality: Municipality,
  period: WeekPeriod,
  minimum: z.number().int(),
  total: Count,
  totalSuppressed: z.boolean(),
  weeks: z.array(z.object({ week: z.string().describe('Monday'), isoWeek: z.string().describe('e.g. 2025-W01'), count: Count, suppressed: z.boolean() })),
})

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
        querystring: CellsQuery,
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
