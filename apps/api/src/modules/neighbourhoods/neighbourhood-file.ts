// Reads a CBS wijk- en buurtkaart GeoJSON: detects EPSG:28992 or 4326, checks codes and municipality, refuses anything doubtful.
import { importNeighbourhoods, NeighbourhoodImportError, type BackfillOptions, type Database, type NeighbourhoodImportResult, type NeighbourhoodInput } from '@meldpunt/db'
import { readFile } from 'node:fs/promises'

export { NeighbourhoodImportError }

type Srid = 4326 | 28992

// Generous boxes around the Netherlands (incl. the Wadden and the BES-free RD validity area) in each CRS.
const RD_BOX = { minX: -7_000, maxX: 300_000, minY: 289_000, maxY: 629_000 }
const WGS_BOX = { minX: 3.0, maxX: 7.3, minY: 50.7, maxY: 53.7 }

const CODE_KEYS = ['buurtcode', 'BU_CODE', 'bu_code', 'statcode', 'code']
const NAME_KEYS = ['buurtnaam', 'BU_NAAM', 'bu_naam', 'statnaam', 'naam', 'name']
const MUNICIPALITY_KEYS = ['gemeentecode', 'GM_CODE', 'gm_code']

function pick(props: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = props[k]
    if (typeof v === 'string' && v.trim()) return v.trim()
  }
  return undefined
}

/** The CRS a `crs` member names, 'unknown' for anything else, or null when there is none. */
export function declaredSrid(crs: unknown): Srid | 'unknown' | null {
  if (crs === undefined || crs === null) return null
  const name = (crs as { properties?: { name?: unknown } }).properties?.name
  if (typeof name !== 'string') return 'unknown'
  if (/(^|[^0-9])28992$/.test(name)) return 28992
  if (/(^|[^0-9])4326$/.test(name) || /CRS84$/i.test(name)) return 4326
  return 'unknown'
}

function* positions(coords: unknown): Generator<[number, number]> {
  if (!Array.isArray(coords)) return
  if (typeof coords[0] === 'number') {
    yield [coords[0], coords[1] as number]
    return
  }
  for (const c of coords) yield* positions(c)
}

function fits(box: typeof RD_BOX, b: { minX: number; maxX: number; minY: number; maxY: number }): boolean {
  return b.minX >= box.minX && b.maxX <= box.maxX && b.minY >= box.minY && b.maxY <= box.maxY
}

/**
 * RFC 7946 linear rings: closed, at least 4 positions. Checked here as well as by ST_IsValid because PGlite's
 * PostGIS drops the whole result row (no error, no row) when asked whether such a degenerate ring is valid.
 */
function badRing(type: 'Polygon' | 'MultiPolygon', coordinates: unknown): string | null {
  const polygons = (type === 'Polygon' ? [coordinates] : coordinates) as unknown
  if (!Array.isArray(polygons) || polygons.length === 0) return 'no polygons'
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return 'a polygon without rings'
    for (const ring of polygon) {
      if (!Array.isArray(ring) || ring.length < 4) return 'a ring with fewer than 4 positions'
      const first = ring[0] as unknown[]
      const last = ring[ring.length - 1] as unknown[]
      if (!Array.isArray(first) || !Array.isArray(last) || first[0] !== last[0] || first[1] !== last[1]) return 'a ring that is not closed'
    }
  }
  return null
}

export interface ParsedNeighbourhoodFile {
  srid: Srid
  features: NeighbourhoodInput[]
}

/**
 * Validates what can be checked without a database: a FeatureCollection, a CRS that is RD New or WGS84 and that the
 * coordinates agree with, polygon geometries, BU codes, unique codes, and every feature's municipality (property
 * gemeentecode/GM_CODE, and the municipality digits inside the BU code) equal to `municipality`.
 */
