// Every SQL statement about municipalities and their neighbourhoods: lists, boundaries, settings, place checks.
import { schema, type Queryable } from '@meldpunt/db'
import { asc, eq, sql } from 'drizzle-orm'

const m = schema.municipalities
const n = schema.neighbourhoods
const number = (expression: ReturnType<typeof sql>) => expression.mapWith(Number)
const geoJsonParam = (geometry: unknown) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)`

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
  const centre = sql`ST_PointOnSurface(${m.boundary})`
  return db.orm
    .select({
      code: m.code,
      name: m.name,
      cx: number(sql`ST_X(${centre})`),
      cy: number(sql`ST_Y(${centre})`),
      x0: number(sql`ST_XMin(${m.boundary})`),
      y0: number(sql`ST_YMin(${m.boundary})`),
      x1: number(sql`ST_XMax(${m.boundary})`),
      y1: number(sql`ST_YMax(${m.boundary})`),
    })
    .from(m)
    .orderBy(asc(m.name))
}

/** Every boundary as one GeoJSON FeatureCollection text, built by the database. */
export async function boundariesGeoJson(db: Queryable): Promise<string | null> {
  const [row] = await db.orm
    .select({
      fc: sql<string>`json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
        'type', 'Feature', 'properties', json_build_object('code', ${m.code}, 'name', ${m.name}),
        'geometry', ST_AsGeoJSON(${m.boundary}, 5)::json) order by ${m.code}), '[]'::json))::text`,
    })
    .from(m)
  return row?.fc ?? null
}

/** One municipality's boundary as GeoJSON geometry text, or null when the code is unknown. */
export async function boundaryGeoJson(db: Queryable, code: string): Promise<string | null> {
  const [row] = await db.orm.select({ boundary: sql<string>`ST_AsGeoJSON(${m.boundary})` }).from(m).where(eq(m.code, code))
  return row?.boundary ?? null
}

export async function municipalityExists(db: Queryable, code: string): Promise<boolean> {
  const [row] = await db.orm.select({ code: m.code }).from(m).where(eq(m.code, code))
  return row !== undefined
}

/** The municipality's settings object, or null when the code is unknown. */
export async function municipalitySettings(db: Queryable, code: string): Promise<Record<string, unknown> | null> {
  const [row] = await db.orm.select({ settings: m.settings }).from(m).where(eq(m.code, code))
  return (row?.settings as Record<string, unknown> | undefined) ?? null
}

export function neighbourhoodCentres(db: Queryable, municipality: string): Promise<{ code: string; name: string; cx: number; cy: number }[]> {
  return db.orm
    .select({
      code: n.code,
      name: n.name,
      cx: number(sql`ST_X(ST_PointOnSurface(${n.boundary}))`),
      cy: number(sql`ST_Y(ST_PointOnSurface(${n.boundary}))`),
    })
    .from(n)
    .where(eq(n.municipalityCode, municipality))
    .orderBy(asc(n.name))
}

/** PostGIS's verdict on a GeoJSON geometry; an unreadable one yields no row. */
export async function geometryValidity(tx: Queryable, geometry: unknown): Promise<{ valid: boolean; reason: string } | undefined> {
  const [shape] = await tx.rows<{ valid: boolean; reason: string }>(
    sql`select ST_IsValid(g) as valid, ST_IsValidReason(g) as reason from (select ${geoJsonParam(geometry)} as g) s`,
  )
  return shape
}

/** Area of a drawn geometry and of its part inside the municipality, in m² (RD New); no row for an unknown code. */
export async function areaInside(tx: Queryable, municipality: string, geometry: unknown): Promise<{ area: number; inside: number; name: string } | undefined> {
  const [row] = await tx.rows<{ area: number; inside: number; name: string }>(sql`
    with g as (select ST_Transform(${geoJsonParam(geometry)}, 28992) as g)
    select ST_Area(g.g) as area, ST_Area(ST_Intersection(g.g, ST_Transform(${m.boundary}, 28992))) as inside, ${m.name} as name
    from g, ${m} where ${m.code} = ${municipality}`)
  return row
}

export async function pointInside(tx: Queryable, municipality: string, lon: number, lat: number): Promise<{ inside: boolean; name: string } | undefined> {
  const [row] = await tx.orm
    .select({ inside: sql<boolean>`ST_Intersects(${m.boundary}, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))`, name: m.name })
    .from(m)
    .where(eq(m.code, municipality))
  return row
}
