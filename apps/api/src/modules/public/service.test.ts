// The publication rule and one quarter's figures, on literal reports with hand-worked answers.
import { PublicCellCollection, PublicWeeklySeries } from '@meldpunt/core/api'
import { describe, expect, it } from 'vitest'
import { parsedExactly } from '../../../../../tests/helpers/wire.js'
import { isoQuarter } from './disclosed-period.js'
import { publicationDay, publicCells, publicWeekly, quarterFigures } from './service.js'

const Q3_2026 = isoQuarter(2026, 3) // 2026-06-29 … 2026-09-27

/** A report on a local day, received `late` days later at noon UTC (14:00 in Amsterdam), in 100 m cell (x, y). */
function row(day: string, category = 'groping', cell: [number, number] = [920, 4370], receivedOn = day) {
  return { day, receivedAt: new Date(`${receivedOn}T12:00:00Z`), cellX: cell[0], cellY: cell[1], category }
}

describe('publicationDay', () => {
  it('keeps the day a report occurred when it was received in the same quarter', () => {
    expect(publicationDay('2026-07-01', new Date('2026-09-20T12:00:00Z'))).toBe('2026-07-01')
  })

  it('moves a report received after its quarter ended to the day it was received', () => {
    expect(publicationDay('2026-08-05', new Date('2026-12-04T12:00:00Z'))).toBe('2026-12-04')
    // 27 September 2026 is the last Sunday of Q3; 22:30 UTC on it is already Monday 28 September in Amsterdam (Q4).
    expect(publicationDay('2026-09-27', new Date('2026-09-27T22:30:00Z'))).toBe('2026-09-28')
    expect(publicationDay('2026-09-27', new Date('2026-09-27T21:30:00Z'))).toBe('2026-09-27')
  })
})

describe('quarterFigures', () => {
  it('publishes one report exactly as it publishes none', () => {
    const none = quarterFigures([], Q3_2026, 5)
    const one = quarterFigures([row('2026-08-05')], Q3_2026, 5)
    expect(one).toEqual(none)
    expect(one.total).toBeNull()
    expect(one.weeks).toHaveLength(13)
    expect(one.weeks.every((w) => w.count === null && w.suppressed)).toBe(true)
    expect(one.categories.every((c) => c.count === null && c.suppressed)).toBe(true)
    expect(one.cells).toEqual({ 500: [], 1000: [] })
  })

  it('leaves out reports received after the quarter, and counts those received in it that occurred earlier', () => {
    // 20 reports in one 100 m cell in week 28, received the same day; 8 backdated into week 30, received in December;
    // 6 that occurred in June (Q2) but were received in week 31.
    const rows = [
      ...Array.from({ length: 20 }, () => row('2026-07-08')),
      ...Array.from({ length: 8 }, () => row('2026-07-22', 'groping', [930, 4380], '2026-12-04')),
      ...Array.from({ length: 6 }, () => row('2026-06-10', 'insults', [920, 4370], '2026-07-29')),
    ]
    const f = quarterFigures(rows, Q3_2026, 5)
    expect(f.total).toBe(26)
    const week = (iso: string) => f.weeks.find((w) => w.isoWeek === iso)!.count
    expect(week('2026-W28')).toBe(20)
    expect(week('2026-W30')).toBeNull()
    // Weeks with nothing are hidden like small ones; with R = 0 they would be known empty, so the smallest published
    // week (W31, the 6 received in it) goes with them: R = 6.
    expect(week('2026-W31')).toBeNull()
    expect(f.weeks.filter((w) => w.count !== null).map((w) => w.isoWeek)).toEqual(['2026-W28'])
    // Likewise insults (6) hides with the empty categories; groping holds the other 20.
    expect(f.categories.find((c) => c.category === 'groping')!.count).toBe(20)
    expect(f.categories.find((c) => c.category === 'insults')!.count).toBeNull()
    // The 26 sit in one 500 m cell (184:874) and one 1000 m cell (92:437); the map's empty rest is hidden alongside,
    // so the one cell holding every report goes too, and only the total says 26.
    expect(f.cells).toEqual({ 500: [], 1000: [] })
  })

  it('publishes cells whose hidden rest reaches the minimum', () => {
    // 1000 m cells 92:437 (500 m 184:874 = 12, 185:874 = 9) and 94:437 (500 m 188:874 = 7). 100 m cells: x/5, y/5.
    const rows = [
      ...Array.from({ length: 12 }, () => row('2026-07-08', 'groping', [920, 4370])),
      ...Array.from({ length: 9 }, () => row('2026-07-09', 'groping', [925, 4370])),
      ...Array.from({ length: 7 }, () => row('2026-07-10', 'groping', [940, 4370])),
    ]
    const f = quarterFigures(rows, Q3_2026, 5)
    // Parents 21 and 7 with the empty rest: k = 1, R = 0, so the 7 goes. Children of 92:437 (12, 9 and two empty):
    // k = 1, R = 0, so the 9 goes; 94:437 is hidden, so its child is too.
    expect(f.cells[1000]).toEqual([{ id: '1000:92:437', count: 21 }])
    expect(f.cells[500]).toEqual([{ id: '500:184:874', count: 12 }])
    expect(f.total).toBe(28)
  })
})

describe('public answers as JSON text', () => {
  // The service caches and sends JSON.stringify of these objects past the serializer: they must be what the schema says.
  const amsterdam = { code: 'GM0363', name: 'Amsterdam', minimum: 5 }
  const rows = [
    ...Array.from({ length: 12 }, () => row('2026-07-08', 'groping', [920, 4370])),
    ...Array.from({ length: 9 }, () => row('2026-07-09', 'groping', [925, 4370])),
    ...Array.from({ length: 7 }, () => row('2026-07-10', 'groping', [940, 4370])),
  ]
  const figures = quarterFigures(rows, Q3_2026, 5)

  it('writes the open map exactly as PublicCellCollection, one published cell with its outline', () => {
    const map = parsedExactly(PublicCellCollection, JSON.stringify(publicCells(figures, amsterdam, Q3_2026, 1000)))
    expect(map.municipality).toEqual({ code: 'GM0363', name: 'Amsterdam' })
    expect(map.period).toEqual(Q3_2026)
    expect(map.features.map((f) => [f.id, f.properties.count])).toEqual([['1000:92:437', 21]])
    expect(map.features[0]!.geometry.coordinates[0]).toHaveLength(5)
    expect(parsedExactly(PublicCellCollection, JSON.stringify(publicCells(quarterFigures([], Q3_2026, 5), amsterdam, Q3_2026, 500))).features).toEqual([])
  })

  it('writes the weekly series exactly as PublicWeeklySeries, every week of the quarter listed', () => {
    const weekly = parsedExactly(PublicWeeklySeries, JSON.stringify(publicWeekly(figures, amsterdam, Q3_2026)))
    expect(weekly.total).toBe(28)
    expect(weekly.weeks).toHaveLength(13)
  })
})
