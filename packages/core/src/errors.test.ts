import { describe, expect, it } from 'vitest'
import { ERROR_CODES, ErrorCode, Problem, errorMessages, errorStatus, makeProblem, problemType } from './errors.js'
import { FieldErrorCode, fieldErrorMessages } from './field-errors.js'

describe('error codes', () => {
  it('are named, prefixed and unique', () => {
    for (const [name, code] of Object.entries(ErrorCode)) expect(code).toBe(`MELDPUNT_ERR_${name}`)
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
  })

  it('each has a 4xx/5xx status and messages in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(errorStatus[code]).toBeGreaterThanOrEqual(400)
      expect(errorMessages[code].nl).not.toBe('')
      expect(errorMessages[code].en).not.toBe('')
    }
    for (const code of Object.values(FieldErrorCode)) {
      expect(fieldErrorMessages[code].nl).not.toBe('')
      expect(fieldErrorMessages[code].en).not.toBe('')
    }
  })

  it('makeProblem builds a valid RFC 9457 body', () => {
    const p = makeProblem(ErrorCode.VALIDATION, { errors: [{ field: 'location.lat', code: 'out_of_range', message: 'x' }] })
    expect(p).toEqual({
      type: 'urn:meldpunt:problem:validation',
      title: 'The request has invalid fields',
      status: 400,
      code: 'MELDPUNT_ERR_VALIDATION',
      errors: [{ field: 'location.lat', code: 'out_of_range', message: 'x' }],
    })
    expect(Problem.parse(p)).toEqual(p)
    expect(problemType(ErrorCode.IDEMPOTENCY_KEY_REUSED)).toBe('urn:meldpunt:problem:idempotency-key-reused')
    expect(Problem.safeParse({ ...p, code: 'SOMETHING_ELSE' }).success).toBe(false)
  })
})
