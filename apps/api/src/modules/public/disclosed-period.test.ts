import { describe, expect, it } from 'vitest'
import { ProblemError } from '../../lib/problems.js'
import { isoQuarter, isoQuarterOf, resolvePublishedPeriod } from './disclosed-period.js'

const DAY_MS = 86_400_000
const next = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)

describe('published periods: fixed quarters of ISO weeks', () => {
  it('cut the calendar into disjoint Monday-to-Sunday blocks with no gap, 13 weeks each (Q4: to the last ISO week)', () => {
    let previous = isoQuarter(2018, 4)
    for (let year = 2019; year <= 2030; year++) {
      for (let q = 1; q <= 4; q++) {
        const p = isoQuarter(year, q)
        expect(p.from, p.period).toBe(next(previous.to))
        expect(new Date(`${p.from}T00:00:00Z`).getUTCDay(), p.period).toBe(1)
        expect(new Date(`${p.to}T00:00:00Z`).getUTCDay(), p.period).toBe(0)
        expect(p.weeks, p.period).toBe(q < 4 ? 13 : [2020, 2026].includes(year) ? 14 : 13)
        expect(isoQuarterOf(p.from).period).toBe(p.period)
        expect(isoQuarterOf(p.to).period).toBe(p.period)
        previous = p
      }
    }
    // ISO week 1 of 2026 starts on Monday 29 December 2025; 2026 has 53 ISO weeks.
    expect(isoQuarter(2026, 1)).toEqual({ period: '2026-Q1', from: '2025-12-29', to: '2026-03-29', weeks: 13 })
    expect(isoQuarter(2026, 4)).toEqual({ period: '2026-Q4', from: '2026-09-28', to: '2027-01-03', weeks: 14 })
  })

  it('defaults to the last quarter that has ended, and refuses one still running', () => {
    const now = new Date('2026-11-29T12:00:00Z')
    expect(resolvePublishedPeriod({}, now)).toEqual(isoQuarter(2026, 3))
    expect(resolvePublishedPeriod({ period: '2025-Q2' }, now)).toEqual(isoQuarter(2025, 2))
    expect(() => resolvePublishedPeriod({ period: '2026-Q4' }, now)).toThrow(ProblemError)
    // The Monday after a quarter's last Sunday, that quarter is the newest.
    expect(resolvePublishedPeriod({}, new Date('2026-09-28T08:00:00Z')).period).toBe('2026-Q3')
    expect(resolvePublishedPeriod({}, new Date('2026-09-27T20:00:00Z')).period).toBe('2026-Q2')
  })

  it('refuses free from/to windows by name, since two overlapping windows could be subtracted', () => {
    for (const field of ['from', 'to'] as const) {
      try {
        resolvePublishedPeriod({ [field]: '2025-03-01' } as never)
        expect.unreachable()
      } catch (error) {
        expect(error).toBeInstanceOf(ProblemError)
        expect((error as ProblemError).problem.errors?.[0]?.field).toBe(`querystring.${field}`)
      }
    }
  })
})
