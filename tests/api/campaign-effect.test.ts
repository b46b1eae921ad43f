// Campaign and intervention effect through the API on the demo data: the seeded campaign shows, a quiet period does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CAMPAIGN_ID } from '../../apps/api/src/demo/demo-campaign.js'
import { DEMO_CAMPAIGN, demoCampaignWindow } from '../../apps/api/src/demo/generate.js'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { addDays } from '@meldpunt/core'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

// A fixed end of the demo data, so every run measures the same synthetic reports.
const UNTIL = new Date('2025-06-01T00:00:00Z')
const window = demoCampaignWindow(UNTIL)
const START = window.start.toISOString().slice(0, 10)

let t: TestApp
let ams: StaffClient
let utr: StaffClient

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
  await resetData(t.database)
  await seedDemo(t.database, UNTIL)
  await createStaff(t.database, 'campagne@amsterdam.example', 'campaign', 'GM0363')
  await createStaff(t.database, 'beheer@utrecht.example', 'admin', 'GM0344')
  ams = await login(t.app, 'campagne@amsterdam.example')
  utr = await login(t.app, 'beheer@utrecht.example')
})
afterAll(async () => {
  await resetData(t.database)
  await t.close()
})

interface Ratio {
  rateRatio: number
  ci95: [number, number]
  method: string
}

