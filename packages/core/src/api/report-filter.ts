// The staff report filter every staff view takes: period, categories, settings, local hours and weekdays.
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { CATEGORY_IDS, OFFENDER_AGE_IDS, OFFENDER_COUNT_IDS, OFFENDER_KNOWN_IDS, SETTING_IDS } from '../taxonomy.js'

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

/**
 * Who the offenders were, for views read from report rows (the report list). Rollup views (hotspots,
 * grids, series) do not take these: the rollups do not hold the answers, and most reports leave them out.
 */
export const OffenderFilterQuery = z.object({
  offenderCount: idList(OFFENDER_COUNT_IDS, 'How many offenders the reporter saw'),
  offenderAge: idList(OFFENDER_AGE_IDS, 'Estimated age of the offenders'),
  offenderKnown: idList(OFFENDER_KNOWN_IDS, 'Whether the reporter knew them'),
})
export type OffenderFilterQuery = z.infer<typeof OffenderFilterQuery>
