// A report on a borrowed phone: the quick exit leaves no trace, Back moves between steps, the short path, the receipt first.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import {
  AMSTERDAM, browserCaches, browserStorage, fileMinimalReport, openResident, residentSuite, sendWhileOffline, tapMapAt, waitForHelp, waitForMap,
  type ResidentPage,
} from './support.js'

const suite = residentSuite()
const resident = suite.resident

const EXIT = 'https://www.buienradar.nl/'
const reportCount = async () => (await suite.server.database.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n

/** Stands in for the neutral site, so leaving does not need the internet. */
async function fakeExitSite(rp: ResidentPage): Promise<void> {
  await rp.context.route(`${EXIT}**`, (route) => route.fulfill({ contentType: 'text/html', body: '<title>weer</title><p>weer</p>' }))
}

/** Every screen the page showed, in order, read from the app's `main` element each time it is replaced. */
async function recordScreens(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = []
    Object.assign(window, { screensSeen: seen })
    new MutationObserver(() => {
      const name = /screen-(\w+)/.exec(document.querySelector('main')?.className ?? '')?.[1]
      if (name && seen[seen.length - 1] !== name) seen.push(name)
    }).observe(document, { childList: true, subtree: true })
  })
}

describe('the quick exit on a shared phone', () => {
  it('drops a report waiting offline and leaves nothing a second visitor can find', async () => {
    const rp = await openResident(suite.browser, suite.server.url)
    suite.track(rp)
    const { page, context } = rp
    await fakeExitSite(rp)
    await page.evaluate(() => navigator.serviceWorker.ready)
    await fileMinimalReport(rp, { category: 'groping', stopAtReview: true })
    await sendWhileOffline(rp)
    expect((await browserStorage(page)).records).toBe(1)
    // The saved screen tells what happens, in words that hold without background sync.
    expect(await page.locator('.saved-text').textContent()).toContain('“Snel weg” wist hem')

    await page.locator('button.quick-exit').click()
    await page.waitForURL(EXIT)
    await context.setOffline(false)

    // Back leads away from the site, not to the form.
    await page.goBack().catch(() => undefined)
    expect(page.url()).not.toContain(new URL(suite.server.url).host)

    // A second visitor on the same phone: first a page of the site that does not start the app, to look around.
    const second = await context.newPage()
    await second.goto(`${suite.server.url}/api/v1/config`)
    expect(await browserStorage(second)).toEqual({ local: 0, session: 0, databases: [], records: 0, cookie: '' })
    expect(await browserCaches(second)).toEqual({ caches: [], workers: 0 })
    // Then the app itself: no word, button or code of the earlier report, and it never arrives.
    await second.goto(suite.server.url)
    await second.locator('main.screen-category h1').waitFor()
    await second.waitForTimeout(3000)
    expect(await second.locator('.notice, .receipt-code, #leave-question').count()).toBe(0)
    expect(await second.locator('body').textContent()).not.toMatch(/bewaard|verstuurd|[0-9A-Z]{5}-[0-9A-Z]{5}/)
    expect(await second.locator('button.choice[aria-pressed="true"]').count()).toBe(0)
    expect(await reportCount()).toBe(0)
  })

  it('leaves after Escape pressed twice, and says so on the first screen', async () => {
    const rp = await resident()
    const { page } = rp
    await fakeExitSite(rp)
    expect(await page.locator('.intro').textContent()).toContain('twee keer op Escape')
    await page.locator('button.choice[data-id="following"]').click()
    await page.keyboard.press('Escape')
    await page.waitForTimeout(1700)
    // One Escape (say, closing a list) does nothing; two in a row leave.
    await page.keyboard.press('Escape')
    expect(page.url()).toContain(new URL(suite.server.url).host)
    await page.keyboard.press('Escape')
    await page.waitForURL(EXIT)
  })

  it('drops what the thank-you page showed: Back after a quick exit does not return to the code', async () => {
    const rp = await resident()
    const { page } = rp
    await fakeExitSite(rp)
    await fileMinimalReport(rp)
    await waitForHelp(page)
    await page.locator('button.quick-exit').click()
    await page.waitForURL(EXIT)
    await page.goBack().catch(() => undefined)
    expect(page.url()).not.toContain(new URL(suite.server.url).host)
    await page.goForward().catch(() => undefined)
    await page.goForward().catch(() => undefined)
    // Whatever forward reaches, no receipt code and no answers.
    expect(await page.locator('.receipt-code').count()).toBe(0)
    expect(await page.locator('button.choice[aria-pressed="true"]').count()).toBe(0)
    expect(await browserStorage(page).catch(() => ({ records: 0 }))).toMatchObject({ records: 0 })
  })
})

