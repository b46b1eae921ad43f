// GET /hotspots (+ .csv, .geojson exports) and GET /tiles/{z}/{x}/{y}.mvt: Gi* hotspot cells read from the rollups.
import { ErrorCode } from '@meldpunt/core'
import { HotspotAnswer, HotspotJsonQuery, HotspotQuery, InsufficientData, Problem, TileParams } from '@meldpunt/core/api'
import { writeAudit } from '@meldpunt/db'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { sendText } from '../../lib/send-text.js'
import { ProblemError } from '../../lib/problems.js'
import type { PlaceLabel } from '../places/place-labels.js'
import { hotspotsBody, insufficient } from './answer-json.js'
import { hotspotsCsv, labelledCells, visibleCells } from './service.js'
import { encodeTile, TILE_LAYERS, tileSource } from './vector-tiles.js'
import { municipalityOf, principal, tenantRead } from '../staff/context.js'
import { auditFilter, filterKey, toFilter } from '../report-views/filter.js'

/** Most cells a band may reach across: the work per cell grows with the square of it. */
const MAX_BAND_CELLS = 10

const hotspots: FastifyPluginAsyncZod = async (app) => {
  const config = app.config

  /** The Gi* band in metres: the configured default, or the caller's, at least one cell and at most MAX_BAND_CELLS. */
  function bandFor(q: HotspotQuery): number {
    const band = Math.max(q.distanceBand ?? config.HOTSPOT_DISTANCE_BAND_CELLS * q.cellSize, q.cellSize)
    if (band > MAX_BAND_CELLS * q.cellSize) {
      throw new ProblemError(ErrorCode.VALIDATION, {
        detail: `The distance band may reach at most ${MAX_BAND_CELLS} cells (${MAX_BAND_CELLS * q.cellSize} m at ${q.cellSize} m cells).`,
        errors: [{ field: 'querystring.distanceBand', code: 'out_of_range', message: 'This value cannot be right.' }],
      })
    }
    return band
  }

  async function compute(req: FastifyRequest, q: HotspotQuery, audit?: { action: string; format: string }) {
    const municipality = municipalityOf(req)
    const filter = toFilter(q, municipality)
    const distanceBand = bandFor(q)
    const result = await tenantRead(req, municipality, async (tx) => {
      const r = await app.hotspots.compute(tx, { filter, cellSize: q.cellSize, distanceBand, minimum: config.HOTSPOT_MIN_REPORTS })
      if (audit) {
        await writeAudit(tx, {
          staffUserId: principal(req).userId,
          municipalityCode: municipality,
          action: audit.action,
          resource: `hotspots.${audit.format}`,
          detail: { filter: auditFilter(filter), cellSize: q.cellSize, distanceBand, reports: r.reports, status: r.status },
        })
      }
      return r
    })
    // Named cells are the ones a person reads about: those with reports or a significant bin, not the empty rest.
    const labels = result.status === 'ok'
      ? await app.placeLabels.forCells(labelledCells(visibleCells(result, 'significant-or-occupied'), result.cellSize))
      : new Map<string, PlaceLabel>()
    return { filter, result, labels }
  }

  const filterDescription =
    'Filters: period (from/to, default the last 365 days), categories, settings, hours, weekdays; cellSize 100 (default), 200, 250, 500 or 1000 m. ' +
    'Gi* runs over every cell whose centre lies inside the municipality, empty cells included, plus every occupied cell just outside it ' +
    '(a report near the boundary never drops out); those cells carry inside=false and are counted in `cells`. The distance band is fixed (default 1.5 cells); bins come from ' +
    'Benjamini–Hochberg FDR at 10/5/1 %. Fewer than the minimum number of reports (30) gives status "insufficient-data" instead of a map.'

  app.get(
    '/hotspots',
    {
      schema: {
        summary: 'Hotspot cells as GeoJSON',
        description: filterDescription,
        tags: ['staff'],
        querystring: HotspotJsonQuery,
        response: { 200: HotspotAnswer, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      const { filter, result, labels } = await compute(req, req.query)
      return sendText(reply, hotspotsBody(app.hotspots.grids, filter, result, req.query.include, labels))
    },
  )

  app.get(
    '/hotspots.geojson',
    {
      schema: {
        summary: 'Export hotspot cells as a GeoJSON file (audited)',
        description: filterDescription,
        tags: ['staff'],
        querystring: HotspotJsonQuery,
        response: { 200: HotspotAnswer, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      const { filter, result, labels } = await compute(req, req.query, { action: 'export', format: 'geojson' })
      reply.header('content-disposition', `attachment; filename="hotspots-${filter.municipality}-${filter.from}-${filter.to}-${req.query.cellSize}m.geojson"`)
      return sendText(reply, hotspotsBody(app.hotspots.grids, filter, result, req.query.include, labels), 'application/geo+json; charset=utf-8')
    },
  )

  app.get(
    '/hotspots.csv',
    {
      schema: {
        summary: 'Export hotspot cells as CSV (audited)',
        description: `${filterDescription} One row per cell with reports or a significant bin, hottest first. With too few reports: 409 with the reason.`,
        tags: ['staff'],
        querystring: HotspotQuery,
        response: { 200: z.string().describe('text/csv'), 400: Problem, 401: Problem, 403: Problem, 409: InsufficientData },
      },
    },
    async (req, reply) => {
      const { filter, result, labels } = await compute(req, req.query, { action: 'export', format: 'csv' })
      if (result.status !== 'ok') return sendText(reply.code(409), JSON.stringify(insufficient(filter, result)))
      reply.header('content-disposition', `attachment; filename="hotspots-${filter.municipality}-${filter.from}-${filter.to}-${req.query.cellSize}m.csv"`)
      // The CSV has one row per cell; how many 1 km reports the cells leave out travels beside it (docs/adr/0005).
      reply.header('x-meldpunt-left-out-coarse', String(result.leftOutCoarse))
      return sendText(reply, hotspotsCsv(result, visibleCells(result, 'significant-or-occupied'), labels), 'text/csv; charset=utf-8')
    },
  )

  app.get(
    '/tiles/:z/:x/:y.mvt',
    {
      schema: {
        summary: 'Hotspot cells and density as a Mapbox vector tile',
        description:
          `Layers \`${TILE_LAYERS.cells}\` (cell polygons: id, bin, count, z) and \`${TILE_LAYERS.density}\` (cell centres: count, for a heatmap). ` +
          `Same filters as /hotspots. An empty tile is 200 with no bytes; with too few reports every tile is empty and ` +
          '`x-meldpunt-status: insufficient-data` says why.',
        tags: ['staff'],
        params: TileParams,
        querystring: HotspotQuery,
        response: { 200: z.any().describe('application/vnd.mapbox-vector-tile'), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req, reply) => {
      const { z: zoom, x, y } = req.params
      const size = 2 ** zoom
      if (x >= size || y >= size) {
        throw new ProblemError(ErrorCode.VALIDATION, {
          detail: `At zoom ${zoom}, x and y must be below ${size}.`,
          errors: [{ field: 'params.x', code: 'out_of_range', message: 'This value cannot be right.' }],
        })
      }
      const municipality = municipalityOf(req)
      const q = req.query
      const filter = toFilter(q, municipality)
      const distanceBand = bandFor(q)
      // The key starts with the municipality (inside filterKey): one tenant's cached layer can never answer another's request.
      const key = `${filterKey(filter)}|${q.cellSize}|${distanceBand}`
      const source = await app.hotspots.tileSources.get(key, async () =>
        tileSource(await tenantRead(req, municipality, (tx) => app.hotspots.compute(tx, { filter, cellSize: q.cellSize, distanceBand, minimum: config.HOTSPOT_MIN_REPORTS }))),
      )
      reply.header('x-meldpunt-status', source.status)
      return reply.type('application/vnd.mapbox-vector-tile').send(Buffer.from(encodeTile(app.hotspots.grids, source, zoom, x, y)))
    },
  )
}

export default hotspots
