// Query and response schemas shared by the staff routes, and turning a query into a tenant-scoped report filter.
import { CATEGORY_IDS, ErrorCode, FieldErrorCode, fieldErrorMessages, SETTING_IDS } from '@meldpunt/core'
import { localTimeParts, type ReportFilter } from '@meldpunt/db'
import { z } from 'zod'
import { ProblemError } from '../../lib/problems.js'
import { CELL_SIZES } from '../hotspots/service.js'
import { addDays, daysBetween } from '../../lib/calendar-days.js'

const DAY = /^\d{4}-\d{2}-\d{2}$/
// Date.parse first: toISOString throws on an impossible date such as 2025-13-01, which would surface as a 500.
const isDay = (s: string): boolean => DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)

const dayParam = (what: string) =>
  z.string().refine(isDay, FieldErrorCode.INVALID_FORMAT).optional().describe(`${what} (local calendar day, YYYY-MM-DD, inclusive)`)

/** A comma-separated list of known ids (repeat the parameter or use commas). */
function idList<const T extends readonly string[]>(ids: T, what: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((s) => (ids as readonly string[]).includes(s)), FieldErrorCode.INVALID_VALUE)
    .optional()
    .describe(`${what}, comma-separated; one or more of: ${ids.join(', ')}`)
}

/** Integers or wrapping ranges: `21,22,23`, `22-3` (22, 23, 0, 1, 2, 3). */
function numberList(min: number, max: number, what: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v, ctx) => {
      const out = new Set<number>()
      for (const part of (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
        const m = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(part)
        const a = m ? Number(m[1]) : NaN
        const b = m?.[2] !== undefined ? Number(m[2]) : a
        if (!(a >= min && a <= max && b >= min && b <= max)) {
          ctx.addIssue({ code: 'custom', message: FieldErrorCode.OUT_OF_RANGE })
          return z.NEVER
        }
        for (let k = a; ; k = k === max ? min : k + 1) {
          out.add(k)
          if (k === b) break
        }
      }
      return [...out].sort((x, y) => x - y)
    })
    .optional()
    .describe(what)
}

export const FilterQuery = z.object({
  from: dayParam('First day'),
  to: dayParam('Last day'),
  categories: idList(CATEGORY_IDS, 'Categories'),
  settings: idList(SETTING_IDS, 'Settings'),
  hours: numberList(0, 23, 'Local hours 0–23, comma-separated; ranges wrap past midnight (22-3)'),
  weekdays: numberList(0, 6, 'Weekdays 0 (Sunday) … 6 (Saturday), comma-separated or ranges (5-6)'),
})
export type FilterQuery = z.infer<typeof FilterQuery>

export const HotspotQuery = FilterQuery.extend({
  cellSize: z.coerce
    .number()
    .int()
    .refine((v) => (CELL_SIZES as readonly number[]).includes(v), FieldErrorCode.INVALID_VALUE)
    .default(100)
    .describe(`Cell edge in metres: ${CELL_SIZES.join(', ')}`),
  distanceBand: z.coerce
    .number()
    .positive()
    .max(10_000)
    .optional()
    .describe('Gi* neighbourhood radius in metres between cell centres, at least one cell; default 1.5 cells (the 8 touching cells)'),
})
export type HotspotQuery = z.infer<typeof HotspotQuery>

export const MAX_PERIOD_DAYS = 3660

export { addDays, daysBetween }

function invalid(field: string, code: FieldErrorCode, detail: string): ProblemError {
  return new ProblemError(ErrorCode.VALIDATION, { detail, errors: [{ field: `querystring.${field}`, code, message: fieldErrorMessages[code].en }] })
}

/** The filter for the signed-in municipality; the period defaults to the last 365 days up to today. */
export function toFilter(q: FilterQuery, municipality: string, now = new Date()): ReportFilter {
  const to = q.to ?? (q.from ? addDays(q.from, 364) : localTimeParts(now).day)
  const from = q.from ?? addDays(to, -364)
  if (from > to) throw invalid('to', FieldErrorCode.END_BEFORE_START, 'The period ends before it starts: choose a `to` on or after `from`.')
  if (daysBetween(from, to) >= MAX_PERIOD_DAYS) throw invalid('from', FieldErrorCode.RANGE_TOO_LONG, `Choose a period of at most ${MAX_PERIOD_DAYS} days.`)
  return {
    municipality,
    from,
    to,
    ...(q.categories?.length ? { categories: q.categories } : {}),
    ...(q.settings?.length ? { settings: q.settings } : {}),
    ...(q.hours?.length ? { hours: q.hours } : {}),
    ...(q.weekdays?.length ? { weekdays: q.weekdays } : {}),
  }
}

/** Stable text of a filter, for cache keys and audit details. */
export function filterKey(f: ReportFilter): string {
  return JSON.stringify([f.municipality, f.from, f.to, f.categories ?? [], f.settings ?? [], f.hours ?? [], f.weekdays ?? []])
}

export function auditFilter(f: ReportFilter): Record<string, unknown> {
  const { municipality: _m, ...rest } = f
  return rest
}

export const Period = z.object({ from: z.string(), to: z.string() })

export const Position = z.tuple([z.number(), z.number()])

export const HotspotProperties = z.object({
  id: z.string().describe('Cell id `${cellSize}:${i}:${j}`; i, j are RD New column and row (x / cellSize, y / cellSize)'),
  count: z.number().int(),
  z: z.number().describe('Getis-Ord Gi* z-score'),
  p: z.number().describe('Two-sided p-value'),
  bin: z.number().int().min(-3).max(3).describe('Benjamini–Hochberg class: +3/+2/+1 hot at 99/95/90 %, −1…−3 cold, 0 not significant'),
  lon: z.number().describe('Cell centre'),
  lat: z.number().describe('Cell centre'),
  inside: z.boolean().describe('Cell centre inside the municipality'),
  place: z.string().nullable().optional().describe('Nearest street or public space and town of the cell centre'),
  neighbourhood: z.string().nullable().optional().describe('Neighbourhood of the cell centre, where neighbourhoods are loaded'),
})

export const HotspotFeature = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) }),
  properties: HotspotProperties,
})

export const HotspotCollection = z.object({
  type: z.literal('FeatureCollection'),
  status: z.literal('ok'),
  period: Period,
  cellSize: z.number().int(),
  distanceBand: z.number(),
  reports: z.number().int().describe('Reports in the selection'),
  cells: z.number().int().describe('Cells analysed: every cell inside the municipality (zeros included) plus the occupied cells just outside it (inside=false)'),
  hot: z.number().int().describe('Cells with bin > 0'),
  cold: z.number().int().describe('Cells with bin < 0'),
  features: z.array(HotspotFeature).describe('Cells with reports or a significant bin (all cells with include=all), hottest first'),
})

export const InsufficientData = z.object({
  status: z.literal('insufficient-data'),
  period: Period,
  cellSize: z.number().int(),
  reports: z.number().int(),
  minimum: z.number().int(),
  message: z.string(),
})

export function insufficientMessage(reports: number, minimum: number): string {
  return `Not enough data: ${reports} report${reports === 1 ? '' : 's'} match this selection and hotspots need at least ${minimum}. Widen the period or remove filters.`
}
