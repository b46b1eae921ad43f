import { describe, expect, it } from 'vitest'
import { addDays, aoristicHours, daysBetween, daysFromTo, isCalendarDay, localDay, localTimeParts, maxDay, minDay, representativeTime, weekdayOf } from './time-rules.js'

const amsterdam = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' })
function expected(at: Date) {
  const p = Object.fromEntries(amsterdam.formatToParts(at).map((x) => [x.type, x.value]))
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday!) }
}

describe('localTimeParts (remembered per UTC hour)', () => {
  it('matches a fresh Amsterdam formatting minute by minute across both DST changes and midnight', () => {
    const starts = ['2026-03-28T22:00:00Z', '2026-10-24T22:00:00Z', '2026-12-31T21:00:00Z']
    for (const start of starts) {
      for (let minute = 0; minute < 6 * 60; minute += 7) {
        const at = new Date(Date.parse(start) + minute * 60_000 + 59_999)
        expect(localTimeParts(at), at.toISOString()).toEqual(expected(at))
      }
    }
  })

  it('gives the DST days their 23 and 25 local hours', () => {
    const hours = (day: string) => {
      const seen = new Set<number>()
      for (let h = -3; h < 27; h++) {
        const at = new Date(Date.parse(`${day}T00:30:00Z`) + h * 3_600_000)
        const parts = localTimeParts(at)
        if (parts.day === day) seen.add(h)
      }
      return seen.size
    }
    expect(hours('2026-03-29')).toBe(23)
    expect(hours('2026-10-25')).toBe(25)
  })

  it('hands out copies: changing one answer does not change the next', () => {
    const at = new Date('2026-06-01T12:34:56Z')
    const first = localTimeParts(at)
    first.hour = 99
    expect(localTimeParts(at).hour).toBe(14)
  })

  it('formats instants before 1970 directly (Amsterdam was not a whole hour off UTC then)', () => {
    const at = new Date('1935-06-01T12:50:00Z')
    expect(localTimeParts(at)).toEqual(expected(at))
  })
})

describe('representativeTime', () => {
  it('is the middle of the window, so a night from 22:00 to 02:00 counts at midnight, on the later local day', () => {
    const at = representativeTime(new Date('2026-06-01T20:00:00Z'), new Date('2026-06-02T00:00:00Z'))
    expect(at.toISOString()).toBe('2026-06-01T22:00:00.000Z')
    expect(localTimeParts(at)).toEqual({ day: '2026-06-02', hour: 0, weekday: 2 })
  })
})

describe('addDays', () => {
  it('moves calendar days across month, year and DST boundaries without shifting', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30')
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
  })
})

describe('calendar days', () => {
  it('knows a real day from one that only looks like it', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true)
    expect(isCalendarDay('2025-02-29')).toBe(false)
    expect(isCalendarDay('2025-13-01')).toBe(false)
    expect(isCalendarDay('2025-1-01')).toBe(false)
  })

  it('counts whole days across a DST change and a year end', () => {
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2)
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1)
    expect(daysBetween('2026-01-01', '2025-12-31')).toBe(-1)
  })
})

describe('weekdays, day lists and local days', () => {
  it('names weekdays as reports.local_weekday does, lists days inclusively and picks the earlier or later day', () => {
    expect(weekdayOf('2026-12-06')).toBe(0) // a Sunday
    expect(weekdayOf('2026-12-05')).toBe(6)
    expect(daysFromTo('2026-03-28', '2026-03-30')).toEqual(['2026-03-28', '2026-03-29', '2026-03-30'])
    expect(daysFromTo('2026-03-30', '2026-03-28')).toEqual([])
    expect(minDay('2026-01-02', '2025-12-31')).toBe('2025-12-31')
    expect(maxDay('2026-01-02', '2025-12-31')).toBe('2026-01-02')
  })

  it('takes the local day in Amsterdam, not in UTC', () => {
    expect(localDay(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02') // CEST, UTC+2
    expect(localDay(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31') // CET, UTC+1
    expect(localDay(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01')
  })
})

describe('aoristicHours (Ratcliffe 2002)', () => {
  it('spreads an 8-hour window 1/8 over each of its local hours', () => {
    // 2026-12-04 is a Friday; Amsterdam is UTC+1 in December, so 13:00Z–21:00Z is 14:00–22:00 local.
    const hours = aoristicHours(new Date('2026-12-04T13:00:00Z'), new Date('2026-12-04T21:00:00Z'))
    expect(hours.map((h) => h.hour)).toEqual([14, 15, 16, 17, 18, 19, 20, 21])
    expect(hours.every((h) => h.weight === 0.125 && h.day === '2026-12-04' && h.weekday === 5)).toBe(true)
  })

  it('counts a partly covered hour as covered, and a point in time as its one hour', () => {
    // "earlier today": 00:00–22:50 local touches 23 hours.
    const today = aoristicHours(new Date('2026-12-03T23:00:00Z'), new Date('2026-12-04T21:50:00Z'))
    expect(today).toHaveLength(23)
    expect(today[0]).toEqual({ day: '2026-12-04', hour: 0, weekday: 5, weight: 1 / 23 })
    expect(today[22]!.hour).toBe(22)
    expect(aoristicHours(new Date('2026-12-04T20:30:00Z'), new Date('2026-12-04T20:30:00Z'))).toEqual([{ day: '2026-12-04', hour: 21, weekday: 5, weight: 1 }])
    expect(aoristicHours(new Date('2026-12-04T20:10:00Z'), new Date('2026-12-04T20:40:00Z'))).toEqual([{ day: '2026-12-04', hour: 21, weekday: 5, weight: 1 }])
  })

  it('crosses midnight into the next weekday, and merges the doubled hour of the autumn clock change', () => {
    const night = aoristicHours(new Date('2026-12-04T22:00:00Z'), new Date('2026-12-05T02:00:00Z'))
    expect(night.map((h) => [h.weekday, h.hour, h.weight])).toEqual([[5, 23, 0.25], [6, 0, 0.25], [6, 1, 0.25], [6, 2, 0.25]])
    // 25 October 2026: 02:00–03:00 local happens twice (00:00Z and 01:00Z).
    const fallBack = aoristicHours(new Date('2026-10-25T00:00:00Z'), new Date('2026-10-25T03:00:00Z'))
    expect(fallBack.map((h) => [h.hour, h.weight])).toEqual([[2, 2 / 3], [3, 1 / 3]])
  })
})
