// Neighbourhoods (CBS buurten) of a municipality: listing, boundaries, and an all-or-nothing import that back-fills reports.
import type { Database, Queryable } from './database.js'

export interface NeighbourhoodRef {
  code: string
  name: string
  municipalityCode: string
}

export async function listNeighbourhoods(db: Queryable, municipality: string): Promise<NeighbourhoodRef[]> {
  return db.query<NeighbourhoodRef>(
    `select code, name, municipality_code as "municipalityCode" from neighbourhoods where municipality_code = $1 order by code`,
    [municipality],
  )
}

export interface NeighbourhoodWithBoundary extends NeighbourhoodRef {
  /** GeoJSON MultiPolygon in WGS84. */
  boundary: { type: 'MultiPolygon'; coordinates: number[][][][] }
}

/** The neighbourhood if it belongs to the municipality; another municipality's code is not found, like an unknown one. */
export async function getNeighbourhood(db: Queryable, municipality: string, code: string): Promise<NeighbourhoodWithBoundary | null> {
  const [row] = await db.query<NeighbourhoodRef & { boundary: string }>(
    `select code, name, municipality_code as "municipalityCode", ST_AsGeoJSON(boundary) as boundary
       from neighbourhoods where municipality_code = $1 and code = $2`,
    [municipality, code],
  )
  return row ? { ...row, boundary: JSON.parse(row.boundary) } : null
}

export interface NeighbourhoodInput {
  code: string
  name: string
  /** GeoJSON Polygon or MultiPolygon in the import's CRS. */
  geometry: unknown
}

export class NeighbourhoodImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`neighbourhood import refused, nothing was changed:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

export interface NeighbourhoodImportResult {
  imported: number
  removed: number
  /** Reports of the municipality that now carry a neighbourhood code. */
  reportsWithNeighbourhood: number
  reportsWithout: number
}

const MAX_LISTED = 20

function listProblems(problems: string[]): string[] {
  return problems.length > MAX_LISTED ? [...problems.slice(0, MAX_LISTED), `… and ${problems.length - MAX_LISTED} more`] : problems
}

/**
 * Replaces a municipality's neighbourhoods in one transaction and re-derives every report's neighbourhood.
 * Refuses (throwing NeighbourhoodImportError, so the transaction rolls back and nothing changes) when a geometry
 * cannot be read, is not a polygon, is not valid (ST_IsValid), lies wholly outside the municipality, or when a
 * code already belongs to another municipality. Reports are matched on their stored (possibly coarsened) point.
 */
export async function importNeighbourhoods(
  db: Database,
  args: { municipality: string; srid: 4326 | 28992; features: readonly NeighbourhoodInput[] },
): Promise<NeighbourhoodImportResult> {
  return db.transaction(async (tx) => {
    const [municipality] = await tx.query<{ code: string }>(`select code from municipalities where code = $1`, [args.municipality])
    if (!municipality) throw new NeighbourhoodImportError([`municipality ${args.municipality} does not exist`])
    await tx.query(`create temporary table import_neighbourhoods (code text, name text, geom geometry) on commit drop`)

    // One feature at a time so a geometry PostGIS cannot parse names its feature instead of failing the lot.
    const problems: string[] = []
    for (const f of args.features) {
      try {
        await tx.query(`savepoint parse_feature`)
        await tx.query(
          `insert into import_neighbourhoods (code, name, geom) values ($1, $2, ST_SetSRID(ST_GeomFromGeoJSON($3), $4::int))`,
          [f.code, f.name, JSON.stringify(f.geometry), args.srid],
        )
        await tx.query(`release savepoint parse_feature`)
      } catch (error) {
        await tx.query(`rollback to savepoint parse_feature`)
        problems.push(`${f.code}: geometry cannot be read (${(error as Error).message})`)
      }
    }

    const checks = await tx.query<{ code: string; kind: string; valid: boolean; reason: string | null; inside: boolean; other: string | null }>(
      `select i.code, GeometryType(i.geom) as kind, ST_IsValid(i.geom) as valid,
              case when ST_IsValid(i.geom) then null else ST_IsValidReason(i.geom) end as reason,
              ST_IsValid(i.geom) and ST_Intersects(m.boundary, ST_Transform(i.geom, 4326)) as inside,
              (select n.municipality_code from neighbourhoods n where n.code = i.code and n.municipality_code <> $1) as other
         from import_neighbourhoods i, municipalities m
        where m.code = $1
        order by i.code`,
      [args.municipality],
    )
    // Every parsed feature must have been checked: PGlite's PostGIS can drop a row instead of raising an error.
    const [parsed] = await tx.query<{ n: number }>(`select count(*)::int as n from import_neighbourhoods`)
    if (checks.length !== parsed?.n) problems.push(`only ${checks.length} of ${parsed?.n ?? 0} geometries could be validated; check the rings`)
    for (const c of checks) {
      if (c.kind !== 'POLYGON' && c.kind !== 'MULTIPOLYGON') problems.push(`${c.code}: geometry is a ${c.kind}, not a polygon`)
      else if (!c.valid) problems.push(`${c.code}: invalid geometry (${c.reason ?? 'ST_IsValid is false'})`)
      else if (!c.inside) problems.push(`${c.code}: lies wholly outside municipality ${args.municipality} (wrong coordinates or CRS?)`)
      if (c.other) problems.push(`${c.code}: already belongs to municipality ${c.other}`)
    }
    if (problems.length) throw new NeighbourhoodImportError(listProblems(problems))

    const [removed] = await tx.query<{ n: number }>(
      `with d as (delete from neighbourhoods where municipality_code = $1 and code not in (select code from import_neighbourhoods) returning 1)
       select count(*)::int as n from d`,
      [args.municipality],
    )
    await tx.query(
      `insert into neighbourhoods (code, municipality_code, name, boundary)
       select code, $1, name, ST_Multi(ST_Transform(geom, 4326)) from import_neighbourhoods
       on conflict (code) do update set name = excluded.name, boundary = excluded.boundary`,
      [args.municipality],
    )
    // Same rule as intake: the first neighbourhood by code that contains the point.
    await tx.query(
      `update reports r set neighbourhood_code = (
         select n.code from neighbourhoods n
          where n.municipality_code = r.municipality_code and ST_Intersects(n.boundary, r.location)
          order by n.code limit 1)
        where r.municipality_code = $1`,
      [args.municipality],
    )
    const [counts] = await tx.query<{ with_code: number; without: number }>(
      `select count(*) filter (where neighbourhood_code is not null)::int as with_code,
              count(*) filter (where neighbourhood_code is null)::int as without
         from reports where municipality_code = $1`,
      [args.municipality],
    )
    return {
      imported: args.features.length,
      removed: removed?.n ?? 0,
      reportsWithNeighbourhood: counts?.with_code ?? 0,
      reportsWithout: counts?.without ?? 0,
    }
  })
}
