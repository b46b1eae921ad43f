// Neighbourhoods (CBS buurten) of a municipality: listing, boundaries, an all-or-nothing import, and the batched,
// resumable back-fill that matches every report to its neighbourhood again afterwards.
import { and, eq, sql } from 'drizzle-orm'
import type { Database, Queryable } from './database.js'
import { municipalities, neighbourhoodBackfills, neighbourhoods, reports } from './schema.js'
import { writeAudit, type AuditEntry } from './staff-repository.js'

export interface NeighbourhoodRef {
  code: string
  name: string
  municipalityCode: string
}

const neighbourhoodRef = { code: neighbourhoods.code, name: neighbourhoods.name, municipalityCode: neighbourhoods.municipalityCode }

export async function listNeighbourhoods(db: Queryable, municipality: string): Promise<NeighbourhoodRef[]> {
  return db.orm.select(neighbourhoodRef).from(neighbourhoods).where(eq(neighbourhoods.municipalityCode, municipality)).orderBy(neighbourhoods.code)
}

export interface NeighbourhoodWithBoundary extends NeighbourhoodRef {
  /** GeoJSON MultiPolygon in WGS84. */
  boundary: { type: 'MultiPolygon'; coordinates: number[][][][] }
}

/** The neighbourhood if it belongs to the municipality; another municipality's code is not found, like an unknown one. */
export async function getNeighbourhood(db: Queryable, municipality: string, code: string): Promise<NeighbourhoodWithBoundary | null> {
  const [row] = await db.orm
    .select({ ...neighbourhoodRef, boundary: sql<string>`ST_AsGeoJSON(${neighbourhoods.boundary})` })
    .from(neighbourhoods)
    .where(and(eq(neighbourhoods.municipalityCode, municipality), eq(neighbourhoods.code, code)))
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
 * Replaces a municipality's neighbourhoods in one transaction, then re-derives every report's neighbourhood in batches
 * (backfillNeighbourhoods; interrupted, it is resumed by calling that again).
 * Refuses (throwing NeighbourhoodImportError, so the transaction rolls back and nothing changes) when a geometry
 * cannot be read, is not a polygon, is not valid (ST_IsValid), lies wholly outside the municipality, or when a
 * code already belongs to another municipality. Reports are matched on their stored (possibly coarsened) point.
 */
export async function importNeighbourhoods(
  db: Database,
  /** `audit`: written in the import's own transaction, with the counts added to its detail, so no import goes unlogged. */
  args: { municipality: string; srid: 4326 | 28992; features: readonly NeighbourhoodInput[]; audit?: AuditEntry },
  options: BackfillOptions = {},
): Promise<NeighbourhoodImportResult> {
  const replaced = await db.transaction(async (tx) => {
    const [municipality] = await tx.orm.select({ code: municipalities.code }).from(municipalities).where(eq(municipalities.code, args.municipality))
    if (!municipality) throw new NeighbourhoodImportError([`municipality ${args.municipality} does not exist`])
    // A scratch table of this transaction only: the drizzle schema does not declare it.
    await tx.rows(sql`create temporary table import_neighbourhoods (code text, name text, geom geometry) on commit drop`)

    // One feature at a time so a geometry PostGIS cannot parse names its feature instead of failing the lot.
    const problems: string[] = []
    for (const f of args.features) {
      try {
        await tx.rows(sql`savepoint parse_feature`)
        await tx.rows(
          sql`insert into import_neighbourhoods (code, name, geom) values (${f.code}, ${f.name}, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(f.geometry)}), ${args.srid}::int))`,
        )
        await tx.rows(sql`release savepoint parse_feature`)
      } catch (error) {
        await tx.rows(sql`rollback to savepoint parse_feature`)
        problems.push(`${f.code}: geometry cannot be read (${(error as Error).message})`)
      }
    }

    const checks = await tx.rows<{ code: string; kind: string; valid: boolean; reason: string | null; inside: boolean; other: string | null }>(
      sql`select i.code, GeometryType(i.geom) as kind, ST_IsValid(i.geom) as valid,
              case when ST_IsValid(i.geom) then null else ST_IsValidReason(i.geom) end as reason,
              ST_IsValid(i.geom) and ST_Intersects(m.boundary, ST_Transform(i.geom, 4326)) as inside,
              (select n.municipality_code from ${neighbourhoods} n where n.code = i.code and n.municipality_code <> ${args.municipality}) as other
         from import_neighbourhoods i, ${municipalities} m
        where m.code = ${args.municipality}
        order by i.code`,
    )
    // Every parsed feature must have been checked: PGlite's PostGIS can drop a row instead of raising an error.
    const [parsed] = await tx.rows<{ n: number }>(sql`select count(*)::int as n from import_neighbourhoods`)
    if (checks.length !== parsed?.n) problems.push(`only ${checks.length} of ${parsed?.n ?? 0} geometries could be validated; check the rings`)
    for (const c of checks) {
      if (c.kind !== 'POLYGON' && c.kind !== 'MULTIPOLYGON') problems.push(`${c.code}: geometry is a ${c.kind}, not a polygon`)
      else if (!c.valid) problems.push(`${c.code}: invalid geometry (${c.reason ?? 'ST_IsValid is false'})`)
      else if (!c.inside) problems.push(`${c.code}: lies wholly outside municipality ${args.municipality} (wrong coordinates or CRS?)`)
      if (c.other) problems.push(`${c.code}: already belongs to municipality ${c.other}`)
    }
    if (problems.length) throw new NeighbourhoodImportError(listProblems(problems))

    const [removed] = await tx.rows<{ n: number }>(
      sql`with d as (delete from ${neighbourhoods} where municipality_code = ${args.municipality} and code not in (select code from import_neighbourhoods) returning 1)
       select count(*)::int as n from d`,
    )
    await tx.rows(
      sql`insert into ${neighbourhoods} (code, municipality_code, name, boundary)
       select code, ${args.municipality}, name, ST_Multi(ST_Transform(geom, 4326)) from import_neighbourhoods
       on conflict (code) do update set name = excluded.name, boundary = excluded.boundary`,
    )
    // Every report is matched again after the import, in batches (backfillNeighbourhoods): registered here, in the
    // import's transaction, so a back-fill interrupted at any point is resumed rather than forgotten.
    const [count] = await tx.orm.select({ n: sql<number>`count(*)::int` }).from(reports).where(eq(reports.municipalityCode, args.municipality))
    const b = neighbourhoodBackfills
    const fresh = { afterId: null, done: 0, total: count?.n ?? 0, startedAt: sql`now()`, finishedAt: null }
    await tx.orm.insert(b).values({ municipalityCode: args.municipality, ...fresh }).onConflictDoUpdate({ target: b.municipalityCode, set: fresh })
    const done = { imported: args.features.length, removed: removed?.n ?? 0 }
    if (args.audit) await writeAudit(tx, { ...args.audit, detail: { ...args.audit.detail, ...done } })
    return done
  })
  await backfillNeighbourhoods(db, args.municipality, options)
  const [counts] = await db.orm
    .select({
      with_code: sql<number>`count(*) filter (where ${reports.neighbourhoodCode} is not null)::int`,
      without: sql<number>`count(*) filter (where ${reports.neighbourhoodCode} is null)::int`,
    })
    .from(reports)
    .where(eq(reports.municipalityCode, args.municipality))
  return { ...replaced, reportsWithNeighbourhood: counts?.with_code ?? 0, reportsWithout: counts?.without ?? 0 }
}

export interface BackfillProgress {
  done: number
  total: number
}

export interface BackfillOptions {
  /** Reports per batch, each batch one transaction well inside the statement timeout (default 5,000). */
  batchSize?: number
  onProgress?: (p: BackfillProgress) => void
  /** Stops between batches; what was done stays done and is not done again on resume. */
  signal?: AbortSignal
}

/**
 * Matches the municipality's reports to its neighbourhoods (same rule as intake: the first neighbourhood by code that
 * contains the stored point) from where its registered back-fill stands, one batch of report ids per transaction.
 * Returns the progress at the end; null when no back-fill is registered for the municipality.
 */
export async function backfillNeighbourhoods(db: Database, municipality: string, options: BackfillOptions = {}): Promise<BackfillProgress | null> {
  const size = options.batchSize ?? 5_000
  const b = neighbourhoodBackfills
  for (;;) {
    options.signal?.throwIfAborted()
    const step = await db.transaction(async (tx) => {
      // Read (and lock) where the back-fill stands first: as a plain parameter the position bounds the index scan,
      // where a join to this row would make every batch walk the municipality's reports from the start.
      const [job] = await tx.orm.select({ afterId: b.afterId, finishedAt: b.finishedAt }).from(b).where(eq(b.municipalityCode, municipality)).for('update')
      if (!job || job.finishedAt) return null
      const after = job.afterId ? sql`and r.id > ${job.afterId}::uuid` : sql``
      const [row] = await tx.rows<{ done: number; total: number; finished: boolean }>(sql`
        with batch as (
          select r.id from ${reports} r where r.municipality_code = ${municipality} ${after} order by r.id limit ${size}
        ),
        matched as (
          update ${reports} r set neighbourhood_code = (
            select n.code from ${neighbourhoods} n
             where n.municipality_code = r.municipality_code and ST_Intersects(n.boundary, r.location)
             order by n.code limit 1)
            from batch where r.municipality_code = ${municipality} and r.id = batch.id
          returning r.id
        )
        update ${b} set
          after_id = coalesce((select id from batch order by id desc limit 1), ${b.afterId}),
          done = ${b.done} + (select count(*) from matched),
          finished_at = case when (select count(*) from batch) < ${size} then now() end
         where ${b.municipalityCode} = ${municipality}
        returning ${b.done} as done, ${b.total} as total, ${b.finishedAt} is not null as finished`)
      return row ?? null
    })
    if (!step) {
      const [state] = await db.orm.select({ done: b.done, total: b.total }).from(b).where(eq(b.municipalityCode, municipality))
      return state ?? null
    }
    options.onProgress?.({ done: step.done, total: step.total })
    if (step.finished) return { done: step.done, total: step.total }
  }
}