describe('Back inside the flow', () => {
  it('goes to the previous step with phone Back, answers kept, and leaves after the first step', async () => {
    const rp = await resident({ locale: 'en-GB' })
    const { page } = rp
    await page.locator('button.choice[data-id="insults"]').click()
    await page.locator('button.choice[data-id="bystander"]').click()
    await tapMapAt(rp, AMSTERDAM.lon, AMSTERDAM.lat)
    await page.locator('[data-action="next"]').click()
    await page.locator('main.screen-setting h1').waitFor()
    await page.locator('button.choice[data-id="park"]').click()

    await page.goBack()
    await page.locator('main.screen-where h1').waitFor()
    expect(await page.locator('[data-action="remove-pin"]').isVisible()).toBe(true)
    await page.goBack()
    await page.locator('main.screen-category h1').waitFor()
    expect(await page.locator('button.choice[data-id="insults"]').getAttribute('aria-pressed')).toBe('true')
    expect(await page.locator('button.choice[data-id="bystander"]').getAttribute('aria-pressed')).toBe('true')
    await page.locator('[data-action="next"]').click()
    await page.locator('[data-action="next"]').click()
    await page.locator('main.screen-setting h1').waitFor()
    expect(await page.locator('button.choice[data-id="park"]').getAttribute('aria-pressed')).toBe('true')
  })
})

describe('the short path', () => {
  it('files a minimal report with "my location" in 6 screens and 8 taps, the step count in each heading', async () => {
    const rp = await resident({
      context: { geolocation: { latitude: AMSTERDAM.lat, longitude: AMSTERDAM.lon }, permissions: ['geolocation'] },
    })
    const { page } = rp
    await recordScreens(page)
    await page.reload()
    await page.locator('main h1').waitFor()
    const headings: string[] = []
    await fileMinimalReport(rp, {
      myLocation: true,
      onStep: async (step) => {
        if (step === 'where-pinned') return
        // The heading that gets focus on each new step carries "Stap n van 4", so a screen reader says it with the question.
        headings.push((await page.locator('main h1').textContent()) ?? '')
        if (step !== 'category') expect(await page.evaluate(() => document.activeElement?.tagName), step).toBe('H1')
      },
    })
    await waitForHelp(page)
    // One tap more than before the offender questions: Next past the optional "who did it" screen.
    expect(rp.taps).toBeLessThanOrEqual(8)
    expect(rp.taps).toBe(8)
    const screens = await page.evaluate(() => (window as unknown as { screensSeen: string[] }).screensSeen)
    expect(screens).toEqual(['category', 'where', 'setting', 'offenders', 'review', 'help'])
    expect(headings.map((h) => /Stap (\d) van (\d)/.exec(h)?.slice(1).join('/'))).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5'])
    expect(await page.locator('.progress-text').count()).toBe(0)
    const [row] = await suite.server.database.query<{ municipality_code: string, location_precision: string }>(
      'select municipality_code, location_precision from reports')
    expect(row).toEqual({ municipality_code: 'GM0363', location_precision: 'exact' })
  })

  it('keeps every optional question one tap away on the review screen', async () => {
    const rp = await resident({ locale: 'en-GB' })
    const { page } = rp
    await fileMinimalReport(rp, { stopAtReview: true })
    for (const section of ['about', 'description']) {
      expect(await page.locator(`details[data-section="${section}"]`).getAttribute('open'), section).toBeNull()
      await page.locator(`details[data-section="${section}"] summary`).click()
      expect(await page.locator(`details[data-section="${section}"]`).getAttribute('open'), section).toBe('')
    }
    await page.getByLabel('Age', { exact: true }).selectOption('25-34')
    await page.getByLabel('What happened, in your own words (optional)').fill('On the bridge.')
    expect(await page.locator('details[data-section="about"] summary').textContent()).toContain('25 to 34')
    await page.locator('[data-action="send"]').click()
    await waitForHelp(page)
    const [row] = await suite.server.database.query<{ age_band: string, description: string }>('select age_band, description from reports')
    expect(row).toEqual({ age_band: '25-34', description: 'On the bridge.' })
  })
})

