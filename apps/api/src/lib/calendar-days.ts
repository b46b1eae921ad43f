// Calendar days as 'YYYY-MM-DD' strings: arithmetic in UTC so no time zone or DST shift can move a day.
import { addDays, daysBetween, isCalendarDay } from '@meldpunt/core'
import { localTimeParts } from '@meldpunt/db'

export { addDays, daysBetween, isCalendarDay }

function toMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`)
}

/** 0 = Sunday … 6 = Saturday, as reports.local_weekday. */
export function weekdayOf(day: string): number {
  return new Date(toMs(day)).getUTCDay()
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
