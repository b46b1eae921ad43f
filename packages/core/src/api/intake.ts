// POST /api/v1/reports and the receipt it answers with; the report body itself is defined in report-schema.ts.
import { z } from 'zod'
import { MunicipalityRef } from './common.js'
import { HelpEntry } from './referral.js'

export { NewReport, ReportAddition, type NewReportBody, type NewReportInput, type ReportAdditionInput } from '../report-schema.js'

export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/

export const IntakeHeaders = z.object({ 'idempotency-key': z.string().describe('16–128 characters [A-Za-z0-9_-]; a UUID v4 is ideal') }).loose()

export const ReportReceipt = z.object({
  id: z.string().uuid(),
  receipt: z.string().describe('Shown once. Keep it to look the report up or add to it later.'),
  receivedAt: z.string(),
  municipality: MunicipalityRef,
  help: z.array(HelpEntry),
})
export type ReportReceipt = z.infer<typeof ReportReceipt>
