// Reads an uploaded CBS wijk- en buurtkaart file (GeoJSON, or a GeoPackage read with sql.js), sorts its features into
// buurten / wijken / gemeenten, keeps this municipality's buurten for the import and draws a simplified WGS84 preview.
import { fromRd } from '@meldpunt/analytics'
import { NeighbourhoodImportError } from '@meldpunt/db'
import type { NeighbourhoodFileCounts, NeighbourhoodUploadPreview } from '@meldpunt/core/api'
import { createRequire } from 'node:module'
import type { z } from 'zod'
import { parseNeighbourhoodFile, type ParsedNeighbourhoodFile } from './neighbourhood-file.js'

type Counts = z.infer<typeof NeighbourhoodFileCounts>
type Feature = { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } | null }
type FeatureCollection = { type: 'FeatureCollection'; crs?: unknown; features: Feature[] }

export interface UploadedFile extends ParsedNeighbourhoodFile {
  format: 'geojson' | 'geopackage'
  counts: Counts
}

const SQLITE_MAGIC = 'SQLite format 3\0'

const refuse = (problem: string): never => {
  throw new NeighbourhoodImportError([problem])
}

// ---- GeoPackage ------------------------------------------------------------------------------------------------------

interface SqlJs {
  Database: new (data: Uint8Array) => { exec(sql: string): { columns: string[]; values: unknown[][] }[]; close(): void }
}
let sqlJs: Promise<SqlJs> | undefined
function loadSqlJs(): Promise<SqlJs> {
  const require = createRequire(import.meta.url)
  const init = require('sql.js') as (config: { locateFile: (f: string) => string }) => Promise<SqlJs>
  sqlJs ??= init({ locateFile: (f) => require.resolve(`sql.js/dist/${f}`) })
  return sqlJs
}

/** A reader over ISO/OGC WKB (Polygon and MultiPolygon, with or without Z/M), little or big endian per geometry. */
function readWkb(view: DataView, start: number): { geometry: { type: string; coordinates: unknown }; end: number } {
  let at = start
  const little = view.getUint8(at) === 1
  at += 1
  let type = view.getUint32(at, little)
  at += 4
  let dims = 2
  // EWKB-style flags and ISO 1000/2000/3000 offsets both mean extra ordinates to skip.
  if (type & 0x80000000) dims++
  if (type & 0x40000000) dims++
  type &= 0x0fffffff
  if (type >= 1000) {
    const group = Math.floor(type / 1000)
    dims += group === 3 ? 2 : 1
    type %= 1000
  }
  const u32 = () => {
    const v = view.getUint32(at, little)
    at += 4
    return v
  }
  const ring = () => {
    const n = u32()
    const out: [number, number][] = []
    for (let k = 0; k < n; k++) {
      out.push([view.getFloat64(at, little), view.getFloat64(at + 8, little)])
      at += 8 * dims
    }
    return out
  }
  const polygon = () => Array.from({ length: u32() }, ring)
  if (type === 3) return { geometry: { type: 'Polygon', coordinates: polygon() }, end: at }
  if (type === 6) {
    const parts: unknown[] = []
    const n = u32()
    for (let k = 0; k < n; k++) {
      const part = readWkb(view, at)
      if (part.geometry.type !== 'Polygon') refuse(`a MultiPolygon holds a ${part.geometry.type}`)
      parts.push(part.geometry.coordinates)
      at = part.end
    }
    return { geometry: { type: 'MultiPolygon', coordinates: parts }, end: at }
  }
  return { geometry: { type: `WKB type ${type}`, coordinates: [] }, end: at }
}

/** GeoPackage geometry blob (GP header, optional envelope, WKB); http://www.geopackage.org/spec/#gpb_format */
export function readGpkgGeometry(blob: Uint8Array): Feature['geometry'] {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) refuse('a geometry is not a GeoPackage geometry (no GP header)')
  const flags = blob[3]!
  if (flags & 0x10) return null
  const envelope = [0, 32, 48, 48, 64][(flags >> 1) & 0x07]
  if (envelope === undefined) refuse('a geometry has an unknown envelope type')
  return readWkb(view, 8 + envelope!).geometry
}

