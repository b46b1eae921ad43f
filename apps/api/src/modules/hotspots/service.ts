// Significant hotspots: rollup counts on the municipality's cached boundary grid, Gi* with FDR bins, as GeoJSON or CSV.
import {
  binToGrid,
  cellId,
  cellPolygonLonLat,
  fdrBins,
  fromRd,
  getisOrdGiStarGrid,
  type BoundaryGeometry,
} from '@meldpunt/analytics'
import type { HotspotFeature, HotspotInclude } from '@meldpunt/core/api'
import { cellCounts, type Queryable, type ReportFilter } from '@meldpunt/db'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { TtlCache } from '../../lib/ttl-cache.js'
import { boundaryGeoJson } from '../municipalities/repository.js'
import type { PlaceLabel } from '../places/place-labels.js'
import { tileSourceBytes, type TileSource } from './vector-tiles.js'

// Numeric cell keys: RD indices at ≥ 50 m cells stay far below 2^20 on Dutch territory.
const KEY_SPAN = 2 ** 21
export const keyOf = (i: number, j: number): number => (i + KEY_SPAN / 2) * KEY_SPAN + (j + KEY_SPAN / 2)

/** Every cell whose centre lies inside a boundary: the zero-count observations Gi* needs. */
export interface BoundaryGrid {
  cellSize: number
  i: Int32Array
  j: Int32Array
  /** Cell key → position in i / j. */
  index: Map<number, number>
}

export function gridFromBoundary(boundary: BoundaryGeometry, cellSize: number): BoundaryGrid {
  const cells = binToGrid([], { cellSize, boundary })
  const i = Int32Array.from(cells, (c) => c.i)
  const j = Int32Array.from(cells, (c) => c.j)
  const index = new Map<number, number>()
  cells.forEach((c, k) => index.set(keyOf(c.i, c.j), k))
  return { cellSize, i, j, index }
}

/**
 * Boundary grids per municipality × cell size, built once per process: municipality boundaries change once a year
 * at most (a restart picks them up). Amsterdam at 100 m is ~22,000 cells, a few hundred kB.
 */
export class BoundaryGridCache {
  private readonly grids = new TtlCache<BoundaryGrid>({ ttlMs: Infinity, maxEntries: Infinity })
  private readonly polygons = new Map<string, [number, number][]>()

  /**
   * `db` is the caller's connection or transaction. Inside a tenant transaction it must be that transaction:
   * PGlite has one connection, and a second query beside an open transaction would wait for it forever.
   */
  municipality(db: Queryable, code: string, cellSize: number): Promise<BoundaryGrid> {
    return this.grids.get(`${code}:${cellSize}`, () => this.load(db, code, cellSize))
  }

  private async load(db: Queryable, code: string, cellSize: number): Promise<BoundaryGrid> {
    const boundary = await boundaryGeoJson(db, code)
    if (!boundary) throw new Error(`municipality ${code} has no boundary`)
    return gridFromBoundary(JSON.parse(boundary) as BoundaryGeometry, cellSize)
  }

  private readonly prefixes = new Map<string, string>()

  /**
   * A cell's feature as JSON text up to its varying properties, memoised: a year-long map repeats ~10,000 of them
   * per answer. Bounded like the outlines; a municipality at 100 m is ~22,000.
   */
  featurePrefix(i: number, j: number, cellSize: number): string {
    const id = cellId(i, j, cellSize)
    let prefix = this.prefixes.get(id)
    if (!prefix) {
      const [lon, lat] = cellCentreLonLat(i, j, cellSize)
      prefix =
        `{"type":"Feature","id":"${id}","geometry":{"type":"Polygon","coordinates":[${JSON.stringify(this.polygon(i, j, cellSize))}]},` +
        `"properties":{"id":"${id}","lon":${lon},"lat":${lat},`
      if (this.prefixes.size > 500_000) this.prefixes.clear()
      this.prefixes.set(id, prefix)
    }
    return prefix
  }

  /** Cell outline in lon/lat, memoised: the same hot cells are drawn again and again. */
  polygon(i: number, j: number, cellSize: number): [number, number][] {
    const key = `${cellSize}:${i}:${j}`
    let ring = this.polygons.get(key)
    if (!ring) {
      ring = cellPolygonLonLat(i, j, cellSize).map(([lon, lat]) => [round7(lon), round7(lat)] as [number, number])
      if (this.polygons.size > 500_000) this.polygons.clear()
      this.polygons.set(key, ring)
    }
    return ring
  }
}

/** 7 decimals of a degree is about 1 cm: more only makes the answer bigger. */
const round7 = (v: number): number => Math.round(v * 1e7) / 1e7

