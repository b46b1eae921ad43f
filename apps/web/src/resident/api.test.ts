// Unit tests for reading Retry-After: delta-seconds, HTTP dates, and values not to be trusted.
import { describe, expect, it } from 'vitest'
import { retryAfterMs } from './api.js'

describe('retryAfterMs', () => {
  const now = Date.parse('2025-03-01T12:00:00Z')
  it('reads delta-seconds and HTTP dates', () => {
    expect(retryAfterMs('10', now)).toBe(10_000)
    expect(retryAfterMs(' 0 ', now)).toBe(0)
    expect(retryAfterMs('Sat, 01 Mar 2025 12:00:30 GMT', now)).toBe(30_000)
  })
  it('ignores what it cannot read, never waits a negative time, and at most an hour', () => {
    expect(retryAfterMs(null, now)).toBeUndefined()
    expect(retryAfterMs('', now)).toBeUndefined()
    expect(retryAfterMs('soon', now)).toBeUndefined()
    expect(retryAfterMs('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0)
    expect(retryAfterMs('999999', now)).toBe(60 * 60_000)
  })
})
