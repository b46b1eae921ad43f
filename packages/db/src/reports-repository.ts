// Reading a report back by its receipt, and adding to it: what a reporter can do with a receipt code; whether any report exists.
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Database, Queryable } from './database.js'
import { municipalities, receipts, reportAdditions, reports } from './schema.js'

/** Whether the database holds any report at all (the demo seed fills only an empty one). */
export async function hasReports(db: Queryable): Promise<boolean> {
  const [row] = await db.orm.select({ id: reports.id }).from(reports).limit(1)
  return row !== undefined
}

export interface ReceiptView {
  municipalityCode: string
  municipalityName: string
  reportId: string
  status: string
  receivedAt: Date
  additions: { at: Date; text: string | null }[]
}

export async function findByReceipt(db: Queryable, receiptHash: Uint8Array): Promise<ReceiptView | null> {
  const [row] = await db.orm
    .select({ municipalityCode: reports.municipalityCode, municipalityName: municipalities.name, reportId: reports.id, status: reports.status, receivedAt: reports.receivedAt })
    .from(receipts)
    .innerJoin(reports, and(eq(reports.municipalityCode, receipts.municipalityCode), eq(reports.id, receipts.reportId)))
    .innerJoin(municipalities, eq(municipalities.code, reports.municipalityCode))
    .where(eq(receipts.receiptHash, receiptHash))
  if (!row) return null
  const additions = await db.orm
    .select({ at: reportAdditions.addedAt, text: reportAdditions.text })
    .from(reportAdditions)
    .where(and(eq(reportAdditions.municipalityCode, row.municipalityCode), eq(reportAdditions.reportId, row.reportId)))
    .orderBy(asc(reportAdditions.addedAt), asc(reportAdditions.id))
  return { ...row, additions }
}

/** Additions one report can take, in number and in characters all together: a receipt code is not a mailbox. */
export const ADDITION_LIMITS = { count: 10, chars: 20_000 } as const

/**
 * Adds text to the report a receipt belongs to: null when the receipt is unknown, 'full' when the report already
 * holds ADDITION_LIMITS. The receipt row is locked first, so concurrent additions cannot both pass the limit.
 */
export async function addToReceipt(db: Database, receiptHash: Uint8Array, id: string, text: string): Promise<{ addedAt: Date } | 'full' | null> {
  return db.transaction(async (tx) => {
    const [owner] = await tx.orm
      .select({ municipalityCode: receipts.municipalityCode, reportId: receipts.reportId })
      .from(receipts)
      .where(eq(receipts.receiptHash, receiptHash))
      .for('update')
    if (!owner) return null
    const a = reportAdditions
    const [used] = await tx.orm
      .select({ n: sql<number>`count(*)::int`, chars: sql<number>`coalesce(sum(length(${a.text})), 0)::int` })
      .from(a)
      .where(and(eq(a.municipalityCode, owner.municipalityCode), eq(a.reportId, owner.reportId)))
    if (used!.n >= ADDITION_LIMITS.count || used!.chars + text.length > ADDITION_LIMITS.chars) return 'full'
    const [row] = await tx.orm.insert(a).values({ municipalityCode: owner.municipalityCode, reportId: owner.reportId, id, text }).returning({ addedAt: a.addedAt })
    return { addedAt: row!.addedAt }
  })
}