describe('campaign effect on the demo data', () => {
  it('registers the demo campaign when the demo data is seeded', async () => {
    const res = await ams.get('/api/v1/staff/campaigns')
    expect(res.json()).toEqual([
      expect.objectContaining({ id: DEMO_CAMPAIGN_ID, code: DEMO_CAMPAIGN.code, startsOn: START, endsOn: addDays(START, DEMO_CAMPAIGN.days - 1), lagDays: DEMO_CAMPAIGN.lagDays }),
    ])
  })

  it('shows a rate ratio whose 95 % interval excludes 1, with everything the effect page draws', async () => {
    const res = await ams.get(`/api/v1/staff/campaigns/${DEMO_CAMPAIGN_ID}/effect`)
    expect(res.statusCode, res.body).toBe(200)
    const e = res.json()
    const during = e.effect.during as Ratio
    expect(during.method).toBe('weekday-adjusted')
    expect(during.ci95[0]).toBeGreaterThan(1)
    expect(during.rateRatio).toBeGreaterThan(during.ci95[0])
    expect(during.rateRatio).toBeLessThan(during.ci95[1])
    expect(e.status).toBe('finished')
    expect(e.windows.baseline).toMatchObject({ from: addDays(START, -56), to: addDays(START, -1), days: 56 })
    expect(e.windows.during).toMatchObject({ from: START, days: DEMO_CAMPAIGN.days })
    expect(e.windows.lag).toMatchObject({ from: addDays(START, DEMO_CAMPAIGN.days), days: DEMO_CAMPAIGN.lagDays })
    expect(e.effect.lag.rateRatio).toBeGreaterThan(0)

    // The series: every day from the baseline to four weeks after the lag, each with its phase, expectation and band.
    expect(e.series).toHaveLength(56 + DEMO_CAMPAIGN.days + DEMO_CAMPAIGN.lagDays + 28)
    expect(new Set(e.series.map((p: { phase: string }) => p.phase))).toEqual(new Set(['baseline', 'during', 'lag', 'after']))
    for (const p of e.series) {
      expect(p.expected).toBeGreaterThan(0)
      expect(p.band[0]).toBeLessThanOrEqual(p.expected)
      expect(p.band[1]).toBeGreaterThanOrEqual(p.expected)
      expect(typeof p.spike).toBe('boolean')
    }
    const total = e.series.filter((p: { phase: string }) => p.phase === 'during').reduce((s: number, p: { count: number }) => s + p.count, 0)
    expect(total).toBe(e.windows.during.reports)

    // Attribution: demo reports in the campaign name its code or the poster / social-media channels.
    const a = e.attribution
    expect(a.code).toBe(DEMO_CAMPAIGN.code)
    expect(a.during.namingCode).toBeGreaterThan(0)
    expect(a.baseline.namingCode).toBe(0)
    expect(a.during.namingCodeOrChannel.share).toBeGreaterThan(a.baseline.namingCodeOrChannel.share)
    expect(a.during.namingCodeOrChannel.ci95[0]).toBeLessThan(a.during.namingCodeOrChannel.share)

    expect(e.text.headline.en).toMatch(/^Reports were \d+\.\d+ times the baseline \(95 % interval \d+\.\d+–\d+\.\d+\); this measures reporting, not harassment itself\.$/)
    expect(e.text.summary.en).toContain('The increase is larger than chance alone explains.')
    expect(e.text.summary.nl).toContain('Dit meet meldingen, niet de intimidatie zelf')
    expect(e.campaign.code).toBe(DEMO_CAMPAIGN.code)
  })

  it('shows an interval that includes 1 for a 28-day period without a campaign, a year earlier, against its baseline', async () => {
    // 52 weeks earlier: the same weekdays, the same season, no campaign in the demo data.
    const from = addDays(START, -364)
    const res = await ams.get(`/api/v1/staff/effects/period?from=${from}&to=${addDays(from, 27)}&code=${DEMO_CAMPAIGN.code}&channels=poster,social-media`)
    expect(res.statusCode, res.body).toBe(200)
    const e = res.json()
    const during = e.effect.during as Ratio
    expect(during.ci95[0]).toBeLessThan(1)
    expect(during.ci95[1]).toBeGreaterThan(1)
    expect(e.attribution.during.namingCode).toBe(0)
    expect(e.text.summary.en).toContain('The interval includes 1')
    expect(e.text.summary.en).toMatch(/^In the period /)
  })

  it('validates the period with clear 4xx problems', async () => {
    const bad: [string, string, string][] = [
      ['from=2024-03-10&to=2024-03-01', 'querystring.to', 'end_before_start'],
      ['from=2024-03-01&to=2025-06-01', 'querystring.to', 'range_too_long'],
      ['from=2024-02-30&to=2024-03-10', 'querystring.from', 'invalid_format'],
      ['from=2024-03-01&to=2024-03-10&channels=poster,billboard', 'querystring.channels.1', 'invalid_value'],
      ['from=2024-03-01&to=2024-03-10&code=no%20spaces', 'querystring.code', 'invalid_format'],
      ['from=2024-03-01&to=2024-03-10&baselineDays=3', 'querystring.baselineDays', 'out_of_range'],
      ['from=2099-03-01&to=2099-03-10', 'querystring.from', 'in_future'],
    ]
    for (const [query, field, code] of bad) {
      const res = await ams.get(`/api/v1/staff/effects/period?${query}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.json().errors, query).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]))
    }
  })

  it('keeps other municipalities out: Utrecht gets 404 for the Amsterdam campaign and sees only its own numbers', async () => {
    expect((await utr.get(`/api/v1/staff/campaigns/${DEMO_CAMPAIGN_ID}/effect`)).statusCode).toBe(404)
    const from = START
    const amsRes = (await ams.get(`/api/v1/staff/effects/period?from=${from}&to=${addDays(from, 27)}`)).json()
    const utrRes = (await utr.get(`/api/v1/staff/effects/period?from=${from}&to=${addDays(from, 27)}`)).json()
    const [own] = await t.database.query<{ n: number }>(
      `select count(*)::int as n from reports where municipality_code = 'GM0344' and local_day between $1 and $2`,
      [from, addDays(from, 27)],
    )
    expect(utrRes.windows.during.reports).toBe(own!.n)
    expect(amsRes.windows.during.reports).not.toBe(own!.n)
  })
})

describe('intervention effect on the demo data', () => {
  it('compares the cells around a place with the rest of the municipality (ratio of rate ratios with its interval)', async () => {
    await createStaff(t.database, 'analist@amsterdam.example', 'analyst', 'GM0363')
    const analyst = await login(t.app, 'analist@amsterdam.example')
    // Leidseplein, a demo hotspot; nothing was done there in the demo data, so no change is expected.
    const created = await analyst.post('/api/v1/staff/interventions', {
      payload: { kind: 'lighting', name: 'Verlichting Leidseplein', startedOn: '2024-09-02', place: { lat: 52.3641, lon: 4.8826, radiusMetres: 150 } },
    })
    expect(created.statusCode, created.body).toBe(201)
    const res = await analyst.get(`/api/v1/staff/interventions/${created.json().id}/effect?windowDays=182`)
    expect(res.statusCode, res.body).toBe(200)
    const e = res.json()
    expect(e.status).toBe('ok')
    expect(e.windows.before).toEqual({ from: '2024-03-04', to: '2024-09-01', days: 182 })
    expect(e.windows.after).toEqual({ from: '2024-09-02', to: '2025-03-02', days: 182 })
    expect(e.cells.count).toBeGreaterThanOrEqual(9)
    expect(e.area.before).toBeGreaterThan(30)
    expect(e.rest.before).toBeGreaterThan(e.area.before)
    const r = e.ratioOfRateRatios
    expect(r.method).toBe('poisson-glm-did')
    expect(r.ci95[0]).toBeLessThan(r.estimate)
    expect(r.ci95[1]).toBeGreaterThan(r.estimate)
    // No intervention happened in the synthetic data: the interval includes 1.
    expect(r.ci95[0]).toBeLessThan(1)
    expect(r.ci95[1]).toBeGreaterThan(1)
    // The ratio of rate ratios is close to the ratio of the two groups' own rate ratios.
    expect(r.estimate).toBeCloseTo(e.area.rateRatio / e.rest.rateRatio, 1)
    expect(e.series.reduce((s: number, b: { area: number }) => s + b.area, 0)).toBe(e.area.before + e.area.after)
    expect(e.series.every((b: { from: string; to: string; phase: string }) => (b.phase === 'before' ? b.to < '2024-09-02' : b.from >= '2024-09-02'))).toBe(true)
    expect(e.text.summary.en).toContain('Relative to the rest of the municipality')
  })
})
