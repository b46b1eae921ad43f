// /api/v1/staff/effects: the effect measurement of any period, e.g. an unregistered campaign or a check on a quiet one.
import { ErrorCode } from '@meldpunt/core'
import { PeriodEffectOut, PeriodEffectQuery, Problem } from '@meldpunt/core/api'
import { writeAudit } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ProblemError } from '../../lib/problems.js'
import { actorOf, municipalityOf, tenantRead } from '../staff/context.js'
import { comparisonSeries } from './comparison.js'
import { measuredDays, periodEffect } from './service.js'

const periodEffects: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/period',
    {
      schema: {
        summary: 'Effect of any period against the days before it (same measurement as a campaign\'s)',
        tags: ['campaigns'],
        querystring: PeriodEffectQuery,
        response: { 200: PeriodEffectOut, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      // Aggregates only, and analysts compare periods too: every municipal role may ask.
      const m = municipalityOf(req)
      const q = req.query
      if (q.from > app.spikes.today()) {
        throw new ProblemError(ErrorCode.VALIDATION, {
          detail: 'The period starts in the future; there is nothing to measure yet.',
          errors: [{ field: 'querystring.from', code: 'in_future', message: 'Choose a period that has started.' }],
        })
      }
      const actor = actorOf(req)
      const spec = { kind: 'period' as const, from: q.from, to: q.to, lagDays: q.lagDays, baselineDays: q.baselineDays, code: q.code ?? null, channels: q.channels ?? [] }
      const dataThrough = app.spikes.dataThrough()
      // Read before the tenant transaction, as the national reader: only the group's summed series comes back.
      const comparison = await comparisonSeries(app.db, { municipality: m, ...measuredDays(spec, dataThrough), ...(q.comparison ? { chosen: q.comparison } : {}) })
      return tenantRead(req, m, async (tx) => {
        const effect = await periodEffect(tx, m, spec, { dataThrough, spikeRule: app.spikes.rule, comparison })
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'period.effect', detail: { from: q.from, to: q.to } })
        return effect
      })
    },
  )
}

export default periodEffects
