// An administrator reads a campaign's history, deletes it by keyboard and finds the delete in the audit log, in
// Chromium against the real API; each page passes axe, in Dutch and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { login, createStaff, STAFF_PASSWORD, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'
import { startServer, type RunningServer } from '../helpers/server.js'
import { BROWSER_DIST } from './dist.js'
import { axeViolations, openStaffPage, signInStaff, type StaffPage } from './support.js'

const ADMIN = 'beheer@amsterdam.example'
let server: RunningServer
let staff: StaffPage
let team: StaffClient
let id: string

beforeAll(async () => {
  server = await startServer({ config: { ...STAFF_TEST_CONFIG, WEB_DIST: BROWSER_DIST } })
  await createStaff(server.database, ADMIN, 'admin', 'GM0363')
  await createStaff(server.database, 'campagne@amsterdam.example', 'campaign', 'GM0363')
  team = await login(server.app, 'campagne@amsterdam.example')
  const res = await team.post('/api/v1/staff/campaigns', { payload: { code: 'WINTER-26', name: 'Wintercampagne', startsOn: '2026-01-05', endsOn: '2026-02-01', channels: ['poster'] } })
  expect(res.statusCode, res.body).toBe(201)
  id = res.json().id
  expect((await team.patch(`/api/v1/staff/campaigns/${id}`, { payload: { name: 'Wintercampagne 2026' } })).statusCode).toBe(200)
  staff = await openStaffPage()
  await signInStaff(staff.page, server.url, ADMIN, STAFF_PASSWORD)
})

afterAll(async () => {
  await staff?.close()
  await server?.close()
})

describe('campaign history and delete (administrator)', () => {
  it('shows who changed what, with the version it replaced', async () => {
    const { page } = staff
    await page.goto(`${server.url}/staff/#/campaigns/${id}/edit`)
    const change = page.locator('.register-history .register-change').nth(1)
    await change.waitFor()
    expect(await page.locator('.register-history .register-change').first().textContent()).toContain('campagne@amsterdam.example')
    expect(await change.textContent()).toMatch(/campagne@amsterdam\.example wijzigde Naam/)
    await change.locator('summary').click()
    expect(await change.locator('dd').textContent()).toBe('Wintercampagne')
    expect(await axeViolations(page)).toEqual([])
  })

  it('deletes by keyboard after a confirmation that takes the focus, and the campaign leaves the list', async () => {
    const { page } = staff
    const open = page.getByRole('button', { name: 'Verwijderen…' })
    await open.focus()
    await page.keyboard.press('Enter')
    const confirm = page.getByRole('button', { name: 'Ja, verwijderen' })
    await confirm.waitFor()
    expect(await confirm.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.locator('.confirm-delete').textContent()).toContain('campagnecode blijft gereserveerd')
    expect(await axeViolations(page)).toEqual([])
    // Cancel gives the focus back; then delete for real.
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    expect(await open.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('Enter')
    await confirm.focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(/#\/campaigns$/)
    await page.locator('.notice.empty').waitFor()
    expect(await page.locator('[data-campaign-code="WINTER-26"]').count()).toBe(0)
    expect((await team.get(`/api/v1/staff/campaigns/${id}`)).statusCode).toBe(404)
    expect(staff.problems.filter((p) => !/status of 40[14]/.test(p))).toEqual([])
  })

  it('says the same in English', async () => {
    const res = await team.post('/api/v1/staff/campaigns', { payload: { code: 'LENTE-26', name: 'Lentecampagne', startsOn: '2026-03-02', endsOn: '2026-03-29', channels: ['poster'] } })
    const { page } = staff
    await page.locator('header button[lang="en"]').click()
    await page.goto(`${server.url}/staff/#/campaigns/${res.json().id}/edit`)
    await page.locator('.register-history').waitFor()
    expect(await page.locator('.register-admin').textContent()).toContain('Not changed since it was entered.')
    await page.getByRole('button', { name: 'Delete…' }).click()
    expect(await page.locator('.confirm-delete').textContent()).toContain('The campaign code stays reserved')
    expect(await axeViolations(page)).toEqual([])
  })
})

describe('audit log (administrator)', () => {
  it('finds the delete by filtering on the action with the keyboard, and offers the same selection as CSV', async () => {
    const { page } = staff
    await page.locator('header button[lang="nl"]').click()
    await page.goto(`${server.url}/staff/#/audit`)
    await page.locator('.audit-table tbody tr').first().waitFor()
    expect(await page.locator('nav a[href="#/audit"]').textContent()).toBe('Auditlog')
    await page.getByLabel('Handeling').focus()
    await page.getByLabel('Handeling').selectOption('campaign.delete')
    // Enter in a field of the filter submits it (a select itself does not submit on Enter).
    await page.getByLabel('Van', { exact: true }).press('Enter')
    await page.waitForURL(/action=campaign\.delete/)
    await page.locator('.audit-table tbody tr[data-action="campaign.delete"]').waitFor()
    expect(await page.locator('.audit-table tbody tr').count()).toBe(1)
    expect(await page.locator('.audit-table tbody tr').textContent()).toContain(ADMIN)
    expect(await page.getByRole('link', { name: 'CSV downloaden' }).getAttribute('href')).toMatch(/\/api\/v1\/staff\/audit\/export\.csv\?.*action=campaign\.delete/)
    expect(await axeViolations(page)).toEqual([])
  })

  it('says when a selection is empty, and is complete in English', async () => {
    const { page } = staff
    await page.locator('header button[lang="en"]').click()
    await page.goto(`${server.url}/staff/#/audit?from=2020-01-01&to=2020-01-31`)
    await page.locator('.notice.empty').waitFor()
    expect(await page.locator('.notice.empty').textContent()).toContain('No entries for this selection')
    expect(await page.locator('h1').textContent()).toBe('Audit log')
    expect(await axeViolations(page)).toEqual([])
  })

  it('is not in the menu of a campaign team member, whose request is refused', async () => {
    const other = await openStaffPage()
    try {
      await signInStaff(other.page, server.url, 'campagne@amsterdam.example', STAFF_PASSWORD)
      expect(await other.page.locator('nav a[href="#/audit"]').count()).toBe(0)
      expect((await team.get('/api/v1/staff/audit')).statusCode).toBe(403)
    } finally {
      await other.close()
    }
  })
})
