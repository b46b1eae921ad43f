// A staff member sets up the second sign-in step on the Security page (reading the key from the page, as someone typing
// it into an app would), signs out, and signs in with password and code. axe on the Security page and the code step, nl and en.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { base32Decode, totpAt } from '../../apps/api/src/modules/totp/totp.js'
import { startServer, type RunningServer } from '../helpers/server.js'
import { createStaff, STAFF_PASSWORD, STAFF_TEST_CONFIG } from '../helpers/staff.js'
import { BROWSER_DIST } from './dist.js'
import { axeViolations, launchBrowser } from './support.js'

const ADMIN = 'beheer@amsterdam.example'
const COLLEAGUE = 'collega@amsterdam.example'

let server: RunningServer
let browser: Browser

const axeIds = async (page: Page) => (await axeViolations(page)).map((v) => `${v.id}: ${v.help} ${JSON.stringify(v.nodes)}`)

beforeAll(async () => {
  server = await startServer({ config: { ...STAFF_TEST_CONFIG, WEB_DIST: BROWSER_DIST } })
  await createStaff(server.database, ADMIN, 'admin', 'GM0363')
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  // The rule lives in municipalities.settings, which resetData keeps: the next test file must not inherit it.
  await server?.database.query(`update municipalities set settings = settings - 'adminsRequireTotp'`)
  await server?.close()
})

