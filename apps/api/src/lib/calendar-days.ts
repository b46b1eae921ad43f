// Calendar days as 'YYYY-MM-DD' strings: arithmetic in UTC so no time zone or DST shift can move a day.
import { localTimeParts } from '@meldpunt/db'

const DAY_MS = 86_400_000
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar day ('2025-02-30' is not one). */
export function isCalendarDay(value: string): boolean {
  const m = ISO_DAY.exec(value)
  if (!m) return false
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return d.toISOString().slice(0, 10) === value
}

function toMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`)
}

export function addDays(day: string, n: number): string {
  return new Date(toMs(day) + n * DAY_MS).toISOString().slice(0, 10)
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(b) - toMs(a)) / DAY_MS)
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
