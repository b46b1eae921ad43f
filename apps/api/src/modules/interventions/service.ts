// The intervention register (lighting, cameras, hosts, redesign, enforcement at a place or in an area), per tenant.
import { ErrorCode } from '@meldpunt/core'
import type { Queryable } from '@meldpunt/db'
import { randomUUID } from 'node:crypto'
import { ProblemError } from '../../lib/problems.js'
import type { Actor } from '../staff/context.js'
import { checkAreaInMunicipality, checkPointInMunicipality } from '../municipalities/places.js'
import type { InterventionOut, NewIntervention } from '@meldpunt/core/api'
import { insertIntervention, selectIntervention, selectInterventions, updateInterventionRow } from './repository.js'
import { recordUpdate, softDelete } from '../registers/history.js'

/** What the register stores of an intervention; exactly one of place and area. */
export type InterventionInput = NewIntervention

export type Intervention = InterventionInput & Pick<InterventionOut, 'id' | 'createdBy' | 'createdAt' | 'updatedBy' | 'updatedAt'>

export async function listInterventions(tx: Queryable, municipality: string): Promise<Intervention[]> {
  return selectInterventions(tx, municipality)
}

export async function getIntervention(tx: Queryable, municipality: string, id: string): Promise<Intervention> {
  const found = await selectIntervention(tx, municipality, id)
  if (!found) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'No intervention with this id in your municipality.' })
  return found
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

export async function createIntervention(tx: Queryable, municipality: string, input: InterventionInput, actor: Actor, id = randomUUID()): Promise<Intervention> {
  checkShape(input)
  await checkLocation(tx, municipality, input)
  await insertIntervention(tx, municipality, id, input, actor)
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
  await updateInterventionRow(tx, municipality, id, next, actor)
  await recordUpdate(tx, municipality, 'intervention', current, next, actor)
  return getIntervention(tx, municipality, id)
}

/** Deletes softly (who and when stay on the row) and keeps its last version; 404 when there is no such live intervention. */
export async function deleteIntervention(tx: Queryable, municipality: string, id: string, actor: Actor): Promise<Intervention> {
  const current = await getIntervention(tx, municipality, id)
  if (!(await softDelete(tx, municipality, 'intervention', current, actor))) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'No intervention with this id in your municipality.' })
  return current
}