export function parseNeighbourhoodFile(json: unknown, municipality: string): ParsedNeighbourhoodFile {
  const problems: string[] = []
  const fc = json as { type?: unknown; crs?: unknown; features?: unknown }
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    throw new NeighbourhoodImportError(['the file is not a GeoJSON FeatureCollection'])
  }
  if (fc.features.length === 0) throw new NeighbourhoodImportError(['the file has no features'])

  const bounds = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity }
  const features: NeighbourhoodInput[] = []
  const seen = new Set<string>()
  fc.features.forEach((raw, k) => {
    const f = raw as { geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: Record<string, unknown> | null }
    const props = f.properties ?? {}
    const code = pick(props, CODE_KEYS)
    const label = code ?? `feature ${k + 1}`
    if (!code || !/^BU[0-9]{8}$/.test(code)) {
      problems.push(`${label}: no neighbourhood code like BU03630000 (property buurtcode, BU_CODE or statcode)`)
      return
    }
    if (seen.has(code)) problems.push(`${code}: appears more than once`)
    seen.add(code)
    const own = pick(props, MUNICIPALITY_KEYS)
    if (own !== undefined && own.toUpperCase() !== municipality) problems.push(`${code}: belongs to municipality ${own}, not ${municipality}`)
    else if (`GM${code.slice(2, 6)}` !== municipality) problems.push(`${code}: the code is of municipality GM${code.slice(2, 6)}, not ${municipality}`)
    const type = f.geometry?.type
    if (type !== 'Polygon' && type !== 'MultiPolygon') {
      problems.push(`${code}: geometry is ${type ? String(type) : 'missing'}, not a Polygon or MultiPolygon`)
      return
    }
    const ringProblem = badRing(type, f.geometry!.coordinates)
    if (ringProblem) {
      problems.push(`${code}: invalid geometry (${ringProblem})`)
      return
    }
    for (const [x, y] of positions(f.geometry!.coordinates)) {
      if (!(Number.isFinite(x) && Number.isFinite(y))) {
        problems.push(`${code}: has a coordinate that is not a number`)
        return
      }
      bounds.minX = Math.min(bounds.minX, x)
      bounds.maxX = Math.max(bounds.maxX, x)
      bounds.minY = Math.min(bounds.minY, y)
      bounds.maxY = Math.max(bounds.maxY, y)
    }
    features.push({ code, name: pick(props, NAME_KEYS) ?? code, geometry: f.geometry })
  })

  const declared = declaredSrid(fc.crs)
  const looksRd = fits(RD_BOX, bounds)
  const looksWgs = fits(WGS_BOX, bounds)
  const extent = `x ${bounds.minX}…${bounds.maxX}, y ${bounds.minY}…${bounds.maxY}`
  let srid: Srid | null = null
  if (declared === 'unknown') {
    problems.unshift(`the file's CRS (${JSON.stringify((fc.crs as { properties?: { name?: unknown } }).properties?.name ?? fc.crs)}) is not supported: supply EPSG:28992 (RD New) or EPSG:4326 (WGS84)`)
  } else if (declared === 28992 && !looksRd) {
    problems.unshift(`the file says EPSG:28992 but its coordinates (${extent}) are not RD New coordinates in the Netherlands`)
  } else if (declared === 4326 && !looksWgs) {
    problems.unshift(`the file says EPSG:4326 but its coordinates (${extent}) are not longitude/latitude in the Netherlands`)
  } else if (declared === null && !looksRd && !looksWgs) {
    problems.unshift(`the coordinates (${extent}) are neither RD New (EPSG:28992) nor WGS84 (EPSG:4326) in the Netherlands; reproject the file to one of them`)
  } else {
    srid = declared ?? (looksRd ? 28992 : 4326)
  }
  if (problems.length || srid === null) throw new NeighbourhoodImportError(problems.length > 20 ? [...problems.slice(0, 20), `… and ${problems.length - 20} more`] : problems)
  return { srid, features }
}

/**
 * Reads, validates and imports a file in one transaction (on any refusal nothing in the database changes), then
 * matches the municipality's reports to the new neighbourhoods in batches.
 */
export async function importNeighbourhoodFile(
  db: Database,
  file: string,
  municipality: string,
  options: BackfillOptions = {},
): Promise<NeighbourhoodImportResult & { srid: Srid }> {
  const code = municipality.trim().toUpperCase()
  if (!/^GM[0-9]{4}$/.test(code)) throw new NeighbourhoodImportError([`"${municipality}" is not a municipality code like GM0363`])
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new NeighbourhoodImportError([`cannot read ${file} as JSON: ${(error as Error).message}`])
  }
  const parsed = parseNeighbourhoodFile(json, code)
  const result = await importNeighbourhoods(db, { municipality: code, srid: parsed.srid, features: parsed.features }, options)
  return { ...result, srid: parsed.srid }
}
