// Offline-safe sending: the outbox in IndexedDB, retries with one Idempotency-Key, and nothing left after a confirmed send.
import { describe, expect, it } from 'vitest'
import { browserStorage, fileMinimalReport, waitForHelp, openResident, screenshot, residentSuite, sendWhileOffline } from './support.js'

const suite = residentSuite()
const resident = suite.resident

const reportCount = async () => (await suite.server.database.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n

describe('offline-safe sending', () => {
  it('keeps a report made offline, says so, and sends exactly one when the connection returns', async () => {
    const rp = await openResident(suite.browser, suite.server.url)
    suite.track(rp)
    const { page, context } = rp
    // Let the service worker take control first, as it would for someone who opened the page online.
    await page.evaluate(() => navigator.serviceWorker.ready)

    await fileMinimalReport(rp, { category: 'groping', stopAtReview: true })
    await sendWhileOffline(rp)
    expect(await page.locator('main h1').textContent()).toBe('Je melding is bewaard')
    expect(await page.locator('.saved-text').textContent()).toContain('vanzelf verstuurd')
    // Help is there while offline too, from the catalogue: Centrum Seksueel Geweld for groping.
    expect(await page.locator('[data-help-id="csg"]').count()).toBe(1)
    await screenshot(page, 'nl-10-saved-offline')
    const queued = await browserStorage(page)
    expect(queued.databases).toEqual(['meldpunt-outbox'])
    expect(queued.records).toBe(1)
    expect(await reportCount()).toBe(0)

    await context.setOffline(false)
    await waitForHelp(page)
    expect(await page.locator('main h1').textContent()).toContain('Je melding is ontvangen')
    // Give any duplicate retry the chance to land before counting.
    await page.waitForTimeout(1500)
    expect(await reportCount()).toBe(1)
    const after = await browserStorage(page)
    expect(after).toMatchObject({ local: 0, session: 0, records: 0 })
    await expect.poll(async () => (await browserStorage(page)).databases).toEqual([])
  })

  it('sends a saved report when the page is opened again later', async () => {
    const rp = await openResident(suite.browser, suite.server.url)
    suite.track(rp)
    const { page, context } = rp
    await fileMinimalReport(rp, { stopAtReview: true })
    await sendWhileOffline(rp)
    await page.close()

    await context.setOffline(false)
    const again = await context.newPage()
    await again.goto(suite.server.url)
    // Straight to the thank-you page with the code: it is the only chance to see it.
    await waitForHelp(again).catch(async (error) => {
      throw new Error(`no receipt; stored: ${JSON.stringify(await browserStorage(again))}`, { cause: error })
    })
    expect(await again.locator('main h1').textContent()).toContain('Je melding is ontvangen')
    expect(await reportCount()).toBe(1)
    await expect.poll(async () => (await browserStorage(again)).databases).toEqual([])
  })

  it('opens from the service worker cache without a connection and files a report by municipality', async () => {
    const rp = await openResident(suite.browser, suite.server.url, { locale: 'en-GB' })
    suite.track(rp)
    const { page, context } = rp
    await page.evaluate(() => navigator.serviceWorker.ready)
    // One online visit to the "where" step caches the municipality list.
    await page.reload()
    await page.evaluate(() => navigator.serviceWorker.controller !== null)
    await page.locator('button.choice[data-id="sexual-comments"]').click()
    await page.locator('button.choice[data-id="victim"]').click()
    await page.locator('main select').first().locator('option[value="GM0344"]').waitFor({ state: 'attached' })

    await context.setOffline(true)
    await page.reload()
    await page.locator('main.screen-category h1').waitFor()
    await page.locator('button.choice[data-id="sexual-comments"]').click()
    await page.locator('button.choice[data-id="victim"]').click()
    await page.locator('main select').first().selectOption('GM0344')
    await page.locator('[data-action="next"]').click()
    await page.locator('button.choice[data-id="park"]').click()
    await page.locator('button.choice[data-id="earlier-today"]').click()
    await page.locator('main.screen-offenders [data-action="skip-offenders"]').click()
    await page.locator('[data-action="send"]').click()
    await page.locator('main.screen-saved h1').waitFor()
    expect(await reportCount()).toBe(0)

    await context.setOffline(false)
    await waitForHelp(page)
    const rows = await suite.server.database.query<{ municipality_code: string, location_precision: string }>(
      'select municipality_code, location_precision from reports')
    expect(rows).toEqual([{ municipality_code: 'GM0344', location_precision: 'area' }])
  })

  it('deduplicates the retry when the connection drops after the server committed', async () => {
    // Page-level routing only sees requests the service worker does not handle; keep it out of the way here.
    const rp = await openResident(suite.browser, suite.server.url, { context: { serviceWorkers: 'block' } })
    suite.track(rp)
    const { page } = rp
    const keys: string[] = []
    let attempts = 0
    await page.route('**/api/v1/reports', async (route) => {
      attempts += 1
      keys.push(route.request().headers()['idempotency-key'] ?? '')
      if (attempts === 1) {
        // The server receives and commits the report; the answer never reaches the phone.
        await route.fetch()
        await route.abort('connectionreset')
      } else {
        await route.continue()
      }
    })

    await fileMinimalReport(rp)
    await page.locator('main.screen-saved h1').waitFor()
    expect(await reportCount()).toBe(1)
    // The outbox retries on its own (5 s back-off) with the same key; the server replays its 201.
    await waitForHelp(page)
    expect(attempts).toBe(2)
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(keys[1]).toBe(keys[0])
    expect(await reportCount()).toBe(1)
    await expect.poll(async () => (await browserStorage(page)).databases).toEqual([])
  })
})
