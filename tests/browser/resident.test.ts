// The resident report flow in Chromium against the real API: taps, keyboard only, help order, privacy, receipts, quick exit.
import { describe, expect, it } from 'vitest'
import { AMSTERDAM, browserStorage, fileMinimalReport, waitForHelp, screenshot, tapMapAt, residentSuite } from './support.js'

const suite = residentSuite()
const resident = suite.resident

type ReportRow = { municipality_code: string, category: string, location_precision: string, urgent: boolean, campaign_code: string | null, heard_via: string | null }
const reports = () => suite.server.database.query<ReportRow>(
  'select municipality_code, category, location_precision, urgent, campaign_code, heard_via from reports',
)

describe('resident report flow', () => {
  it('files a minimal report by taps and reaches the help screen; the report is in Amsterdam', async () => {
    const rp = await resident()
    // One answer on the optional "who did it" screen, so its requests are checked with the rest below.
    await fileMinimalReport(rp, { offenders: ['group'] })
    await waitForHelp(rp.page)
    await screenshot(rp.page, 'nl-09-help')

    // category, who, pin, next, kind of place, just now, a group, next, send
    expect(rp.taps).toBe(9)
    expect(await rp.page.locator('main h1').textContent()).toContain('Je melding is ontvangen')
    expect(await rp.page.locator('.receipt-code').textContent()).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/)
    const rows = await reports()
    expect(rows).toHaveLength(1)
    // The tap was on the national map (about 900 m a pixel): not an exact spot, so it is sent as approximate.
    expect(rows[0]).toMatchObject({ municipality_code: 'GM0363', category: 'catcalling', location_precision: 'approximate' })
    const [who] = await suite.server.database.query<{ offender_count: string | null }>('select offender_count from reports')
    expect(who?.offender_count).toBe('group')

    // Same origin only, no cookies, no CSP violations, nothing of the report left in the suite.browser.
    const origin = new URL(suite.server.url).origin
    const foreign = rp.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))
    expect(foreign).toEqual([])
    expect(await rp.context.cookies()).toEqual([])
    expect(rp.errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([])
    const stored = await browserStorage(rp.page)
    expect(stored).toMatchObject({ local: 0, session: 0, records: 0, cookie: '', databases: [] })
  })

  it('files the same report with the keyboard alone, without touching the map', async () => {
    const rp = await resident({ locale: 'en-GB' })
    const { page } = rp
    /** Presses Tab until the focused element matches, then returns (fails after many presses). */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab')
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
      }
      throw new Error(`could not tab to ${selector}`)
    }
    const expectHeadingFocused = async (screen: string) => {
      await page.locator(`main.screen-${screen} h1`).waitFor()
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    }

    await tabTo('button.choice[data-id="groping"]')
    await page.keyboard.press('Enter')
    // Who it happened to is the one answer left on this screen: focus goes there.
    expect(await page.evaluate(() => document.activeElement?.matches('.role-group button.choice'))).toBe(true)
    await tabTo('button.choice[data-id="bystander"]')
    await page.keyboard.press('Space')
    await expectHeadingFocused('where')
    await tabTo('main select:not(#language-select)')
    await page.locator('main select').first().locator('option[value="GM0363"]').waitFor({ state: 'attached' })
    await page.keyboard.type('Amsterdam')
    expect(await page.locator('main select').first().inputValue()).toBe('GM0363')
    await tabTo('main input[type="text"]')
    await page.keyboard.type('near the station entrance')
    await tabTo('[data-action="next"]')
    await page.keyboard.press('Enter')
    await expectHeadingFocused('setting')
    await tabTo('button.choice[data-id="public-transport"]')
    await page.keyboard.press('Enter')
    await tabTo('button.choice[data-id="earlier-today"]')
    await page.keyboard.press('Enter')
    // The optional "who did it" screen by keyboard: an arrow key picks within a group, Next moves on.
    await expectHeadingFocused('offenders')
    await tabTo('main.screen-offenders input[type="radio"]')
    await page.keyboard.press('ArrowDown')
    await tabTo('[data-action="next"]')
    await page.keyboard.press('Enter')
    await expectHeadingFocused('review')
    await tabTo('details[data-section="description"] summary')
    await page.keyboard.press('Enter')
    await tabTo('textarea')
    await page.keyboard.type('He kept following me.')
    expect(await page.locator('.review').textContent()).toContain('Somewhere in Amsterdam (near the station entrance)')
    await tabTo('[data-action="send"]')
    await page.keyboard.press('Enter')
    await waitForHelp(page)

    const rows = await reports()
    expect(rows).toEqual([expect.objectContaining({ municipality_code: 'GM0363', category: 'groping', location_precision: 'area' })])
    const [who] = await suite.server.database.query<{ offender_count: string | null }>('select offender_count from reports')
    expect(who?.offender_count).toBe('one')
    const [row] = await suite.server.database.query<{ description: string }>('select description from reports')
    expect(row?.description).toBe('Place: near the station entrance\n\nHe kept following me.')
    // The map was never touched: no pin.
    expect(await page.locator('.maplibregl-marker').count()).toBe(0)
  })

  it('lists Centrum Seksueel Geweld before Slachtofferhulp for groping today, and 112 first when in danger', async () => {
    const calm = await resident({ locale: 'en-GB' })
    await fileMinimalReport(calm, { category: 'groping' })
    await waitForHelp(calm.page)
    const calmIds = await calm.page.locator('[data-help-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.helpId))
    expect(calmIds).toContain('csg')
    expect(calmIds.indexOf('csg')).toBeLessThan(calmIds.indexOf('slachtofferhulp'))
    expect(calmIds).not.toContain('emergency-112')
    expect(await calm.page.locator('[data-help-id="csg"] a[href^="tel:"]').getAttribute('href')).toBe('tel:+318000188')

    const danger = await resident({ locale: 'en-GB' })
    await fileMinimalReport(danger, { category: 'groping', urgent: true })
    await waitForHelp(danger.page)
    const dangerIds = await danger.page.locator('[data-help-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.helpId))
    expect(dangerIds[0]).toBe('emergency-112')
    expect(dangerIds.indexOf('csg')).toBeLessThan(dangerIds.indexOf('slachtofferhulp'))
    expect(await danger.page.locator('[data-help-id="emergency-112"] a[href^="tel:"]').getAttribute('href')).toBe('tel:112')
    const rows = await reports()
    expect(rows.map((r) => r.urgent).sort()).toEqual([false, true])
  })

  it('explains a pin outside the Netherlands on the location step, and files once the pin is on land', async () => {
    const rp = await resident({ locale: 'en-GB' })
    const { page } = rp
    await page.locator('button.choice[data-id="following"]').click()
    await page.locator('button.choice[data-id="victim"]').click()
    await tapMapAt(rp, 3.6, 53.2) // North Sea
    await expect.poll(() => page.locator('main.screen-where .field-error[role="alert"]').textContent()).toContain('not in a Dutch municipality')
    await screenshot(page, 'en-03e-where-outside')
    await page.locator('[data-action="next"]').click()
    expect(await page.locator('main.screen-where h1').count()).toBe(1)
    await tapMapAt(rp, AMSTERDAM.lon, AMSTERDAM.lat)
    await page.locator('[data-action="next"]').click()
    await page.locator('button.choice[data-id="other"]').click()
    await page.locator('button.choice[data-id="just-now"]').click()
    await page.locator('main.screen-offenders [data-action="next"]').click()
    await page.locator('[data-action="send"]').click()
    await waitForHelp(page)
    expect(await reports()).toEqual([expect.objectContaining({ municipality_code: 'GM0363', category: 'following' })])
  })

  it('keeps answers when going back and forward, and switches language on any step', async () => {
    const rp = await resident()
    const { page } = rp
    await page.locator('button.choice[data-id="insults"]').click()
    await page.locator('button.choice[data-id="bystander"]').click()
    await page.locator('main.screen-where h1').waitFor()
    await page.getByRole('button', { name: 'Terug', exact: true }).click()
    await page.locator('main.screen-category h1').waitFor()
    expect(await page.locator('button.choice[data-id="bystander"]').getAttribute('aria-pressed')).toBe('true')
    await page.locator('#language-select').selectOption('pl')
    expect(await page.locator('html').getAttribute('lang')).toBe('pl')
    expect(await page.locator('.role-group h2').textContent()).toBe('Czy to spotkało Ciebie, czy kogoś innego?')
    expect(await page.locator('button.choice[data-id="bystander"]').getAttribute('aria-pressed')).toBe('true')
    expect(await page.locator('button.choice[data-id="insults"]').getAttribute('aria-pressed')).toBe('true')
    await page.getByRole('button', { name: 'Dalej', exact: true }).click()
    await page.locator('main.screen-where h1').waitFor()
    await page.getByRole('button', { name: 'Wstecz', exact: true }).click()
    await page.locator('main.screen-category h1').waitFor()
    expect(await page.locator('button.choice[data-id="insults"]').getAttribute('aria-pressed')).toBe('true')
    await page.getByRole('button', { name: 'Dalej', exact: true }).click()
    await page.locator('main.screen-where h1').waitFor()
  })

  it('takes a campaign link: code and channel go with the report, the address bar stays plain', async () => {
    const rp = await resident({ path: '/?c=ZOMER-2025&via=poster' })
    expect(new URL(rp.page.url()).search).toBe('')
    await fileMinimalReport(rp)
    await waitForHelp(rp.page)
    expect(await reports()).toEqual([expect.objectContaining({ campaign_code: 'ZOMER-2025', heard_via: 'poster' })])
  })

  it('lets a person come back with the receipt code, see the status and add something', async () => {
    const rp = await resident({ locale: 'en-GB' })
    const { page } = rp
    await fileMinimalReport(rp)
    const code = (await page.locator('.receipt-code').textContent())!
    await page.getByRole('button', { name: 'I have a receipt code' }).click()
    // The code was neither copied nor saved: the page asks first.
    await page.locator('#leave-question').waitFor()
    await page.getByRole('button', { name: 'Leave without the code' }).click()
    await page.locator('main.screen-lookup h1').waitFor()
    await page.getByLabel('Receipt code').fill('nothing-like-a-code')
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    await page.getByText('A receipt code has 20 letters and digits').waitFor()
    await page.getByLabel('Receipt code').fill(code.toLowerCase().replaceAll('-', ' '))
    await page.getByRole('button', { name: 'Check', exact: true }).click()
    await page.locator('.lookup-result').waitFor()
    expect(await page.locator('.lookup-result').textContent()).toContain('Received')
    expect(await page.locator('.lookup-result').textContent()).toContain('Amsterdam')
    await screenshot(page, 'en-11-receipt-page')
    await page.getByLabel('Add something to your report').fill('It happened again the next day.')
    await page.getByRole('button', { name: 'Add', exact: true }).click()
    await page.locator('.additions li').waitFor()
    expect(await page.locator('.additions').textContent()).toContain('It happened again the next day.')
    const [row] = await suite.server.database.query<{ n: number }>('select count(*)::int as n from report_additions')
    expect(row?.n).toBe(1)
  })

  it('leaves for a neutral site at once, with this site gone from the back button', async () => {
    const rp = await resident()
    const { page, context } = rp
    await context.route('https://www.buienradar.nl/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>weer</title>' }))
    await page.locator('button.choice[data-id="following"]').click()
    await page.locator('button.choice[data-id="victim"]').click()
    await page.locator('main.screen-where h1').waitFor()
    const before = await page.evaluate(() => history.length)
    await page.locator('button.quick-exit').click()
    await page.waitForURL('https://www.buienradar.nl/')
    expect(await page.evaluate(() => history.length)).toBe(before)
    await page.goBack()
    expect(page.url()).not.toContain(new URL(suite.server.url).host)
  })
})
