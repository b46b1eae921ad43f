// The period of a public or national figure: whole ISO weeks that have ended, from the caller's from/to snapped outward.
import { isoWeekStart, snapToIsoWeeks } from '@meldpunt/analytics'
import { ErrorCode, FieldErrorCode, fieldErrorMessages } from '@meldpunt/core'
import { localTimeParts } from '@meldpunt/db'
import { z } from 'zod'
import { ProblemError } from '../problems.js'

const DAY_MS = 86_400_000
/** About ten years of weeks: the same bound as the staff views. */
export const MAX_PUBLIC_WEEKS = 522
/** Weeks in the default period, ending with the last week that has ended. */
export const DEFAULT_PUBLIC_WEEKS = 52

const DAY = /^\d{4}-\d{2}-\d{2}$/
function isDay(s: string): boolean {
  const ms = Date.parse(`${s}T00:00:00Z`)
  // Month 13 parses as NaN, and toISOString on NaN throws: that would be a 500 for a typo.
  return DAY.test(s) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(s)
}

export const WeekPeriodQuery = z.object({
  from: z.string().refine(isDay, FieldErrorCode.INVALID_FORMAT).optional().describe('First day (YYYY-MM-DD); moved back to its Monday'),
  to: z.string().refine(isDay, FieldErrorCode.INVALID_FORMAT).optional().describe('Last day (YYYY-MM-DD); moved on to its Sunday, and back to the last week that has ended'),
})
export type WeekPeriodQuery = z.infer<typeof WeekPeriodQuery>

export const WeekPeriod = z.object({
  from: z.string().describe('A Monday'),
  to: z.string().describe('A Sunday'),
  weeks: z.number().int(),
})
export type WeekPeriod = z.infer<typeof WeekPeriod>

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

function invalid(field: string, code: FieldErrorCode, detail: string): ProblemError {
  return new ProblemError(ErrorCode.VALIDATION, { detail, errors: [{ field: `querystring.${field}`, code, message: fieldErrorMessages[code].en }] })
}

/**
 * Whole weeks only, and only weeks that have ended: a week still running would change from day to day, and two
 * looks a day apart would give that day's count, which is exactly what coarsening to weeks is there to hide.
 */
export function resolveWeekPeriod(q: WeekPeriodQuery, now = new Date()): WeekPeriod {
  const lastSunday = addDays(isoWeekStart(localTimeParts(now).day), -1)
  const to = q.to ?? lastSunday
  const from = q.from ?? addDays(isoWeekStart(to), -7 * (DEFAULT_PUBLIC_WEEKS - 1))
  if (from > to) throw invalid('to', FieldErrorCode.END_BEFORE_START, 'The period ends before it starts: choose a `to` on or after `from`.')
  const snapped = snapToIsoWeeks(from, to)
  const end = snapped.to > lastSunday ? lastSunday : snapped.to
  if (snapped.from > end) {
    throw invalid('from', FieldErrorCode.OUT_OF_RANGE, `Figures are published per whole week once the week has ended; the last one ended on ${lastSunday}. Choose an earlier period.`)
  }
  const weeks = Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${snapped.from}T00:00:00Z`)) / DAY_MS + 1) / 7
  // Not RANGE_TOO_LONG: its field message speaks of the 7-day intake window.
  if (weeks > MAX_PUBLIC_WEEKS) throw invalid('from', FieldErrorCode.OUT_OF_RANGE, `Choose a period of at most ${MAX_PUBLIC_WEEKS} weeks.`)
  return { from: snapped.from, to: end, weeks }
}
