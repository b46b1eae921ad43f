// Campaign effect against comparable municipalities on the demo data: a national rise with no
// campaign looks like an effect before/after, and like none against the other municipalities over the same weeks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertReport, withNationalAggregates } from '@meldpunt/db'
import { addDays } from '@meldpunt/core'
import { DEMO_CAMPAIGN_ID } from '../../apps/api/src/demo/demo-campaign.js'
import { DEMO_COMPARISON_CITIES, DEMO_NATIONAL_RISE, demoNationalRiseWindow } from '../../apps/api/src/demo/generate.js'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { reportRow } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

const UNTIL = new Date('2025-06-01T00:00:00Z')
const RISE_FROM = demoNationalRiseWindow(UNTIL).start.toISOString().slice(0, 10)
const RISE_TO = addDays(RISE_FROM, DEMO_NATIONAL_RISE.days - 1)
const CHOSEN = ['GM0344', ...DEMO_COMPARISON_CITIES.map((c) => c.code).slice(0, 4)]

let t: TestApp
let ams: StaffClient
let utr: StaffClient
let fakeId: string

interface Est {
  rateRatio: number
  ci95: [number, number]
}

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
  await resetData(t.database)
  await seedDemo(t.database, UNTIL)
  await createStaff(t.database, 'campagne@amsterdam.example', 'campaign', 'GM0363')
  await createStaff(t.database, 'campagne@utrecht.example', 'campaign', 'GM0344')
  ams = await login(t.app, 'campagne@amsterdam.example')
  utr = await login(t.app, 'campagne@utrecht.example')
  // A "campaign" registered in Amsterdam exactly over the national rise: nothing local happened.
  const res = await ams.post('/api/v1/staff/campaigns', {
    payload: { name: 'Fake: campaign during the national rise', startsOn: RISE_FROM, endsOn: RISE_TO, channels: ['poster'] },
  })
  expect(res.statusCode, res.body).toBe(201)
  fakeId = res.json().id
}, 180_000)
afterAll(async () => {
  await resetData(t.database)
  await t.close()
})

