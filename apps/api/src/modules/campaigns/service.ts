// The campaign register: create, change, list and read a municipality's campaigns, always within one tenant transaction.
import { ErrorCode } from '@meldpunt/core'
import type { Queryable } from '@meldpunt/db'
import { randomUUID } from 'node:crypto'
import { ProblemError } from '../../lib/problems.js'
import { checkAreaInMunicipality, type PolygonGeometry } from '../municipalities/places.js'
import type { CampaignChannel, TargetGroup } from './register-options.js'

/** Who is writing: kept on the row as id and a copy of the email (see migrations/0010). */
export interface Actor {
  userId: string | null
  email: string | null
}

export interface CampaignInput {
  code: string
  name: string
  startsOn: string
  endsOn: string
  lagDays: number
  channels: CampaignChannel[]
  targetGroups: TargetGroup[]
  area: PolygonGeometry | null
  notes: string | null
}

export interface Campaign extends CampaignInput {
  id: string
  /** Relative link that opens the report flow with the campaign's code as "heard via". */
  link: string
  createdBy: string | null
  createdAt: string
  updatedBy: string | null
  updatedAt: string
}

interface CampaignRow {
  id: string
  code: string
  name: string
  starts_on: string
  ends_on: string
  lag_days: number
  channels: string[]
  target_groups: string[]
  area: string | null
  notes: string | null
  created_by_email: string | null
  created_at: Date | string
  updated_by_email: string | null
  updated_at: Date | string
}

// Dates leave the database as text: node-postgres would turn a `date` into local midnight, PGlite into UTC.
const COLUMNS = `id, code, name, starts_on::text as starts_on, ends_on::text as ends_on, lag_days, channels, target_groups,
  ST_AsGeoJSON(area, 6) as area, notes, created_by_email, created_at, updated_by_email, updated_at`

const iso = (v: Date | string): string => new Date(v).toISOString()

export function campaignLink(code: string): string {
  return `/?c=${encodeURIComponent(code)}`
}

function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    lagDays: r.lag_days,
    channels: r.channels as CampaignChannel[],
    targetGroups: r.target_groups as TargetGroup[],
    area: r.area ? (JSON.parse(r.area) as PolygonGeometry) : null,
    notes: r.notes,
    link: campaignLink(r.code),
    createdBy: r.created_by_email,
    createdAt: iso(r.created_at),
    updatedBy: r.updated_by_email,
    updatedAt: iso(r.updated_at),
  }
}

function duplicateCode(code: string): ProblemError {
  return new ProblemError(ErrorCode.VALIDATION, {
    status: 409,
    detail: `Your municipality already has a campaign with code ${code}; choose another code.`,
    errors: [{ field: 'code', code: 'duplicate', message: `Code ${code} is already in use by another campaign.` }],
  })
}

const isUniqueViolation = (e: unknown): boolean => (e as { code?: string } | null)?.code === '23505'

export async function listCampaigns(tx: Queryable, municipality: string): Promise<Campaign[]> {
  const rows = await tx.query<CampaignRow>(`select ${COLUMNS} from campaigns where municipality_code = $1 order by starts_on desc, name`, [municipality])
  return rows.map(toCampaign)
}

export async function findCampaign(tx: Queryable, municipality: string, id: string): Promise<Campaign | null> {
  const [row] = await tx.query<CampaignRow>(`select ${COLUMNS} from campaigns where municipality_code = $1 and id = $2`, [municipality, id])
  return row ? toCampaign(row) : null
}

/** The campaign, or 404 for an unknown id and for another municipality's campaign alike (existence is not disclosed). */
export async function getCampaign(tx: Queryable, municipality: string, id: string): Promise<Campaign> {
  const found = await findCampaign(tx, municipality, id)
  if (!found) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'No campaign with this id in your municipality.' })
  return found
}

export async function createCampaign(tx: Queryable, municipality: string, input: CampaignInput, actor: Actor, id = randomUUID()): Promise<Campaign> {
  if (input.area) await checkAreaInMunicipality(tx, municipality, input.area)
  const [taken] = await tx.query(`select 1 from campaigns where municipality_code = $1 and code = $2`, [municipality, input.code])
  if (taken) throw duplicateCode(input.code)
  try {
    await tx.query(
      `insert into campaigns (municipality_code, id, code, name, starts_on, ends_on, lag_days, channels, target_groups, area, notes,
         created_by, created_by_email, updated_by, updated_by_email)
       values ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9::text[],
         case when $10::text is null then null else ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($10::text), 4326)) end, $11, $12, $13, $12, $13)`,
      [municipality, id, input.code, input.name, input.startsOn, input.endsOn, input.lagDays, input.channels, input.targetGroups,
        input.area ? JSON.stringify(input.area) : null, input.notes, actor.userId, actor.email],
    )
  } catch (e) {
    // Two people registering the same code at once: the second one hears what the first check would have said.
    if (isUniqueViolation(e)) throw duplicateCode(input.code)
    throw e
  }
  return getCampaign(tx, municipality, id)
}

/** Applies the given fields; the merged campaign is checked as a whole (end still after start). */
export async function updateCampaign(tx: Queryable, municipality: string, id: string, patch: Partial<CampaignInput>, actor: Actor): Promise<Campaign> {
  const current = await getCampaign(tx, municipality, id)
  const next: CampaignInput = { ...current, ...patch }
  if (next.endsOn < next.startsOn) {
    throw new ProblemError(ErrorCode.VALIDATION, {
      detail: 'The campaign would end before it starts.',
      errors: [{ field: patch.endsOn !== undefined ? 'endsOn' : 'startsOn', code: 'end_before_start', message: 'The end is before the start. Choose a later end date.' }],
    })
  }
  if (patch.area) await checkAreaInMunicipality(tx, municipality, patch.area)
  if (patch.code !== undefined && patch.code !== current.code) {
    const [taken] = await tx.query(`select 1 from campaigns where municipality_code = $1 and code = $2 and id <> $3`, [municipality, patch.code, id])
    if (taken) throw duplicateCode(patch.code)
  }
  try {
    await tx.query(
      `update campaigns set code = $3, name = $4, starts_on = $5, ends_on = $6, lag_days = $7, channels = $8::text[], target_groups = $9::text[],
         area = case when $10::text is null then null else ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($10::text), 4326)) end,
         notes = $11, updated_by = $12, updated_by_email = $13, updated_at = now()
       where municipality_code = $1 and id = $2`,
      [municipality, id, next.code, next.name, next.startsOn, next.endsOn, next.lagDays, next.channels, next.targetGroups,
        next.area ? JSON.stringify(next.area) : null, next.notes, actor.userId, actor.email],
    )
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateCode(next.code)
    throw e
  }
  return getCampaign(tx, municipality, id)
}
