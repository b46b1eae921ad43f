// GET /api/v1/receipts/:code and POST …/additions: what a reporter sees when coming back with a receipt code.
import { z } from 'zod'
import { MunicipalityRef } from './common.js'

export const ReceiptCodeParams = z.object({ code: z.string().max(64) })

export const ReceiptStatus = z.object({
  status: z.string(),
  receivedAt: z.string(),
  municipality: MunicipalityRef,
  additions: z.array(z.object({ at: z.string(), text: z.string().nullable() })),
})
export type ReceiptStatus = z.infer<typeof ReceiptStatus>

export const AdditionReceipt = z.object({ addedAt: z.string() })
export type AdditionReceipt = z.infer<typeof AdditionReceipt>
