// Every SQL statement of the intervention register; rows leave as Interventions.
import type { Queryable } from '@meldpunt/db'
import type { Actor } from '../staff/context.js'
import type { InterventionKind, PolygonGeometry } from '@meldpunt/core/api'
import type { Intervention, InterventionInput } from './service.js'

interface InterventionRow {
  id: string
  kind: string
  name: string
  started_on: string
  ended_on: string | null
  lon: number | null
  lat: number | null
  radius_m: number | null
  area: string | null
  notes: string | null
  created_by_email: string | null
  created_at: Date | string
  updated_by_email: string | null
  updated_at: Date | string
}

const COLUMNS = `id, kind, name, started_on::text as started_on, ended_on::text as ended_on, ST_X(location) as lon, ST_Y(location) as lat,
  radius_m, ST_AsGeoJSON(area, 6) as area, notes, created_by_email, created_at, updated_by_email, updated_at`

const iso = (v: Date | string): string => new Date(v).toISOString()

function toIntervention(r: InterventionRow): Intervention {
  return {
    id: r.id,
    kind: r.kind as InterventionKind,
    name: r.name,
    startedOn: r.started_on,
    endedOn: r.ended_on,
    place: r.lon !== null && r.lat !== null && r.radius_m !== null ? { lat: r.lat, lon: r.lon, radiusMetres: r.radius_m } : null,
    area: r.area ? (JSON.parse(r.area) as PolygonGeometry) : null,
    notes: r.notes,
    createdBy: r.created_by_email,
    createdAt: iso(r.created_at),
    updatedBy: r.updated_by_email,
    updatedAt: iso(r.updated_at),
  }
}

const WRITE_VALUES = `$3, $4, $5, $6,
  case when $7::float8 is null then null else ST_SetSRID(ST_MakePoint($7::float8, $8::float8), 4326) end, $9,
  case when $10::text is null then null else ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($10::text), 4326)) end, $11`

function writeParams(municipality: string, id: string, input: InterventionInput, actor: Actor): unknown[] {
  return [municipality, id, input.kind, input.name, input.startedOn, input.endedOn, input.place?.lon ?? null, input.place?.lat ?? null,
    input.place?.radiusMetres ?? null, input.area ? JSON.stringify(input.area) : null, input.notes, actor.userId, actor.email]
}

export async function selectInterventions(tx: Queryable, municipality: string): Promise<Intervention[]> {
  const rows = await tx.query<InterventionRow>(`select ${COLUMNS} from interventions where municipality_code = $1 order by started_on desc, name`, [municipality])
  return rows.map(toIntervention)
}

export async function selectIntervention(tx: Queryable, municipality: string, id: string): Promise<Intervention | null> {
  const [row] = await tx.query<InterventionRow>(`select ${COLUMNS} from interventions where municipality_code = $1 and id = $2`, [municipality, id])
  return row ? toIntervention(row) : null
}

export async function insertIntervention(tx: Queryable, municipality: string, id: string, input: InterventionInput, actor: Actor): Promise<void> {
  await tx.query(
    `insert into interventions (municipality_code, id, kind, name, started_on, ended_on, location, radius_m, area, notes,
       created_by, created_by_email, updated_by, updated_by_email)
     values ($1, $2, ${WRITE_VALUES}, $12, $13, $12, $13)`,
    writeParams(municipality, id, input, actor),
  )
}

export async function updateInterventionRow(tx: Queryable, municipality: string, id: string, next: InterventionInput, actor: Actor): Promise<void> {
  await tx.query(
    `update interventions set (kind, name, started_on, ended_on, location, radius_m, area, notes, updated_by, updated_by_email, updated_at) =
       (${WRITE_VALUES}, $12, $13, now())
     where municipality_code = $1 and id = $2`,
    writeParams(municipality, id, next, actor),
  )
}

const PLACE_RD = `case when i.area is not null then ST_Transform(i.area, 28992) else ST_Buffer(ST_Transform(i.location, 28992), i.radius_m, 32) end`

/**
 * The 100 m cells of the intervention's place and its area in m²: every cell whose square's interior overlaps it ('T********' leaves
 * out cells that only touch its edge), found once over the place's bounding box.
 */
export async function interventionCells(tx: Queryable, municipality: string, id: string): Promise<{ xs: number[]; ys: number[]; area: number }> {
  const [shape] = await tx.query<{ xs: number[] | null; ys: number[] | null; area: number }>(
    `with p as (select ${PLACE_RD} as g from interventions i where i.municipality_code = $1 and i.id = $2),
     cells as (
       select x, y from p, generate_series(floor(ST_XMin(p.g) / 100)::int, floor(ST_XMax(p.g) / 100)::int) x,
                          generate_series(floor(ST_YMin(p.g) / 100)::int, floor(ST_YMax(p.g) / 100)::int) y
       where ST_Relate(ST_MakeEnvelope(x * 100, y * 100, x * 100 + 100, y * 100 + 100, 28992), p.g, 'T********')
     )
     select (select array_agg(x order by x, y) from cells) as xs, (select array_agg(y order by x, y) from cells) as ys, (select ST_Area(g) from p) as area`,
    [municipality, id],
  )
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
  return tx.query<{ day: string; inside: number; total: number }>(
    `select r.day::text as day,
            coalesce(sum(r.n) filter (where c.x is not null), 0)::int as inside,
            sum(r.n)::int as total
     from rollup_cell_day r
     left join unnest($4::int[], $5::int[]) as c(x, y) on c.x = r.cell_x and c.y = r.cell_y
     where r.municipality_code = $1 and r.day between $2 and $3
     group by r.day`,
    [municipality, from, to, cells.xs, cells.ys],
  )
}
