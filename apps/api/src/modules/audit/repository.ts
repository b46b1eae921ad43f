// Every SQL statement of the audit log reader. Entries are read under the tenant's row-level security; the names of
// the municipality's staff come from the accounts table, which the tenant role cannot read (migrations/0004).
import type { AuditFilter } from '@meldpunt/core/api'
import { schema, type Database, type Queryable } from '@meldpunt/db'
import { and, asc, desc, eq, lt, sql, type SQL } from 'drizzle-orm'

const a = schema.auditLog
const u = schema.staffUsers

export interface AuditRow {
  id: number
  at: Date | string
  staffUserId: string | null
  action: string
  resource: string | null
  detail: Record<string, unknown>
}

function conditions(municipality: string, f: AuditFilter, before?: number): SQL | undefined {
  return and(
    eq(a.municipalityCode, municipality),
    f.person ? eq(a.staffUserId, f.person) : undefined,
    f.action ? eq(a.action, f.action) : undefined,
    f.from ? sql`${a.at} >= (${f.from}::date::timestamp at time zone 'Europe/Amsterdam')` : undefined,
    f.to ? sql`${a.at} < ((${f.to}::date + 1)::timestamp at time zone 'Europe/Amsterdam')` : undefined,
    before !== undefined ? lt(a.id, before) : undefined,
  )
}

/** Entries newest first; `limit` at most, older than `before` when given. */
export function auditEntries(tx: Queryable, municipality: string, f: AuditFilter, page: { before?: number; limit: number }): Promise<AuditRow[]> {
  return tx.orm
    .select({ id: a.id, at: a.at, staffUserId: a.staffUserId, action: a.action, resource: a.resource, detail: a.detail })
    .from(a)
    .where(conditions(municipality, f, page.before))
    .orderBy(desc(a.id))
    .limit(page.limit)
}

/** The distinct actions of the municipality's log, for the action filter. */
export async function auditActions(tx: Queryable, municipality: string): Promise<string[]> {
  const rows = await tx.orm.selectDistinct({ action: a.action }).from(a).where(eq(a.municipalityCode, municipality)).orderBy(asc(a.action))
  return rows.map((r) => r.action)
}

/** The municipality's staff accounts by email; other municipalities' and national accounts are never named. */
export function staffOf(db: Database, municipality: string): Promise<{ id: string; email: string }[]> {
  return db.orm.select({ id: u.id, email: u.email }).from(u).where(eq(u.municipalityCode, municipality)).orderBy(asc(u.email))
}
