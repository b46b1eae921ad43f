// Proof of work and back-pressure in the resident app: solved challenges off the first screen, "saved, sent later" on 503/429.
import { describe, expect, it } from 'vitest'
import type { Page, Route } from 'playwright-core'
import { contractBody, newKey } from '../fixtures.js'
import { solveForHeader } from '../../apps/api/src/plugins/proof-of-work.js'
import { browserStorage, fileMinimalReport, waitForHelp, type ResidentPage, residentSuite } from './support.js'

// Proof of work required, and a cap of one report per municipality per hour: each test files one in Amsterdam
// (the counters are emptied between tests), and the cap test fills it first.
const suite = residentSuite({ POW_REQUIRED: true, MUNICIPALITY_HOURLY_CAP: 1 })
const resident = suite.resident

const reportCount = async () => (await suite.server.database.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n
const challengeRequests = (rp: ResidentPage) => rp.requests.filter((u) => u.includes('/api/v1/challenge')).length
const solverRequests = (rp: ResidentPage) => rp.requests.filter((u) => /\/assets\/pow-(solver|worker)-/.test(u))

type Outboxed = { key: string, pow?: string, notBefore?: number, waitReason?: string }
/** The reports waiting in the page's outbox, read without creating the database. */
const outbox = (page: Page) => page.evaluate(async () => {
  if (!(await indexedDB.databases()).some((d) => d.name === 'meldpunt-outbox')) return []
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const r = indexedDB.open('meldpunt-outbox')
    r.onsuccess = () => res(r.result)
    r.onerror = () => rej(r.error)
  })
  const items = await new Promise<unknown[]>((res) => {
    const req = db.transaction('reports').objectStore('reports').getAll()
    req.onsuccess = () => res(req.result)
  })
  db.close()
  return items
}) as Promise<Outboxed[]>

/** A problem answer as the API gives it, for page.route to stand in for the suite.server. */
function problem(route: Route, status: number, code: string, retryAfter?: number): Promise<void> {
  return route.fulfill({
    status,
    headers: { 'content-type': 'application/problem+json', ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}) },
    body: JSON.stringify({ type: 'urn:meldpunt:problem:test', title: code, status, code }),
  })
}

/** Records every report POST (time, key, solution) and answers the first ones with the given problems. */
async function answerReports(page: Page, answers: ((route: Route) => Promise<void>)[]) {
  const posts: { at: number, key: string, pow: string }[] = []
  await page.route('**/api/v1/reports', async (route) => {
    const headers = route.request().headers()
    posts.push({ at: Date.now(), key: headers['idempotency-key'] ?? '', pow: headers['x-meldpunt-pow'] ?? '' })
    const answer = answers[posts.length - 1]
    if (answer) await answer(route)
    else await route.continue()
  })
  return posts
}

const decodePow = (header: string) => JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as {
  challenge: { parameters: { nonce: string } }, solution: { counter: number, derivedKey: string }
}

