// Square RD New (EPSG:28992) grid: projection to and from WGS84, cell ids, and binning of reports into cells.
import proj4 from 'proj4'

/**
 * RD New with the 7-parameter Bessel→WGS84 shift. Without +towgs84 proj4 would treat Bessel and
 * WGS84 as the same datum and every cell would be off by ~100 m.
 */
export const RD_NEW =
  '+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 +k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel +towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs'

const rdConverter = proj4('EPSG:4326', RD_NEW)

/** WGS84 lon/lat (degrees) → RD New [x, y] (metres). */
export function toRd(lon: number, lat: number): [number, number] {
  const [x, y] = rdConverter.forward([lon, lat])
  return [x!, y!]
}

/** RD New [x, y] (metres) → WGS84 [lon, lat] (degrees). */
export function fromRd(x: number, y: number): [number, number] {
  const [lon, lat] = rdConverter.inverse([x, y])
  return [lon!, lat!]
}

function assertCellSize(cellSize: number): void {
  if (!(Number.isFinite(cellSize) && cellSize > 0)) throw new RangeError(`cellSize must be a positive number of metres, got ${cellSize}`)
}

/** Column and row of the cell holding RD point (x, y); cells are half-open [i·s, (i+1)·s). */
export function cellIndex(x: number, y: number, cellSize: number): [number, number] {
  assertCellSize(cellSize)
  return [Math.floor(x / cellSize), Math.floor(y / cellSize)]
}

/** Cell id `${cellSize}:${i}:${j}`; the size is part of the id so ids from different grids never collide. */
export function cellId(i: number, j: number, cellSize: number): string {
  return `${cellSize}:${i}:${j}`
}

/** Id of the cell holding RD point (x, y). */
export function cellKey(x: number, y: number, cellSize: number): string {
  const [i, j] = cellIndex(x, y, cellSize)
  return cellId(i, j, cellSize)
}

/** Inverse of cellId; throws on anything that is not `${size}:${int}:${int}`. */
export function parseCellId(id: string): { cellSize: number; i: number; j: number } {
  const parts = id.split(':')
  const [cellSize, i, j] = parts.map(Number)
  if (parts.length !== 3 || !(cellSize! > 0) || !Number.isInteger(i) || !Number.isInteger(j)) {
    throw new RangeError(`not a grid cell id: ${JSON.stringify(id)}`)
  }
  return { cellSize: cellSize!, i: i!, j: j! }
}

/** Centre of cell (i, j) in RD metres. */
export function cellCenter(i: number, j: number, cellSize: number): [number, number] {
  return [(i + 0.5) * cellSize, (j + 0.5) * cellSize]
}

/**
 * Cell outline as a closed GeoJSON ring in lon/lat. Counter-clockwise (SW, SE, NE, NW, SW) as
 * RFC 7946 asks of exterior rings; RD is conformal so the orientation survives the inverse projection.
 */
export function cellPolygonLonLat(i: number, j: number, cellSize: number): [number, number][] {
  const x0 = i * cellSize
  const y0 = j * cellSize
  const x1 = (i + 1) * cellSize
  const y1 = (j + 1) * cellSize
  const sw = fromRd(x0, y0)
  return [sw, fromRd(x1, y0), fromRd(x1, y1), fromRd(x0, y1), [sw[0], sw[1]]]
}

/** Minimal GeoJSON geometry types, so callers can pass boundaries straight from a FeatureCollection. */
export type Position = readonly number[]
export interface PolygonGeometry {
  type: 'Polygon'
  coordinates: readonly (readonly Position[])[]
}
export interface MultiPolygonGeometry {
  type: 'MultiPolygon'
  coordinates: readonly (readonly (readonly Position[])[])[]
}
export type BoundaryGeometry = PolygonGeometry | MultiPolygonGeometry

/** A report location in WGS84 degrees. */
export interface LonLatPoint {
  lon: number
  lat: number
  weight?: number
}
/** A report location already projected to RD New metres (e.g. read from a PostGIS geometry(Point, 28992)). */
export interface RdPoint {
  x: number
  y: number
  weight?: number
}
/** Points say their own CRS by their shape: `{ lon, lat }` is WGS84, `{ x, y }` is RD New. */
export type GridPoint = LonLatPoint | RdPoint

export interface BinOptions {
  /** Cell edge in metres; 100 by default. */
  cellSize?: number
  /** CRS of the grid (not of the points). Only RD New exists today; the field keeps room for others. */
  crs?: 'EPSG:28992'
  /** Municipality boundary in lon/lat. With it, every cell whose centre lies inside is returned, empty or not. */
  boundary?: BoundaryGeometry
}

export interface GridCell {
  id: string
  i: number
  j: number
  /** Cell centre, RD metres. */
  x: number
  y: number
  /** Number of points in the cell, or the sum of their weights. */
  count: number
  /** Whether the centre lies inside the boundary; true for every cell when no boundary was given. */
  inBoundary: boolean
}

type Ring = Float64Array // x0, y0, x1, y1, … in RD