async function readGeoPackage(bytes: Uint8Array): Promise<FeatureCollection> {
  const SQL = await loadSqlJs()
  let db: InstanceType<SqlJs['Database']>
  try {
    db = new SQL.Database(bytes)
  } catch {
    return refuse('the file starts like SQLite but cannot be opened as a GeoPackage')
  }
  try {
    const q = (sql: string) => {
      try {
        const [r] = db.exec(sql)
        return r ? r.values : []
      } catch (error) {
        return refuse(`the file is not a GeoPackage (${(error as Error).message})`)
      }
    }
    const layers = q(`select c.table_name, g.column_name, g.srs_id from gpkg_contents c join gpkg_geometry_columns g on g.table_name = c.table_name where c.data_type = 'features'`)
    if (layers.length === 0) refuse('the GeoPackage has no feature layers')
    const srids = new Set(layers.map((l) => Number(l[2])))
    if (srids.size > 1) refuse(`the GeoPackage's layers use different coordinate systems (${[...srids].map((s) => `EPSG:${s}`).join(', ')})`)
    const srid = [...srids][0]!
    const features: Feature[] = []
    for (const [table, column] of layers) {
      const quoted = (name: unknown) => `"${String(name).replaceAll('"', '""')}"`
      const [res] = db.exec(`select * from ${quoted(table)}`)
      if (!res) continue
      const g = res.columns.indexOf(String(column))
      for (const row of res.values) {
        const properties: Record<string, unknown> = {}
        res.columns.forEach((c, k) => {
          if (k !== g) properties[c] = row[k]
        })
        const blob = row[g]
        features.push({ type: 'Feature', properties, geometry: blob instanceof Uint8Array ? readGpkgGeometry(blob) : null })
      }
    }
    return { type: 'FeatureCollection', crs: { type: 'name', properties: { name: `EPSG:${srid}` } }, features }
  } finally {
    db.close()
  }
}

// ---- Sorting features --------------------------------------------------------------------------------------------------

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().toUpperCase() : undefined)

/** The CBS type of a feature from its codes: a buurt has a BU code, a wijk a WK code (and none of BU), a gemeente only GM. */
function kindOf(p: Record<string, unknown>): { kind: 'buurt' | 'wijk' | 'gemeente' | 'unknown'; municipality?: string } {
  const codes = Object.entries(p)
    .filter(([k]) => /^(statcode|code|buurtcode|bu_code|wijkcode|wk_code|gemeentecode|gm_code)$/i.test(k))
    .map(([, v]) => text(v))
    .filter((v): v is string => v !== undefined)
  const bu = codes.find((c) => /^BU[0-9]{8}$/.test(c))
  const wk = codes.find((c) => /^WK[0-9]{6}$/.test(c))
  const gm = codes.find((c) => /^GM[0-9]{4}$/.test(c))
  const explicit = text(p.gemeentecode) ?? text(p.GM_CODE) ?? text(p.gm_code)
  if (bu) return { kind: 'buurt', municipality: explicit ?? `GM${bu.slice(2, 6)}` }
  if (wk) return { kind: 'wijk', municipality: explicit ?? `GM${wk.slice(2, 6)}` }
  if (gm) return { kind: 'gemeente', municipality: gm }
  return { kind: 'unknown' }
}

// ---- Preview -----------------------------------------------------------------------------------------------------------

/** Douglas–Peucker on one ring in degrees; keeps the ring closed and at least 4 positions. */
function simplifyRing(ring: [number, number][], tolerance: number): [number, number][] {
  if (ring.length <= 4) return ring
  const keep = new Uint8Array(ring.length)
  keep[0] = keep[ring.length - 1] = 1
  const stack: [number, number][] = [[0, ring.length - 1]]
  while (stack.length) {
    const [a, b] = stack.pop()!
    const [ax, ay] = ring[a]!
    const [bx, by] = ring[b]!
    const dx = bx - ax
    const dy = by - ay
    const len = Math.hypot(dx, dy)
    let worst = -1
    let at = -1
    for (let k = a + 1; k < b; k++) {
      const [px, py] = ring[k]!
      const d = len === 0 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * px - dx * py + bx * ay - by * ax) / len
      if (d > worst) [worst, at] = [d, k]
    }
    if (worst > tolerance) {
      keep[at] = 1
      stack.push([a, at], [at, b])
    }
  }
  const out = ring.filter((_, k) => keep[k])
  return out.length >= 4 ? out : ring
}