describe('second sign-in step in the browser', () => {
  it('set up on the Security page, sign out, sign in with the code; axe clean in nl and en', async () => {
    const page = await (await browser.newContext({ locale: 'nl-NL' })).newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}/staff/`)
    await page.getByLabel('E-mailadres').fill(ADMIN)
    await page.getByLabel('Wachtwoord').fill(STAFF_PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByRole('link', { name: 'Beveiliging' }).click()
    await page.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor()
    await page.getByRole('button', { name: 'Tweede stap instellen' }).waitFor()
    await page.getByLabel('Beheerders moeten een tweede stap gebruiken').waitFor()
    expect(await axeIds(page)).toEqual([])

    // The municipal rule is refused while the admin has no second step of their own.
    await page.getByLabel('Beheerders moeten een tweede stap gebruiken').check()
    await page.getByRole('button', { name: 'Regel opslaan' }).click()
    await page.getByText('Zet eerst je eigen tweede stap aan (hierboven): anders zou deze regel jezelf buitensluiten.').waitFor()

    await page.getByRole('button', { name: 'Tweede stap instellen' }).click()
    const secretText = page.locator('.totp-secret')
    await secretText.waitFor()
    expect(await page.locator('img.totp-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/)
    expect(await axeIds(page)).toEqual([])
    // What a person would type into their app: the key as shown, spaces and all.
    const secret = base32Decode((await secretText.textContent())!)
    expect(secret).toHaveLength(20)
    const code = page.getByLabel('Zescijferige code')
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code')
    expect(await code.getAttribute('inputmode')).toBe('numeric')
    await code.fill('000000' === totpAt(secret, Date.now()) ? '111111' : '000000')
    await page.keyboard.press('Enter')
    await expect.poll(async () => await code.getAttribute('aria-invalid')).toBe('true')
    await code.fill(totpAt(secret, Date.now()))
    await page.keyboard.press('Enter')

    const codes = page.locator('.code-list li')
    await page.getByRole('heading', { name: 'Je herstelcodes' }).waitFor()
    expect(await codes.count()).toBe(10)
    const recoveryCodes = await codes.allTextContents()
    expect(await axeIds(page)).toEqual([])
    // Done without ticking the box asks for the box first.
    await page.getByRole('button', { name: 'Klaar' }).click()
    await page.getByText('Vink eerst aan dat je de codes hebt bewaard.').waitFor()
    await page.getByLabel('Ik heb de herstelcodes bewaard').check()
    await page.getByRole('button', { name: 'Klaar' }).click()
    await page.getByText(/De tweede stap staat aan sinds/).waitFor()
    await page.getByText('Herstelcodes over: 10.', { exact: false }).waitFor()
    expect(await axeIds(page)).toEqual([])

    // Now the rule can be switched on.
    await page.getByLabel('Beheerders moeten een tweede stap gebruiken').check()
    await page.getByRole('button', { name: 'Regel opslaan' }).click()
    await page.getByText('Opgeslagen.').waitFor()
    const [rule] = await server.database.query<{ on: boolean }>(`select (settings->>'adminsRequireTotp')::boolean as on from municipalities where code = 'GM0363'`)
    expect(rule!.on).toBe(true)

    // Security page in English.
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('heading', { name: 'Security', level: 1 }).waitFor()
    await page.getByText(/The second step is on since/).waitFor()
    expect(await axeIds(page)).toEqual([])
    await page.getByRole('button', { name: 'Nederlands' }).click()
    await page.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor()

    // Sign out, and in again: password first, then the code step.
    await page.getByRole('button', { name: 'Uitloggen' }).click()
    await page.getByLabel('E-mailadres').fill(ADMIN)
    await page.getByLabel('Wachtwoord').fill(STAFF_PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Tweede stap', level: 1 }).waitFor()
    const loginCode = page.getByLabel('Code uit je app')
    expect(await loginCode.evaluate((e) => e === document.activeElement)).toBe(true)
    expect(await loginCode.getAttribute('autocomplete')).toBe('one-time-code')
    expect(await loginCode.getAttribute('inputmode')).toBe('numeric')
    expect(await axeIds(page)).toEqual([])
    await page.getByRole('button', { name: 'Een herstelcode gebruiken' }).click()
    await page.getByLabel('Herstelcode').waitFor()
    expect(await axeIds(page)).toEqual([])
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('heading', { name: 'Second step', level: 1 }).waitFor()
    await page.getByLabel('Recovery code').waitFor()
    expect(await axeIds(page)).toEqual([])
    await page.getByRole('button', { name: 'Use the code from your app instead' }).click()
    const appCode = page.getByLabel('Code from your app')
    await appCode.waitFor()
    expect(await axeIds(page)).toEqual([])

    // A wrong code says so and keeps the step; the right one (a step ahead: the set-up spent this one) signs in.
    await appCode.fill('000000' === totpAt(secret, Date.now() + 30_000) ? '111111' : '000000')
    await page.keyboard.press('Enter')
    await page.getByText(/That code is not right/).waitFor()
    await appCode.fill(totpAt(secret, Date.now() + 30_000))
    await page.keyboard.press('Enter')
    await page.getByRole('navigation').waitFor()
    await expect.poll(() => page.locator('.account-email').textContent()).toContain(ADMIN)

    // A recovery code works as the second step too.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('Email address').fill(ADMIN)
    await page.getByLabel('Password').fill(STAFF_PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click()
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!)
    await page.keyboard.press('Enter')
    await page.getByRole('navigation').waitFor()

    // The Staff page shows who has a second step; removing a colleague's asks first.
    await createStaff(server.database, COLLEAGUE, 'analyst', 'GM0363')
    await server.database.query(`update staff_users set totp_secret = $1, totp_enabled_at = now() where email = $2`, [Buffer.alloc(20, 7), COLLEAGUE])
    await page.getByRole('link', { name: 'Staff' }).click()
    const row = page.locator(`tr[data-email="${COLLEAGUE}"]`)
    await row.waitFor()
    await expect.poll(() => row.locator('td').nth(2).textContent()).toMatch(/^on/)
    expect(await page.locator(`tr[data-email="${ADMIN}"]`).getByRole('button', { name: /second step/ }).count()).toBe(0)
    const remove = row.getByRole('button', { name: `Remove second step of ${COLLEAGUE}` })
    await remove.click()
    const confirm = row.getByRole('button', { name: 'Yes, remove it' })
    expect(await confirm.evaluate((e) => e === document.activeElement)).toBe(true)
    expect(await axeIds(page)).toEqual([])
    await page.keyboard.press('Enter')
    await expect.poll(() => page.locator(`tr[data-email="${COLLEAGUE}"] td`).nth(2).textContent()).toBe('off')

    const actions = (await server.database.query<{ action: string }>(`select action from audit_log order by id`)).map((a) => a.action)
    expect(actions).toEqual(expect.arrayContaining(['totp.setup', 'totp.enable', 'security.admins-require-totp', 'login.failed-second-factor', 'login.recovery-code', 'staff.totp-remove']))
    expect(errors).toEqual([])
  }, 180_000)

  it('an admin without a second step, when the municipality requires one, sees only Security until they set it up', async () => {
    const SECOND = 'tweede.beheer@amsterdam.example'
    await createStaff(server.database, SECOND, 'admin', 'GM0363')
    await server.database.query(`update municipalities set settings = settings || '{"adminsRequireTotp": true}' where code = 'GM0363'`)
    const page = await (await browser.newContext({ locale: 'nl-NL' })).newPage()
    await page.goto(`${server.url}/staff/#/staff`)
    await page.getByLabel('E-mailadres').fill(SECOND)
    await page.getByLabel('Wachtwoord').fill(STAFF_PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Beveiliging', level: 1 }).waitFor()
    expect(page.url()).toMatch(/#\/security$/)
    await page.getByText(/Je gemeente vraagt beheerders om een tweede stap/).waitFor()
    expect(await page.getByRole('navigation').getByRole('link').allTextContents()).toEqual(['Beveiliging'])
    // The rule is not offered to someone who cannot pass it yet.
    expect(await page.getByLabel('Beheerders moeten een tweede stap gebruiken').count()).toBe(0)
    expect(await axeIds(page)).toEqual([])
    await page.evaluate(() => { location.hash = '#/staff' })
    await expect.poll(() => page.url()).toMatch(/#\/security$/)

    await page.getByRole('button', { name: 'Tweede stap instellen' }).click()
    const secret = base32Decode((await page.locator('.totp-secret').textContent())!)
    await page.getByLabel('Zescijferige code').fill(totpAt(secret, Date.now()))
    await page.keyboard.press('Enter')
    await page.getByLabel('Ik heb de herstelcodes bewaard').check()
    await page.getByRole('button', { name: 'Klaar' }).click()
    await page.getByRole('navigation').getByRole('link', { name: 'Medewerkers' }).click()
    await page.getByRole('heading', { name: 'Medewerkers', level: 1 }).waitFor()
  }, 180_000)
})
