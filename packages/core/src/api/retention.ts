// GET /api/v1/staff/admin/purges: what the retention job purged (counts, never text).
import { z } from 'zod'

export const PurgesQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) })

export const PurgeEntry = z.object({
  kind: z.enum(['report_description', 'addition_text']).describe('Report descriptions or texts added later with a receipt code'),
  purgedAt: z.string(),
  retentionMonths: z.number().int(),
  cutoff: z.string().describe('Text received before this moment was purged'),
  count: z.number().int(),
})
export type PurgeEntry = z.infer<typeof PurgeEntry>

export const PurgeLog = z.object({ municipality: z.string(), purges: z.array(PurgeEntry) })
export type PurgeLog = z.infer<typeof PurgeLog>