describe('campaign effect with a comparison group', () => {
  it('shows a before/after ratio well above 1 for a fake campaign in a national rise, and a controlled ratio near 1', async () => {
    const res = await ams.get(`/api/v1/staff/campaigns/${fakeId}/effect`)
    expect(res.statusCode, res.body).toBe(200)
    const e = res.json()
    const before = e.effect.during as Est
    expect(before.rateRatio).toBeGreaterThan(1.5)
    expect(before.ci95[0]).toBeGreaterThan(1.2)

    expect(e.comparison.status).toBe('ok')
    // Amsterdam's size class (≥ 250 000) has too few municipalities with a known population: every other one with reports.
    expect(e.comparison.group).toEqual({ kind: 'all-others', sizeClass: '>=250000', municipalities: 1 + DEMO_COMPARISON_CITIES.length, excluded: 0 })
    const controlled = e.comparison.during as Est
    expect(controlled.rateRatio).toBeGreaterThan(0.8)
    expect(controlled.rateRatio).toBeLessThan(1.25)
    expect(controlled.ci95[0]).toBeLessThan(1)
    expect(controlled.ci95[1]).toBeGreaterThan(1)
    expect(e.comparison.text.en).toMatch(/^Compared with 6 other municipalities in the same weeks, reports were \d\.\d+ times (higher|as high) \(95 % interval /)
    expect(e.comparison.text.nl).toMatch(/^Vergeleken met 6 andere gemeenten in dezelfde weken waren er \d,\d+ keer zoveel meldingen/)
    expect(e.comparison.headline.en).toMatch(/^Compared with 6 other municipalities in the same weeks, reports were \d\.\d+ times (higher|as high) \(95 % interval [\d.]+–[\d.]+\)\.$/)
    expect(e.headlineMethod).toBe('comparison')
  })

  it('keeps a real local campaign visible against the comparison group, and runs the seasonal model on 18 months of history', async () => {
    const e = (await ams.get(`/api/v1/staff/campaigns/${DEMO_CAMPAIGN_ID}/effect`)).json()
    expect(e.comparison.status).toBe('ok')
    expect((e.comparison.during as Est).ci95[0]).toBeGreaterThan(1)
    expect(e.seasonal.status).toBe('ok')
    expect(e.seasonal.historyMonths).toBeGreaterThanOrEqual(13)
    expect(e.seasonal.weeks).toBeGreaterThan(52)
    expect(e.seasonal.ci95[0]).toBeGreaterThan(1)
    expect(e.seasonal.text.en).toMatch(/^Allowing for the season and the trend over \d+ months, reports in the period were/)
  })

  it('says seasons need 13 months when the history is shorter', async () => {
    // The demo data starts 730 days before UNTIL: a period 300 days in has 9 months before it.
    const from = addDays('2023-06-02', 300)
    const e = (await ams.get(`/api/v1/staff/effects/period?from=${from}&to=${addDays(from, 27)}`)).json()
    expect(e.seasonal.status).toBe('too-little-history')
    expect(e.seasonal.text.en).toContain('at least 13 months')
    expect(e.headlineMethod).toBe('comparison')
  })

  it('never shows another municipality: no code, name or count of the group in the answer', async () => {
    const res = await ams.get(`/api/v1/staff/effects/period?from=${RISE_FROM}&to=${RISE_TO}`)
    expect(res.statusCode, res.body).toBe(200)
    for (const code of ['GM0344', ...DEMO_COMPARISON_CITIES.map((c) => c.code)]) expect(res.body).not.toContain(code)
    expect(res.body).not.toMatch(/Utrecht|Haarlem|Leiden|Delft|Zwolle|Nijmegen/)
    const e = res.json()
    expect(Object.keys(e.comparison).sort()).toEqual(['during', 'group', 'headline', 'lag', 'minimum', 'status', 'text'])
    expect(e.comparison.status).toBe('ok')
  })

  it('uses the analyst\'s set of at least 5 municipalities, and refuses fewer with a 400 naming the field', async () => {
    const e = (await ams.get(`/api/v1/staff/campaigns/${fakeId}/effect?comparison=${CHOSEN.join(',')}`)).json()
    expect(e.comparison.group).toMatchObject({ kind: 'chosen', municipalities: 5, excluded: 0 })
    expect(e.comparison.text.en).toMatch(/^Compared with the 5 chosen municipalities in the same weeks/)
    const few = await ams.get(`/api/v1/staff/campaigns/${fakeId}/effect?comparison=${CHOSEN.slice(0, 4).join(',')}`)
    expect(few.statusCode).toBe(400)
    expect(few.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'querystring.comparison' })]))
    const twice = await ams.get(`/api/v1/staff/effects/period?from=${RISE_FROM}&to=${RISE_TO}&comparison=${[...CHOSEN.slice(0, 4), CHOSEN[0]].join(',')}`)
    expect(twice.statusCode).toBe(400)
  })

  it('says the comparison is not possible when the summed group has fewer reports than the minimum count in a week', async () => {
    // One member's stricter minimum count applies to the whole sum: no week of five small cities reaches 1000.
    await t.database.query(`update municipalities set settings = settings || '{"minimumCellCount": 1000}'::jsonb where code = $1`, [CHOSEN[1]])
    try {
      const e = (await ams.get(`/api/v1/staff/campaigns/${fakeId}/effect?comparison=${CHOSEN.join(',')}`)).json()
      expect(e.comparison.status).toBe('not-possible')
      expect(e.comparison.minimum).toBe(1000)
      expect(e.comparison.during).toBeNull()
      expect(e.comparison.text.en).toContain('is not possible')
      expect(e.comparison.text.nl).toContain('niet mogelijk')
      expect(e.headlineMethod).not.toBe('comparison')
    } finally {
      await t.database.query(`update municipalities set settings = settings - 'minimumCellCount' where code = $1`, [CHOSEN[1]])
    }
  })

  it('leaves a municipality with a registered campaign in the weeks measured out of the group', async () => {
    const res = await utr.post('/api/v1/staff/campaigns', { payload: { name: 'Utrecht in the same weeks', startsOn: RISE_FROM, endsOn: RISE_TO, channels: ['poster'] } })
    expect(res.statusCode, res.body).toBe(201)
    const e = (await ams.get(`/api/v1/staff/campaigns/${fakeId}/effect`)).json()
    expect(e.comparison.group).toMatchObject({ kind: 'all-others', municipalities: DEMO_COMPARISON_CITIES.length, excluded: 1 })
    const chosen = (await ams.get(`/api/v1/staff/campaigns/${fakeId}/effect?comparison=${CHOSEN.join(',')}`)).json()
    expect(chosen.comparison.status).toBe('too-few-municipalities')
    expect(chosen.comparison.group).toMatchObject({ kind: 'chosen', municipalities: 4, excluded: 1 })
  })

  it('reads the group as the national reader, which sees when campaigns ran and nothing else of them', async () => {
    const periods = await withNationalAggregates(t.database, (tx) => tx.query<{ municipality_code: string }>('select municipality_code, starts_on, ends_on, lag_days from campaigns'))
    expect(periods.length).toBeGreaterThanOrEqual(2)
    for (const sql of ['select name from campaigns limit 1', 'select code from campaigns limit 1', 'select notes from campaigns limit 1', 'select area from campaigns limit 1', 'select created_by_email from campaigns limit 1']) {
      await expect(withNationalAggregates(t.database, (tx) => tx.query(sql)), sql).rejects.toThrow(/permission denied/)
    }
  })
  // Last in this file: it adds reports to Groningen, which would join the other tests' "all others" groups.
  it('counts a chosen municipality only when it had reports on or before the first day measured', async () => {
    const groningen = { code: 'GM0014', lon: 6.5665, lat: 53.2194 }
    // Utrecht (CHOSEN[0]) has a campaign in these weeks since the test above: the four cities and Groningen.
    const url = `/api/v1/staff/campaigns/${fakeId}/effect?comparison=${[...CHOSEN.slice(1), groningen.code].join(',')}`
    const file = (day: string) => t.database.transaction((tx) => insertReport(tx, groningen.code, reportRow({ lon: groningen.lon, lat: groningen.lat, occurredFrom: new Date(`${day}T12:00:00Z`) })))
    await file(RISE_TO)
    expect((await ams.get(url)).json().comparison.group).toMatchObject({ kind: 'chosen', municipalities: 4, excluded: 1 })
    await file('2024-01-15')
    expect((await ams.get(url)).json().comparison.group).toMatchObject({ kind: 'chosen', municipalities: 5, excluded: 0 })
  })
})
