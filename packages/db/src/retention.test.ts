import { describe, expect, it } from 'vitest'
import { secondsToNextHour } from './intake-cap.js'
import { DEFAULT_RETENTION_MONTHS, retentionMonths } from './retention.js'

describe('retentionMonths', () => {
  it('reads whole months from settings', () => {
    expect(retentionMonths({ retentionMonths: 6 })).toBe(6)
    expect(retentionMonths({ retentionMonths: '18' })).toBe(18)
  })

  it('falls back to the default for anything unusable', () => {
    for (const bad of [undefined, null, 0, -3, 1.5, 'forever', '', 121, Number.NaN, {}, [12]]) {
      expect(retentionMonths({ retentionMonths: bad })).toBe(DEFAULT_RETENTION_MONTHS)
    }
    expect(retentionMonths(null)).toBe(12)
    expect(retentionMonths({}, 24)).toBe(24)
  })
})

describe('secondsToNextHour', () => {
  it('counts down to the next clock hour, never to zero', () => {
    expect(secondsToNextHour(Date.UTC(2026, 0, 1, 10, 0, 0))).toBe(3600)
    expect(secondsToNextHour(Date.UTC(2026, 0, 1, 10, 59, 30))).toBe(30)
    expect(secondsToNextHour(Date.UTC(2026, 0, 1, 10, 59, 59, 999))).toBe(1)
  })
})
