// Shared browser-test plumbing: Chromium via playwright-core, a phone-sized resident page and walking the report flow,
// a desktop staff page, and axe-core.
import AxeBuilder from '@axe-core/playwright'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, resolve } from 'node:path'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { resetData } from '../helpers/database.js'
import { startServer, type RunningServer } from '../helpers/server.js'
import type { Config } from '../../apps/api/src/config.js'
import { BROWSER_DIST } from './dist.js'

export const SCREENSHOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../artifacts/screenshots')

/** The real API on loopback, serving the web app the test run built (see global-setup.ts), with optional config. */
export function startResidentServer(config: Partial<Config> = {}): Promise<RunningServer> {
  return startServer({ config: { ...config, WEB_DIST: BROWSER_DIST } })
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    ],
  })
}

export type ResidentPage = {
  context: BrowserContext
  page: Page
  /** Every URL the page, its workers and its service worker requested. */
  requests: string[]
  /** Console errors and page errors, CSP violations included. */
  errors: string[]
  /** Interactions a person made (taps or key presses that change something). */
  taps: number
}

/** A fresh phone-sized context (360×740) in the given browser language. */
export async function openResident(
  browser: Browser, baseUrl: string, options: { locale?: string, path?: string, context?: BrowserContextOptions } = {},
): Promise<ResidentPage> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    locale: options.locale ?? 'nl-NL',
    ...options.context,
  })
  const result: ResidentPage = { context, page: undefined as unknown as Page, requests: [], errors: [], taps: 0 }
  context.on('request', (r) => { result.requests.push(r.url()) })
  const page = await context.newPage()
  page.on('console', (m) => { if (m.type() === 'error') result.errors.push(m.text()) })
  page.on('pageerror', (e) => { result.errors.push(e.message) })
  result.page = page
  await page.goto(`${baseUrl}${options.path ?? '/'}`)
  await page.locator('main h1').waitFor()
  return result
}

/** A tap on something the person can see; counted. */
export async function tap(rp: ResidentPage, target: Locator): Promise<void> {
  rp.taps += 1
  await target.click()
}

export async function waitForMap(page: Page): Promise<void> {
  try {
    await page.locator('.map[data-map-idle="true"][data-bounds]').waitFor({ timeout: 60_000 })
  } catch (error) {
    const status = await page.locator('.map-status').textContent().catch(() => '')
    const host = await page.locator('.map').evaluate((e) => e.outerHTML.slice(0, 300)).catch(() => '')
    throw new Error(`map did not settle (status: ${status}; ${host})`, { cause: error })
  }
}

/** Taps the map where a longitude/latitude is drawn, using the map's visible bounds (Web Mercator). */
export async function tapMapAt(rp: ResidentPage, lon: number, lat: number): Promise<void> {
  const { page } = rp
  await waitForMap(page)
  const map = page.locator('.map')
  const [west, south, east, north] = (await map.getAttribute('data-bounds'))!.split(',').map(Number) as [number, number, number, number]
  const box = (await map.locator('canvas').boundingBox())!
  const mercatorY = (latitude: number) => Math.log(Math.tan(Math.PI / 4 + (latitude * Math.PI) / 360))
  const x = box.x + ((lon - west) / (east - west)) * box.width
  const y = box.y + ((mercatorY(north) - mercatorY(lat)) / (mercatorY(north) - mercatorY(south))) * box.height
  rp.taps += 1
  await page.mouse.click(x, y)
  await page.locator('.pin-status').filter({ hasText: /./ }).waitFor()
}

/** Waits for the help screen with its receipt code; on failure says which screen the page is on instead. */
export async function waitForHelp(page: Page, timeout = 60_000): Promise<void> {
  try {
    await page.locator('.receipt-code').waitFor({ timeout })
  } catch (error) {
    const screen = await page.locator('main').getAttribute('class').catch(() => '?')
    const heading = await page.locator('main h1').textContent().catch(() => '?')
    const problem = await page.locator('#send-error').textContent().catch(() => '')
    throw new Error(`no help screen: on "${screen}" (${heading}) ${problem ?? ''}`, { cause: error })
  }
}

export const AMSTERDAM = { lon: 4.8952, lat: 52.3702 }

/** Screen names for screenshot files; `fullPage` takes the whole scrolled page, not only the viewport. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: resolve(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? false })
}

export type AxeViolation = { id: string, impact?: string | null, help: string, nodes: unknown[] }

/** axe-core's WCAG 2.1 A/AA violations on the page as it is now; `wcag22` adds WCAG 2.2 AA. Empty when it passes. */
export async function axeViolations(page: Page, options: { wcag22?: boolean } = {}): Promise<AxeViolation[]> {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', ...(options.wcag22 ? ['wcag22aa'] : [])]
  const result = await new AxeBuilder({ page }).withTags(tags).analyze()
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target) }))
}

export interface StaffPage {
  browser: Browser
  context: BrowserContext
  page: Page
  /** Console errors and uncaught page errors so far: a staff test expects none. */
  problems: string[]
  close(): Promise<void>
}

/** A desktop-sized staff page in its own Chromium, Dutch unless `locale` says otherwise. */
export async function openStaffPage(locale = 'nl-NL'): Promise<StaffPage> {
  const browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 1, locale })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()) })
  page.on('pageerror', (e) => { problems.push(e.message) })
  return {
    browser, context, page, problems,
    close: async () => {
      await context.close()
      await browser.close()
    },
  }
}

