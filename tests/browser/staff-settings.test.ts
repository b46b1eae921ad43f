// An admin adds and edits a local help service on the settings page (with the resident preview), and a resident who
// reports next sees it on the help screen; the data form names a bad field; axe on the page in Dutch and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../helpers/server.js'
import { createStaff, STAFF_PASSWORD, STAFF_TEST_CONFIG } from '../helpers/staff.js'
import { resetData } from '../helpers/database.js'
import { BROWSER_DIST } from './dist.js'
import { axeViolations, fileMinimalReport, launchBrowser, openResident, openStaffPage, signInStaff, waitForHelp, type StaffPage } from './support.js'

const ADMIN = 'beheer@amsterdam.example'

let server: RunningServer
let browser: Browser
let staff: StaffPage

beforeAll(async () => {
  server = await startServer({ config: { ...STAFF_TEST_CONFIG, WEB_DIST: BROWSER_DIST } })
  await resetData(server.database)
  await server.database.query(`update municipalities set settings = '{}'::jsonb where code = 'GM0363'`)
  await createStaff(server.database, ADMIN, 'admin', 'GM0363')
  browser = await launchBrowser()
  staff = await openStaffPage('nl-NL')
})
afterAll(async () => {
  await staff?.close()
  await browser?.close()
  await server?.close()
})

const ids = (list: { id: string }[]) => list.map((v) => v.id)

describe('the settings page', () => {
  it('adds a local help service by keyboard, previews it, edits it, and the next resident sees it', async () => {
    const { page } = staff
    await signInStaff(page, server.url, ADMIN, STAFF_PASSWORD)
    await page.getByRole('link', { name: 'Instellingen' }).click()
    await page.getByRole('heading', { name: 'Instellingen', level: 1 }).waitFor()
    await page.getByText('Nog geen lokale hulpdiensten').waitFor()
    expect(ids(await axeViolations(page))).toEqual([])

    // Keyboard: the add button opens the form with the focus on its first field.
    await page.getByRole('button', { name: 'Dienst toevoegen' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('name.nl')
    await page.keyboard.type('Antidiscriminatiebureau Amsterdam')
    await page.getByLabel('Naam in het Engels').fill('Amsterdam anti-discrimination office')
    await page.getByLabel('Telefoonnummer').fill('020 638 5551')
    await page.getByLabel('Wat de dienst biedt, in het Nederlands').fill('Gratis advies en hulp bij discriminatie.')
    await page.getByLabel('Wat de dienst biedt, in het Engels').fill('Free advice and help with discrimination.')
    await page.getByLabel('Turks').check()
    await page.getByLabel('Tonen').selectOption('always')

    await page.getByRole('button', { name: 'Voorbeeld tonen' }).click()
    const preview = page.locator('.phone-frame')
    await preview.locator('[data-help-id="local-antidiscriminatiebureau-amsterdam"]').waitFor()
    await expect.poll(() => preview.textContent()).toContain('Spreekt: Turks')
    expect(ids(await axeViolations(page))).toEqual([])
    // A preview saves nothing.
    expect((await server.database.query<{ s: unknown }>(`select settings->'help' as s from municipalities where code = 'GM0363'`))[0]!.s).toBeNull()

    await page.getByRole('button', { name: 'Dienst opslaan' }).click()
    await page.getByText('Opgeslagen. De volgende bewoner die meldt, ziet het.').waitFor()
    const item = page.locator('[data-service="local-antidiscriminatiebureau-amsterdam"]')
    await item.waitFor()

    // Edit: a new phone number.
    await item.getByRole('button', { name: 'Wijzigen' }).click()
    await page.getByLabel('Telefoonnummer').fill('0800-1234')
    await page.getByRole('button', { name: 'Dienst opslaan' }).click()
    await expect.poll(() => item.textContent()).toContain('0800-1234')

    const rp = await openResident(browser, server.url)
    try {
      await fileMinimalReport(rp)
      await waitForHelp(rp.page)
      const card = rp.page.locator('[data-help-id="local-antidiscriminatiebureau-amsterdam"]')
      await card.waitFor()
      expect(await card.locator('h3').textContent()).toBe('Antidiscriminatiebureau Amsterdam')
      expect(await card.textContent()).toContain('Spreekt: Turks')
      expect(await card.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+318001234')
    } finally {
      await rp.context.close()
    }
  }, 240_000)

  it('names a disclosure minimum below 5 next to its field, and saves a valid one; axe in English', async () => {
    const { page } = staff
    await page.goto(`${server.url}/staff/#/settings`)
    const minimum = page.getByLabel('Kleinste aantal dat wordt gepubliceerd')
    await minimum.fill('4')
    await page.locator('form').filter({ has: minimum }).getByRole('button', { name: 'Opslaan' }).click()
    await expect.poll(() => minimum.getAttribute('aria-invalid')).toBe('true')
    await minimum.fill('7')
    await page.locator('form').filter({ has: minimum }).getByRole('button', { name: 'Opslaan' }).click()
    await page.getByText('Opgeslagen. Nieuwe meldingen gebruiken het meteen.').waitFor()
    expect((await server.database.query<{ n: number }>(`select (settings->>'minimumCellCount')::int as n from municipalities where code = 'GM0363'`))[0]!.n).toBe(7)

    await page.getByRole('button', { name: /English/i }).click()
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
    await page.getByRole('heading', { name: 'Local help services' }).waitFor()
    expect(ids(await axeViolations(page))).toEqual([])
    // The sign-in screen's session probe (401) and the refused minimum (400) are the only failed requests; no script error.
    expect(staff.problems.filter((p) => !/status of (400|401) /.test(p))).toEqual([])
  }, 120_000)
})
