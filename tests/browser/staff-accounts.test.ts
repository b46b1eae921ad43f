// An admin invites a colleague, who opens the one-time link in another browser, sets a password and is signed in; the admin
// then changes their role and deactivates them. axe on the staff page and the link page, in Dutch and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import AxeBuilder from '@axe-core/playwright'
import { startServer, type RunningServer } from '../helpers/server.js'
import { createStaff, STAFF_PASSWORD, STAFF_TEST_CONFIG } from '../helpers/staff.js'
import { BROWSER_DIST } from './dist.js'
import { launchBrowser } from './support.js'

const ADMIN = 'beheer@amsterdam.example'
const COLLEAGUE = 'collega@amsterdam.example'
const NEW_PASSWORD = 'een lange wandeling langs de Amstel'

let server: RunningServer
let browser: Browser

async function violations(p: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.map((v) => `${v.id}: ${v.help}`)
}

beforeAll(async () => {
  server = await startServer({ config: { ...STAFF_TEST_CONFIG, WEB_DIST: BROWSER_DIST } })
  await createStaff(server.database, ADMIN, 'admin', 'GM0363')
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('staff accounts in the browser', () => {
  it('invite, accept the link in a second browser, change role, deactivate', async () => {
    const admin = await (await browser.newContext({ locale: 'nl-NL' })).newPage()
    await admin.goto(`${server.url}/staff/`)
    await admin.getByLabel('E-mailadres').fill(ADMIN)
    await admin.getByLabel('Wachtwoord').fill(STAFF_PASSWORD)
    await admin.keyboard.press('Enter')
    await admin.getByRole('link', { name: 'Medewerkers' }).click()
    await admin.getByRole('heading', { name: 'Medewerkers', level: 1 }).waitFor()
    await admin.locator('tr[data-email]').first().waitFor()
    expect(await violations(admin)).toEqual([])

    await admin.locator('.invite-form input[name=email]').fill(COLLEAGUE)
    await admin.locator('.invite-form button[type=submit]').click()
    const link = await admin.locator('#sign-in-link').inputValue({ timeout: 15_000 })
    expect(link).toMatch(/\/staff\/#\/link\/[A-Za-z0-9_-]{43}$/)

    for (const locale of ['en-GB', 'nl-NL']) {
      const probe = await (await browser.newContext({ locale })).newPage()
      await probe.goto(link)
      await probe.locator('input[type=password]').first().waitFor()
      expect(await violations(probe), locale).toEqual([])
      await probe.context().close()
    }

    const colleague = await (await browser.newContext({ locale: 'en-GB' })).newPage()
    await colleague.goto(link)
    await colleague.getByText(COLLEAGUE).waitFor()
    await colleague.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
    await colleague.getByLabel('New password again').fill(NEW_PASSWORD)
    await colleague.keyboard.press('Enter')
    await colleague.getByRole('navigation').waitFor()
    await expect.poll(() => colleague.locator('.account-email').textContent()).toContain(COLLEAGUE)

    // The link worked once: opened again it says so, and that page passes axe too.
    for (const [locale, words] of [['nl-NL', 'verlopen'], ['en-GB', 'expired']] as const) {
      const again = await (await browser.newContext({ locale })).newPage()
      await again.goto(link)
      await again.getByRole('alert').filter({ hasText: words }).waitFor()
      expect(await violations(again), `${locale} used link`).toEqual([])
      await again.context().close()
    }

    await admin.reload()
    const row = admin.locator(`tr[data-email="${COLLEAGUE}"]`)
    await row.waitFor()
    await row.locator('select').selectOption('campaign')
    await row.getByRole('button', { name: 'Rol wijzigen' }).click()
    await expect.poll(async () => (await server.database.query<{ role: string }>(`select role from staff_users where email = $1`, [COLLEAGUE]))[0]?.role).toBe('campaign')
    // Deactivating asks first, with the focus on the confirmation; Cancel gives it back.
    const row2 = admin.locator(`tr[data-email="${COLLEAGUE}"]`)
    await row2.getByRole('button', { name: `${COLLEAGUE} deactiveren` }).click()
    await expect.poll(() => admin.evaluate(() => document.activeElement?.textContent)).toBe('Ja, deactiveren')
    await admin.keyboard.press('Tab')
    await admin.keyboard.press('Enter')
    await expect.poll(() => admin.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`${COLLEAGUE} deactiveren`)
    expect(await admin.locator(`tr[data-email="${COLLEAGUE}"]`).textContent()).not.toContain('gedeactiveerd')
    await admin.keyboard.press('Enter')
    await row2.getByRole('button', { name: 'Ja, deactiveren' }).click()
    await admin.locator(`tr[data-email="${COLLEAGUE}"]`).getByText('gedeactiveerd').waitFor()

    // The colleague's next action meets the sign-in screen.
    await colleague.getByRole('link', { name: 'Neighbourhoods' }).click()
    await colleague.locator('form.login-form input[type=email]').waitFor({ timeout: 15_000 })
    // English staff page passes axe as well.
    await admin.getByRole('button', { name: /English/i }).click()
    await admin.getByRole('heading', { name: 'Staff', level: 1 }).waitFor()
    await admin.locator('tr[data-email]').first().waitFor()
    expect(await violations(admin)).toEqual([])
  }, 180_000)
})
