import { toRd } from '@meldpunt/analytics'
import { describe, expect, it } from 'vitest'
import { prepareReport, type ReportRow } from './report-write.js'

const report: ReportRow = {
  id: '00000000-0000-4000-8000-000000000001',
  occurredFrom: new Date('2026-06-01T20:00:00Z'),
  occurredTo: new Date('2026-06-02T00:00:00Z'),
  lon: 4.8897,
  lat: 52.3731,
  precision: 'exact',
  category: 'catcalling',
  setting: 'street',
  role: 'victim',
  urgent: false,
  groups: [],
  receiptHash: new Uint8Array(32),
}

describe('prepareReport', () => {
  it('keeps an exact point and bins it into nesting 100 m and 50 m RD cells', () => {
    const p = prepareReport('GM0363', report)
    const [x, y] = toRd(report.lon, report.lat)
    expect([p.lon, p.lat]).toEqual([report.lon, report.lat])
    expect([p.cellX, p.cellY]).toEqual([Math.floor(x / 100), Math.floor(y / 100)])
    expect([Math.floor(p.cell50X / 2), Math.floor(p.cell50Y / 2)]).toEqual([p.cellX, p.cellY])
  })

  it('stores an approximate point at the centre of its 250 m square, and bins that centre', () => {
    const p = prepareReport('GM0363', { ...report, precision: 'approximate' })
    const [x, y] = toRd(p.lon, p.lat)
    expect(x % 250).toBeCloseTo(125, 3)
    expect(y % 250).toBeCloseTo(125, 3)
    expect([p.cellX, p.cellY]).toEqual([Math.floor(x / 100), Math.floor(y / 100)])
  })

  it('counts the report at the local time of its window\'s middle', () => {
    expect(prepareReport('GM0363', report)).toMatchObject({ municipalityCode: 'GM0363', day: '2026-06-02', hour: 0, weekday: 2 })
  })
})
