// /basemap/...: the base map's style, tiles, glyphs and sprites, from our own origin so the browser talks to no one else.
import { ErrorCode } from '@meldpunt/core'
import { BasemapTileParams, GlyphParams, SpriteParams } from '@meldpunt/core/api'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ProblemError } from '../../lib/problems.js'
import { sendText } from '../../lib/send-text.js'
import { UpstreamUnavailable } from '../../lib/upstream.js'
import type { Served } from './service.js'

/** Seconds a browser waits before asking again after the upstream failed. */
const RETRY_AFTER_SECONDS = 30

/** The browser may keep what it got for a day; the disk cache behind us keeps it longer. */
const BROWSER_CACHE = 'public, max-age=86400'

function unavailable(err: unknown): never {
  if (err instanceof UpstreamUnavailable) {
    if (err.upstreamStatus !== undefined && err.upstreamStatus < 500 && err.upstreamStatus !== 429) {
      throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'The base map has nothing here.' })
    }
    throw new ProblemError(ErrorCode.OVERLOADED, {
      detail: 'The base map is not available right now; the map works without it.',
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    })
  }
  throw err
}

function send(reply: FastifyReply, served: Served | undefined): FastifyReply {
  if (!served) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'This base map has no such resource.' })
  return reply
    .header('cache-control', BROWSER_CACHE)
    .header('x-basemap-cache', served.from)
    .type(served.contentType)
    .send(served.body)
}

const basemapRoutes: FastifyPluginAsyncZod = async (app) => {
  const disabled = () => {
    if (!app.basemap.enabled) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'This installation runs without a base map.' })
  }

  app.get('/style.json', { schema: { summary: 'The base-map style (MapLibre), pointing only at this origin', tags: ['public'] } }, async (_req, reply) => {
    disabled()
    const style = await app.basemap.style().catch(unavailable)
    return sendText(reply.header('cache-control', 'public, max-age=3600'), style)
  })

  app.get('/tiles/:z/:x/:y', { schema: { summary: 'One base-map tile', tags: ['public'], params: BasemapTileParams } }, async (req, reply) => {
    disabled()
    const { z, x, y } = req.params
    if (x >= 2 ** z || y >= 2 ** z) throw new ProblemError(ErrorCode.VALIDATION, { detail: 'No such tile at this zoom level.' })
    return send(reply, await app.basemap.tile(z, x, y).catch(unavailable))
  })

  app.get('/glyphs/:fontstack/:range.pbf', { schema: { summary: 'Base-map label glyphs', tags: ['public'], params: GlyphParams } }, async (req, reply) => {
    disabled()
    return send(reply, await app.basemap.glyphs(req.params.fontstack, req.params.range).catch(unavailable))
  })

  app.get('/sprites/:file', { schema: { summary: 'Base-map icons', tags: ['public'], params: SpriteParams } }, async (req, reply) => {
    disabled()
    return send(reply, await app.basemap.sprite(req.params.file).catch(unavailable))
  })
}

export default basemapRoutes
