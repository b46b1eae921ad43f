// The intervention register (lighting, cameras, hosts, redesign, enforcement at a place or in an area), per tenant.
import { ErrorCode } from '@meldpunt/core'
import type { Queryable } from '@meldpunt/db'
import { randomUUID } from 'node:crypto'
import { ProblemError } from '../../lib/problems.js'
import type { Actor } from '../campaigns/service.js'
import { checkAreaInMunicipality, checkPointInMunicipality, type PolygonGeometry } from '../municipalities/places.js'
import type { InterventionKind } from '../campaigns/register-options.js'

export interface InterventionPlace {
  lat: number
  lon: number
  radiusMetres: number
}

export interface InterventionInput {
  kind: InterventionKind
  name: string
  startedOn: string
  endedOn: string | null
  /** Exactly one of place and area. */
  place: InterventionPlace | null
  area: PolygonGeometry | null
  notes: string | null
}

export interface Intervention extends InterventionInput {
  id: string
  createdBy: string | null
  createdAt: string
  updatedBy: string | null
  updatedAt: string
}

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

export async function listInterventions(tx: Queryable, municipality: string): Promise<Intervention[]> {
  const rows = await tx.query<InterventionRow>(`select ${COLUMNS} from interventions where municipality_code = $1 order by started_on desc, name`, [municipality])
  return rows.map(toIntervention)
}

export async function getIntervention(tx: Queryable, municipality: string, id: string): Promise<Intervention> {
  const [row] = await tx.query<InterventionRow>(`select ${COLUMNS} from interventions where municipality_code = $1 and id = $2`, [municipality, id])
  if (!row) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'No intervention with this id in your municipality.' })
  return toIntervention(row)
}

function checkShape(input: InterventionInput): void {
  if ((input.place === null) === (input.area === null)) {
    const message = 'Give either a place (a point with a radius) or an area, not both and not neither.'
    throw new ProblemError(ErrorCode.VALIDATION, { detail: message, errors: [{ field: input.place ? 'area' : 'place', code: 'invalid', message }] })
  }
  if (input.endedOn !== null && input.endedOn < input.startedOn) {
    throw new ProblemError(ErrorCode.VALIDATION, {
      detail: 'The intervention would end before it started.',
      errors: [{ field: 'endedOn', code: 'end_before_start', message: 'The end is before the start. Choose a later end date.' }],
    })
  }
}

async function checkLocation(tx: Queryable, municipality: string, input: InterventionInput): Promise<void> {
  if (input.place) await checkPointInMunicipality(tx, municipality, input.place.lon, input.place.lat, 'place')
  if (input.area) await checkAreaInMunicipality(tx, municipality, input.area, 'area')
}

const WRITE_VALUES = `$3, $4, $5, $6,
  case when $7::float8 is null then null else ST_SetSRID(ST_MakePoint($7::float8, $8::float8), 4326) end, $9,
  case when $10::text is null then null else ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($10::text), 4326)) end, $11`

function writeParams(municipality: string, id: string, input: InterventionInput, actor: Actor): unknown[] {
  return [municipality, id, input.kind, input.name, input.startedOn, input.endedOn, input.place?.lon ?? null, input.place?.lat ?? null,
    input.place?.radiusMetres ?? null, input.area ? JSON.stringify(input.area) : null, input.notes, actor.userId, actor.email]
}

export async function createIntervention(tx: Queryable, municipality: string, input: InterventionInput, actor: Actor, id = randomUUID()): Promise<Intervention> {
  checkShape(input)
  await checkLocation(tx, municipality, input)
  await tx.query(
    `insert into interventions (municipality_code, id, kind, name, started_on, ended_on, location, radius_m, area, notes,
       created_by, created_by_email, updated_by, updated_by_email)
     values ($1, $2, ${WRITE_VALUES}, $12, $13, $12, $13)`,
    writeParams(municipality, id, input, actor),
  )
  return getIntervention(tx, municipality, id)
}

/** Applies the given fields; giving a place clears the area and the other way round. */
export async function updateIntervention(tx: Queryable, municipality: string, id: string, patch: Partial<InterventionInput>, actor: Actor): Promise<Intervention> {
  const current = await getIntervention(tx, municipality, id)
  const next: InterventionInput = { ...current, ...patch }
  if (patch.place && patch.area === undefined) next.area = null
  if (patch.area && patch.place === undefined) next.place = null
  checkShape(next)
  if (patch.place || patch.area) await checkLocation(tx, municipality, next)
  await tx.query(
    `update interventions set (kind, name, started_on, ended_on, location, radius_m, area, notes, updated_by, updated_by_email, updated_at) =
       (${WRITE_VALUES}, $12, $13, now())
     where municipality_code = $1 and id = $2`,
    writeParams(municipality, id, next, actor),
  )
  return getIntervention(tx, municipality, id)
}
