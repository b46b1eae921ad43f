// Serves the built web app (resident flow at /, staff dashboard at /staff/) from the API's own origin.
import fastifyStatic from '@fastify/static'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url))

export default async function webApp(app: FastifyInstance, opts: { dist?: string }): Promise<void> {
  const root = opts.dist ?? DEFAULT_WEB_DIST
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn('web app not built (run npm run build:web); serving the API only')
    return
  }
  await app.register(fastifyStatic, {
    root,
    index: ['index.html'],
    // The HTML must always be fresh (new deployments); hashed assets can be cached for a long time.
    setHeaders: (reply, path) => {
      if (path.endsWith('.html') || path.endsWith('sw.js')) reply.header('cache-control', 'no-cache')
      else if (path.includes('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable')
    },
  })
}