/** Signs in on the staff app's Dutch form with the keyboard and waits for the first view. */
export async function signInStaff(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/staff/`)
  await page.getByLabel('E-mailadres').fill(email)
  await page.getByLabel('Wachtwoord').fill(password)
  await page.keyboard.press('Enter')
  await page.locator('h1').first().waitFor()
}

export type FlowOptions = {
  category?: string
  role?: string
  setting?: string
  urgent?: boolean
  /** Place the pin with "Use my location" (the context needs a geolocation) instead of a tap on the map. */
  myLocation?: boolean
  /** Called on each step after it renders, e.g. for axe or screenshots. */
  onStep?: (step: string) => Promise<void>
  /** Stop at the review step without sending. */
  stopAtReview?: boolean
  /** Answers on the optional "who did it" screen (input values); none: Next without answers. */
  offenders?: string[]
}

/** Walks the minimal report by taps: category and who, a pin in Amsterdam and Next, kind of place and just now, Next past "who did it", send. */
export async function fileMinimalReport(rp: ResidentPage, options: FlowOptions = {}): Promise<void> {
  const { page } = rp
  const step = async (name: string) => {
    await page.locator(`main.screen-${name} h1`).waitFor()
    await options.onStep?.(name)
  }
  await step('category')
  await tap(rp, page.locator(`button.choice[data-id="${options.category ?? 'catcalling'}"]`))
  await tap(rp, page.locator(`button.choice[data-id="${options.role ?? 'victim'}"]`))
  await step('where')
  if (options.myLocation) {
    await tap(rp, page.locator('[data-action="my-location"]'))
    await page.locator('.pin-status').filter({ hasText: /./ }).waitFor()
    await page.locator('[data-action="remove-pin"]:not([hidden])').waitFor()
  } else {
    await tapMapAt(rp, AMSTERDAM.lon, AMSTERDAM.lat)
  }
  await options.onStep?.('where-pinned')
  await tap(rp, page.locator('[data-action="next"]'))
  await step('setting')
  await tap(rp, page.locator(`button.choice[data-id="${options.setting ?? 'street'}"]`))
  await tap(rp, page.locator('button.choice[data-id="just-now"]'))
  await step('offenders')
  for (const value of options.offenders ?? []) await tap(rp, page.locator(`main.screen-offenders label[for="${await page.locator(`main.screen-offenders input[value="${value}"]`).getAttribute('id')}"]`))
  if (options.offenders?.length) await options.onStep?.('offenders-answered')
  await tap(rp, page.locator('[data-action="next"]'))
  await step('review')
  if (options.urgent) await tap(rp, page.locator('.urgent input[type="checkbox"]'))
  if (options.stopAtReview) return
  await tap(rp, page.locator('[data-action="send"]'))
}

/** Goes offline on the review step and sends: the report lands in the outbox and the "saved" screen shows. */
export async function sendWhileOffline(rp: ResidentPage): Promise<void> {
  await rp.context.setOffline(true)
  await rp.page.locator('[data-action="send"]').click()
  await rp.page.locator('main.screen-saved h1').waitFor()
}

/** What the second person on a shared phone could find: Cache Storage keys and service worker registrations. */
export async function browserCaches(page: Page): Promise<{ caches: string[], workers: number }> {
  return page.evaluate(async () => ({
    caches: await caches.keys(),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
  }))
}

/** Everything the origin keeps in the browser: localStorage, sessionStorage, IndexedDB databases and their records. */
export async function browserStorage(page: Page): Promise<{ local: number, session: number, databases: string[], records: number, cookie: string }> {
  return page.evaluate(async () => {
    const dbs = await indexedDB.databases()
    let records = 0
    for (const info of dbs) {
      if (!info.name) continue
      const db = await new Promise<IDBDatabase | undefined>((res) => {
        const r = indexedDB.open(info.name!)
        // Deleted since databases() listed it: do not create it again by looking.
        r.onupgradeneeded = () => r.transaction?.abort()
        r.onsuccess = () => res(r.result)
        r.onerror = () => res(undefined)
      })
      if (!db) continue
      for (const store of Array.from(db.objectStoreNames)) {
        records += await new Promise<number>((res) => {
          const req = db.transaction(store).objectStore(store).count()
          req.onsuccess = () => res(req.result)
        })
      }
      db.close()
    }
    return {
      local: localStorage.length,
      session: sessionStorage.length,
      databases: dbs.map((d) => d.name ?? ''),
      records,
      cookie: document.cookie,
    }
  })
}

export interface ResidentSuite {
  readonly server: RunningServer
  readonly browser: Browser
  /** A fresh resident page, closed before the next test. */
  resident(options?: Parameters<typeof openResident>[2]): Promise<ResidentPage>
  /** Pages a test opened itself, to be closed before the next test. */
  track(rp: ResidentPage): ResidentPage
}

/**
 * The set-up every resident test file shares: one real server (with `config`) and one browser per file, every
 * page closed and the data emptied before each test.
 */
export function residentSuite(config: Partial<Config> = {}): ResidentSuite {
  let server: RunningServer
  let browser: Browser
  const open: ResidentPage[] = []
  beforeAll(async () => {
    server = await startResidentServer(config)
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  beforeEach(async () => {
    while (open.length) await open.pop()!.context.close()
    await resetData(server.database)
  })
  const track = (rp: ResidentPage): ResidentPage => {
    open.push(rp)
    return rp
  }
  return {
    get server() {
      return server
    },
    get browser() {
      return browser
    },
    resident: async (options = {}) => track(await openResident(browser, server.url, options)),
    track,
  }
}
