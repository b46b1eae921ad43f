// Public municipality list, boundaries for the self-contained map style, and neighbourhoods to pick from.
import { ErrorCode } from '@meldpunt/core'
import { MunicipalityList, MunicipalityParams, NeighbourhoodCentres, Problem, type MunicipalitySummary } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { sendText } from '../../lib/send-text.js'
import { ProblemError } from '../../lib/problems.js'
import { boundariesGeoJson, municipalityExists, municipalityExtents, neighbourhoodCentres } from './repository.js'

const municipalities: FastifyPluginAsyncZod = async (app) => {
  // Boundaries change once a year: read them once per process, not per request.
  let list: MunicipalitySummary[] | undefined
  let boundaries: string | undefined

  app.get(
    '',
    { schema: { summary: 'All municipalities with centre and bounding box, by name', tags: ['public'], response: { 200: MunicipalityList } } },
    async (_req, reply) => {
      list ??= (await municipalityExtents(app.db)).map((r) => ({
        code: r.code,
        name: r.name,
        centroid: [round(r.cx), round(r.cy)] as [number, number],
        bbox: [round(r.x0), round(r.y0), round(r.x1), round(r.y1)] as [number, number, number, number],
      }))
      reply.header('cache-control', 'public, max-age=86400')
      return list
    },
  )

  app.get(
    '/boundaries',
    { schema: { summary: 'Municipality boundaries as GeoJSON (generalised; for drawing, not for routing)', tags: ['public'] } },
    async (_req, reply) => {
      if (!boundaries) {
        boundaries = (await boundariesGeoJson(app.db)) ?? '{"type":"FeatureCollection","features":[]}'
      }
      return sendText(reply.header('cache-control', 'public, max-age=86400'), boundaries, 'application/geo+json')
    },
  )

  app.get(
    '/:code/neighbourhoods',
    {
      schema: {
        summary: 'Neighbourhoods of a municipality (empty until its CBS wijk- en buurtkaart is imported)',
        tags: ['public'],
        params: MunicipalityParams,
        response: { 200: NeighbourhoodCentres, 404: Problem },
      },
    },
    async (req) => {
      if (!(await municipalityExists(app.db, req.params.code))) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: `No municipality has code ${req.params.code}.` })
      const rows = await neighbourhoodCentres(app.db, req.params.code)
      return rows.map((r) => ({ code: r.code, name: r.name, centroid: [round(r.cx), round(r.cy)] as [number, number] }))
    },
  )
}

const round = (v: number): number => Math.round(v * 1e5) / 1e5

export default municipalities
