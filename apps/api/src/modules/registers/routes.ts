// DELETE /:id and GET /:id/history of the campaign and intervention registers: administrators only, one tenant
// transaction each, every delete in the audit log.
import { IdParams, Problem, RegisterHistory } from '@meldpunt/core/api'
import { ErrorCode } from '@meldpunt/core'
import { writeAudit, type Queryable } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ProblemError } from '../../lib/problems.js'
import { actorOf, municipalityOf, tenantRead, type Actor } from '../staff/context.js'
import { historyOf, type Register } from './history.js'

/** Deleting entries and reading how they came to be is the municipality's administrators' (issue 15). */
const ADMIN = ['admin'] as const

const errors = { 401: Problem, 403: Problem, 404: Problem }

export function registerAdminRoutes(register: Register, remove: (tx: Queryable, municipality: string, id: string, actor: Actor) => Promise<unknown>): FastifyPluginAsyncZod {
  const noun = register === 'campaign' ? 'campaign' : 'intervention'
  return async (app) => {
    app.delete(
      '/:id',
      {
        schema: {
          summary: `Delete a ${noun} (administrators)`,
          description: `The ${noun} leaves every list, effect and comparison; the row stays with who deleted it and when, its last version is kept in its history, and the audit log records the delete.`,
          tags: ['campaigns'],
          params: IdParams,
          response: { 204: z.null().describe('Deleted'), ...errors },
        },
      },
      async (req, reply) => {
        const m = municipalityOf(req, ADMIN)
        const actor = actorOf(req)
        await tenantRead(req, m, async (tx) => {
          await remove(tx, m, req.params.id, actor)
          await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: `${register}.delete`, resource: `${register}:${req.params.id}` })
        })
        return reply.code(204).send(null)
      },
    )

    app.get(
      '/:id/history',
      {
        schema: {
          summary: `How a ${noun} came to be (administrators)`,
          description: 'Who created it and when, every change with the version it replaced (oldest first), and the delete if there was one.',
          tags: ['campaigns'],
          params: IdParams,
          response: { 200: RegisterHistory, ...errors },
        },
      },
      async (req) => {
        const m = municipalityOf(req, ADMIN)
        const found = await tenantRead(req, m, (tx) => historyOf(tx, m, register, req.params.id))
        if (!found) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: `No ${noun} with this id in your municipality.` })
        return found
      },
    )
  }
}
