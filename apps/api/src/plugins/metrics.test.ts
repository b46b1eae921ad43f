import { describe, expect, it } from 'vitest'
import { intakeOutcome } from './metrics.js'

describe('intakeOutcome', () => {
  it.each([
    [201, undefined, false, 'created'],
    [201, undefined, true, 'replayed'],
    [422, 'MELDPUNT_ERR_IDEMPOTENCY_KEY_REUSED', false, 'conflict'],
    [422, 'MELDPUNT_ERR_OUTSIDE_MUNICIPALITY', false, 'outside'],
    [409, 'MELDPUNT_ERR_IDEMPOTENCY_IN_FLIGHT', false, 'in-flight'],
    [503, 'MELDPUNT_ERR_MUNICIPALITY_BUSY', false, 'capped'],
    [403, 'MELDPUNT_ERR_POW_INVALID', false, 'pow-rejected'],
    [400, 'MELDPUNT_ERR_VALIDATION', false, 'invalid'],
    [413, undefined, false, 'invalid'],
    [429, 'MELDPUNT_ERR_RATE_LIMITED', false, 'rate-limited'],
    [503, 'MELDPUNT_ERR_OVERLOADED', false, 'overloaded'],
    [500, undefined, false, 'error'],
  ])('%i %s → %s', (status, code, replayed, outcome) => expect(intakeOutcome(status, code, replayed)).toBe(outcome))
})
