// Public municipality list, boundaries for the self-contained map style, and neighbourhoods to pick from.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Problem, ErrorCode } from '@meldpunt/core'
import { sendText } from '../../lib/send-text.js'
import { ProblemError } from '../../lib/problems.js'

const MunicipalitySummary = z.object({
  code: z.string(),
  name: z.string(),
  centroid: z.tuple([z.number(), z.number()]),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
})

const municipalities: FastifyPluginAsyncZod = async (app) => {
  // Boundaries change once a year: read them once per process, not per request.
  let list: z.infer<typeof MunicipalitySummary>[] | undefined
  let boundaries: string | undefined

  app.get(
    '',
    { schema: { summary: 'All municipalities with centre and bounding box, by name', tags: ['public'], response: { 200: z.array(MunicipalitySummary) } } },
    async (_req, reply) => {
      list ??= (
        await app.db.query<{ code: string; name: string; cx: number; cy: number; x0: number; y0: number; x1: number; y1: number }>(
          `select code, name, ST_X(c) as cx, ST_Y(c) as cy, ST_XMin(boundary) as x0, ST_YMin(boundary) as y0, ST_XMax(boundary) as x1, ST_YMax(boundary) as y1
           from (select code, name, boundary, ST_PointOnSurface(boundary) as c from municipalities) m order by name`,
        )
      ).map((r) => ({
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
        const [row] = await app.db.query<{ fc: string }>(
          `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
             'type', 'Feature', 'properties', json_build_object('code', code, 'name', name),
             'geometry', ST_AsGeoJSON(boundary, 5)::json) order by code), '[]'::json))::text as fc
           from municipalities`,
        )
        boundaries = row?.fc ?? '{"type":"FeatureCollection","features":[]}'
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
        params: z.object({ code: z.string().regex(/^GM\d{4}$/) }),
        response: { 200: z.array(z.object({ code: z.string(), name: z.string(), centroid: z.tuple([z.number(), z.number()]) })), 404: Problem },
      },
    },
    async (req) => {
      const [m] = await app.db.query(`select 1 from municipalities where code = $1`, [req.params.code])
      if (!m) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: `No municipality has code ${req.params.code}.` })
      const rows = await app.db.query<{ code: string; name: string; cx: number; cy: number }>(
        `select code, name, ST_X(ST_PointOnSurface(boundary)) as cx, ST_Y(ST_PointOnSurface(boundary)) as cy
         from neighbourhoods where municipality_code = $1 order by name`,
        [req.params.code],
      )
      return rows.map((r) => ({ code: r.code, name: r.name, centroid: [round(r.cx), round(r.cy)] as [number, number] }))
    },
  )
}

const round = (v: number): number => Math.round(v * 1e5) / 1e5

export default municipalities
