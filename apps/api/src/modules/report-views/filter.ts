// Turning the staff filter query (its schema is in @meldpunt/core/api) into a tenant-scoped report filter.
import { addDays, daysBetween, FieldErrorCode } from '@meldpunt/core'
import type { FilterQuery } from '@meldpunt/core/api'
import { localTimeParts } from '@meldpunt/core'
import type { ReportFilter } from '@meldpunt/db'
import { fieldProblem, ProblemError } from '../../lib/problems.js'

export const MAX_PERIOD_DAYS = 3660

export { addDays, daysBetween }

const invalid = (field: string, code: FieldErrorCode, detail: string): ProblemError => fieldProblem(`querystring.${field}`, code, detail)

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

export function insufficientMessage(reports: number, minimum: number): string {
  return `Not enough data: ${reports} report${reports === 1 ? '' : 's'} match this selection and hotspots need at least ${minimum}. Widen the period or remove filters.`
}
