// Every SQL statement about place labels: the per-cell cache of names, and the neighbourhood a point lies in.
import { schema, type Queryable } from '@meldpunt/db'
import { sql } from 'drizzle-orm'

export async function storedLabels(db: Queryable, cellIds: readonly string[]): Promise<Map<string, string>> {
  if (cellIds.length === 0) return new Map()
  const rows = await db.orm
    .select({ cellId: schema.placeLabels.cellId, label: schema.placeLabels.label })
    .from(schema.placeLabels)
    // One array parameter, not one per cell: a city's hotspot answer names thousands of cells.
    .where(sql`${schema.placeLabels.cellId} = any(${sql.param([...cellIds])}::text[])`)
  return new Map(rows.map((r) => [r.cellId, r.label]))
}

export async function storeLabel(db: Queryable, cellId: string, label: string): Promise<void> {
  await db.orm.insert(schema.placeLabels).values({ cellId, label }).onConflictDoNothing()
}

/** The neighbourhood name at each point (where neighbourhoods are loaded), keyed by the caller's id. */
export async function neighbourhoodNames(db: Queryable, points: readonly { id: string, lon: number, lat: number }[]): Promise<Map<string, string>> {
  if (points.length === 0) return new Map()
  const ids = points.map((p) => p.id)
  const lons = points.map((p) => p.lon)
  const lats = points.map((p) => p.lat)
  const rows = await db.rows<{ id: string, name: string }>(sql`
    select p.id, n.name
      from unnest(${sql.param(ids)}::text[], ${sql.param(lons)}::float8[], ${sql.param(lats)}::float8[]) as p(id, lon, lat)
      join ${schema.neighbourhoods} n on ST_Contains(n.boundary, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))`)
  return new Map(rows.map((r) => [r.id, r.name]))
}
