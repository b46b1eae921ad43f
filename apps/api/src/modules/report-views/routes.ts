// GET /reports (filtered, paginated list with details) and GET /reports/{id}: raw rows, every read audited.
import { ErrorCode } from '@meldpunt/core'
import { Problem, REPORT_READER_ROLES, ReportList, ReportListQuery, ReportParams, ReportWithAdditions, type StaffReport } from '@meldpunt/core/api'
import { getReport, listReports, writeAudit, type ReportDetail } from '@meldpunt/db'
import { parseCellId } from '@meldpunt/analytics'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ProblemError } from '../../lib/problems.js'
import { cellOfPoint } from '../places/place-labels.js'
import { municipalityOf, principal, tenantRead } from '../staff/context.js'
import { auditFilter, toFilter } from './filter.js'

const HOUR_MS = 3_600_000

/**
 * Staff see when a report arrived to the hour, not the millisecond: an exact arrival time could be matched with a
 * reverse proxy's access log, which holds the sender's address. (Amsterdam is a whole number of hours off UTC.)
 */
function receivedHour(at: Date): string {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS).toISOString()
}

function toView(r: ReportDetail): StaffReport {
  return {
    id: r.id,
    receivedAt: receivedHour(r.receivedAt),
    occurredFrom: r.occurredFrom.toISOString(),
    occurredTo: r.occurredTo.toISOString(),
    location: { lon: r.lon, lat: r.lat, precision: r.precision },
    category: r.category,
    setting: r.setting,
    role: r.role,
    urgent: r.urgent,
    ageBand: r.ageBand,
    gender: r.gender,
    groups: r.groups,
    description: r.description,
    descriptionPurged: r.descriptionPurged,
    heardVia: r.heardVia,
    campaignCode: r.campaignCode,
    neighbourhoodCode: r.neighbourhoodCode,
    status: r.status,
    offenders: r.offenders,
  }
}

const CURSOR = z.object({ t: z.string().datetime(), id: z.string().uuid() })

function decodeCursor(after: string | undefined): { occurredFrom: Date; id: string } | undefined {
  if (!after) return undefined
  try {
    const c = CURSOR.parse(JSON.parse(Buffer.from(after, 'base64url').toString('utf8')))
    return { occurredFrom: new Date(c.t), id: c.id }
  } catch {
    throw new ProblemError(ErrorCode.VALIDATION, {
      detail: 'The `after` value is not one this API handed out; start again from the first page.',
      errors: [{ field: 'querystring.after', code: 'invalid', message: 'This is not right.' }],
    })
  }
}

function encodeCursor(next: { occurredFrom: Date; id: string } | null): string | null {
  return next ? Buffer.from(JSON.stringify({ t: next.occurredFrom.toISOString(), id: next.id })).toString('base64url') : null
}

const reports: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/reports',
    {
      schema: {
        summary: 'Reports with details, newest first (audited)',
        description:
          'Same filters as /hotspots, plus a neighbourhood or one hotspot cell. Keyset pagination: pass `next` as `after`. ' +
          'Analyst and admin accounts only. Every page read is written to the audit log (filters, count and report ids; no content).',
        tags: ['staff'],
        querystring: ReportListQuery,
        response: { 200: ReportList, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const municipality = municipalityOf(req, REPORT_READER_ROLES)
      const q = req.query
      const filter = {
        ...toFilter(q, municipality),
        ...(q.neighbourhood ? { neighbourhood: q.neighbourhood } : {}),
        ...(q.offenderCount?.length ? { offenderCount: q.offenderCount } : {}),
        ...(q.offenderAge?.length ? { offenderAge: q.offenderAge } : {}),
        ...(q.offenderKnown?.length ? { offenderKnown: q.offenderKnown } : {}),
        ...(q.cell ? { cell: (({ cellSize, i, j }) => ({ size: cellSize, i, j }))(parseCellId(q.cell)) } : {}),
      }
      const after = decodeCursor(q.after)
      const page = await tenantRead(req, municipality, async (tx) => {
        const result = await listReports(tx, filter, { limit: q.limit, ...(after ? { after } : {}) })
        await writeAudit(tx, {
          staffUserId: principal(req).userId,
          municipalityCode: municipality,
          action: 'reports.list',
          resource: 'reports',
          detail: {
            filter: { ...auditFilter(filter), neighbourhood: q.neighbourhood ?? null, cell: q.cell ?? null },
            page: { limit: q.limit, after: q.after ?? null },
            total: result.total,
            ids: result.items.map((r) => r.id),
          },
        })
        return result
      })
      // A municipality or neighbourhood centre is not where it happened: only pinned reports get a street name.
      const pinned = page.items.filter((r) => r.precision !== 'area').map((r) => ({ id: r.id, cell: cellOfPoint(r.lon, r.lat) }))
      const labels = await app.placeLabels.forCells(pinned.map((p) => p.cell))
      const placeOf = new Map(pinned.map((p) => [p.id, labels.get(p.cell)?.place ?? null]))
      const items = page.items.map((r) => {
        const view = toView(r)
        return { ...view, location: { ...view.location, place: placeOf.get(r.id) ?? null } }
      })
      return { total: page.total, items, next: encodeCursor(page.next) }
    },
  )

  app.get(
    '/reports/:id',
    {
      schema: {
        summary: 'One report with what the reporter added later (audited)',
        description: 'Analyst and admin accounts only. 404 for an unknown id and for a report of another municipality alike.',
        tags: ['staff'],
        params: ReportParams,
        response: { 200: ReportWithAdditions, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req) => {
      const municipality = municipalityOf(req, REPORT_READER_ROLES)
      const report = await tenantRead(req, municipality, async (tx) => {
        const r = await getReport(tx, municipality, req.params.id)
        // Only a read that returned something is an access to a report; misses are not logged as reads.
        if (r) await writeAudit(tx, { staffUserId: principal(req).userId, municipalityCode: municipality, action: 'reports.read', resource: `reports/${r.id}` })
        return r
      })
      if (!report) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: 'No report with this id in your municipality.' })
      return { ...toView(report), additions: report.additions.map((a) => ({ id: a.id, at: a.at.toISOString(), text: a.text, purged: a.purged })) }
    },
  )
}

export default reports