describe('the receipt', () => {
  it('shows the code first, above the fold on 360×740, with copy and save', async () => {
    const rp = await resident({ locale: 'en-GB' })
    const { page } = rp
    await fileMinimalReport(rp, { category: 'groping' })
    await waitForHelp(page)
    expect(await page.evaluate(() => window.scrollY)).toBe(0)
    for (const selector of ['.receipt-code', '[data-action="copy"]', '[data-action="save"]']) {
      const box = (await page.locator(selector).boundingBox())!
      expect(box.y + box.height, selector).toBeLessThanOrEqual(740)
    }
    // Before the help cards.
    expect(await page.evaluate(() => {
      const code = document.querySelector('.receipt-code')!
      const help = document.querySelector('.help-list')!
      return Boolean(code.compareDocumentPosition(help) & Node.DOCUMENT_POSITION_FOLLOWING)
    })).toBe(true)
    // Nothing of it is stored unless the person chooses to save it.
    expect(await browserStorage(page)).toMatchObject({ local: 0, session: 0, records: 0, databases: [] })
    const download = page.waitForEvent('download')
    await page.locator('[data-action="save"]').click()
    expect((await download).suggestedFilename()).toMatch(/^[0-9A-Z-]{23}\.png$/)
    // Saved: leaving does not ask.
    await page.locator('[data-action="new-report"]').click()
    await page.locator('main.screen-category h1').waitFor()
  })

  it('asks before leaving while the code is not copied, and not after copying', async () => {
    const rp = await resident({ locale: 'en-GB', context: { permissions: ['clipboard-read', 'clipboard-write'] } })
    const { page } = rp
    await fileMinimalReport(rp)
    await waitForHelp(page)
    await page.locator('[data-action="new-report"]').click()
    await page.locator('#leave-question').waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('leave-question')
    await page.locator('[data-action="stay"]').click()
    expect(await page.locator('#leave-question').count()).toBe(0)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('copy')
    // Phone Back asks too.
    await page.goBack()
    await page.locator('#leave-question').waitFor()
    expect(await page.locator('.receipt-code').count()).toBe(1)
    await page.locator('[data-action="copy"]').click()
    await page.getByText('The code has been copied.').waitFor()
    const code = await page.locator('.receipt-code').textContent()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code)
    await page.locator('[data-action="new-report"]').click()
    await page.locator('main.screen-category h1').waitFor()
  })
})

describe('after the outbox delivered', () => {
  it('opens on the thank-you page with the code the next time the app opens', async () => {
    const rp = await openResident(suite.browser, suite.server.url)
    suite.track(rp)
    const { page, context } = rp
    await page.evaluate(() => navigator.serviceWorker.ready)
    await fileMinimalReport(rp, { stopAtReview: true })
    await sendWhileOffline(rp)
    // Reopened while still offline (the service worker serves the page), then the connection returns.
    await page.reload()
    await page.locator('main.screen-category h1').waitFor()
    await context.setOffline(false)
    await waitForHelp(page)
    expect(await page.locator('main h1').textContent()).toContain('Je melding is ontvangen')
    expect(await page.locator('.receipt-code').textContent()).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/)
    expect(await reportCount()).toBe(1)
    await expect.poll(async () => (await browserStorage(page)).databases).toEqual([])
  })
})

