// Every SQL statement of the campaign register; rows leave as Campaigns.
import { schema, type Queryable } from '@meldpunt/db'
import type { CampaignChannel, TargetGroup } from '@meldpunt/core/api'
import { and, asc, desc, eq, ne } from 'drizzle-orm'
import type { Actor } from '../staff/context.js'
import { live } from '../registers/history.js'
import { areaGeoJson, areaValue, authorshipColumns, created, updated } from '../registers/rows.js'
import { campaignLink, type Campaign, type CampaignInput } from './service.js'

const c = schema.campaigns

// Dates stay text (drizzle's string mode): node-postgres would turn a `date` into local midnight, PGlite into UTC.
const selection = {
  id: c.id,
  code: c.code,
  name: c.name,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  lagDays: c.lagDays,
  channels: c.channels,
  targetGroups: c.targetGroups,
  area: areaGeoJson(c.area),
  notes: c.notes,
  ...authorshipColumns(c),
}

type CampaignRow = Omit<Campaign, 'link' | 'channels' | 'targetGroups'> & { channels: string[]; targetGroups: string[] }

function toCampaign(r: CampaignRow): Campaign {
  return {
    ...r,
    channels: r.channels as CampaignChannel[],
    targetGroups: r.targetGroups as TargetGroup[],
    link: campaignLink(r.code),
  }
}

export async function selectCampaigns(tx: Queryable, municipality: string): Promise<Campaign[]> {
  const rows = await tx.orm.select(selection).from(c).where(and(eq(c.municipalityCode, municipality), live('campaign'))).orderBy(desc(c.startsOn), asc(c.name))
  return rows.map(toCampaign)
}

export async function selectCampaign(tx: Queryable, municipality: string, id: string): Promise<Campaign | null> {
  const [row] = await tx.orm.select(selection).from(c).where(and(eq(c.municipalityCode, municipality), eq(c.id, id), live('campaign')))
  return row ? toCampaign(row) : null
}

/** Whether another campaign of the municipality (not `exceptId`) already uses `code`; deleted campaigns keep theirs. */
export async function campaignCodeTaken(tx: Queryable, municipality: string, code: string, exceptId?: string): Promise<boolean> {
  const [taken] = await tx.orm
    .select({ id: c.id })
    .from(c)
    .where(and(eq(c.municipalityCode, municipality), eq(c.code, code), exceptId ? ne(c.id, exceptId) : undefined))
  return taken !== undefined
}

function writeValues(input: CampaignInput) {
  return {
    code: input.code,
    name: input.name,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    lagDays: input.lagDays,
    channels: input.channels,
    targetGroups: input.targetGroups,
    area: areaValue(input.area),
    notes: input.notes,
  }
}

export async function insertCampaign(tx: Queryable, municipality: string, id: string, input: CampaignInput, actor: Actor): Promise<void> {
  await tx.orm.insert(c).values({ municipalityCode: municipality, id, ...writeValues(input), ...created(actor) })
}

export async function updateCampaignRow(tx: Queryable, municipality: string, id: string, next: CampaignInput, actor: Actor): Promise<void> {
  await tx.orm.update(c).set({ ...writeValues(next), ...updated(actor) }).where(and(eq(c.municipalityCode, municipality), eq(c.id, id)))
}
