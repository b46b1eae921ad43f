// /api/v1/staff/audit: the municipality's audit log for its administrators, and its CSV export (itself logged).
import { AuditFilter, AuditPage, AuditQuery, Problem, type AuditEntry } from '@meldpunt/core/api'
import { writeAudit } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { sendText } from '../../lib/send-text.js'
import { csvLine } from '../hotspots/service.js'
import { actorOf, municipalityOf, tenantRead } from '../staff/context.js'
import { auditActions, auditEntries, staffOf, type AuditRow } from './repository.js'

/** Reading the log is for the municipality's administrators (issue 15). */
const ADMIN = ['admin'] as const
/** One export holds at most this many entries; a narrower period or filter gets the rest. */
export const AUDIT_EXPORT_MAX = 100_000

const errors = { 400: Problem, 401: Problem, 403: Problem }

function entryOf(row: AuditRow, emails: Map<string, string>): AuditEntry {
  return {
    id: Number(row.id),
    at: new Date(row.at).toISOString(),
    person: row.staffUserId ? { id: row.staffUserId, email: emails.get(row.staffUserId) ?? null } : null,
    action: row.action,
    resource: row.resource,
    detail: row.detail ?? {},
  }
}

const audit: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit',
    {
      schema: {
        summary: 'Your municipality’s audit log (administrators)',
        description: 'Newest first, filtered by person, action and period (local days). Entries cannot be changed or deleted by anyone.',
        tags: ['staff'],
        querystring: AuditQuery,
        response: { 200: AuditPage, ...errors },
      },
    },
    async (req) => {
      const m = municipalityOf(req, ADMIN)
      const { before, limit, ...filter } = req.query
      const people = await staffOf(app.db, m)
      const emails = new Map(people.map((p) => [p.id, p.email]))
      return tenantRead(req, m, async (tx) => {
        const rows = await auditEntries(tx, m, filter, { ...(before !== undefined ? { before } : {}), limit: limit + 1 })
        const page = rows.slice(0, limit)
        return {
          entries: page.map((r) => entryOf(r, emails)),
          nextBefore: rows.length > limit ? Number(page.at(-1)!.id) : null,
          people,
          actions: await auditActions(tx, m),
        }
      })
    },
  )

  app.get(
    '/audit/export.csv',
    {
      schema: {
        summary: 'Your municipality’s audit log as CSV (administrators)',
        description: `The same filter as the reader, oldest first, at most ${AUDIT_EXPORT_MAX.toLocaleString('en')} entries. The export is itself logged.`,
        tags: ['staff'],
        querystring: AuditFilter,
        response: { 200: z.string().describe('text/csv'), ...errors },
      },
    },
    async (req, reply) => {
      const m = municipalityOf(req, ADMIN)
      const actor = actorOf(req)
      const emails = new Map((await staffOf(app.db, m)).map((p) => [p.id, p.email]))
      const rows = await tenantRead(req, m, async (tx) => {
        const found = await auditEntries(tx, m, req.query, { limit: AUDIT_EXPORT_MAX })
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'audit.export', detail: { filter: req.query, entries: found.length } })
        return found
      })
      let out = csvLine(['id', 'at', 'person_id', 'person_email', 'action', 'resource', 'detail'])
      for (const r of rows.reverse()) {
        const e = entryOf(r, emails)
        out += csvLine([e.id, e.at, e.person?.id, e.person?.email, e.action, e.resource, JSON.stringify(e.detail)])
      }
      reply.header('content-disposition', `attachment; filename="audit-${m}${req.query.from ? `-${req.query.from}` : ''}${req.query.to ? `-${req.query.to}` : ''}.csv"`)
      return sendText(reply, out, 'text/csv; charset=utf-8')
    },
  )
}

export default audit
