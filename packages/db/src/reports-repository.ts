// Reading a report back by its receipt, and adding to it: what a reporter can do with a receipt code.
import { and, asc, eq, sql } from 'drizzle-orm'
import type { Queryable } from './database.js'
import { municipalities, receipts, reportAdditions, reports } from './schema.js'

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

/** Adds text to the report a receipt belongs to; null when the receipt is unknown. */
export async function addToReceipt(db: Queryable, receiptHash: Uint8Array, id: string, text: string): Promise<{ addedAt: Date } | null> {
  // drizzle's insert … select must select every column; this one lets added_at default.
  const [row] = await db.rows<{ addedAt: Date }>(sql`
    insert into ${reportAdditions} (municipality_code, report_id, id, text)
    select municipality_code, report_id, ${id}, ${text} from ${receipts} where receipt_hash = ${receiptHash}
    returning added_at as "addedAt"`)
  return row ? { addedAt: new Date(row.addedAt) } : null
}
