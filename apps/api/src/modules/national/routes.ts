// GET /national/overview: the programme's side-by-side view for national accounts; aggregates only, under disclosure control.
import { ErrorCode } from '@meldpunt/core'
import { NationalOverview, Problem, PublishedPeriodQuery } from '@meldpunt/core/api'
import { writeAudit } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ProblemError } from '../../lib/problems.js'
import { resolvePublishedPeriod } from '../public/disclosed-period.js'
import { nationalOverview } from './service.js'
import { principal } from '../staff/context.js'

const national: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/overview',
    {
      schema: {
        summary: 'All municipalities side by side (national accounts only)',
        description:
          'Reports per 10,000 inhabitants, per ISO week and by category for one fixed quarter of ISO weeks that has ended ' +
          '(period=2026-Q3; free from/to windows are refused, since two overlapping ones could be subtracted), read from rollups only. ' +
          'Every count below the municipality\'s minimum (at least 5) is suppressed, with complementary suppression so none can be ' +
          'worked out from a total. Municipal accounts get 403.',
        tags: ['staff'],
        querystring: PublishedPeriodQuery,
        response: { 200: NationalOverview, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const p = principal(req)
      // Municipal staff have their own detailed views; this one compares municipalities and is the programme's alone.
      if (p.role !== 'national') {
        throw new ProblemError(ErrorCode.FORBIDDEN, { detail: 'The national overview is for national accounts; your municipality\'s figures are in the other views.' })
      }
      const period = resolvePublishedPeriod(req.query)
      const body = await nationalOverview(app.db, period)
      await writeAudit(app.db, {
        staffUserId: p.userId,
        municipalityCode: null,
        action: 'national.overview',
        resource: 'national/overview',
        detail: { period: period.period, from: period.from, to: period.to, municipalities: body.municipalities.length },
      })
      return body
    },
  )
}

export default national
