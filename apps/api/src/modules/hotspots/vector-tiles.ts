// Mapbox vector tiles of hotspot cells and a density layer, encoded in TypeScript so both databases serve them.
// Each tile is drawn from the hotspot result's cell list: the cells are squares of the RD New grid, so the cells a
// tile shows are found by their grid numbers, and nothing is kept per tile. A cached source is the cell list in typed
// arrays, whose size in bytes is exact: the cache can hold a byte budget (geojson-vt's pre-sliced copies of one
// 100 m layer over a year weighed 48–81 MiB and filled the heap).
import { cellCentreLonLat, visibleCells, type BoundaryGridCache, type HotspotResult } from './service.js'
import { cellId, toRd } from '@meldpunt/analytics'
import { fromGeojsonVt } from 'vt-pbf'

export const TILE_EXTENT = 4096
export const TILE_LAYERS = { cells: 'hotspot_cells', density: 'density' } as const
/** Drawing margin around a tile in tile units, as geojson-vt's `buffer`: outlines crossing the edge join up. */
const TILE_BUFFER = 64

export interface TileSource {
  status: HotspotResult['status']
  cellSize: number
  /** Cells with reports or a significant bin, ordered by column (i) then row (j). */
  i: Int32Array
  j: Int32Array
  count: Int32Array
  z: Float64Array
  bin: Int8Array
}

/** What a source holds in memory, for the tile cache's byte budget. */
export function tileSourceBytes(s: TileSource): number {
  return s.i.byteLength + s.j.byteLength + s.count.byteLength + s.z.byteLength + s.bin.byteLength + 128
}

export function tileSource(result: HotspotResult): TileSource {
  if (result.status !== 'ok') {
    return { status: result.status, cellSize: 0, i: new Int32Array(0), j: new Int32Array(0), count: new Int32Array(0), z: new Float64Array(0), bin: new Int8Array(0) }
  }
  const cells = [...visibleCells(result, 'significant-or-occupied')].sort((a, b) => a.i - b.i || a.j - b.j)
  const n = cells.length
  const s: TileSource = {
    status: 'ok',
    cellSize: result.cellSize,
    i: new Int32Array(n),
    j: new Int32Array(n),
    count: new Int32Array(n),
    z: new Float64Array(n),
    bin: new Int8Array(n),
  }
  cells.forEach((c, k) => {
    s.i[k] = c.i
    s.j[k] = c.j
    s.count[k] = c.count
    s.z[k] = c.z
    s.bin[k] = c.bin
  })
  return s
}

/** Web Mercator: a longitude and latitude as tile units of tile (x, y) at zoom z (0…4096 inside the tile). */
function projector(z: number, x: number, y: number): (lon: number, lat: number) => [number, number] {
  const n = 2 ** z
  return (lon, lat) => {
    const s = Math.sin((lat * Math.PI) / 180)
    const px = ((lon + 180) / 360) * n - x
    const py = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n - y
    return [Math.round(px * TILE_EXTENT), Math.round(py * TILE_EXTENT)]
  }
}

function tileCornerLonLat(z: number, x: number, y: number): [number, number] {
  const n = 2 ** z
  return [(x / n) * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI]
}

/** First index whose column is at least `i` (the source is ordered by column). */
function firstColumn(columns: Int32Array, i: number): number {
  let lo = 0
  let hi = columns.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (columns[mid]! < i) lo = mid + 1
    else hi = mid
  }
  return lo
}

const LOW = -TILE_BUFFER
const HIGH = TILE_EXTENT + TILE_BUFFER
const inside = (p: [number, number]): boolean => p[0] >= LOW && p[0] <= HIGH && p[1] >= LOW && p[1] <= HIGH

/** Whether a ring's bounding box meets the tile with its margin (a cell can be larger than a tile at high zoom). */
function overlaps(ring: [number, number][]): boolean {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of ring) {
    x0 = Math.min(x0, x)
    x1 = Math.max(x1, x)
    y0 = Math.min(y0, y)
    y1 = Math.max(y1, y)
  }
  return x1 >= LOW && x0 <= HIGH && y1 >= LOW && y0 <= HIGH
}

/**
 * A closed ring in tile units without repeated points, clockwise on screen as the vector tile spec wants of an outer
 * ring; null when it has shrunk below three distinct points (a cell smaller than a tile unit at low zoom).
 */
function tileRing(points: [number, number][]): [number, number][] | null {
  const ring: [number, number][] = []
  for (const p of points) {
    const last = ring[ring.length - 1]
    if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p)
  }
  if (ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1]) ring.pop()
  if (ring.length < 3) return null
  let area = 0
  for (let k = 0; k < ring.length; k++) {
    const [x1, y1] = ring[k]!
    const [x2, y2] = ring[(k + 1) % ring.length]!
    area += x1 * y2 - x2 * y1
  }
  if (area === 0) return null
  if (area < 0) ring.reverse()
  ring.push(ring[0]!)
  return ring
}

/** The tile as protobuf bytes; a tile with nothing in it is a valid empty tile (zero bytes). */
export function encodeTile(grids: BoundaryGridCache, source: TileSource, z: number, x: number, y: number): Uint8Array {
  if (source.status !== 'ok' || source.i.length === 0) return new Uint8Array(0)
  const size = source.cellSize
  // The tile's corners in RD New, widened by the drawing margin and a cell: the grid numbers of the cells it can show.
  const margin = TILE_BUFFER / TILE_EXTENT
  const corners = [
    tileCornerLonLat(z, x - margin, y - margin),
    tileCornerLonLat(z, x + 1 + margin, y - margin),
    tileCornerLonLat(z, x - margin, y + 1 + margin),
    tileCornerLonLat(z, x + 1 + margin, y + 1 + margin),
  ].map(([lon, lat]) => toRd(lon, lat))
  const i0 = Math.floor(Math.min(...corners.map((c) => c[0])) / size) - 1
  const i1 = Math.floor(Math.max(...corners.map((c) => c[0])) / size) + 1
  const j0 = Math.floor(Math.min(...corners.map((c) => c[1])) / size) - 1
  const j1 = Math.floor(Math.max(...corners.map((c) => c[1])) / size) + 1
  const project = projector(z, x, y)

  const polygons: unknown[] = []
  const points: unknown[] = []
  for (let k = firstColumn(source.i, i0); k < source.i.length && source.i[k]! <= i1; k++) {
    const i = source.i[k]!
    const j = source.j[k]!
    if (j < j0 || j > j1) continue
    const count = source.count[k]!
    const ring = tileRing(grids.polygon(i, j, size).map(([lon, lat]) => project(lon, lat)))
    if (ring && overlaps(ring)) {
      polygons.push({ type: 3, geometry: [ring], tags: { id: cellId(i, j, size), bin: source.bin[k]!, count, z: Math.round(source.z[k]! * 1000) / 1000 } })
    }
    if (count > 0) {
      const centre = project(...cellCentreLonLat(i, j, size))
      if (inside(centre)) points.push({ type: 1, geometry: [centre], tags: { count } })
    }
  }
  const layers: Record<string, { features: unknown[] }> = {}
  if (polygons.length) layers[TILE_LAYERS.cells] = { features: polygons }
  if (points.length) layers[TILE_LAYERS.density] = { features: points }
  return Object.keys(layers).length ? fromGeojsonVt(layers as never, { version: 2, extent: TILE_EXTENT }) : new Uint8Array(0)
}
