// Place search and reverse lookup through PDOK Locatieserver, asked by the server; answers kept briefly in memory.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createHash } from 'node:crypto'
import type { Place, PlaceSuggestion, ReversePlace } from '@meldpunt/core/api'
import type { Config } from '../../config.js'
import { TtlCache } from '../../lib/ttl-cache.js'
import { fetchUpstream, UpstreamUnavailable } from '../../lib/upstream.js'
import { docsOf, placeOf, reversePlaceOf, suggestionOf } from './locatieserver.js'
import { PlaceLabels } from './place-labels.js'

declare module 'fastify' {
  interface FastifyInstance {
    places: Places
    placeLabels: PlaceLabels
  }
}

const SUGGEST_FIELDS = 'id,weergavenaam,type'
const PLACE_FIELDS = 'id,weergavenaam,type,centroide_ll,gemeentecode,gemeentenaam,straatnaam,woonplaatsnaam'
/** Kinds a resident can place a pin with; parcels and water boards are not places people name. */
const SEARCH_TYPES = 'type:(adres OR weg OR woonplaats OR gemeente OR postcode)'

export class Places {
  // Keys are hashed so that even memory holds no readable query next to its answer for longer than a request.
  private readonly cache = new TtlCache<unknown>({ ttlMs: 10 * 60_000, maxEntries: 5_000 })

  constructor(private readonly config: Config) {}

  get enabled(): boolean {
    return this.config.PLACES_URL !== 'none'
  }

  async suggest(q: string): Promise<PlaceSuggestion[]> {
    const answer = await this.ask('suggest', { q, rows: '7', fl: SUGGEST_FIELDS, fq: SEARCH_TYPES })
    return docsOf(answer).map(suggestionOf)
  }

  async lookup(id: string): Promise<Place | undefined> {
    const answer = await this.ask('lookup', { id, fl: PLACE_FIELDS })
    const doc = docsOf(answer)[0]
    return doc ? placeOf(doc) : undefined
  }

  /** The nearest address or street to a point; undefined when nothing named is near (open water, fields). */
  async reverse(lat: number, lon: number): Promise<ReversePlace | undefined> {
    const answer = await this.ask('reverse', {
      lat: lat.toFixed(6), lon: lon.toFixed(6), rows: '1', distance: '500', fl: `${PLACE_FIELDS},afstand`, fq: 'type:(adres OR weg)',
    })
    const doc = docsOf(answer)[0]
    return doc ? reversePlaceOf(doc) : undefined
  }

  private ask(endpoint: string, params: Record<string, string>): Promise<unknown> {
    const url = `${this.config.PLACES_URL}/${endpoint}?${new URLSearchParams(params).toString()}`
    const key = createHash('sha256').update(url).digest('hex')
    return this.cache.get(key, async () => {
      const res = await fetchUpstream(url, 'application/json', this.config.UPSTREAM_TIMEOUT_MS)
      if (!res.ok) {
        await res.body?.cancel()
        throw new UpstreamUnavailable(res.status)
      }
      try {
        return await res.json()
      } catch {
        throw new UpstreamUnavailable()
      }
    })
  }
}

export const placesPlugin = fp(
  async (app: FastifyInstance) => {
    const places = new Places(app.config)
    app.decorate('places', places)
    app.decorate('placeLabels', new PlaceLabels(app.db, places))
  },
  { name: 'places', decorators: { fastify: ['config', 'db'] } },
)