const round = (v: number) => Math.round(v * 1e6) / 1e6

export function previewOf(file: ParsedNeighbourhoodFile): Pick<NeighbourhoodUploadPreview, 'bbox' | 'preview'> {
  const toWgs = file.srid === 28992 ? ([x, y]: [number, number]) => fromRd(x, y) : (p: [number, number]) => p
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const ring = (r: [number, number][]) =>
    simplifyRing(
      r.map((p) => {
        const [lon, lat] = toWgs(p)
        bbox[0] = Math.min(bbox[0], lon)
        bbox[1] = Math.min(bbox[1], lat)
        bbox[2] = Math.max(bbox[2], lon)
        bbox[3] = Math.max(bbox[3], lat)
        return [round(lon), round(lat)] as [number, number]
      }),
      0.00005,
    )
  const features = file.features.map((f) => {
    const g = f.geometry as { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }
    const coordinates =
      g.type === 'Polygon'
        ? (g.coordinates as [number, number][][]).map(ring)
        : (g.coordinates as [number, number][][][]).map((p) => p.map(ring))
    return { type: 'Feature', properties: { code: f.code, name: f.name }, geometry: { type: g.type, coordinates } }
  })
  return { bbox, preview: { type: 'FeatureCollection', features } }
}

// ---- Entry point -------------------------------------------------------------------------------------------------------

/**
 * Reads the body of an upload: GeoPackage when it starts with the SQLite header, GeoJSON otherwise. Throws
 * NeighbourhoodImportError naming what is wrong; the caller turns it into a 4xx.
 */
export async function readUploadedFile(body: Buffer | Uint8Array, municipality: string): Promise<UploadedFile> {
  if (body.length === 0) refuse('the file is empty')
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(body)
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1')
  let format: UploadedFile['format']
  let fc: FeatureCollection
  if (head === SQLITE_MAGIC) {
    format = 'geopackage'
    fc = await readGeoPackage(bytes)
  } else {
    format = 'geojson'
    let json: unknown
    try {
      json = JSON.parse(Buffer.from(bytes).toString('utf8'))
    } catch {
      return refuse('the file is neither GeoJSON nor a GeoPackage (.gpkg): it is not valid JSON and has no SQLite header')
    }
    const raw = json as Partial<FeatureCollection> | null
    if (!raw || raw.type !== 'FeatureCollection' || !Array.isArray(raw.features)) refuse('the file is JSON but not a GeoJSON FeatureCollection')
    fc = raw as FeatureCollection
  }
  if (fc.features.length === 0) refuse('the file has no features')

  const counts: Counts = { buurt: 0, wijk: 0, gemeente: 0, otherMunicipalities: 0 }
  const others = new Map<string, number>()
  const buurten: Feature[] = []
  for (const f of fc.features) {
    const { kind, municipality: owner } = kindOf(f?.properties ?? {})
    if (kind === 'unknown') {
      buurten.push(f) // the parser names it: no neighbourhood code
      continue
    }
    if (owner !== municipality) {
      counts.otherMunicipalities++
      others.set(owner!, (others.get(owner!) ?? 0) + 1)
      continue
    }
    counts[kind]++
    if (kind === 'buurt') buurten.push(f)
  }
  if (counts.buurt + counts.wijk + counts.gemeente === 0 && others.size > 0) {
    const named = [...others].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([m, n]) => `${m} (${n})`).join(', ')
    refuse(`the file has nothing of municipality ${municipality}: its features belong to ${named}`)
  }
  if (buurten.length === 0) {
    refuse(`the file has no neighbourhoods (buurten, BU codes) of ${municipality}, only ${counts.wijk} districts and ${counts.gemeente} municipality outlines: use the buurten layer`)
  }
  const parsed = parseNeighbourhoodFile({ ...fc, features: buurten }, municipality)
  return { ...parsed, format, counts }
}
