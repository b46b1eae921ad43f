// GET /api/v1/staff/national/overview: every municipality side by side, for national accounts.
import { z } from 'zod'
import { SuppressibleCount } from './common.js'
import { WeekPeriod } from './public.js'

export const NationalCategory = z.object({
  category: z.string(),
  count: SuppressibleCount,
  share: z.number().nullable().describe('Of the municipality\'s total, 0 … 1; null when the count or the total is suppressed'),
  suppressed: z.boolean(),
})
export type NationalCategory = z.infer<typeof NationalCategory>

export const NationalRow = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().int().nullable().describe('Inhabitants (CBS); null when not known'),
  minimum: z.number().int().describe('Smallest count published for this municipality (at least 5)'),
  total: SuppressibleCount,
  totalSuppressed: z.boolean(),
  ratePer10k: z.number().nullable().describe('Reports in the period per 10,000 inhabitants; null when the total is suppressed or the population unknown'),
  weeks: z.array(z.object({ week: z.string(), isoWeek: z.string(), count: SuppressibleCount, suppressed: z.boolean() })),
  categories: z.array(NationalCategory),
})
export type NationalRow = z.infer<typeof NationalRow>

export const NationalOverview = z.object({
  period: WeekPeriod,
  municipalities: z.array(NationalRow).describe('Municipalities that have received reports, by name'),
})
export type NationalOverview = z.infer<typeof NationalOverview>
