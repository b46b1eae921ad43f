// Every SQL statement of the campaign register; rows leave as Campaigns.
import type { Queryable } from '@meldpunt/db'
import type { CampaignChannel, PolygonGeometry, TargetGroup } from '@meldpunt/core/api'
import type { Actor } from '../staff/context.js'
import { campaignLink, type Campaign, type CampaignInput } from './service.js'

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

export async function selectCampaigns(tx: Queryable, municipality: string): Promise<Campaign[]> {
  const rows = await tx.query<CampaignRow>(`select ${COLUMNS} from campaigns where municipality_code = $1 order by starts_on desc, name`, [municipality])
  return rows.map(toCampaign)
}

export async function selectCampaign(tx: Queryable, municipality: string, id: string): Promise<Campaign | null> {
  const [row] = await tx.query<CampaignRow>(`select ${COLUMNS} from campaigns where municipality_code = $1 and id = $2`, [municipality, id])
  return row ? toCampaign(row) : null
}

/** Whether another campaign of the municipality (not `exceptId`) already uses `code`. */
export async function campaignCodeTaken(tx: Queryable, municipality: string, code: string, exceptId?: string): Promise<boolean> {
  const [taken] = exceptId
    ? await tx.query(`select 1 from campaigns where municipality_code = $1 and code = $2 and id <> $3`, [municipality, code, exceptId])
    : await tx.query(`select 1 from campaigns where municipality_code = $1 and code = $2`, [municipality, code])
  return taken !== undefined
}

export async function insertCampaign(tx: Queryable, municipality: string, id: string, input: CampaignInput, actor: Actor): Promise<void> {
  await tx.query(
    `insert into campaigns (municipality_code, id, code, name, starts_on, ends_on, lag_days, channels, target_groups, area, notes,
       created_by, created_by_email, updated_by, updated_by_email)
     values ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9::text[],
       case when $10::text is null then null else ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($10::text), 4326)) end, $11, $12, $13, $12, $13)`,
    [municipality, id, input.code, input.name, input.startsOn, input.endsOn, input.lagDays, input.channels, input.targetGroups,
      input.area ? JSON.stringify(input.area) : null, input.notes, actor.userId, actor.email],
  )
}

export async function updateCampaignRow(tx: Queryable, municipality: string, id: string, next: CampaignInput, actor: Actor): Promise<void> {
  await tx.query(
    `update campaigns set code = $3, name = $4, starts_on = $5, ends_on = $6, lag_days = $7, channels = $8::text[], target_groups = $9::text[],
       area = case when $10::text is null then null else ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($10::text), 4326)) end,
       notes = $11, updated_by = $12, updated_by_email = $13, updated_at = now()
     where municipality_code = $1 and id = $2`,
    [municipality, id, next.code, next.name, next.startsOn, next.endsOn, next.lagDays, next.channels, next.targetGroups,
      next.area ? JSON.stringify(next.area) : null, next.notes, actor.userId, actor.email],
  )
}
