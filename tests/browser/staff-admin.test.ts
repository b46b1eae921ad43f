// Administration pages in Chromium against the real API: an admin uploads a neighbourhood file, sees the counts and the
// preview map, confirms, and finds the neighbourhoods in the list; axe on each page in Dutch and English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import AxeBuilder from '@axe-core/playwright'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startServer, type RunningServer } from '../helpers/server.js'
import { createStaff, STAFF_PASSWORD, STAFF_TEST_CONFIG } from '../helpers/staff.js'
import { BROWSER_DIST } from './dist.js'
import { launchBrowser, SCREENSHOT_DIR } from './support.js'

const EMAIL = 'beheer@amsterdam.example'
const FIXTURE = join(import.meta.dirname, '../fixtures/buurten-amsterdam-test.geojson')

let server: RunningServer
let browser: Browser
let context: BrowserContext
let page: Page
const problems: string[] = []

async function axe(p: Page): Promise<unknown[]> {
  const result = await new AxeBuilder({ page: p }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target) }))
}

beforeAll(async () => {
  server = await startServer({ seedDemo: true, config: { ...STAFF_TEST_CONFIG, WEB_DIST: BROWSER_DIST } })
  await createStaff(server.database, EMAIL, 'admin', 'GM0363')
  browser = await launchBrowser()
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'nl-NL' })
  page = await context.newPage()
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
  page.on('pageerror', (e) => { problems.push(e.message) })
})

afterAll(async () => {
  await context?.close()
  await browser?.close()
  await server?.close()
})

describe('neighbourhood upload', () => {
  it('signs in and reaches the import page from the navigation, without accessibility violations', async () => {
    await page.goto(`${server.url}/staff/`)
    await page.getByLabel('E-mailadres').fill(EMAIL)
    await page.getByLabel('Wachtwoord').fill(STAFF_PASSWORD)
    await page.keyboard.press('Enter')
    await page.getByRole('link', { name: 'Buurten inlezen' }).click()
    await page.locator('h1', { hasText: 'Buurten inlezen' }).waitFor()
    expect(await axe(page)).toEqual([])
  })

  it('names the problem of a bad file', async () => {
    await page.getByLabel('Buurtenbestand').setInputFiles({ name: 'buurten.csv', mimeType: 'text/csv', buffer: Buffer.from('buurtcode;naam\n') })
    await page.getByRole('button', { name: 'Bestand controleren' }).click()
    await page.getByText('neither GeoJSON nor a GeoPackage').waitFor()
    expect(await axe(page)).toEqual([])
  })

  it('shows the counts and the preview map of a good file, and imports it on confirmation', async () => {
    await page.getByLabel('Buurtenbestand').setInputFiles(FIXTURE)
    await page.getByRole('button', { name: 'Bestand controleren' }).click()
    await page.locator('.preview-map[data-map-state="idle"]').waitFor({ timeout: 60_000 })
    expect(await page.locator('.preview-map canvas.maplibregl-canvas').count()).toBe(1)
    const counts = await page.locator('dl').textContent()
    expect(counts).toContain('RD New')
    expect(counts).toMatch(/Buurten om in te lezen\s*3/)
    expect(await axe(page)).toEqual([])
    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, 'staff-neighbourhood-upload.png'), fullPage: true })

    await page.getByRole('button', { name: '3 buurten inlezen' }).click()
    await page.getByText('3 buurten ingelezen').waitFor({ timeout: 60_000 })
    await page.getByRole('link', { name: 'Naar de buurten' }).click()
    await page.getByRole('link', { name: 'Testbuurt Leidseplein' }).waitFor()
    expect(await page.getByRole('link', { name: 'Testbuurt Centraal Station' }).count()).toBe(1)
  })

  it('is complete and accessible in English', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click()
    await page.getByRole('link', { name: 'Import neighbourhoods' }).click()
    await page.locator('h1', { hasText: 'Import neighbourhoods' }).waitFor()
    await page.getByLabel('Neighbourhood file').setInputFiles(FIXTURE)
    await page.getByRole('button', { name: 'Check file' }).click()
    await page.locator('.preview-map[data-map-state="idle"]').waitFor({ timeout: 60_000 })
    expect(await page.getByRole('button', { name: 'Import 3 neighbourhoods' }).count()).toBe(1)
    expect(await axe(page)).toEqual([])
  })

  it('logged no errors in the browser console', () => {
    // Chromium logs the session probe before sign-in (401) and the refused upload (422) as failed resources; anything else is a fault.
    expect(problems.filter((p) => !/status of (401|422)/.test(p))).toEqual([])
  })
})
