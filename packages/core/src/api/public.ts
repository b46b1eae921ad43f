// /api/v1/public: the open map and weekly series under disclosure control, for one fixed quarter of ISO weeks.
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { MunicipalityRef, Position, SuppressibleCount } from './common.js'

/** `2026-Q3`: one quarter of ISO weeks, the only period figures are published for. */
export const PUBLISHED_PERIOD_PATTERN = /^(\d{4})-Q([1-4])$/

export const PUBLIC_CELL_SIZES = [500, 1000] as const
export type PublicCellSize = (typeof PUBLIC_CELL_SIZES)[number]

/**
 * `period=2026-Q3` or nothing (the last quarter that has ended). Arbitrary from/to windows were accepted once and
 * are refused by name now (the API's resolvePublishedPeriod); the object is loose so they reach it instead of being dropped.
 */
export const PublishedPeriodQuery = z
  .object({
    period: z
      .string()
      .regex(PUBLISHED_PERIOD_PATTERN, FieldErrorCode.INVALID_FORMAT)
      .optional()
      .describe('A quarter of ISO weeks, e.g. 2026-Q3 = ISO weeks 27–39 of 2026 (Q4 runs to the last ISO week, 52 or 53). Default: the last quarter that has ended'),
  })
  .loose()
export type PublishedPeriodQuery = z.infer<typeof PublishedPeriodQuery>

export const WeekPeriod = z.object({
  period: z.string().describe('The quarter of ISO weeks, e.g. 2026-Q3'),
  from: z.string().describe('A Monday'),
  to: z.string().describe('A Sunday'),
  weeks: z.number().int(),
})
export type WeekPeriod = z.infer<typeof WeekPeriod>

export const PublicParams = z.object({ code: z.string().regex(/^GM\d{4}$/, FieldErrorCode.INVALID_FORMAT).describe('CBS municipality code, e.g. GM0363') })

export const PublicCellsQuery = PublishedPeriodQuery.extend({
  cellSize: z.coerce
    .number()
    .int()
    .refine((v) => (PUBLIC_CELL_SIZES as readonly number[]).includes(v), FieldErrorCode.INVALID_VALUE)
    .default(1000)
    .describe(`Cell edge in metres: ${PUBLIC_CELL_SIZES.join(' or ')}`),
})

export const PublicCategory = z.object({ category: z.string(), count: SuppressibleCount, suppressed: z.boolean() })
export type PublicCategory = z.infer<typeof PublicCategory>

export const PublicCellFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  properties: z.object({ id: z.string().describe('`${cellSize}:${i}:${j}` in RD New'), count: z.number().int() }),
})
export type PublicCellFeature = z.infer<typeof PublicCellFeature>

export const PublicCellCollection = z.object({
  type: z.literal('FeatureCollection'),
  municipality: MunicipalityRef,
  period: WeekPeriod,
  cellSize: z.number().int(),
  minimum: z.number().int().describe('Smallest count this municipality published when the quarter was frozen'),
  total: SuppressibleCount.describe('Reports in the period; null when fewer than the minimum, none included'),
  totalSuppressed: z.boolean(),
  categories: z.array(PublicCategory).describe('Reports per category in the whole municipality'),
  features: z
    .array(PublicCellFeature)
    .describe('Only cells whose count is published; cells with fewer reports than the minimum, or withheld to protect one, are absent'),
})
export type PublicCellCollection = z.infer<typeof PublicCellCollection>

export const PublicWeek = z.object({ week: z.string().describe('Monday'), isoWeek: z.string().describe('e.g. 2025-W01'), count: SuppressibleCount, suppressed: z.boolean() })
export type PublicWeek = z.infer<typeof PublicWeek>

export const PublicWeeklySeries = z.object({
  municipality: MunicipalityRef,
  period: WeekPeriod,
  minimum: z.number().int(),
  total: SuppressibleCount,
  totalSuppressed: z.boolean(),
  weeks: z.array(PublicWeek),
})
export type PublicWeeklySeries = z.infer<typeof PublicWeeklySeries>
