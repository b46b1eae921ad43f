// gzip and brotli for what we send: a year's 100 m hotspot answer is 4 MB of JSON and 0.7 MB gzipped, a vector tile
// shrinks by half. Large bodies are compressed on zlib's thread pool, off the event loop.
import compress from '@fastify/compress'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { constants } from 'node:zlib'

/** Text, JSON (plain, GeoJSON, problems), CSV, scripts, SVG and vector tiles; not images or fonts already packed. */
const COMPRESSIBLE = /^(?:text\/(?!event-stream)|application\/(?:[a-z.+-]*\+)?json(?:;|$)|application\/javascript|image\/svg\+xml|application\/vnd\.mapbox-vector-tile)/

async function compression(app: FastifyInstance): Promise<void> {
  // Only answers to reads: an answer to a form (a receipt code, a session's CSRF token) is never compressed beside
  // what the sender put in the same request, so its length cannot leak a secret (BREACH).
  app.addHook('onRequest', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') req.headers['x-no-compression'] = '1'
  })
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    threshold: 1024,
    // Quality 4: about gzip's speed at a better ratio; brotli's default of 11 costs seconds on a 4 MB answer.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  })
}

export default fp(compression, { name: 'compression' })
