// In-memory municipality boundaries for routing a point without a database round trip, loaded from the database.
import { sql } from 'drizzle-orm'
import type { Queryable } from './database.js'
import { municipalities } from './schema.js'

type Ring = number[][]
interface Entry {
  code: string
  name: string
  bbox: [number, number, number, number]
  polygons: Ring[][]
}

/** Even-odd ray casting; a point on the boundary may fall either way, as it may with generalised borders anyway. */
function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number]
    const [xj, yj] = ring[j] as [number, number]
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

export function pointInPolygons(lon: number, lat: number, polygons: Ring[][]): boolean {
  // A polygon's first ring is its outline, later rings are holes.
  return polygons.some((rings) => rings.length > 0 && inRing(lon, lat, rings[0]!) && !rings.slice(1).some((hole) => inRing(lon, lat, hole)))
}

export interface MunicipalityHit {
  code: string
  name: string
  settings: Record<string, unknown>
}

/**
 * Routes points to municipalities in memory. Boundaries are read once (they change only when the yearly CBS file
 * is loaded, at start); settings, which staff can change, are re-read when older than `settingsTtlMs`.
 */
export class MunicipalityIndex {
  private settings = new Map<string, Record<string, unknown>>()
  private settingsAt = 0

  private constructor(
    private readonly db: Queryable,
    private readonly entries: Entry[],
    private readonly settingsTtlMs: number,
  ) {}

  static async load(db: Queryable, settingsTtlMs = 30_000): Promise<MunicipalityIndex> {
    const rows = await db.orm
      .select({ code: municipalities.code, name: municipalities.name, geojson: sql<string>`ST_AsGeoJSON(${municipalities.boundary})` })
      .from(municipalities)
      .orderBy(municipalities.code)
    const entries = rows.map((r) => {
      const geometry = JSON.parse(r.geojson) as { type: string; coordinates: Ring[] | Ring[][] }
      const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][]
      const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
      for (const rings of polygons)
        for (const [x, y] of rings[0] ?? []) {
          bbox[0] = Math.min(bbox[0], x!)
          bbox[1] = Math.min(bbox[1], y!)
          bbox[2] = Math.max(bbox[2], x!)
          bbox[3] = Math.max(bbox[3], y!)
        }
      return { code: r.code, name: r.name, bbox, polygons }
    })
    const index = new MunicipalityIndex(db, entries, settingsTtlMs)
    await index.refreshSettings()
    return index
  }

  get size(): number {
    return this.entries.length
  }

  private async refreshSettings(): Promise<void> {
    const rows = await this.db.orm.select({ code: municipalities.code, settings: municipalities.settings }).from(municipalities)
    this.settings = new Map(rows.map((r) => [r.code, r.settings ?? {}]))
    this.settingsAt = Date.now()
  }

  /** Reads the settings again at the next lookup (an admin saved them on this instance; others follow within the TTL). */
  settingsChanged(): void {
    this.settingsAt = 0
  }

  /** The municipality containing the point (lowest code if borders overlap), or null at sea and abroad. */
  async find(lon: number, lat: number): Promise<MunicipalityHit | null> {
    const hit = this.entries.find((e) => lon >= e.bbox[0] && lon <= e.bbox[2] && lat >= e.bbox[1] && lat <= e.bbox[3] && pointInPolygons(lon, lat, e.polygons))
    if (!hit) return null
    if (Date.now() - this.settingsAt > this.settingsTtlMs) await this.refreshSettings()
    return { code: hit.code, name: hit.name, settings: this.settings.get(hit.code) ?? {} }
  }
}
