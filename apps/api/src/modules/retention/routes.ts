// GET /api/v1/staff/admin/purges: what the retention job purged in the admin's municipality, and when (counts, never text).
import { listPurges, writeAudit } from '@meldpunt/db'
import { Problem } from '@meldpunt/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { municipalityOf, principal, tenantRead } from '../staff/context.js'

const PurgeEntry = z.object({
  kind: z.enum(['report_description', 'addition_text']).describe('Report descriptions or texts added later with a receipt code'),
  purgedAt: z.string(),
  retentionMonths: z.number().int(),
  cutoff: z.string().describe('Text received before this moment was purged'),
  count: z.number().int(),
})

const purges: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/admin/purges',
    {
      schema: {
        summary: 'Retention purges of this municipality, newest first',
        tags: ['staff'],
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
        response: { 200: z.object({ municipality: z.string(), purges: z.array(PurgeEntry) }), 401: Problem, 403: Problem },
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
