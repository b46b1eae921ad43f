// POST /api/v1/receipts/lookup and /additions: what a reporter sends and sees when coming back with a receipt code.
import { z } from 'zod'
import { ReportAddition, withCodes } from '../report-schema.js'
import { MunicipalityRef } from './common.js'

/** The retired path form (answers 410). */
export const ReceiptCodeParams = z.object({ code: z.string().max(64) })

/** A receipt code travels in a request body, never in a URL: proxies and browsers keep URLs in their logs. */
const ReceiptCodeField = z.string().min(1).max(64)
export const ReceiptLookup = z.object({ code: ReceiptCodeField }, withCodes)
export const ReceiptAdditionRequest = ReportAddition.extend({ code: ReceiptCodeField })

export const ReceiptStatus = z.object({
  status: z.string(),
  receivedAt: z.string(),
  municipality: MunicipalityRef,
  additions: z.array(z.object({ at: z.string(), text: z.string().nullable() })),
})
export type ReceiptStatus = z.infer<typeof ReceiptStatus>

export const AdditionReceipt = z.object({ addedAt: z.string() })
export type AdditionReceipt = z.infer<typeof AdditionReceipt>
