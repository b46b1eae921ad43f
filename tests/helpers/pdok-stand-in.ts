// A loopback stand-in for PDOK (BRT-Achtergrondkaart OGC API and Locatieserver v3.1) serving recorded answer shapes.
import GeoJSONVT from 'geojson-vt'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import { fromGeojsonVt } from 'vt-pbf'

const FIXTURES = new URL('../fixtures/pdok/', import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8')
const PDOK_BASE = 'https://api.pdok.nl/kadaster/brt-achtergrondkaart'

export type StandInMode = 'ok' | 'fail' | 'slow'

export interface PdokStandIn {
  base: string
  /** Config pointing the API at this stand-in. */
  config: { BASEMAP: 'pdok', BASEMAP_STYLE_URL: string, BASEMAP_TILE_URL: string, PLACES_URL: string }
  requests: { path: string, headers: IncomingHttpHeaders }[]
  /** Requests whose path starts with this. */
  count(prefix: string): number
  mode: StandInMode
  close(): Promise<void>
}

/** Leidseplein, Amsterdam: the only place the recorded reverse answer is near. */
const LEIDSEPLEIN = { lat: 52.36423, lon: 4.88292 }

/** A street network of a few lines across the Netherlands on land, so every tile at every zoom has some bytes. */
function tileIndex() {
  const lines = Array.from({ length: 40 }, (_, i) => ({
    type: 'Feature' as const,
    properties: { naam: `Straat ${i}`, type: 'lokale weg' },
    geometry: { type: 'LineString' as const, coordinates: Array.from({ length: 60 }, (_, j) => [3 + j * 0.07, 50.7 + i * 0.07 + Math.sin(j) * 0.01]) },
  }))
  // Land everywhere, as the real map has terrain under every tile it serves.
  const land = {
    type: 'Feature' as const,
    properties: { type: 'terrein' },
    geometry: { type: 'Polygon' as const, coordinates: [[[-179, -80], [179, -80], [179, 80], [-179, 80], [-179, -80]]] },
  }
  return new GeoJSONVT({ type: 'FeatureCollection', features: [land, ...lines] }, { maxZoom: 18, indexMaxZoom: 5 })
}

/** `latencyMs`: a delay before every answer, standing in for the network between our server and PDOK. */
export async function startPdokStandIn(options: { latencyMs?: number } = {}): Promise<PdokStandIn> {
  const index = tileIndex()
  const requests: PdokStandIn['requests'] = []
  let base = ''
  const state = { mode: 'ok' as StandInMode }

  const server = createServer((req, res) => {
    if (options.latencyMs) setTimeout(() => handle(req, res), options.latencyMs)
    else handle(req, res)
  })
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://stand-in')
    requests.push({ path: url.pathname + url.search, headers: req.headers })
    const answer = (status: number, type: string, body: string | Buffer, cache = 'public, max-age=3600') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': cache })
      res.end(body)
    }
    if (state.mode === 'slow') { setTimeout(() => answer(200, 'application/json', '{}'), 10_000).unref(); return }
    if (state.mode === 'fail') { answer(500, 'text/plain', 'upstream broken', 'no-store'); return }
    const p = url.pathname
    let m: RegExpExecArray | null
    if (p === '/kadaster/brt-achtergrondkaart/ogc/v1/styles/standaard__webmercatorquad') {
      answer(200, 'application/json', fixture('style.json').replaceAll(PDOK_BASE, `${base}/kadaster/brt-achtergrondkaart`))
    } else if ((m = /^\/kadaster\/brt-achtergrondkaart\/ogc\/v1\/tiles\/WebMercatorQuad\/(\d+)\/(\d+)\/(\d+)$/.exec(p))) {
      const [z, y, x] = [Number(m[1]), Number(m[2]), Number(m[3])]
      const tile = index.getTile(z, x, y)
      if (!tile) { answer(404, 'text/plain', 'no tile'); return }
      answer(200, 'application/vnd.mapbox-vector-tile', Buffer.from(fromGeojsonVt({ wegdeel: tile }, { version: 2 })))
    } else if (p.startsWith('/kadaster/brt-achtergrondkaart/ogc/v1/resources/fonts/')) {
      answer(200, 'application/x-protobuf', Buffer.alloc(64, 1))
    } else if (p.startsWith('/kadaster/brt-achtergrondkaart/ogc/v1/resources/sprites/standaard/sprites')) {
      if (p.endsWith('.json')) answer(200, 'application/json', '{}')
      else answer(200, 'image/png', Buffer.from('89504e470d0a1a0a', 'hex'))
    } else if (p === '/locatieserver/suggest') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase()
      answer(200, 'application/json', q.includes('leidse') ? fixture('suggest-leidseplein.json') : fixture('reverse-empty.json'))
    } else if (p === '/locatieserver/lookup') {
      const id = url.searchParams.get('id') ?? ''
      answer(200, 'application/json', fixture('lookup-leidseplein.json').includes(`"${id}"`) ? fixture('lookup-leidseplein.json') : fixture('reverse-empty.json'))
    } else if (p === '/locatieserver/reverse') {
      const lat = Number(url.searchParams.get('lat'))
      const lon = Number(url.searchParams.get('lon'))
      const near = Math.abs(lat - LEIDSEPLEIN.lat) < 0.02 && Math.abs(lon - LEIDSEPLEIN.lon) < 0.03
      answer(200, 'application/json', near ? fixture('reverse-leidseplein.json') : fixture('reverse-empty.json'))
    } else {
      answer(404, 'text/plain', 'not found')
    }
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base,
    config: {
      BASEMAP: 'pdok',
      BASEMAP_STYLE_URL: `${base}/kadaster/brt-achtergrondkaart/ogc/v1/styles/standaard__webmercatorquad?f=json`,
      BASEMAP_TILE_URL: `${base}/kadaster/brt-achtergrondkaart/ogc/v1/tiles/WebMercatorQuad/{z}/{y}/{x}?f=mvt`,
      PLACES_URL: `${base}/locatieserver`,
    },
    requests,
    count: (prefix) => requests.filter((r) => r.path.startsWith(prefix)).length,
    get mode() { return state.mode },
    set mode(m) { state.mode = m },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}