export interface HotspotCell {
  i: number
  j: number
  count: number
  z: number
  p: number
  bin: number
  /** Centre inside the municipality; false for an occupied cell whose centre is just outside. */
  inside: boolean
}

export type HotspotResult =
  | { status: 'ok'; cellSize: number; distanceBand: number; reports: number; leftOutCoarse: number; cells: HotspotCell[]; source: string }
  | { status: 'insufficient-data'; cellSize: number; reports: number; leftOutCoarse: number; minimum: number; source: string }

/**
 * Gi* over every cell of the boundary grid (zeros included) plus any occupied cell outside it, so no report
 * silently drops out. Pure apart from its inputs; the rollup read happens in `HotspotService.compute`.
 */
export function hotspotsFromCounts(
  grid: BoundaryGrid,
  counts: readonly { i: number; j: number; n: number }[],
  options: { distanceBand: number; minimum: number; source?: string; leftOutCoarse?: number },
): HotspotResult {
  const { cellSize } = grid
  const source = options.source ?? 'unknown'
  const leftOutCoarse = options.leftOutCoarse ?? 0
  let reports = 0
  for (const c of counts) reports += c.n
  if (reports < options.minimum) return { status: 'insufficient-data', cellSize, reports, leftOutCoarse, minimum: options.minimum, source }
  const n = grid.i.length
  const values = new Float64Array(n)
  const outside: { i: number; j: number; n: number }[] = []
  for (const c of counts) {
    const k = grid.index.get(keyOf(c.i, c.j))
    if (k === undefined) outside.push(c)
    else values[k] = c.n
  }
  const cells: HotspotCell[] = new Array(n + outside.length)
  for (let k = 0; k < n; k++) cells[k] = { i: grid.i[k]!, j: grid.j[k]!, count: values[k]!, z: 0, p: 1, bin: 0, inside: true }
  outside.forEach((c, k) => (cells[n + k] = { i: c.i, j: c.j, count: c.n, z: 0, p: 1, bin: 0, inside: false }))
  const gi = getisOrdGiStarGrid({ cells, cellSize, distanceBand: options.distanceBand })
  const bins = fdrBins(gi.p, gi.z)
  cells.forEach((c, k) => {
    c.z = gi.z[k]!
    c.p = gi.p[k]!
    c.bin = bins[k]!
  })
  return { status: 'ok', cellSize, distanceBand: options.distanceBand, reports, leftOutCoarse, cells, source }
}

/** One Gi* run: the filter, the grid and the band, and the fewest reports worth a map. */
export interface HotspotComputation {
  filter: ReportFilter
  cellSize: number
  distanceBand: number
  minimum: number
}

declare module 'fastify' {
  interface FastifyInstance {
    hotspots: HotspotService
  }
}

export class HotspotService {
  readonly grids = new BoundaryGridCache()
  /** Tile sources per municipality × filter for a short while: a map asks for a dozen tiles of the same filter at once. */
  readonly tileSources: TtlCache<TileSource>

  constructor(options: { tileCacheMs: number; tileCacheBytes: number }) {
    this.tileSources = new TtlCache({ ttlMs: options.tileCacheMs, maxEntries: 256, maxBytes: options.tileCacheBytes, sizeOf: tileSourceBytes })
  }

  /** `tx` is a tenant transaction (withTenant): the rollup read runs under row-level security. */
  async compute(tx: Queryable, q: HotspotComputation): Promise<HotspotResult> {
    // One after the other: both use the same transaction's connection.
    const grid = await this.grids.municipality(tx, q.filter.municipality, q.cellSize)
    const counts = await cellCounts(tx, q.filter, q.cellSize)
    // Reports placed only to a 1 km square are in no cell (docs/adr/0005); the answer says how many were left out.
    return hotspotsFromCounts(grid, counts.cells, { distanceBand: q.distanceBand, minimum: q.minimum, source: counts.source, leftOutCoarse: counts.leftOutCoarse })
  }
}

export const hotspotsPlugin = fp(
  async (app: FastifyInstance) => {
    const service = new HotspotService({ tileCacheMs: app.config.TILE_CACHE_SECONDS * 1000, tileCacheBytes: app.config.TILE_CACHE_BYTES })
    app.decorate('hotspots', service)
    // Expired layers go while nobody asks for tiles, so an idle server gives their memory back.
    const stopSweeping = service.tileSources.startSweeping()
    app.addHook('onClose', async () => stopSweeping())
  },
  { name: 'hotspots', decorators: { fastify: ['config'] } },
)

/** Each result's sorted lists, so a request that names the cells and then prints them sorts once. */
const sortedLists = new WeakMap<object, Partial<Record<HotspotInclude, HotspotCell[]>>>()

