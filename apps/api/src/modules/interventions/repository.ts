// Every SQL statement of the intervention register; rows leave as Interventions.
import { schema, type Queryable } from '@meldpunt/db'
import type { Actor } from '../staff/context.js'
import type { InterventionKind } from '@meldpunt/core/api'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { live } from '../registers/history.js'
import { areaGeoJson, areaValue, authorshipColumns, created, updated } from '../registers/rows.js'
import type { Intervention, InterventionInput } from './service.js'

const i = schema.interventions

const selection = {
  id: i.id,
  kind: i.kind,
  name: i.name,
  startedOn: i.startedOn,
  endedOn: i.endedOn,
  lon: sql<number | null>`ST_X(${i.location})`,
  lat: sql<number | null>`ST_Y(${i.location})`,
  radiusMetres: i.radiusM,
  area: areaGeoJson(i.area),
  notes: i.notes,
  ...authorshipColumns(i),
}

type InterventionRow = Omit<Intervention, 'kind' | 'place'> & { kind: string; lon: number | null; lat: number | null; radiusMetres: number | null }

function toIntervention({ lon, lat, radiusMetres, kind, ...rest }: InterventionRow): Intervention {
  const place = lon !== null && lat !== null && radiusMetres !== null ? { lat: Number(lat), lon: Number(lon), radiusMetres } : null
  return { ...rest, kind: kind as InterventionKind, place }
}

function writeValues(input: InterventionInput) {
  const place = input.place
  return {
    kind: input.kind,
    name: input.name,
    startedOn: input.startedOn,
    endedOn: input.endedOn,
    location: place ? sql`ST_SetSRID(ST_MakePoint(${place.lon}::float8, ${place.lat}::float8), 4326)` : sql`null`,
    radiusM: place?.radiusMetres ?? null,
    area: areaValue(input.area),
    notes: input.notes,
  }
}

export async function selectInterventions(tx: Queryable, municipality: string): Promise<Intervention[]> {
  const rows = await tx.orm.select(selection).from(i).where(and(eq(i.municipalityCode, municipality), live('intervention'))).orderBy(desc(i.startedOn), asc(i.name))
  return rows.map(toIntervention)
}

export async function selectIntervention(tx: Queryable, municipality: string, id: string): Promise<Intervention | null> {
  const [row] = await tx.orm.select(selection).from(i).where(and(eq(i.municipalityCode, municipality), eq(i.id, id), live('intervention')))
  return row ? toIntervention(row) : null
}

export async function insertIntervention(tx: Queryable, municipality: string, id: string, input: InterventionInput, actor: Actor): Promise<void> {
  await tx.orm.insert(i).values({ municipalityCode: municipality, id, ...writeValues(input), ...created(actor) })
}

export async function updateInterventionRow(tx: Queryable, municipality: string, id: string, next: InterventionInput, actor: Actor): Promise<void> {
  await tx.orm.update(i).set({ ...writeValues(next), ...updated(actor) }).where(and(eq(i.municipalityCode, municipality), eq(i.id, id)))
}

/**
 * The 100 m cells of the intervention's place and its area in m²: every cell whose square's interior overlaps it ('T********' leaves
 * out cells that only touch its edge), found once over the place's bounding box.
 */
export async function interventionCells(tx: Queryable, municipality: string, id: string): Promise<{ xs: number[]; ys: number[]; area: number }> {
  const [shape] = await tx.rows<{ xs: number[] | null; ys: number[] | null; area: number }>(sql`
    with p as (
      select case when i.area is not null then ST_Transform(i.area, 28992) else ST_Buffer(ST_Transform(i.location, 28992), i.radius_m, 32) end as g
      from ${i} i where i.municipality_code = ${municipality} and i.id = ${id} and i.deleted_at is null
    ),
    cells as (
      select x, y from p, generate_series(floor(ST_XMin(p.g) / 100)::int, floor(ST_XMax(p.g) / 100)::int) x,
                         generate_series(floor(ST_YMin(p.g) / 100)::int, floor(ST_YMax(p.g) / 100)::int) y
      where ST_Relate(ST_MakeEnvelope(x * 100, y * 100, x * 100 + 100, y * 100 + 100, 28992), p.g, 'T********')
    )
    select (select array_agg(x order by x, y) from cells) as xs, (select array_agg(y order by x, y) from cells) as ys, (select ST_Area(g) from p) as area`)
  return { xs: (shape?.xs ?? []).map(Number), ys: (shape?.ys ?? []).map(Number), area: Number(shape?.area ?? 0) }
}

/** Reports per day inside the given 100 m cells and in the whole municipality; days without reports have no row. */
export function cellGroupDailyCounts(
  tx: Queryable,
  municipality: string,
  from: string,
  to: string,
  cells: { xs: number[]; ys: number[] },
): Promise<{ day: string; inside: number; total: number }[]> {
  const r = schema.rollupCellDay
  return tx.rows<{ day: string; inside: number; total: number }>(sql`
    select ${r.day}::text as day,
           coalesce(sum(${r.n}) filter (where c.x is not null), 0)::int as inside,
           sum(${r.n})::int as total
    from ${r}
    left join unnest(${sql.param(cells.xs)}::int[], ${sql.param(cells.ys)}::int[]) as c(x, y) on c.x = ${r.cellX} and c.y = ${r.cellY}
    where ${r.municipalityCode} = ${municipality} and ${r.day} between ${from} and ${to}
    group by ${r.day}`)
}
