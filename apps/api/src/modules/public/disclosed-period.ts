// The period of a public or national figure: one fixed quarter of ISO weeks that has ended, never a range of our choosing.
import { isoWeekStart } from '@meldpunt/analytics'
import { addDays, daysBetween, FieldErrorCode, localDay } from '@meldpunt/core'
import { PUBLISHED_PERIOD_PATTERN as PERIOD, type PublishedPeriodQuery, type WeekPeriod } from '@meldpunt/core/api'
import { fieldProblem, ProblemError } from '../../lib/problems.js'

/** ISO weeks in the first three quarters of an ISO year; the fourth runs to the year's last week (13 or 14 weeks). */
const WEEKS_PER_QUARTER = 13

/** Monday of ISO week 1: the week that holds 4 January. */
function isoYearStart(year: number): string {
  return isoWeekStart(`${String(year).padStart(4, '0')}-01-04`)
}

/** The Monday-to-Sunday days of quarter `q` (1–4) of ISO year `year`. */
export function isoQuarter(year: number, q: number): WeekPeriod {
  const first = isoYearStart(year)
  const from = addDays(first, 7 * WEEKS_PER_QUARTER * (q - 1))
  const to = q < 4 ? addDays(first, 7 * WEEKS_PER_QUARTER * q - 1) : addDays(isoYearStart(year + 1), -1)
  return { period: `${year}-Q${q}`, from, to, weeks: (daysBetween(from, to) + 1) / 7 }
}

/** The quarter of ISO weeks a day falls in. */
export function isoQuarterOf(day: string): WeekPeriod {
  const thursday = addDays(isoWeekStart(day), 3)
  const year = Number(thursday.slice(0, 4))
  const week = Math.floor(daysBetween(isoYearStart(year), isoWeekStart(day)) / 7)
  return isoQuarter(year, Math.min(4, Math.floor(week / WEEKS_PER_QUARTER) + 1))
}

const invalid = (field: string, code: FieldErrorCode, detail: string): ProblemError => fieldProblem(`querystring.${field}`, code, detail)

/**
 * Published figures cover exactly one fixed quarter of ISO weeks, and only once it has ended. Fixed and disjoint,
 * so no two answers overlap: with free from/to windows, a cell's 6 in weeks 1–10 minus its 5 in weeks 1–9 gave back
 * the one report of week 10 that suppression hides (ADR 0040). A quarter still running would change from week to
 * week, and two looks a week apart would give that week's count. There is one size only: nested sizes (a year and
 * its quarters) would again give one part as the whole minus the others.
 */
export function resolvePublishedPeriod(q: PublishedPeriodQuery, now = new Date()): WeekPeriod {
  for (const field of ['from', 'to'] as const) {
    if (field in q) {
      throw invalid(field, FieldErrorCode.INVALID, `Figures are published per fixed quarter of ISO weeks: ask for period=YYYY-Qn (e.g. 2026-Q3) instead of ${field}. Overlapping periods could be subtracted to recover counts that are suppressed.`)
    }
  }
  const lastSunday = addDays(isoWeekStart(localDay(now)), -1)
  const current = isoQuarterOf(lastSunday)
  const lastEnded = current.to === lastSunday ? current : isoQuarterOf(addDays(current.from, -1))
  if (q.period === undefined) return lastEnded
  const [, year, quarter] = PERIOD.exec(q.period)!
  const asked = isoQuarter(Number(year), Number(quarter))
  if (asked.to > lastSunday) {
    throw invalid('period', FieldErrorCode.OUT_OF_RANGE, `${asked.period} has not ended yet; the last published quarter is ${lastEnded.period}.`)
  }
  return asked
}
