// The location step with the base map and place search from our own origin, against a local PDOK stand-in, on a phone.
import type { Browser } from 'playwright-core'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { resetData } from '../helpers/database.js'
import { startPdokStandIn, type PdokStandIn } from '../helpers/pdok-stand-in.js'
import type { RunningServer } from '../helpers/server.js'
import { AMSTERDAM, axeViolations, launchBrowser, openResident, screenshot, startResidentServer, tapMapAt, waitForHelp, waitForMap, type ResidentPage } from './support.js'

let upstream: PdokStandIn
let server: RunningServer
let browser: Browser
let cacheDir: string
const open: ResidentPage[] = []

beforeAll(async () => {
  upstream = await startPdokStandIn()
  cacheDir = mkdtempSync(join(tmpdir(), 'basemap-browser-'))
  server = await startResidentServer({ ...upstream.config, BASEMAP_CACHE_DIR: cacheDir })
  browser = await launchBrowser()
})
afterEach(async () => {
  while (open.length) await open.pop()!.context.close()
  await resetData(server.database)
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await upstream?.close()
  rmSync(cacheDir, { recursive: true, force: true })
})

async function toWhere(locale = 'nl-NL'): Promise<ResidentPage> {
  const rp = await openResident(browser, server.url, { locale })
  open.push(rp)
  await rp.page.locator('button.choice[data-id="catcalling"]').click()
  await rp.page.locator('button.choice[data-id="victim"]').click()
  await rp.page.locator('main.screen-where h1').waitFor()
  await waitForMap(rp.page)
  return rp
}

const foreignRequests = (rp: ResidentPage) => {
  const origin = new URL(server.url).origin
  return rp.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))
}

describe('place search on the location step', () => {
  it('finds "Leidseplein", sets the pin, names the place, selects Amsterdam and files the report there; nothing leaves the origin', async () => {
    const rp = await toWhere()
    const { page } = rp
    await page.getByRole('combobox', { name: 'Zoek een plek' }).fill('Leidseplein')
    await page.locator('.suggestions').getByRole('option', { name: 'Leidseplein, Amsterdam' }).click()
    await page.locator('.maplibregl-marker').waitFor()
    await expect.poll(() => page.locator('[data-testid="pin-confirm"]').textContent()).toBe('Bij Leidseplein, Amsterdam')
    expect(await page.locator('main select').first().inputValue()).toBe('GM0363')
    await waitForMap(page)
    await screenshot(page, 'nl-03c-where-searched')

    await page.locator('[data-action="next"]').click()
    await page.locator('button.choice[data-id="street"]').click()
    await page.locator('button.choice[data-id="just-now"]').click()
    await page.locator('main.screen-offenders [data-action="next"]').click()
    await page.locator('main.screen-review h1').waitFor()
    await page.locator('[data-action="send"]').click()
    await waitForHelp(page)

    const rows = await server.database.query<{ municipality_code: string, inside: boolean, location_precision: string }>(
      `select r.municipality_code, st_contains(m.boundary, r.location) as inside, r.location_precision
         from reports r join municipalities m on m.code = 'GM0363'`)
    // A square is chosen by its centre: that is not the exact spot, so it is sent as approximate.
    expect(rows).toEqual([{ municipality_code: 'GM0363', inside: true, location_precision: 'approximate' }])

    expect(foreignRequests(rp)).toEqual([])
    const paths = rp.requests.map((u) => new URL(u).pathname)
    expect(paths.some((p) => p === '/basemap/style.json')).toBe(true)
    expect(paths.some((p) => p.startsWith('/basemap/tiles/'))).toBe(true)
    expect(paths.some((p) => p === '/api/v1/places/suggest')).toBe(true)
    expect(paths.some((p) => p.startsWith('/api/v1/places/weg-'))).toBe(true)
    expect(paths.some((p) => p === '/api/v1/places/reverse')).toBe(true)
    expect(rp.errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([])
    // The tiles the phone saw came through the server from the stand-in.
    expect(upstream.count('/kadaster/brt-achtergrondkaart/ogc/v1/tiles/')).toBeGreaterThan(0)
  })

  it('sends a tap at national zoom as approximate and says so', async () => {
    const rp = await toWhere()
    await tapMapAt(rp, AMSTERDAM.lon, AMSTERDAM.lat)
    await rp.page.locator('.precision-note:not([hidden])').waitFor()
    expect(await rp.page.locator('.not-exact input[type="checkbox"]').isChecked()).toBe(true)
    expect(await rp.page.locator('main select').first().inputValue()).toBe('GM0363')
  })

  it('refuses a pin in the North Sea on the location step itself', async () => {
    const rp = await toWhere('en-GB')
    const { page } = rp
    await tapMapAt(rp, 3.6, 53.2)
    await expect.poll(() => page.locator('.field-error[role="alert"]').textContent()).toContain('not in a Dutch municipality')
    expect(await page.locator('.maplibregl-marker').count()).toBe(0)
    await page.locator('[data-action="next"]').click()
    expect(await page.locator('main.screen-where').count()).toBe(1)
  })

  it('finds \'s-Gravenhage when typing "Den Haag" and selects it', async () => {
    const rp = await toWhere()
    const { page } = rp
    await page.getByRole('combobox', { name: 'Zoek een plek' }).fill('Den Haag')
    await page.locator('.suggestions').getByRole('option', { name: "'s-Gravenhage" }).click()
    expect(await page.locator('main select').first().inputValue()).toBe('GM0518')
  })

  it('has no WCAG 2.1 A/AA violations with the suggestions open, in Dutch and Arabic (controls mirrored)', async () => {
    for (const locale of ['nl-NL', 'ar']) {
      const rp = await toWhere(locale)
      const { page } = rp
      await page.locator('input[role="combobox"]').fill('Leidse')
      await page.locator('.suggestions [role="option"]').first().waitFor()
      await page.keyboard.press('ArrowDown')
      expect(await axeViolations(page), locale).toEqual([])
      const toggle = page.locator('.maplibregl-ctrl-attrib-button')
      expect(await toggle.getAttribute('title'), locale).not.toBe('Toggle attribution')
      if (locale === 'ar') expect(await page.locator('.maplibregl-ctrl-top-left .maplibregl-ctrl-zoom-in').count()).toBe(1)
      await screenshot(page, `${locale.slice(0, 2)}-03d-where-suggestions`)
    }
  })

  it('falls back to the outline map with a quiet note when the base map is down, and place search answers 503', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'basemap-down-'))
    const down = await startResidentServer({ ...upstream.config, BASEMAP_CACHE_DIR: fresh })
    upstream.mode = 'fail'
    try {
      const rp = await openResident(browser, down.url)
      open.push(rp)
      await rp.page.locator('button.choice[data-id="catcalling"]').click()
      await rp.page.locator('button.choice[data-id="victim"]').click()
      await waitForMap(rp.page)
      expect(await rp.page.locator('.map-status').textContent()).toContain('geen straten')
      await rp.page.locator('input[role="combobox"]').fill('Leidseplein')
      await expect.poll(() => rp.page.locator('.search-status').textContent()).toContain('Zoeken lukt nu niet')
      await tapMapAt(rp, AMSTERDAM.lon, AMSTERDAM.lat)
      expect(await rp.page.locator('main select').first().inputValue()).toBe('GM0363')
    } finally {
      upstream.mode = 'ok'
      await down.close()
      rmSync(fresh, { recursive: true, force: true })
    }
  })
})
