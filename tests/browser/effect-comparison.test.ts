// The campaign effect page with the comparison group and the seasonal model, in Chromium against the real API
// on the demo data: a fake campaign in the demo's national rise is well above 1 before/after and near 1 against the group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { addDays } from '@meldpunt/core'
import { schema } from '@meldpunt/db'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { DEMO_COMPARISON_CITIES, DEMO_NATIONAL_RISE, demoNationalRiseWindow } from '../../apps/api/src/demo/generate.js'
import { startServer, type RunningServer } from '../helpers/server.js'
import { createStaff, STAFF_PASSWORD, STAFF_TEST_CONFIG } from '../helpers/staff.js'
import { BROWSER_DIST } from './dist.js'
import { axeViolations as axe, openStaffPage, screenshot, signInStaff, type StaffPage } from './support.js'

const EMAIL = 'analist@amsterdam.example'
const FAKE_ID = '13a00000-0000-4000-a000-000000000013'
const UNTIL = new Date('2025-06-01T00:00:00Z')

let server: RunningServer
let staff: StaffPage
let page: Page

/** Ratio and interval of a figure card, as numbers (either decimal mark). */
async function card(p: Page, selector: string): Promise<{ ratio: number; low: number; high: number }> {
  const c = p.locator(selector)
  await c.locator('.interval').waitFor({ timeout: 60_000 })
  const num = (s: string) => Number(s.replace(',', '.'))
  const ratio = num((await c.locator('.ratio').textContent())!.replace(/[^\d,.]/g, ''))
  const [low, high] = (await c.locator('.interval .value').textContent())!.match(/\d+[.,]\d+/g)!.map(num)
  return { ratio, low: low!, high: high! }
}

beforeAll(async () => {
  // Demo data ending on a fixed day, as the API tests use, so every run measures the same synthetic reports.
  server = await startServer({ config: { ...STAFF_TEST_CONFIG, WEB_DIST: BROWSER_DIST } })
  await seedDemo(server.database, UNTIL)
  await createStaff(server.database, EMAIL, 'admin', 'GM0363')
  // A "campaign" registered in Amsterdam over the demo's national rise.
  const from = demoNationalRiseWindow(UNTIL).start.toISOString().slice(0, 10)
  await server.database.orm.insert(schema.campaigns).values({
    municipalityCode: 'GM0363', id: FAKE_ID, code: 'FAKE-RISE', name: 'Nep: campagne tijdens de landelijke stijging',
    startsOn: from, endsOn: addDays(from, DEMO_NATIONAL_RISE.days - 1), lagDays: 14, channels: ['poster'], targetGroups: [], createdByEmail: 'test',
  })
  staff = await openStaffPage()
  page = staff.page
})

afterAll(async () => {
  await staff?.close()
  await server?.close()
})

describe('campaign effect page with a comparison group', () => {
  it('shows before/after well above 1 and the controlled ratio near 1 for a fake campaign in the national rise', async () => {
    await signInStaff(page, server.url, EMAIL, STAFF_PASSWORD)
    await page.goto(`${server.url}/staff/#/campaigns/${FAKE_ID}`)
    const before = await card(page, '.ratio-before-after')
    expect(before.ratio).toBeGreaterThan(1.5)
    expect(before.low).toBeGreaterThan(1.2)
    const controlled = await card(page, '.ratio-comparison')
    expect(controlled.ratio).toBeGreaterThan(0.75)
    expect(controlled.ratio).toBeLessThan(1.3)
    expect(controlled.low).toBeLessThan(1)
    expect(controlled.high).toBeGreaterThan(1)
    // The comparison leads; the sentence and the description of the group say what it was compared with.
    expect(await page.locator('.ratio-comparison .leads').count()).toBe(1)
    expect(await page.locator('.effect-lead').textContent()).toMatch(/^Hoofdcijfer: Vergeleken met 6 andere gemeenten in dezelfde weken waren er \d,\d+ keer zoveel meldingen \(95%-interval/)
    expect(await page.locator('.comparison-text').textContent()).toMatch(/^Vergeleken met 6 andere gemeenten in dezelfde weken waren er \d,\d+ keer zoveel meldingen/)
    expect(await page.locator('.comparison-group').textContent()).toContain('alleen hun som telt mee')
    // The demo data has two years of history: the seasonal model runs and is shown beside the others.
    await card(page, '.ratio-seasonal')
    expect(await page.locator('.seasonal-text').textContent()).toMatch(/^Rekening houdend met seizoen en trend over \d+ maanden/)
    // No other municipality's name or code on the page.
    const text = (await page.locator('main').textContent())!
    for (const c of ['GM0344', ...DEMO_COMPARISON_CITIES.map((x) => x.code)]) expect(text).not.toContain(c)
    await screenshot(page, 'campaign-effect-comparison', { fullPage: true })
    expect(await axe(page)).toEqual([])
  })

  it('lets the analyst choose five municipalities by keyboard, and says so in English', async () => {
    const codes = ['GM0344', ...DEMO_COMPARISON_CITIES.slice(0, 4).map((c) => c.code)].join(',')
    await page.getByLabel(/Vergelijkingsgemeenten/).fill(codes)
    await page.keyboard.press('Enter')
    await page.locator('.comparison-group', { hasText: '5 door u gekozen gemeenten' }).waitFor({ timeout: 60_000 })
    expect(page.url()).toContain('comparison=')
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await page.locator('.comparison-text', { hasText: /^Compared with the 5 chosen municipalities in the same weeks, reports were/ }).waitFor({ timeout: 60_000 })
    expect(await axe(page)).toEqual([])
  })

  it('heads the council page with the leading figure, the comparison', async () => {
    await page.goto(`${server.url}/staff/#/campaigns/${FAKE_ID}/council`)
    const headline = page.locator('.council-page .effect-headline')
    await headline.waitFor({ timeout: 60_000 })
    expect(await headline.textContent()).toMatch(/^Compared with 6 other municipalities in the same weeks, reports were \d\.\d+ times (higher|as high) \(95 % interval/)
    expect(await axe(page)).toEqual([])
  })

  it('logged no script errors', () => {
    expect(staff.problems.filter((p) => !/status of 401/.test(p))).toEqual([])
  })
})
