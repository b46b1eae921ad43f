// The resident app shell: state, language, header with quick exit, step navigation, sending and the outbox.
import { h, fill } from './dom.js'
import { taxonomyLabel, findCategory } from '@meldpunt/core/taxonomy'
import { LANGUAGES, detectLanguage, direction, type Language } from '../shared/i18n.js'
import { isolateLatin } from './bidi.js'
import { languageName, translate, type MessageKey } from './i18n/index.js'
import { emptyAnswers, buildReportBody, campaignFromQuery, resolveLocation, type Answers } from './report.js'
import { builtInTaxonomy, loadTaxonomy, type Taxonomy } from './taxonomy.js'
import {
  getJson, newIdempotencyKey, type HelpEntry, type Problem, type ReportCreated, type WaitReason,
} from './api.js'
import { deleteOutbox, flushOutbox, outboxExists, saveToOutbox, type FlushEvent } from './outbox.js'
import { prepareProof, sendWithProof, takeProof } from './proof.js'
import {
  STEPS, type AppContext, type Municipality, type Neighbourhood, type ScreenId, type StepId, type StepView,
} from './context.js'
import { renderCategory } from './steps/choices.js'
import { renderWhere } from './steps/where.js'
import { renderPlaceAndTime } from './steps/place-and-time.js'
import { renderOffenders } from './steps/offenders.js'
import { renderReview } from './steps/review.js'
import { renderHelp, renderSaved, savedTextKey } from './steps/help.js'
import { renderLookup, resetLookup } from './steps/lookup.js'

/** A neutral site to leave for; a navigation, not a resource load, so the CSP does not apply to it. */
const QUICK_EXIT_URL = 'https://www.buienradar.nl/'

/** Two Escapes this close together leave the site, as on many safety sites. */
const DOUBLE_ESCAPE_MS = 1_500
/** The longest the quick exit waits for the device to be cleared before it leaves anyway. */
const QUICK_EXIT_WAIT_MS = 600
/** Marks the one history entry the app adds, so phone Back can move between screens. */
const HISTORY_MARK = 'meldpunt-step'

const stepRenderers: Record<StepId, (ctx: AppContext) => StepView> = {
  category: renderCategory,
  where: renderWhere,
  setting: renderPlaceAndTime,
  offenders: renderOffenders,
  review: renderReview,
}

/** The API speaks Dutch and English; other languages get English from it and their own words from the catalogues. */
const serverLanguage = (lang: Language) => (lang === 'nl' ? 'nl' : 'en')

type ReportMeta = { category: string, urgent: boolean, municipality?: string }

/** When the server asked to wait: its Retry-After (at least a second) plus a little spread, so phones do not all return at once. */
const afterRetryAfter = (ms: number) => Math.max(ms, 1_000) + Math.round(Math.random() * Math.min(ms * 0.1, 30_000))

interface SiteConfig {
  mapStyleUrl: string | null
  placeSearch: boolean
}

