// GET /api/v1/staff/admin/purges: what the retention job purged in the admin's municipality, and when (counts, never text).
import { listPurges, writeAudit } from '@meldpunt/db'
import { Problem, PurgeLog, PurgesQuery } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { municipalityOf, principal, tenantRead } from '../staff/context.js'

const purges: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/purges',
    {
      schema: {
        summary: 'Retention purges of this municipality, newest first',
        tags: ['staff'],
        querystring: PurgesQuery,
        response: { 200: PurgeLog, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const m = municipalityOf(req, ['admin'])
      const actor = principal(req)
      const rows = await tenantRead(req, m, async (tx) => {
        const list = await listPurges(tx, m, req.query.limit)
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'retention.purges.read', detail: { rows: list.length } })
        return list
      })
      return {
        municipality: m,
        purges: rows.map((p) => ({ kind: p.kind, purgedAt: p.purgedAt.toISOString(), retentionMonths: p.retentionMonths, cutoff: p.cutoff.toISOString(), count: p.count })),
      }
    },
  )
}

export default purges
