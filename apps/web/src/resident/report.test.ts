import { describe, expect, it } from 'vitest'
import { NewReport, normalizeReceiptCode } from '@meldpunt/core'
import {
  buildReportBody, campaignFromQuery, coarsen, combinedDescription, descriptionRoom, emptyAnswers, missingAnswers,
  normaliseReceipt, occurredRange, resolveLocation, DESCRIPTION_MAX, type Answers,
} from './report.js'

function minimal(): Answers {
  const a = emptyAnswers()
  a.category = 'groping'
  a.role = 'victim'
  a.setting = 'street'
  a.where.pin = { lat: 52.3731234567, lon: 4.8922987654 }
  a.when = { kind: 'just-now', from: '2025-06-01T10:00:00.000Z', to: '2025-06-01T10:28:00.000Z' }
  return a
}

describe('coarsen', () => {
  it('snaps to a 0.005 degree grid', () => {
    expect(coarsen(52.3731, 4.8923)).toEqual({ lat: 52.375, lon: 4.89 })
    expect(coarsen(52.3724, 4.8976)).toEqual({ lat: 52.37, lon: 4.9 })
  })
})

describe('resolveLocation', () => {
  it('sends an exact pin rounded to 6 decimals', () => {
    expect(resolveLocation(minimal().where)).toEqual({ lat: 52.373123, lon: 4.892299, precision: 'exact' })
  })
  it('coarsens a pin when the person would rather not say exactly', () => {
    const where = { ...minimal().where, notExact: true }
    expect(resolveLocation(where)).toEqual({ lat: 52.375, lon: 4.89, precision: 'approximate' })
  })
  it('uses the neighbourhood, else the municipality centroid, as an area', () => {
    const where = emptyAnswers().where
    expect(resolveLocation(where)).toBeUndefined()
    where.municipality = { code: 'GM0363', name: 'Amsterdam', centroid: [4.9, 52.37] }
    expect(resolveLocation(where)).toEqual({ lat: 52.37, lon: 4.9, precision: 'area' })
    where.neighbourhood = { code: 'BU03630000', name: 'Kop Zeedijk', centroid: [4.9006, 52.3759] }
    expect(resolveLocation(where)).toEqual({ lat: 52.3759, lon: 4.9006, precision: 'area' })
  })
})

describe('occurredRange', () => {
  const now = new Date(2025, 5, 10, 15, 0)
  it('just now is the last half hour, ending a little before now', () => {
    const r = occurredRange('just-now', now)
    expect(r).toEqual({ from: new Date(2025, 5, 10, 14, 30).toISOString(), to: new Date(2025, 5, 10, 14, 58).toISOString() })
  })
  it('earlier today starts at local midnight', () => {
    const r = occurredRange('earlier-today', now)
    expect('from' in r && r.from).toBe(new Date(2025, 5, 10).toISOString())
  })
  it('another day covers the chosen part of that day', () => {
    expect(occurredRange('other-day', now, '2025-06-08', 'evening')).toEqual({
      from: new Date(2025, 5, 8, 18).toISOString(), to: new Date(2025, 5, 9, 0).toISOString(),
    })
    expect(occurredRange('other-day', now, '2025-06-08')).toEqual({
      from: new Date(2025, 5, 8, 0).toISOString(), to: new Date(2025, 5, 9, 0).toISOString(),
    })
  })
  it('clamps today’s range to now and refuses the future, too old or no date', () => {
    expect(occurredRange('other-day', now, '2025-06-10', 'afternoon')).toEqual({
      from: new Date(2025, 5, 10, 12).toISOString(), to: new Date(2025, 5, 10, 14, 58).toISOString(),
    })
    expect(occurredRange('other-day', now, '2025-06-10', 'evening')).toEqual({ error: 'date-future' })
    expect(occurredRange('other-day', now, '2024-06-01')).toEqual({ error: 'date-too-old' })
    expect(occurredRange('other-day', now, '')).toEqual({ error: 'date-required' })
  })
})

describe('buildReportBody', () => {
  it('sends only what was answered, and the API schema accepts it', () => {
    const a = minimal()
    a.when = { kind: 'just-now', ...occurredRange('just-now', new Date()) as { from: string, to: string } }
    const body = buildReportBody(a, 'Place')
    expect(body).toEqual({
      category: 'groping', setting: 'street', role: 'victim',
      occurredAt: a.when && { from: a.when.from, to: a.when.to },
      location: { lat: 52.373123, lon: 4.892299, precision: 'exact' },
    })
    expect(NewReport.safeParse(body).success).toBe(true)
  })
  it('includes about, urgency, campaign and the place in words before the description', () => {
    const a = minimal()
    a.when = { kind: 'just-now', ...occurredRange('just-now', new Date()) as { from: string, to: string } }
    a.urgent = true
    a.about = { ageBand: '18-24', groups: ['lgbti'], skipped: false }
    a.heardVia = 'poster'
    a.campaignCode = 'ZOMER-2025'
    a.where.placeText = 'bij het station'
    a.description = '  Hij bleef maar doorgaan.  '
    const body = buildReportBody(a, 'Plek')
    expect(body.urgent).toBe(true)
    expect(body.about).toEqual({ ageBand: '18-24', groups: ['lgbti'] })
    expect(body.heardVia).toBe('poster')
    expect(body.campaignCode).toBe('ZOMER-2025')
    expect(body.description).toBe('Plek: bij het station\n\nHij bleef maar doorgaan.')
    expect(NewReport.safeParse(body).success).toBe(true)
  })
  it('drops the about answers when skipped but keeps a campaign channel', () => {
    const a = minimal()
    a.about = { ageBand: '18-24', groups: [], skipped: true }
    a.heardVia = 'poster'
    const body = buildReportBody(a, 'Place')
    expect(body.about).toBeUndefined()
    expect(body.heardVia).toBe('poster')
  })
  it('lists what is missing in step order', () => {
    expect(missingAnswers(emptyAnswers())).toEqual(['category', 'role', 'where', 'setting', 'when'])
    expect(missingAnswers(minimal())).toEqual([])
  })
  it('keeps place words and description together within the API limit', () => {
    const a = minimal()
    a.where.placeText = 'x'.repeat(300)
    const room = descriptionRoom(a, 'Plek')
    a.description = 'y'.repeat(room)
    expect(combinedDescription(a, 'Plek').length).toBe(DESCRIPTION_MAX)
  })
})

describe('normaliseReceipt', () => {
  it('agrees with the API on canonical codes', () => {
    for (const input of ['abcde fghjk mnpqr stvwx', 'ABCDE-FGHJK-MNPQR-STVWX', 'oil00-11111-22222-33333', 'ABCDE–FGHJK—MNPQR-STVWX']) {
      expect(normaliseReceipt(input)).toBe(normalizeReceiptCode(input) ?? undefined)
    }
    expect(normaliseReceipt('ABCDE-FGHJK-MNPQR-STVWU')).toBeUndefined()
    expect(normaliseReceipt('ABCDE')).toBeUndefined()
  })
})

describe('campaignFromQuery', () => {
  it('accepts codes the API accepts and ignores others', () => {
    expect(campaignFromQuery('?c=ZOMER-2025&via=poster')).toEqual({ code: 'ZOMER-2025', heardVia: 'poster' })
    expect(campaignFromQuery('?c=%3Cscript%3E')).toEqual({ code: undefined, heardVia: undefined })
    expect(campaignFromQuery('')).toEqual({ code: undefined, heardVia: undefined })
  })
})