describe('proof of work', () => {
  it('solves a challenge from the review step on, off the first screen, and files the report once', async () => {
    const rp = await resident()
    // The first screen loads neither the challenge nor the solver.
    expect(challengeRequests(rp)).toBe(0)
    expect(solverRequests(rp)).toEqual([])
    await fileMinimalReport(rp, {
      onStep: async (step) => {
        if (step !== 'review') {
          expect(challengeRequests(rp), step).toBe(0)
          expect(solverRequests(rp), step).toEqual([])
        }
      },
      stopAtReview: true,
    })
    // On the review step the challenge is fetched and solved in a worker from our own origin.
    await expect.poll(() => challengeRequests(rp)).toBe(1)
    await expect.poll(() => solverRequests(rp).some((u) => u.includes('/assets/pow-worker-'))).toBe(true)
    await rp.page.locator('[data-action="send"]').click()
    await waitForHelp(rp.page)
    expect(await rp.page.locator('main h1').textContent()).toContain('Je melding is ontvangen')
    expect(await reportCount()).toBe(1)
    expect(challengeRequests(rp)).toBe(1)

    const origin = new URL(suite.server.url).origin
    expect(rp.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([])
    // No CSP violation, and no worker that failed to load and left the work to the main thread.
    expect(rp.errors).toEqual([])
    expect(await browserStorage(rp.page)).toMatchObject({ local: 0, session: 0, records: 0, databases: [] })
  })

  it('sends a report saved offline before any challenge could load, with a fresh solution once online', async () => {
    const rp = await resident()
    const { page, context } = rp
    await page.evaluate(() => navigator.serviceWorker.ready)
    // The connection drops before the review step: no challenge, no solver.
    await fileMinimalReport(rp, { onStep: async (step) => { if (step === 'setting') await context.setOffline(true) } })
    await page.locator('main.screen-saved h1').waitFor()
    expect(await page.locator('.saved-text').textContent()).toContain('vanzelf verstuurd')
    expect(await outbox(page)).toEqual([expect.objectContaining({ key: expect.any(String) })])
    expect((await outbox(page))[0]!.pow).toBeUndefined()

    await context.setOffline(false)
    await waitForHelp(page)
    await page.waitForTimeout(1500)
    expect(await reportCount()).toBe(1)
    await expect.poll(async () => (await browserStorage(page)).databases).toEqual([])
  })

  it('keeps a saved report\'s solution with its key, and solves a fresh challenge when the server refuses it', async () => {
    const rp = await resident({ context: { serviceWorkers: 'block' } })
    const { page } = rp
    const posts = await answerReports(page, [
      (route) => problem(route, 503, 'MELDPUNT_ERR_OVERLOADED', 3),
      // As if the stored solution expired while the report waited.
      (route) => problem(route, 403, 'MELDPUNT_ERR_POW_INVALID'),
    ])
    await fileMinimalReport(rp)
    await page.locator('main.screen-saved h1').waitFor()
    const [saved] = await outbox(page)
    expect(saved?.key).toBe(posts[0]!.key)
    expect(saved?.pow).toBe(posts[0]!.pow)
    expect(decodePow(saved!.pow!).solution.derivedKey).toMatch(/^[0-9a-f]+$/)

    await waitForHelp(page)
    expect(posts).toHaveLength(3)
    expect(new Set(posts.map((p) => p.key)).size).toBe(1)
    expect(posts[1]!.pow).toBe(posts[0]!.pow)
    expect(decodePow(posts[2]!.pow).challenge.parameters.nonce).not.toBe(decodePow(posts[0]!.pow).challenge.parameters.nonce)
    expect(challengeRequests(rp)).toBe(2)
    expect(await reportCount()).toBe(1)
    await expect.poll(async () => (await browserStorage(page)).databases).toEqual([])
  })
})

describe('saved, sent later', () => {
  it('the municipality\'s hourly cap: says saved, and exactly one report arrives after the hour turns', async () => {
    // Fill Amsterdam's cap of one with a report sent straight to the API.
    const filler = await suite.server.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { 'idempotency-key': newKey(), 'x-meldpunt-pow': await solveForHeader(await suite.server.app.proofOfWork.issue()) },
      payload: contractBody(),
    })
    expect(filler.statusCode).toBe(201)

    const rp = await resident({ context: { serviceWorkers: 'block' } })
    const { page } = rp
    // The page's clock, so the test need not wait for the next hour; it runs on until fast-forwarded.
    await page.clock.install()
    const posts = await answerReports(page, [])
    await fileMinimalReport(rp)
    await page.locator('main.screen-saved h1').waitFor()
    expect(await page.locator('main h1').textContent()).toBe('Je melding is bewaard')
    expect(await page.locator('.saved-text').textContent()).toContain('ongewoon veel meldingen')
    expect(await reportCount()).toBe(1)
    const [saved] = await outbox(page)
    expect(saved).toMatchObject({ key: posts[0]!.key, pow: posts[0]!.pow, waitReason: 'municipality-busy' })
    const pageNow = await page.evaluate(() => Date.now())
    expect(saved!.notBefore! - pageNow).toBeGreaterThan(0)

    // Nothing is sent before Retry-After, not even when the connection comes back.
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await page.waitForTimeout(1000)
    expect(posts).toHaveLength(1)

    // The hour turns: the counters start again, and the page's clock passes Retry-After (plus its spread).
    await suite.server.database.query('delete from intake_hourly')
    await page.clock.fastForward(saved!.notBefore! - pageNow + 31_000)
    await waitForHelp(page)
    await page.waitForTimeout(1500)
    expect(posts).toHaveLength(2)
    expect(posts[1]).toMatchObject({ key: posts[0]!.key, pow: posts[0]!.pow })
    expect(await reportCount()).toBe(2)
    await expect.poll(async () => (await browserStorage(page)).databases).toEqual([])
  })

  it('overload (503) and a rate limit (429): says saved, retries after Retry-After, and one report arrives', async () => {
    const rp = await resident({ context: { serviceWorkers: 'block' } })
    const { page } = rp
    const posts = await answerReports(page, [
      (route) => problem(route, 503, 'MELDPUNT_ERR_OVERLOADED', 2),
      (route) => problem(route, 429, 'MELDPUNT_ERR_RATE_LIMITED', 1),
    ])
    await fileMinimalReport(rp)
    await page.locator('main.screen-saved h1').waitFor()
    expect(await page.locator('main h1').textContent()).toBe('Je melding is bewaard')
    expect(await page.locator('.saved-text').textContent()).toContain('erg druk')
    expect(await reportCount()).toBe(0)

    await waitForHelp(page)
    await page.waitForTimeout(1500)
    expect(posts).toHaveLength(3)
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(2000)
    expect(posts[2]!.at - posts[1]!.at).toBeGreaterThanOrEqual(1000)
    expect(new Set(posts.map((p) => p.key)).size).toBe(1)
    expect(new Set(posts.map((p) => p.pow)).size).toBe(1)
    expect(await reportCount()).toBe(1)
    await expect.poll(async () => (await browserStorage(page)).databases).toEqual([])
  })
})