export function startApp(root: HTMLElement): void {
  let lang: Language = detectLanguage(navigator.languages ?? [navigator.language], LANGUAGES)
  let screen: ScreenId = 'category'
  let answers: Answers = emptyAnswers()
  let taxonomy: Taxonomy = builtInTaxonomy
  let returningToReview = false
  let sending = false
  let pending: { key: string, fingerprint: string, pow?: string } | undefined
  let lastReport: ReportCreated | undefined
  let lastMeta: ReportMeta | undefined
  let lastProblem: { problem: Problem } | undefined
  let savedMeta: ReportMeta | undefined
  let savedStatus: 'waiting' | 'sending' = 'waiting'
  let savedReason: WaitReason = 'offline'
  let notice: { text: string, showReport: boolean } | undefined
  let view: StepView | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let retryDelay = 5_000
  let receiptKept = false
  /** Where the person asked to go from the thank-you page before keeping the code. */
  let leavingTo: ScreenId | undefined
  /** Screens to return to with Back; while it is not empty, one history entry of ours sits on top. */
  const backStack: ScreenId[] = []
  // Reopened on our own entry (a reload mid-flow): that entry is the one to step off when leaving quickly.
  let historyArmed = (history.state as Record<string, unknown> | null)?.[HISTORY_MARK] === true
  let ignoreNextPop = false
  let exiting = false
  let lastEscape = 0

  const campaign = campaignFromQuery(location.search)
  if (campaign.code) {
    answers.campaignCode = campaign.code
    if (campaign.heardVia && builtInTaxonomy.heardVia.includes(campaign.heardVia)) answers.heardVia = campaign.heardVia
    // Keep the address bar plain: the code is in memory now.
    history.replaceState(null, '', location.pathname)
  }
  if (location.hash === '#receipt') {
    screen = 'lookup'
    history.replaceState(null, '', location.pathname)
  }

  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params)

  // Loaded once per page and kept in memory (the service worker keeps them for offline use).
  let municipalitiesPromise: Promise<Municipality[]> | undefined
  const neighbourhoodCache = new Map<string, Promise<Neighbourhood[]>>()
  let configPromise: Promise<SiteConfig> | undefined
  /** What this installation offers (base map style, place search); asked once, and an unreachable API means neither. */
  const siteConfig = (): Promise<SiteConfig> =>
    (configPromise ??= getJson<{ mapStyleUrl?: unknown, placeSearch?: unknown }>('/api/v1/config')
      .then((c) => ({ mapStyleUrl: typeof c.mapStyleUrl === 'string' && c.mapStyleUrl ? c.mapStyleUrl : null, placeSearch: c.placeSearch === true }))
      .catch(() => ({ mapStyleUrl: null, placeSearch: false })))

  const ctx: AppContext = {
    get lang() { return lang },
    t,
    label(kind, id) {
      const label = taxonomyLabel(kind, id, lang) ?? taxonomy.serverLabels[`${kind}.${id}`] ?? id
      return direction(lang) === 'rtl' ? isolateLatin(label) : label
    },
    hint(categoryId) {
      return findCategory(categoryId)?.description[lang] ?? taxonomy.serverLabels[`categories.${categoryId}.hint`]
    },
    get answers() { return answers },
    get taxonomy() { return taxonomy },
    get returningToReview() { return returningToReview },
    advance(from) {
      const index = STEPS.indexOf(from)
      go(returningToReview ? 'review' : STEPS[Math.min(index + 1, STEPS.length - 1)]!)
    },
    go: (s) => go(s),
    municipalities() {
      municipalitiesPromise ??= getJson<Municipality[]>('/api/v1/municipalities')
      municipalitiesPromise.catch(() => { municipalitiesPromise = undefined })
      return municipalitiesPromise
    },
    neighbourhoods(code) {
      let p = neighbourhoodCache.get(code)
      if (!p) {
        p = getJson<Neighbourhood[]>(`/api/v1/municipalities/${encodeURIComponent(code)}/neighbourhoods`)
        p.catch(() => neighbourhoodCache.delete(code))
        neighbourhoodCache.set(code, p)
      }
      return p
    },
    mapStyleUrl() {
      return siteConfig().then((c) => c.mapStyleUrl)
    },
    placeSearch() {
      return siteConfig().then((c) => c.placeSearch)
    },
    send,
    get sending() { return sending },
    get lastReport() { return lastReport },
    get lastProblem() { return lastProblem },
    get receiptKept() { return receiptKept },
    set receiptKept(kept: boolean) {
      receiptKept = kept
      if (kept) window.removeEventListener('beforeunload', askBeforeUnload)
    },
    startOver() {
      if (!mayLeaveHelp('category')) return
      resetReport()
      clearBackStack()
      go('category')
    },
    announce,
  }

  // Parts of the page that outlive a screen: the live region for announcements.
  const announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite', role: 'status' })
  const page = h('div', { class: 'page' })
  root.replaceChildren(page, announcer)

  function announce(message: string): void {
    announcer.textContent = ''
    // A fresh text node after a tick is read out even when the message repeats.
    setTimeout(() => { announcer.textContent = message }, 50)
  }

  /** Forgets the report in memory: answers, the last receipt and anything about to be shown. */
  function resetReport(): void {
    answers = emptyAnswers()
    if (campaign.code) answers.campaignCode = campaign.code
    lastProblem = undefined
    lastReport = undefined
    lastMeta = undefined
    notice = undefined
    leavingTo = undefined
    returningToReview = false
    receiptKept = false
    window.removeEventListener('beforeunload', askBeforeUnload)
  }

  /**
   * Leaves for a neutral site and leaves nothing behind: the screen is emptied at once, the answers forgotten, the
   * outbox deleted (an unsent report is dropped, see ADR 0004), the offline caches and service worker removed, and
   * our history entry stepped off so the neutral site replaces the page the person came in on.
   */
  async function quickExit(): Promise<void> {
    if (exiting) return
    exiting = true
    window.removeEventListener('beforeunload', askBeforeUnload)
    document.body.replaceChildren()
    document.title = new URL(QUICK_EXIT_URL).hostname
    resetReport()
    if (retryTimer) clearTimeout(retryTimer)
    const clearDevice = Promise.all([
      deleteOutbox(),
      'caches' in window ? caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))) : undefined,
      'serviceWorker' in navigator
        ? navigator.serviceWorker.getRegistrations().then((rs) => Promise.all(rs.map((r) => r.unregister())))
        : undefined,
    ]).catch(() => undefined)
    const offOurEntry = historyArmed ? stepOffHistory() : undefined
    await Promise.race([Promise.all([clearDevice, offOurEntry]), new Promise((r) => setTimeout(r, QUICK_EXIT_WAIT_MS))])
    // Replace, not assign: the back button must not lead here again.
    location.replace(QUICK_EXIT_URL)
  }

  /** Goes back off our history entry, so the next replace lands on the entry the person arrived with. */
  function stepOffHistory(): Promise<void> {
    historyArmed = false
    ignoreNextPop = true
    return new Promise((resolve) => {
      window.addEventListener('popstate', () => resolve(), { once: true })
      history.back()
    })
  }

  function armHistory(): void {
    if (historyArmed || exiting) return
    history.pushState({ [HISTORY_MARK]: true }, '', location.pathname)
    historyArmed = true
  }

  function clearBackStack(): void {
    backStack.length = 0
    if (historyArmed) void stepOffHistory()
  }

  /** Phone Back, or the app's own Back button: the previous screen, with the answers kept. */
  function onPopState(): void {
    if (ignoreNextPop) { ignoreNextPop = false; return }
    historyArmed = false
    if (exiting) return
    if (screen === 'help' && lastReport) {
      // Back from the thank-you page: ask first while the code is not kept; the report itself is sent.
      if (mayLeaveHelp('category')) { resetReport(); backStack.length = 0; go('category') } else armHistory()
      return
    }
    // A saved report waits in the outbox; Back from there starts afresh.
    if (screen === 'saved') { show('category'); return }
    const previous = backStack.pop()
    if (!previous) return
    show(previous)
    if (backStack.length > 0) armHistory()
  }

  function goBack(): void {
    if (historyArmed) history.back()
    else go('category')
  }

  function askBeforeUnload(event: BeforeUnloadEvent): void {
    event.preventDefault()
  }

  /** Whether the thank-you page may be left now; if not, asks the person and remembers where they wanted to go. */
  function mayLeaveHelp(next: ScreenId): boolean {
    if (screen !== 'help' || !lastReport || receiptKept || next === 'help') return true
    leavingTo = next
    render()
    document.getElementById('leave-question')?.focus()
    return false
  }

  function setLanguage(next: Language): void {
    lang = next
    applyDocumentLanguage()
    if (screen === 'help' && lastReport && lastMeta) void refreshHelp()
    render()
    document.getElementById('language-select')?.focus()
    void loadTaxonomy(lang).then((tx) => { if (tx) taxonomy = tx })
  }

  function applyDocumentLanguage(): void {
    document.documentElement.lang = lang
    document.documentElement.dir = direction(lang)
  }

  function globeIcon(): SVGElement {
    const ns = 'http://www.w3.org/2000/svg'
    const svg = document.createElementNS(ns, 'svg')
    svg.setAttribute('viewBox', '0 0 24 24')
    svg.setAttribute('aria-hidden', 'true')
    svg.setAttribute('class', 'icon')
    const path = document.createElementNS(ns, 'path')
    path.setAttribute('d', 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm6.9 6h-2.9a15.7 15.7 0 0 0-1.4-3.6A8 8 0 0 1 18.9 8zM12 4c.8 1.2 1.5 2.5 1.9 4h-3.8c.4-1.5 1.1-2.8 1.9-4zM4.3 14a8.2 8.2 0 0 1 0-4h3.4a16.5 16.5 0 0 0 0 4H4.3zm.8 2h2.9c.3 1.3.8 2.5 1.4 3.6A8 8 0 0 1 5.1 16zM8 8H5.1a8 8 0 0 1 4.3-3.6C8.8 5.5 8.4 6.7 8 8zm4 12c-.8-1.2-1.5-2.5-1.9-4h3.8c-.4 1.5-1.1 2.8-1.9 4zm2.3-6H9.7a14.7 14.7 0 0 1 0-4h4.6a14.7 14.7 0 0 1 0 4zm.3 5.6c.6-1.1 1.1-2.3 1.4-3.6h2.9a8 8 0 0 1-4.3 3.6zM16.3 14a16.5 16.5 0 0 0 0-4h3.4a8.2 8.2 0 0 1 0 4h-3.4z')
    path.setAttribute('fill', 'currentColor')
    svg.appendChild(path)
    return svg
  }

  function renderHeader(): HTMLElement {
    const select = h('select', {
      id: 'language-select',
      onchange: (e: Event) => setLanguage((e.target as HTMLSelectElement).value as Language),
    }, LANGUAGES.map((l) => h('option', { value: l, lang: l, selected: l === lang }, languageName(l))))
    return h('header', { class: 'top' },
      h('div', { class: 'top-row' },
        h('div', { class: 'language' },
          h('label', { for: 'language-select' }, globeIcon(), h('span', null, t('header.language'))),
          select),
        h('button', {
          type: 'button', class: 'quick-exit', 'aria-label': t('header.quickExitLabel'), onclick: () => { void quickExit() },
        }, t('header.quickExit'))),
    )
  }

  function renderNotice(): HTMLElement | null {
    if (!notice) return null
    return h('div', { class: 'notice', role: 'status' },
      h('p', null, notice.text),
      notice.showReport && lastReport
        ? h('button', { type: 'button', class: 'button secondary', onclick: () => { notice = undefined; go('help'); showReceipt() } }, t('receipt.title'))
        : null)
  }

  function renderStep(step: StepId): HTMLElement[] {
    view = stepRenderers[step](ctx)
    const index = STEPS.indexOf(step)
    const fillBar = h('div', { class: 'progress-fill' })
    fillBar.style.inlineSize = `${Math.round(((index + 1) / STEPS.length) * 100)}%`
    const progress = t('progress', { n: index + 1, total: STEPS.length })
    // The step count is part of the heading that gets focus, so a screen reader says it with the question.
    const heading = h('h1', { tabindex: '-1', id: 'question' },
      h('span', { class: 'visually-hidden' }, `${progress}: `),
      h('span', { class: 'question-text' }, view.title))
    const nav = h('div', { class: 'step-nav' },
      index > 0 ? h('button', { type: 'button', class: 'button secondary', 'data-action': 'back', onclick: goBack }, t('nav.back')) : null,
      view.next ? h('button', {
        type: 'button',
        class: 'button primary',
        'data-action': 'next',
        onclick: () => { if (view?.next?.()) ctx.advance(step) },
      }, view.nextLabel ?? (returningToReview ? t('nav.toReview') : t('nav.next'))) : null,
    )
    return [
      h('div', { class: 'progress' },
        h('p', { class: 'progress-text', 'aria-hidden': 'true' }, progress),
        h('div', { class: 'progress-bar', 'aria-hidden': 'true' }, fillBar)),
      step === 'category' ? h('div', { class: 'intro' },
        h('p', { class: 'intro-title' }, t('app.title')),
        h('p', null, t('app.tagline')),
        h('p', null, t('app.notAangifte')),
        h('p', null, t('app.escapeHint'))) : null,
      heading,
      ...view.body,
      nav,
    ].filter((x): x is HTMLElement => x !== null)
  }

  function renderScreen(): HTMLElement[] {
    if ((STEPS as readonly string[]).includes(screen)) return renderStep(screen as StepId)
    view = undefined
    if (screen === 'help') {
      const next = leavingTo
      return renderHelp(ctx, next === undefined ? undefined : {
        leave: () => {
          receiptKept = true
          window.removeEventListener('beforeunload', askBeforeUnload)
          if (next === 'category') { resetReport(); clearBackStack() }
          go(next)
        },
        stay: () => {
          leavingTo = undefined
          render()
          document.querySelector<HTMLElement>('[data-action="copy"]')?.focus()
        },
      })
    }
    if (screen === 'saved') return renderSaved(ctx, { meta: savedMeta, status: savedStatus, reason: savedReason })
    return renderLookup(ctx)
  }

  function render(): void {
    const main = h('main', { id: 'main', class: `screen screen-${screen}` })
    fill(main, renderNotice(), renderScreen())
    const footer = h('footer', { class: 'bottom' },
      screen === 'lookup'
        ? h('button', { type: 'button', class: 'link-button', onclick: goBack }, t('lookup.back'))
        : h('button', { type: 'button', class: 'link-button', onclick: () => go('lookup') }, t('header.receipt')))
    const danger = h('p', { class: 'danger-bar' },
      h('a', { class: 'danger-link', href: 'tel:112' }, t('header.danger')))
    const header = renderHeader()
    fill(page, header, danger, main, footer)
    const heading = main.querySelector('h1 .question-text') ?? main.querySelector('h1')
    document.title = `${heading?.textContent ?? t('app.title')} – ${t('app.name')}`
    keepHeaderSize(header)
  }

  /** Tells the stylesheet how tall the sticky header is, for scroll padding (it wraps on narrow screens and at 200 %). */
  function keepHeaderSize(header: HTMLElement): void {
    document.documentElement.style.setProperty('--header-size', `${Math.ceil(header.getBoundingClientRect().height)}px`)
  }

  /** Moves on to a screen, remembering the one left so Back can return to it. */
  function go(next: ScreenId): void {
    if (!mayLeaveHelp(next)) return
    if (next === 'help' || next === 'saved') backStack.length = 0
    else if (next !== screen && screen !== 'saved' && !(screen === 'help' && next === 'category')) {
      backStack.push(screen)
      armHistory()
    }
    show(next)
  }

  function show(next: ScreenId): void {
    view?.leave?.()
    leavingTo = undefined
    if (screen === 'lookup' && next !== 'lookup') resetLookup()
    if (next === 'review') {
      returningToReview = true
      // Solve the proof of work while the person reads the review, so Send does not wait for it.
      prepareProof()
    }
    if (next === 'help' || next === 'saved' || next === 'lookup') returningToReview = false
    screen = next
    render()
    window.scrollTo(0, 0)
    // Move focus to the new question, so screen readers and keyboards start there.
    const heading = document.querySelector<HTMLElement>('main h1')
    heading?.focus()
  }

  async function refreshHelp(): Promise<void> {
    if (!lastReport || !lastMeta) return
    const serverLang = serverLanguage(lang)
    const query = new URLSearchParams({
      category: lastMeta.category,
      urgent: String(lastMeta.urgent),
      municipality: lastReport.municipality.code,
      lang: serverLang,
    })
    try {
      const data = await getJson<{ help: HelpEntry[] }>(`/api/v1/help?${query.toString()}`)
      if (lastReport && Array.isArray(data.help)) {
        lastReport = { ...lastReport, help: data.help }
        if (screen === 'help') render()
      }
    } catch {
      // Keep the help we have; it is in the language the report was sent in.
    }
  }

  async function send(): Promise<void> {
    if (sending) return
    const body = buildReportBody(answers, t('where.placeText.prefix'))
    const fingerprint = JSON.stringify(body)
    // Same answers, same key (and the same solution): a retry after a lost response is then deduplicated by the server.
    if (!pending || pending.fingerprint !== fingerprint) pending = { key: newIdempotencyKey(), fingerprint }
    const current = pending
    const meta: ReportMeta = { category: body.category, urgent: body.urgent === true }
    sending = true
    lastProblem = undefined
    render()
    announce(t('review.sending'))
    current.pow ??= await takeProof()
    const { outcome, pow } = await sendWithProof(body, current.key, serverLanguage(lang), current.pow)
    current.pow = pow
    sending = false
    if (outcome.kind === 'created') {
      lastReport = outcome.report
      lastMeta = meta
      finishReport()
      go('help')
      showReceipt()
      return
    }
    if (outcome.kind === 'retry-later') {
      const { reason, retryAfterMs } = outcome
      try {
        await saveToOutbox({
          key: current.key, body, lang: serverLanguage(lang), savedAt: new Date().toISOString(), pow,
          ...(retryAfterMs !== undefined ? { notBefore: Date.now() + retryAfterMs, waitReason: reason } : {}),
        })
      } catch {
        // No storage on this device (private mode): say so, with the answers still on the screen.
        const code = { offline: undefined, busy: 'MELDPUNT_ERR_OVERLOADED', 'municipality-busy': 'MELDPUNT_ERR_MUNICIPALITY_BUSY' }[reason]
        lastProblem = { problem: { status: 0, code } }
        render()
        document.getElementById('send-error')?.focus()
        return
      }
      savedMeta = meta
      savedStatus = 'waiting'
      savedReason = reason
      finishReport()
      go('saved')
      scheduleFlush(retryAfterMs !== undefined ? afterRetryAfter(retryAfterMs) : retryDelay)
      return
    }
    lastProblem = { problem: outcome.problem }
    render()
    document.getElementById('send-error')?.focus()
  }

  /** Nothing answered yet: the person has only just opened the app. */
  function untouched(): boolean {
    return !answers.category && !answers.role && !resolveLocation(answers.where)
  }

  /** A new receipt: it has not been kept yet, so leaving the page asks first, the browser's own leave included. */
  function showReceipt(): void {
    receiptKept = false
    window.addEventListener('beforeunload', askBeforeUnload)
  }

  /** Forgets the answers once the report is either confirmed or safely queued. */
  function finishReport(): void {
    answers = emptyAnswers()
    if (campaign.code) answers.campaignCode = campaign.code
    pending = undefined
    returningToReview = false
  }

  function scheduleFlush(delay: number): void {
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = setTimeout(() => { void flush() }, delay)
  }

  function onFlushEvent(event: FlushEvent): void {
    switch (event.kind) {
      case 'sending':
        if (screen === 'saved') setSavedStatus('sending')
        break
      case 'sent':
        lastReport = event.report
        lastMeta = { category: event.item.body.category, urgent: event.item.body.urgent === true }
        retryDelay = 5_000
        // On the saved screen, or on opening the app again before anything is answered: straight to the receipt.
        if (screen === 'saved' || (screen === 'category' && untouched())) {
          go('help')
          showReceipt()
          announce(t('saved.sent'))
        } else {
          notice = { text: t('saved.sent'), showReport: true }
          render()
          announce(t('saved.sent'))
        }
        break
      case 'rejected': {
        const reason = problemText(event.problem)
        notice = { text: t('saved.rejected', { reason }), showReport: false }
        if (screen === 'saved') show('category')
        else render()
        announce(notice.text)
        break
      }
      case 'waiting':
        if (screen === 'saved') {
          setSavedStatus('waiting')
          setSavedReason(event.reason)
        }
        if (event.retryAfterMs !== undefined) {
          scheduleFlush(afterRetryAfter(event.retryAfterMs))
        } else {
          retryDelay = Math.min(retryDelay * 2, 60_000)
          scheduleFlush(retryDelay)
        }
        break
      case 'empty':
        if (retryTimer) clearTimeout(retryTimer)
        break
    }
  }

  /** Updates the saved screen's status line in place, so focus and reading position stay where they are. */
  function setSavedStatus(status: 'waiting' | 'sending'): void {
    savedStatus = status
    const line = document.getElementById('saved-status')
    if (!line) return
    line.replaceChildren(...(status === 'sending' ? [h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('saved.sending')] : []))
  }

  /** Says why the saved report waits, in place, when that changes (offline, then busy, or the other way round). */
  function setSavedReason(reason: WaitReason): void {
    if (reason === savedReason) return
    savedReason = reason
    const text = document.querySelector('main .saved-text')
    if (text) text.textContent = t(savedTextKey(reason))
  }

  function problemText(problem: Problem): string {
    if (problem.code === 'MELDPUNT_ERR_OUTSIDE_MUNICIPALITY') return t('error.outside')
    if (problem.code === 'MELDPUNT_ERR_POW_REQUIRED' || problem.code === 'MELDPUNT_ERR_POW_INVALID') return t('error.proof')
    return t('error.generic')
  }

  async function flush(): Promise<void> {
    try {
      await flushOutbox(onFlushEvent)
    } catch {
      scheduleFlush(retryDelay)
    }
  }

  window.addEventListener('online', () => { retryDelay = 5_000; void flush() })
  window.addEventListener('popstate', onPopState)
  window.addEventListener('resize', () => {
    const header = document.querySelector<HTMLElement>('header.top')
    if (header) keepHeaderSize(header)
  })
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return
    const now = Date.now()
    if (now - lastEscape < DOUBLE_ESCAPE_MS) void quickExit()
    lastEscape = now
  })
  // Restored from the back-forward cache after a quick exit: leave again rather than show anything.
  window.addEventListener('pageshow', (event) => { if (event.persisted && exiting) location.replace(QUICK_EXIT_URL) })

  void outboxExists().then((exists) => { if (exists) void flush() }).catch(() => undefined)

  applyDocumentLanguage()
  render()
  void loadTaxonomy(lang).then((tx) => { if (tx) taxonomy = tx })
}
