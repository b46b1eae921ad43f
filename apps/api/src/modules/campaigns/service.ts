// The campaign register: create, change, list and read a municipality's campaigns, always within one tenant transaction.
import { ErrorCode } from '@meldpunt/core'
import type { Queryable } from '@meldpunt/db'
import { randomUUID } from 'node:crypto'
import { ProblemError } from '../../lib/problems.js'
import { checkAreaInMunicipality, type PolygonGeometry } from '../municipalities/places.js'
import { campaignCodeTaken, insertCampaign, selectCampaign, selectCampaigns, updateCampaignRow } from './repository.js'
import type { Actor } from '../staff/context.js'
import type { CampaignChannel, TargetGroup } from './register-options.js'

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

export function campaignLink(code: string): string {
  return `/?c=${encodeURIComponent(code)}`
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
  return selectCampaigns(tx, municipality)
}

export async function findCampaign(tx: Queryable, municipality: string, id: string): Promise<Campaign | null> {
  return selectCampaign(tx, municipality, id)
}

/** The campaign, or 404 for an unknown id and for another municipality's campaign alike (existence is not disclosed). */
export async function getCampaign(tx: Queryable, municipality: string, id: string): Promise<Campaign> {
  const found = await findCampaign(tx, municipality, id)
  if (!found) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'No campaign with this id in your municipality.' })
  return found
}

export async function createCampaign(tx: Queryable, municipality: string, input: CampaignInput, actor: Actor, id = randomUUID()): Promise<Campaign> {
  if (input.area) await checkAreaInMunicipality(tx, municipality, input.area)
  if (await campaignCodeTaken(tx, municipality, input.code)) throw duplicateCode(input.code)
  try {
    await insertCampaign(tx, municipality, id, input, actor)
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
    if (await campaignCodeTaken(tx, municipality, patch.code, id)) throw duplicateCode(patch.code)
  }
  try {
    await updateCampaignRow(tx, municipality, id, next, actor)
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateCode(next.code)
    throw e
  }
  return getCampaign(tx, municipality, id)
}