function projectRing(ring: readonly Position[]): Ring {
  const out = new Float64Array(ring.length * 2)
  ring.forEach((p, k) => {
    const lon = p[0]
    const lat = p[1]
    if (!(Number.isFinite(lon) && Number.isFinite(lat))) throw new RangeError(`boundary has a non-numeric position at index ${k}`)
    const [x, y] = toRd(lon!, lat!)
    out[2 * k] = x
    out[2 * k + 1] = y
  })
  return out
}

/**
 * Calls visit(i, j) for every cell whose centre lies inside the polygon (even-odd rule over all
 * its rings, so holes drop out). A scanline per cell row: each edge drops its crossing into the rows
 * it spans, so the cost is O(edges + rows + cells) rather than cells × edges.
 */
function forEachCellInPolygon(rings: Ring[], cellSize: number, visit: (i: number, j: number) => void): void {
  let minY = Infinity
  let maxY = -Infinity
  for (const r of rings) {
    for (let k = 1; k < r.length; k += 2) {
      const y = r[k]!
      if (y < minY) minY = y
      if (y > maxY) maxY = y
    }
  }
  if (!(minY < maxY)) return
  // Rows whose centre (j + 0.5)·s can fall within [minY, maxY].
  const j0 = Math.floor(minY / cellSize - 0.5)
  const j1 = Math.ceil(maxY / cellSize - 0.5)
  const rows: number[][] = Array.from({ length: j1 - j0 + 1 }, () => [])
  for (const r of rings) {
    const n = r.length / 2
    for (let k = 0; k < n; k++) {
      const ax = r[2 * k]!
      const ay = r[2 * k + 1]!
      // A GeoJSON ring repeats its first position; the wrap-around edge is then zero-length and harmless.
      const next = (k + 1) % n
      const bx = r[2 * next]!
      const by = r[2 * next + 1]!
      if (ay === by) continue
      const lo = Math.min(ay, by)
      const hi = Math.max(ay, by)
      for (let j = Math.max(j0, Math.floor(lo / cellSize - 0.5)); j <= j1; j++) {
        const yc = (j + 0.5) * cellSize
        if (yc >= hi) break
        // Half-open in y (lo ≤ yc < hi) so a scanline through a vertex counts it exactly once.
        if (yc < lo) continue
        rows[j - j0]!.push(ax + ((yc - ay) * (bx - ax)) / (by - ay))
      }
    }
  }
  rows.forEach((xs, r) => {
    if (xs.length < 2) return
    xs.sort((a, b) => a - b)
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const xa = xs[k]!
      const xb = xs[k + 1]!
      // Centre inside when xa ≤ (i + 0.5)·s < xb, matching the half-open cell convention.
      let i = Math.floor(xa / cellSize - 0.5)
      if ((i + 0.5) * cellSize < xa) i++
      for (; (i + 0.5) * cellSize < xb; i++) visit(i, j0 + r)
    }
  })
}

/**
 * Bins points into square RD cells. Zero-count cells inside the boundary are real observations
 * (see DESIGN "Analytics, defined"), so they are returned; occupied cells outside it are returned
 * too, flagged inBoundary = false, so no report silently disappears. Cells come sorted by row, then column.
 */
export function binToGrid(points: readonly GridPoint[], options: BinOptions = {}): GridCell[] {
  const { cellSize = 100, crs = 'EPSG:28992', boundary } = options
  assertCellSize(cellSize)
  if (crs !== 'EPSG:28992') throw new RangeError(`unsupported grid CRS ${String(crs)}; only EPSG:28992 (RD New) is supported`)

  const cells = new Map<string, GridCell>()
  const cellAt = (i: number, j: number, inBoundary: boolean): GridCell => {
    const key = `${i}:${j}`
    let cell = cells.get(key)
    if (!cell) {
      const [x, y] = cellCenter(i, j, cellSize)
      cell = { id: cellId(i, j, cellSize), i, j, x, y, count: 0, inBoundary }
      cells.set(key, cell)
    }
    return cell
  }

  if (boundary) {
    const polygons =
      boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.type === 'MultiPolygon' ? boundary.coordinates : undefined
    if (!polygons) throw new RangeError(`boundary must be a GeoJSON Polygon or MultiPolygon`)
    // One polygon at a time, so parts of a MultiPolygon form a union rather than cancelling where they touch.
    for (const polygon of polygons) forEachCellInPolygon(polygon.map(projectRing), cellSize, (i, j) => cellAt(i, j, true))
  }

  points.forEach((p, k) => {
    const [x, y] = 'lon' in p ? toRd(p.lon, p.lat) : [p.x, p.y]
    const weight = p.weight ?? 1
    if (!(Number.isFinite(x) && Number.isFinite(y))) throw new RangeError(`point ${k} has no finite coordinates`)
    if (!Number.isFinite(weight)) throw new RangeError(`point ${k} has a non-finite weight`)
    cellAt(Math.floor(x / cellSize), Math.floor(y / cellSize), !boundary).count += weight
  })

  return [...cells.values()].sort((a, b) => a.j - b.j || a.i - b.i)
}
