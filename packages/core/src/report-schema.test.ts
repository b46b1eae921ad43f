import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fieldErrorsFromZod } from './errors.js'
import { NewReport, ReportAddition, makeNewReportSchema } from './report-schema.js'

const contract = {
  category: 'catcalling',
  setting: 'street',
  role: 'victim',
  occurredAt: { from: '2026-11-28T21:00:00Z', to: '2026-11-28T21:30:00Z' },
  location: { lat: 52.3731, lon: 4.8922, precision: 'exact' },
  about: { ageBand: '18-24', gender: 'woman', groups: [] },
  description: 'Two men shouted at me near the station.',
  heardVia: 'poster',
}

const now = new Date('2026-11-28T22:00:00Z')
const schema = makeNewReportSchema(() => now)

/** The one issue for a body, as [dotted path, code]. */
function issuesOf(body: unknown): [string, string][] {
  const result = schema.safeParse(body)
  expect(result.success).toBe(false)
  return (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message])
}

function withPatch(patch: (body: Record<string, any>) => void) {
  const body = structuredClone(contract) as Record<string, any>
  patch(body)
  return body
}

describe('NewReport', () => {
  it('accepts the contract body exactly', () => {
    expect(schema.parse(contract)).toEqual(contract)
  })

  it('accepts the minimal body and a single time', () => {
    const { about, description, heardVia, ...minimal } = contract
    const body = { ...minimal, occurredAt: { from: '2026-11-28T21:00:00+01:00' } }
    expect(schema.parse(body)).toEqual(body)
  })

  it('the default export uses the real clock', () => {
    const recent = new Date(Date.now() - 3_600_000).toISOString()
    expect(NewReport.safeParse({ ...contract, occurredAt: { from: recent } }).success).toBe(true)
    expect(NewReport.safeParse({ ...contract, occurredAt: { from: '2020-01-01T00:00:00Z' } }).success).toBe(false)
  })

  it('strips unknown keys at every level', () => {
    const parsed = schema.parse({ ...contract, ip: '1.2.3.4', location: { ...contract.location, accuracy: 5 }, about: { ...contract.about, name: 'x' } })
    expect(parsed).toEqual(contract)
  })

  it('optional extras: urgent, campaignCode (upper-cased), description trimmed and empty dropped', () => {
    const parsed = schema.parse({ ...contract, urgent: true, campaignCode: ' zomer-2026 ', description: '  hi  ' })
    expect(parsed).toMatchObject({ urgent: true, campaignCode: 'ZOMER-2026', description: 'hi' })
    expect(schema.parse({ ...contract, description: '  \n ' }).description).toBeUndefined()
    expect(schema.parse({ ...contract, description: 'a\u0000b' }).description).toBe('ab')
    // Unpaired surrogates cannot be stored as PostgreSQL text or jsonb: they become U+FFFD; pairs stay.
    expect(schema.parse({ ...contract, description: 'a\ud800b\udc00c' }).description).toBe('a\ufffdb\ufffdc')
    expect(schema.parse({ ...contract, description: 'smile \ud83d\ude00' }).description).toBe('smile \ud83d\ude00')
  })

  it('allows 5 minutes of clock skew, and a year and a day back', () => {
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString()
    expect(schema.safeParse(withPatch((b) => { b.occurredAt = { from: at(4 * 60_000) } })).success).toBe(true)
    expect(schema.safeParse(withPatch((b) => { b.occurredAt = { from: at(-365 * 86_400_000) } })).success).toBe(true)
  })

  it('rejects a time in the future', () => {
    expect(issuesOf(withPatch((b) => { b.occurredAt = { from: '2026-11-28T22:06:00Z' } }))).toEqual([['occurredAt.from', 'in_future']])
    expect(issuesOf(withPatch((b) => { b.occurredAt.to = '2026-11-29T10:00:00Z' }))).toEqual([['occurredAt.to', 'in_future']])
  })

  it('rejects more than a year old', () => {
    expect(issuesOf(withPatch((b) => { b.occurredAt = { from: '2025-11-26T21:00:00Z' } }))).toEqual([['occurredAt.from', 'too_old']])
  })

  it('rejects to before from, and a window over 7 days', () => {
    expect(issuesOf(withPatch((b) => { b.occurredAt = { from: '2026-11-28T21:00:00Z', to: '2026-11-28T20:59:59Z' } })))
      .toEqual([['occurredAt.to', 'end_before_start']])
    expect(issuesOf(withPatch((b) => { b.occurredAt = { from: '2026-11-20T21:00:00Z', to: '2026-11-28T21:00:00Z' } })))
      .toEqual([['occurredAt.to', 'range_too_long']])
  })

  it('rejects malformed and zone-less times, and impossible dates', () => {
    expect(issuesOf(withPatch((b) => { b.occurredAt.from = '2026-11-28 21:00' }))).toEqual([['occurredAt.from', 'invalid_datetime']])
    expect(issuesOf(withPatch((b) => { b.occurredAt.from = '2026-11-28T21:00:00' }))).toEqual([['occurredAt.from', 'invalid_datetime']])
    expect(issuesOf(withPatch((b) => { b.occurredAt.from = '2026-02-30T21:00:00Z' }))).toEqual([['occurredAt.from', 'invalid_datetime']])
    expect(issuesOf(withPatch((b) => { b.occurredAt.to = '2026-11-31T21:00:00Z' }))).toEqual([['occurredAt.to', 'invalid_datetime']])
  })

  it('rejects an unknown category and other values outside the taxonomy', () => {
    expect(issuesOf(withPatch((b) => { b.category = 'shouting' }))).toEqual([['category', 'invalid_value']])
    expect(issuesOf(withPatch((b) => { b.setting = 'beach'; b.heardVia = 'tv' }))).toEqual([['setting', 'invalid_value'], ['heardVia', 'invalid_value']])
    expect(issuesOf(withPatch((b) => { b.about.gender = 'prefer-not-to-say' }))).toEqual([['about.gender', 'invalid_value']])
  })

  it('rejects a description of 4001 characters, counting an emoji as one', () => {
    expect(schema.safeParse(withPatch((b) => { b.description = 'x'.repeat(4000) })).success).toBe(true)
    expect(schema.safeParse(withPatch((b) => { b.description = '😀'.repeat(4000) })).success).toBe(true)
    expect(issuesOf(withPatch((b) => { b.description = 'x'.repeat(4001) }))).toEqual([['description', 'too_long']])
  })

  it('rejects NaN, Infinity and out-of-range coordinates', () => {
    expect(issuesOf(withPatch((b) => { b.location.lat = Number.NaN }))).toEqual([['location.lat', 'invalid_type']])
    expect(issuesOf(withPatch((b) => { b.location.lon = Number.POSITIVE_INFINITY }))).toEqual([['location.lon', 'invalid_type']])
    expect(issuesOf(withPatch((b) => { b.location.lat = 91 }))).toEqual([['location.lat', 'out_of_range']])
    expect(issuesOf(withPatch((b) => { b.location.lon = -180.5 }))).toEqual([['location.lon', 'out_of_range']])
  })

  it('rejects wrong types and missing fields with the field named', () => {
    expect(issuesOf(withPatch((b) => { b.location.lat = '52.37' }))).toEqual([['location.lat', 'invalid_type']])
    expect(issuesOf(withPatch((b) => { b.urgent = 'yes' }))).toEqual([['urgent', 'invalid_type']])
    expect(issuesOf(withPatch((b) => { b.about.groups = 'lgbti' }))).toEqual([['about.groups', 'invalid_type']])
    expect(issuesOf(withPatch((b) => { b.description = 42 }))).toEqual([['description', 'invalid_type']])
    expect(issuesOf(withPatch((b) => { b.occurredAt = '2026-11-28T21:00:00Z' }))).toEqual([['occurredAt', 'invalid_type']])
    expect(issuesOf(withPatch((b) => { delete b.category; delete b.location.precision })))
      .toEqual([['category', 'required'], ['location.precision', 'required']])
    expect(issuesOf(null)).toEqual([['', 'invalid_type']])
  })

  it('rejects duplicate groups at the duplicate index, and bad campaign codes', () => {
    expect(issuesOf(withPatch((b) => { b.about.groups = ['lgbti', 'migrant', 'lgbti'] }))).toEqual([['about.groups.2', 'duplicate']])
    expect(issuesOf(withPatch((b) => { b.about.groups = ['aliens'] }))).toEqual([['about.groups.0', 'invalid_value']])
    expect(issuesOf(withPatch((b) => { b.campaignCode = 'ab' }))).toEqual([['campaignCode', 'invalid_format']])
    expect(issuesOf(withPatch((b) => { b.campaignCode = 'zomer_2026' }))).toEqual([['campaignCode', 'invalid_format']])
    expect(issuesOf(withPatch((b) => { b.campaignCode = 'x'.repeat(25) }))).toEqual([['campaignCode', 'invalid_format']])
  })

  it('every issue message is a field code that maps to a person-readable message', () => {
    const result = schema.safeParse({ category: 1, location: { lat: 'x' }, about: { groups: ['x', 'x'] } })
    const errors = fieldErrorsFromZod(result.error!, 'nl')
    expect(errors.every((e) => e.code !== 'invalid' && e.field !== '' && e.message !== '')).toBe(true)
    expect(errors).toContainEqual({ field: 'category', code: 'invalid_value', message: 'Kies een van de mogelijkheden.' })
    expect(errors).toContainEqual({ field: 'location.lat', code: 'invalid_type', message: 'Dit heeft de verkeerde vorm.' })
    expect(errors).toContainEqual({ field: 'occurredAt', code: 'required', message: 'Vul dit in.' })
  })

  it('has a JSON Schema for the request body', () => {
    const json = z.toJSONSchema(NewReport, { io: 'input' }) as { required: string[], properties: Record<string, unknown> }
    expect(json.required).toEqual(['category', 'setting', 'role', 'occurredAt', 'location'])
    expect(Object.keys(json.properties)).toContain('campaignCode')
  })
})

describe('ReportAddition', () => {
  it('trims and bounds the text', () => {
    expect(ReportAddition.parse({ text: '  later detail ', extra: 1 })).toEqual({ text: 'later detail' })
    expect(ReportAddition.safeParse({ text: '   ' }).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['text', 'required']])
    expect(ReportAddition.safeParse({}).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['text', 'required']])
    expect(ReportAddition.safeParse({ text: 'x'.repeat(4001) }).error?.issues[0]?.message).toBe('too_long')
  })
})
