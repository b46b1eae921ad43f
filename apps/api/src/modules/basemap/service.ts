// The base-map proxy: style, tiles, glyphs and sprites fetched by the server, kept in a bounded disk cache.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { join } from 'node:path'
import type { BasemapSettings } from '@meldpunt/core/api'
import type { Config } from '../../config.js'
import { fetchUpstream, maxAgeOf, UpstreamUnavailable } from '../../lib/upstream.js'
import { DiskCache } from './disk-cache.js'
import { fillTemplate, isStyle, rasterStyle, rewriteStyle, type UpstreamResources } from './style.js'

declare module 'fastify' {
  interface FastifyInstance {
    basemap: Basemap
  }
}

export type Served = { body: Buffer, contentType: string, from: 'cache' | 'upstream' | 'stale' }

/** Reuse an answer this long when the upstream says nothing about caching. */
const DEFAULT_MAX_AGE_SECONDS = 24 * 3600

export class Basemap {
  private readonly cache: DiskCache
  private readonly inFlight = new Map<string, Promise<Served>>()
  private resources: UpstreamResources | undefined

  constructor(private readonly config: Config) {
    this.cache = new DiskCache(config.BASEMAP_CACHE_DIR ?? join(config.DATA_DIR, 'basemap-cache'), config.BASEMAP_CACHE_MAX_BYTES)
  }

  get enabled(): boolean {
    return this.config.BASEMAP !== 'none'
  }

  settings(): BasemapSettings {
    if (!this.enabled) return { styleUrl: null, attribution: null }
    return { styleUrl: '/basemap/style.json', attribution: this.config.BASEMAP_ATTRIBUTION }
  }

  /** Bytes in the disk cache now. */
  get cachedBytes(): number {
    return this.cache.size
  }

  async style(): Promise<string> {
    if (this.config.BASEMAP !== 'pdok') return JSON.stringify(rasterStyle(this.config.BASEMAP_ATTRIBUTION))
    const upstream = await this.fetchCached(this.config.BASEMAP_STYLE_URL, 'application/json')
    let parsed: unknown
    try {
      parsed = JSON.parse(upstream.body.toString('utf8'))
    } catch {
      throw new UpstreamUnavailable()
    }
    if (!isStyle(parsed)) throw new UpstreamUnavailable()
    const { style, resources } = rewriteStyle(parsed, this.config.BASEMAP_ATTRIBUTION)
    this.resources = resources
    return JSON.stringify(style)
  }

  tile(z: number, x: number, y: number): Promise<Served> {
    const template = this.config.BASEMAP === 'pdok' ? this.config.BASEMAP_TILE_URL : this.config.BASEMAP
    return this.fetchCached(fillTemplate(template, { z, x, y }), '*/*')
  }

  async glyphs(fontstack: string, range: string): Promise<Served | undefined> {
    const template = (await this.upstreamResources()).glyphs
    return template ? this.fetchCached(fillTemplate(template, { fontstack, range }), 'application/x-protobuf') : undefined
  }

  async sprite(file: string): Promise<Served | undefined> {
    const base = (await this.upstreamResources()).sprite
    if (!base) return undefined
    const url = new URL(base)
    url.pathname += file.slice('sprite'.length)
    return this.fetchCached(url.href, '*/*')
  }

  private async upstreamResources(): Promise<UpstreamResources> {
    if (this.config.BASEMAP !== 'pdok') return {}
    if (!this.resources) await this.style()
    return this.resources ?? {}
  }

  /**
   * A fresh cached copy costs no upstream request; otherwise the upstream is asked once for every waiting
   * caller, and if it fails, a stale copy still answers, so a short outage is not seen.
   */
  private fetchCached(url: string, accept: string): Promise<Served> {
    const running = this.inFlight.get(url)
    if (running) return running
    const work = (async (): Promise<Served> => {
      const hit = await this.cache.get(url)
      if (hit?.fresh) return { body: hit.body, contentType: hit.contentType, from: 'cache' }
      try {
        const res = await fetchUpstream(url, accept, this.config.UPSTREAM_TIMEOUT_MS)
        if (!res.ok) {
          await res.body?.cancel()
          throw new UpstreamUnavailable(res.status)
        }
        const body = Buffer.from(await res.arrayBuffer())
        const contentType = res.headers.get('content-type') ?? 'application/octet-stream'
        const maxAge = maxAgeOf(res.headers.get('cache-control'), DEFAULT_MAX_AGE_SECONDS)
        if (maxAge > 0) await this.cache.put(url, body, contentType, maxAge)
        return { body, contentType, from: 'upstream' }
      } catch (err) {
        if (hit) return { body: hit.body, contentType: hit.contentType, from: 'stale' }
        throw err
      }
    })()
    this.inFlight.set(url, work)
    void work.finally(() => this.inFlight.delete(url)).catch(() => undefined)
    return work
  }
}

export const basemapPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('basemap', new Basemap(app.config))
  },
  { name: 'basemap', decorators: { fastify: ['config'] } },
)