describe('smaller things', () => {
  it('keeps a focused "Change" clear of the sticky header and wraps a long word on the review', async () => {
    const rp = await resident({ locale: 'en-GB' })
    const { page } = rp
    await page.locator('button.choice[data-id="catcalling"]').click()
    await page.locator('button.choice[data-id="victim"]').click()
    await page.locator('main select').first().locator('option[value="GM0363"]').waitFor({ state: 'attached' })
    await page.locator('main select').first().selectOption('GM0363')
    await page.locator('main input[type="text"]').fill(`https://example.org/${'a'.repeat(120)}`)
    await page.locator('[data-action="next"]').click()
    await page.locator('button.choice[data-id="street"]').click()
    await page.locator('button.choice[data-id="just-now"]').click()
    await page.locator('main.screen-offenders [data-action="next"]').click()
    await page.locator('main.screen-review h1').waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    for (const box of await page.locator('.change').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(360)
    }
    // Tabbing backwards from Send through the opened "about you" to the last "Change": it ends up below the header.
    await page.locator('details[data-section="about"] summary').click()
    await page.locator('[data-action="send"]').scrollIntoViewIfNeeded()
    await page.locator('[data-action="send"]').focus()
    expect(await page.locator('.change').last().evaluate((e) => e.getBoundingClientRect().bottom)).toBeLessThan(0)
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Shift+Tab')
      if (await page.evaluate(() => document.activeElement?.classList.contains('change'))) break
    }
    const [headerBottom, changeTop] = await page.evaluate(() => [
      document.querySelector('header.top')!.getBoundingClientRect().bottom,
      document.activeElement!.getBoundingClientRect().top,
    ])
    expect(changeTop).toBeGreaterThanOrEqual(headerBottom!)
  })

  it('isolates Latin terms in Arabic and lists with the Arabic comma', async () => {
    const rp = await resident({ locale: 'ar' })
    const { page } = rp
    await fileMinimalReport(rp, { stopAtReview: true })
    await page.locator('details[data-section="about"] summary').click()
    await page.locator('details[data-section="about"] select').first().selectOption('18-24')
    await page.locator('details[data-section="about"] input[value="lgbti"]').check()
    const summary = (await page.locator('details[data-section="about"] .optional-summary').textContent())!
    expect(summary).toContain('، ')
    expect(summary).toContain('(\u2066LGBTI+\u2069)')
    expect(summary).not.toContain(', ')
  })

  it('puts focus back on the code field after a wrong code, and names the lookup limit', async () => {
    const rp = await resident({ locale: 'en-GB' })
    const { page } = rp
    await page.getByRole('button', { name: 'I have a receipt code' }).click()
    await page.getByLabel('Receipt code').fill('ABCDE-FGHJK-MNPQR-STVWX')
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    await page.getByText('We do not know this code').waitFor()
    expect(await page.evaluate(() => document.activeElement?.matches('.lookup-form input'))).toBe(true)

    await page.route('**/api/v1/receipts/**', (route) => route.fulfill({
      status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '60' },
      body: JSON.stringify({ status: 429, code: 'MELDPUNT_ERR_RATE_LIMITED', title: 'Too many requests' }),
    }))
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    await page.getByText('Too many codes were checked from this connection').waitFor()
    expect(await page.locator('.lookup').textContent()).not.toContain('reports came from')
    expect(await page.evaluate(() => document.activeElement?.matches('.lookup-form input'))).toBe(true)
  })

  it('scrolls the page, not the map, with the mouse wheel, and rings a focused zoom button like every control', async () => {
    const rp = await resident({ locale: 'en-GB' })
    const { page } = rp
    await page.locator('button.choice[data-id="catcalling"]').click()
    await page.locator('button.choice[data-id="victim"]').click()
    await waitForMap(page)
    const before = await page.locator('.map').getAttribute('data-bounds')
    const box = (await page.locator('.map canvas').boundingBox())!
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    const scrolled = await page.evaluate(() => window.scrollY)
    await page.mouse.wheel(0, 300)
    await page.waitForTimeout(800)
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled)
    await waitForMap(page)
    expect(await page.locator('.map').getAttribute('data-bounds')).toBe(before)

    await page.locator('.maplibregl-ctrl-zoom-in').focus()
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Tab')
    const outline = await page.locator('.maplibregl-ctrl-zoom-in').evaluate((e) => {
      const style = getComputedStyle(e)
      return { style: style.outlineStyle, width: style.outlineWidth, colour: style.outlineColor }
    })
    expect(outline).toEqual({ style: 'solid', width: '3px', colour: 'rgb(29, 79, 145)' })
  })
})
