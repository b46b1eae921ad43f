// Loads the 342 municipalities of 2025 from the boundaries the project ships, and finds a point's municipality.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { sql } from 'drizzle-orm'
import type { Queryable } from './database.js'
import { municipalities, municipalityPopulations } from './schema.js'

export const MUNICIPALITIES_FILE = fileURLToPath(new URL('../data/gemeente_2025.topojson', import.meta.url))

export interface MunicipalityFeature {
  code: string
  name: string
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }
}

export function readMunicipalityFeatures(file = MUNICIPALITIES_FILE): MunicipalityFeature[] {
  const topology = JSON.parse(readFileSync(file, 'utf8')) as Topology<{ gemeente_2025: GeometryCollection<{ statcode: string; statnaam: string }> }>
  const collection = feature(topology, topology.objects.gemeente_2025)
  return collection.features.map((f) => ({
    code: f.properties.statcode,
    name: f.properties.statnaam,
    geometry: f.geometry as MunicipalityFeature['geometry'],
  }))
}

/**
 * Inserts every shipped municipality that is missing; existing rows (and their settings) are kept.
 * Returns how many were inserted.
 */
export async function loadMunicipalities(db: Queryable, features = readMunicipalityFeatures()): Promise<number> {
  const rows = await db.rows<{ n: number }>(sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(features)}::jsonb) as t(code text, name text, geometry jsonb)
    ), ins as (
      insert into ${municipalities} (code, name, boundary, population)
      select code, name, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(geometry::text), 4326)), 3)),
        (select p.population from ${municipalityPopulations} p where p.code = input.code order by p.reference_date desc limit 1)
      from input
      on conflict (code) do nothing
      returning 1
    )
    select count(*)::int as n from ins`)
  return rows[0]?.n ?? 0
}

export interface MunicipalityRef {
  code: string
  name: string
}

/** The municipality whose boundary contains the point, or null (sea, abroad). */
export async function findMunicipalityAt(db: Queryable, lon: number, lat: number): Promise<MunicipalityRef | null> {
  const rows = await db.orm
    .select({ code: municipalities.code, name: municipalities.name })
    .from(municipalities)
    .where(sql`ST_Intersects(${municipalities.boundary}, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))`)
    .orderBy(municipalities.code)
    .limit(1)
  return rows[0] ?? null
}
