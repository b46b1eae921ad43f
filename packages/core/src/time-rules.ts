// When a report counts: its local (Europe/Amsterdam) day, hour and weekday, calendar-day arithmetic, and the coarsening grid.

/** Coarsening grid (metres, RD New) per precision: people who do not want to say exactly get a cell centre. */
export const PRECISION_SNAP_METRES = { exact: 0, approximate: 250, area: 1000 } as const

export const TIME_ZONE = 'Europe/Amsterdam'
const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
})
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

export interface LocalTimeParts {
  /** YYYY-MM-DD */
  day: string
  hour: number
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
}

function formatLocalParts(at: Date): LocalTimeParts {
  const parts = Object.fromEntries(localParts.formatToParts(at).map((p) => [p.type, p.value]))
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), weekday: WEEKDAYS.indexOf(parts.weekday ?? '') }
}

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000
const CACHED_HOURS = 20_000
const partsByUtcHour = new Map<number, Readonly<LocalTimeParts>>()

/**
 * Local (Amsterdam) day, hour and weekday (0 = Sunday) of an instant. Since 1970 Amsterdam's offset from UTC has
 * been a whole number of hours, so every instant of one UTC hour has the same local parts: they are formatted once
 * per hour and remembered (formatToParts was a tenth of the API's own work per report).
 */
export function localTimeParts(at: Date): LocalTimeParts {
  const ms = at.getTime()
  if (!(ms >= 0)) return formatLocalParts(at)
  const hour = Math.floor(ms / HOUR_MS)
  let parts = partsByUtcHour.get(hour)
  if (parts === undefined) {
    if (partsByUtcHour.size >= CACHED_HOURS) partsByUtcHour.clear()
    parts = Object.freeze(formatLocalParts(new Date(hour * HOUR_MS)))
    partsByUtcHour.set(hour, parts)
  }
  return { ...parts }
}

/** The instant a report is counted at: the middle of its time range. */
export function representativeTime(from: Date, to: Date): Date {
  return new Date(from.getTime() + (to.getTime() - from.getTime()) / 2)
}

/** A calendar day ('YYYY-MM-DD') moved by `n` days; computed in UTC so no DST change can shift it. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day ('2025-02-30' is not one). */
export function isCalendarDay(value: string): boolean {
  const m = ISO_DAY.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS)
}

/** 0 = Sunday … 6 = Saturday, as reports.local_weekday. */
export function weekdayOf(day: string): number {
  return new Date(Date.parse(`${day}T00:00:00Z`)).getUTCDay()
}

/** Every day from `from` to `to`, both included; empty when to < from. */
export function daysFromTo(from: string, to: string): string[] {
  const n = daysBetween(from, to)
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addDays(from, i))
}

/** The local (Amsterdam) calendar day of an instant: the day reports are counted on. */
export function localDay(at: Date): string {
  return localTimeParts(at).day
}

export function minDay(a: string, b: string): string {
  return a < b ? a : b
}

export function maxDay(a: string, b: string): string {
  return a > b ? a : b
}

/** One local hour a report's time window covers, with its share of the report's weight of 1. */
export interface AoristicHour extends LocalTimeParts {
  weight: number
}

/**
 * Aoristic weighting (Ratcliffe 2002): a report whose time is a window spreads a weight of 1 evenly over the local
 * hours the window touches, so "earlier today" counts 1/23 in each of 00–22 h instead of 1 at midday. The hours are
 * the half-open UTC hours [h, h+1) that meet [from, to); a zero-length window is one hour. Amsterdam's offset is
 * whole hours, so every UTC hour is one local hour; the doubled hour of the autumn clock change is merged into one.
 */
export function aoristicHours(from: Date, to: Date): AoristicHour[] {
  const first = Math.floor(from.getTime() / HOUR_MS)
  const last = Math.max(first, Math.ceil(to.getTime() / HOUR_MS) - 1)
  const weight = 1 / (last - first + 1)
  const byLocal = new Map<string, AoristicHour>()
  for (let h = first; h <= last; h++) {
    const parts = localTimeParts(new Date(h * HOUR_MS))
    const key = `${parts.day}T${parts.hour}`
    const seen = byLocal.get(key)
    if (seen) seen.weight += weight
    else byLocal.set(key, { ...parts, weight })
  }
  return [...byLocal.values()]
}
