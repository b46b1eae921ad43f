// Every SQL statement about municipalities and their neighbourhoods: lists, boundaries, settings, place checks.
import type { Queryable } from '@meldpunt/db'

export interface MunicipalityExtentRow {
  code: string
  name: string
  cx: number
  cy: number
  x0: number
  y0: number
  x1: number
  y1: number
}

/** Every municipality with a point on its surface and its bounding box, by name. */
export function municipalityExtents(db: Queryable): Promise<MunicipalityExtentRow[]> {
  return db.query<MunicipalityExtentRow>(
    `select code, name, ST_X(c) as cx, ST_Y(c) as cy, ST_XMin(boundary) as x0, ST_YMin(boundary) as y0, ST_XMax(boundary) as x1, ST_YMax(boundary) as y1
     from (select code, name, boundary, ST_PointOnSurface(boundary) as c from municipalities) m order by name`,
  )
}

/** Every boundary as one GeoJSON FeatureCollection text, built by the database. */
export async function boundariesGeoJson(db: Queryable): Promise<string | null> {
  const [row] = await db.query<{ fc: string }>(
    `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
       'type', 'Feature', 'properties', json_build_object('code', code, 'name', name),
       'geometry', ST_AsGeoJSON(boundary, 5)::json) order by code), '[]'::json))::text as fc
     from municipalities`,
  )
  return row?.fc ?? null
}

/** One municipality's boundary as GeoJSON geometry text, or null when the code is unknown. */
export async function boundaryGeoJson(db: Queryable, code: string): Promise<string | null> {
  const [row] = await db.query<{ boundary: string }>(`select ST_AsGeoJSON(boundary) as boundary from municipalities where code = $1`, [code])
  return row?.boundary ?? null
}

export async function municipalityExists(db: Queryable, code: string): Promise<boolean> {
  const [row] = await db.query(`select 1 from municipalities where code = $1`, [code])
  return row !== undefined
}

/** The municipality's settings object, or null when the code is unknown. */
export async function municipalitySettings(db: Queryable, code: string): Promise<Record<string, unknown> | null> {
  const [row] = await db.query<{ settings: Record<string, unknown> }>(`select settings from municipalities where code = $1`, [code])
  return row?.settings ?? null
}

export function neighbourhoodCentres(db: Queryable, municipality: string): Promise<{ code: string; name: string; cx: number; cy: number }[]> {
  return db.query<{ code: string; name: string; cx: number; cy: number }>(
    `select code, name, ST_X(ST_PointOnSurface(boundary)) as cx, ST_Y(ST_PointOnSurface(boundary)) as cy
     from neighbourhoods where municipality_code = $1 order by name`,
    [municipality],
  )
}

/** PostGIS's verdict on a GeoJSON geometry; an unreadable one yields no row. */
export async function geometryValidity(tx: Queryable, geometry: unknown): Promise<{ valid: boolean; reason: string } | undefined> {
  const [shape] = await tx.query<{ valid: boolean; reason: string }>(
    `select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from (select ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) as g) s`,
    [JSON.stringify(geometry)],
  )
  return shape
}

/** Area of a drawn geometry and of its part inside the municipality, in m² (RD New); no row for an unknown code. */
export async function areaInside(tx: Queryable, municipality: string, geometry: unknown): Promise<{ area: number; inside: number; name: string } | undefined> {
  const [row] = await tx.query<{ area: number; inside: number; name: string }>(
    `with g as (select ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), 28992) as g)
     select ST_Area(g.g) as area, ST_Area(ST_Intersection(g.g, ST_Transform(m.boundary, 28992))) as inside, m.name
     from g, municipalities m where m.code = $1`,
    [municipality, JSON.stringify(geometry)],
  )
  return row
}

export async function pointInside(tx: Queryable, municipality: string, lon: number, lat: number): Promise<{ inside: boolean; name: string } | undefined> {
  const [row] = await tx.query<{ inside: boolean; name: string }>(
    `select ST_Intersects(boundary, ST_SetSRID(ST_MakePoint($2, $3), 4326)) as inside, name from municipalities where code = $1`,
    [municipality, lon, lat],
  )
  return row
}