/** Cells worth showing: with reports, or significant either way (a zero cell beside a hotspot can be hot). */
export function visibleCells(result: Extract<HotspotResult, { status: 'ok' }>, include: HotspotInclude): HotspotCell[] {
  let lists = sortedLists.get(result)
  if (!lists) sortedLists.set(result, (lists = {}))
  let sorted = lists[include]
  if (!sorted) {
    const cells = include === 'all' ? result.cells : result.cells.filter((c) => c.count > 0 || c.bin !== 0)
    // Hottest first: what a table beside the map lists at the top.
    sorted = lists[include] = [...cells].sort((a, b) => b.z - a.z || a.j - b.j || a.i - b.i)
  }
  return sorted
}

export function cellCentreLonLat(i: number, j: number, cellSize: number): [number, number] {
  const [lon, lat] = fromRd((i + 0.5) * cellSize, (j + 0.5) * cellSize)
  return [round7(lon), round7(lat)]
}

export function cellFeature(grids: BoundaryGridCache, c: HotspotCell, cellSize: number): HotspotFeature {
  const id = cellId(c.i, c.j, cellSize)
  const [lon, lat] = cellCentreLonLat(c.i, c.j, cellSize)
  return {
    type: 'Feature',
    id,
    geometry: { type: 'Polygon', coordinates: [grids.polygon(c.i, c.j, cellSize)] },
    properties: { id, count: c.count, z: c.z, p: c.p, bin: c.bin, lon, lat, inside: c.inside },
  }
}

/**
 * The same feature as cellFeature, written as JSON text. Serialising ten thousand polygons through JSON.stringify
 * costs more than the database read, so everything constant about a cell (id, outline, centre) is memoised as text
 * and a request only prints its numbers, as JSON prints them.
 */
/** A label's properties as JSON text, kept per label: settled labels are the same objects view after view. */
const labelJson = new WeakMap<PlaceLabel, string>()

export function cellFeatureJson(grids: BoundaryGridCache, c: HotspotCell, cellSize: number, label?: PlaceLabel): string {
  let named = ''
  if (label) {
    named = labelJson.get(label) ?? `,"place":${JSON.stringify(label.place)},"neighbourhood":${JSON.stringify(label.neighbourhood)}`
    labelJson.set(label, named)
  }
  return `${grids.featurePrefix(c.i, c.j, cellSize)}"count":${c.count},"z":${c.z},"p":${c.p},"bin":${c.bin},"inside":${c.inside}${named}}}`
}

/** The ids of the cells to name for the place labels. */
export function labelledCells(cells: readonly HotspotCell[], cellSize: number): string[] {
  return cells.map((c) => cellId(c.i, c.j, cellSize))
}

/** Semantic labels of the bins, for legends and exports. */
export const BIN_LABELS: Record<string, string> = {
  '3': 'hot spot, 99 % confidence',
  '2': 'hot spot, 95 % confidence',
  '1': 'hot spot, 90 % confidence',
  '0': 'not significant',
  '-1': 'cold spot, 90 % confidence',
  '-2': 'cold spot, 95 % confidence',
  '-3': 'cold spot, 99 % confidence',
}

/** A number as a spreadsheet reads it and nothing more: "-1.5", "3e-7"; not "-1+2" or "-2-cmd|…". */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/

/**
 * RFC 4180: quote a field when it holds a comma, quote or line break. OWASP CSV injection: a field starting with
 * = + - @ tab or carriage return is prefixed with ' so a spreadsheet shows it as text instead of running it, unless
 * it is a plain number (negative z-scores must stay numbers).
 */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value)
  if (/^[=+\-@\t\r]/.test(s) && !PLAIN_NUMBER.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export function csvLine(fields: readonly unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`
}

export function hotspotsCsv(
  result: Extract<HotspotResult, { status: 'ok' }>, cells: readonly HotspotCell[], labels: ReadonlyMap<string, PlaceLabel> = new Map(),
): string {
  const s = result.cellSize
  let out = csvLine(['cell_id', 'cell_size_m', 'rd_x_min', 'rd_y_min', 'centre_lon', 'centre_lat', 'count', 'z', 'p', 'bin', 'class', 'inside_municipality', 'place', 'neighbourhood'])
  for (const c of cells) {
    const [lon, lat] = cellCentreLonLat(c.i, c.j, s)
    const id = cellId(c.i, c.j, s)
    const label = labels.get(id)
    out += csvLine([id, s, c.i * s, c.j * s, lon, lat, c.count, c.z.toFixed(6), c.p.toPrecision(6), c.bin, BIN_LABELS[String(c.bin)], c.inside, label?.place, label?.neighbourhood])
  }
  return out
}
