// The signed-in shell: header with navigation, language switch and sign-out, and a hash router that renders one view at a time.
import { clearCache, getCached, request, setCsrf } from './api.js'
import { h, replace } from './dom.js'
import { lang, onLangChange, setLang, t, type MessageKey } from './i18n/index.js'
import type { MunicipalitySummary, StaffRole, StaffSession } from '@meldpunt/core/api'
import { errorBox, loading } from './ui.js'

export interface ViewContext {
  session: StaffSession
  municipality: MunicipalitySummary | null
  params: Record<string, string>
  query: URLSearchParams
  navigate(hash: string): void
  /** Rewrites the hash without rendering again (a view that updates itself in place). */
  replaceQuery(query: URLSearchParams): void
  /** Reads the session again (after setting up a second step the municipality requires) and redraws the navigation. */
  refreshSession(): Promise<void>
}

export interface View {
  title: string
  el: HTMLElement
  dispose?(): void
}

export type ViewFactory = (ctx: ViewContext) => View | Promise<View>

interface Route { pattern: RegExp, keys: string[], nav: NavKey, load: () => Promise<ViewFactory> }
type NavKey = 'dashboard' | 'reports' | 'neighbourhoods' | 'campaigns' | 'interventions' | 'alerts' | 'audit'
  | 'neighbourhoodImport' | 'staff' | 'settings'
  | 'neighbourhoodImport' | 'staff' | 'security'

function route(path: string, nav: NavKey, load: () => Promise<ViewFactory>): Route {
  const keys: string[] = []
  const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, k: string) => { keys.push(k); return '([^/]+)' })}$`)
  return { pattern, keys, nav, load }
}

// Views are separate chunks: the map library loads only with the dashboard, the effect pages only when opened.
const ROUTES: Route[] = [
  route('/', 'dashboard', async () => (await import('./views/dashboard-view.js')).dashboardView),
  route('/reports', 'reports', async () => (await import('./views/reports-view.js')).reportsView),
  route('/neighbourhoods', 'neighbourhoods', async () => (await import('./views/neighbourhoods-view.js')).neighbourhoodsView),
  route('/neighbourhoods/:code', 'neighbourhoods', async () => (await import('./views/neighbourhoods-view.js')).neighbourhoodSummaryView),
  route('/campaigns', 'campaigns', async () => (await import('./views/campaigns-view.js')).campaignsView),
  route('/campaigns/new', 'campaigns', async () => (await import('./views/campaigns-view.js')).campaignFormView),
  route('/campaigns/:id/edit', 'campaigns', async () => (await import('./views/campaigns-view.js')).campaignFormView),
  route('/campaigns/:id', 'campaigns', async () => (await import('./views/campaign-effect-view.js')).campaignEffectView),
  route('/campaigns/:id/council', 'campaigns', async () => (await import('./views/campaign-effect-view.js')).councilSummaryView),
  route('/interventions', 'interventions', async () => (await import('./views/interventions-view.js')).interventionsView),
  route('/interventions/new', 'interventions', async () => (await import('./views/interventions-view.js')).interventionFormView),
  route('/interventions/:id', 'interventions', async () => (await import('./views/interventions-view.js')).interventionEffectView),
  route('/alerts', 'alerts', async () => (await import('./views/alerts-view.js')).alertsView),
  route('/audit', 'audit', async () => (await import('./views/audit-view.js')).auditView),
  // Administration (admins).
  route('/admin/neighbourhoods', 'neighbourhoodImport', async () => (await import('./views/neighbourhood-upload-view.js')).neighbourhoodUploadView),
  route('/staff', 'staff', async () => (await import('./views/accounts-view.js')).accountsView),
  route('/settings', 'settings', async () => (await import('./views/settings-view.js')).settingsView),
  // Every staff member's own second step (and the municipal rule for admins).
  route('/security', 'security', async () => (await import('./views/security-view.js')).securityView),
]

/** The one page an admin who must still set up a second step can open (the API refuses the rest). */
const ENROLMENT_PATH = '/security'

const NAV: { key: NavKey, hash: string, label: MessageKey, roles?: readonly StaffRole[] }[] = [
  { key: 'dashboard', hash: '#/', label: 'nav.dashboard' },
  { key: 'reports', hash: '#/reports', label: 'nav.reports', roles: ['analyst', 'admin'] },
  { key: 'neighbourhoods', hash: '#/neighbourhoods', label: 'nav.neighbourhoods' },
  // The campaign register is for campaign teams and administrators (CAMPAIGN_ROLES in @meldpunt/core/api).
  { key: 'campaigns', hash: '#/campaigns', label: 'nav.campaigns', roles: ['campaign', 'admin'] },
  { key: 'interventions', hash: '#/interventions', label: 'nav.interventions' },
  { key: 'alerts', hash: '#/alerts', label: 'nav.alerts' },
  { key: 'audit', hash: '#/audit', label: 'nav.audit', roles: ['admin'] },
  // Administration (admins).
  { key: 'neighbourhoodImport', hash: '#/admin/neighbourhoods', label: 'nav.neighbourhoodImport', roles: ['admin'] },
  // Staff accounts: administrators of a municipality only.
  { key: 'staff', hash: '#/staff', label: 'nav.staff', roles: ['admin'] },
  // The municipality's settings: administrators only.
  { key: 'settings', hash: '#/settings', label: 'nav.settings', roles: ['admin'] },
  { key: 'security', hash: '#/security', label: 'nav.security' },
]

export function parseHash(hash = location.hash): { path: string, query: URLSearchParams } {
  const raw = hash.replace(/^#/, '') || '/'
  const [path = '/', query = ''] = raw.split('?')
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(query) }
}

export function startApp(root: HTMLElement, session: StaffSession, onSignedOut: () => void): () => void {
  setCsrf(session.csrf)
  let municipality: MunicipalitySummary | null = null
  let current: View | null = null
  let renderCount = 0

  const main = h('main', { id: 'content', tabindex: '-1' })
  const navList = h('ul', { class: 'nav-list' })
  const header = h('header', { class: 'site-header' })

  const signOut = async () => {
    try { await request('/staff/logout', { method: 'POST', quietUnauthenticated: true }) } catch { /* the session is gone either way */ }
    setCsrf(null)
    clearCache()
    onSignedOut()
  }

  function renderHeader(active: NavKey | null) {
    const role = session.user.role
    const open = (n: (typeof NAV)[number]) => session.secondFactorEnrolmentRequired ? n.key === 'security' : !n.roles || n.roles.includes(role)
    replace(navList, NAV.filter(open).map((n) =>
      h('li', null, h('a', { href: n.hash, 'aria-current': n.key === active ? 'page' : null }, t(n.label)))))
    replace(header,
      h('div', { class: 'header-top' },
        h('a', { class: 'skip-link', href: '#content', onclick: (e: Event) => { e.preventDefault(); main.focus() } }, t('common.skipToContent')),
        h('div', { class: 'brand' },
          h('span', { class: 'brand-name' }, t('app.name')),
          session.user.municipality ? h('span', { class: 'brand-municipality' }, session.user.municipality.name) : null),
        h('div', { class: 'account' },
          h('button', { type: 'button', class: 'link-button', lang: lang() === 'nl' ? 'en' : 'nl', 'aria-label': t('language.switchLabel'), onclick: () => setLang(lang() === 'nl' ? 'en' : 'nl') }, t('language.switch')),
          h('span', { class: 'account-email', title: t('login.signedInAs', { email: session.user.email }) }, h('span', { class: 'visually-hidden' }, t('login.signedInAs', { email: '' })), session.user.email),
          h('button', { type: 'button', class: 'secondary small', onclick: () => void signOut() }, t('login.signOut')))),
      h('nav', { 'aria-label': t('nav.main') }, navList))
  }

  async function render(focus: boolean) {
    const mine = ++renderCount
    const { path, query } = parseHash()
    const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m)
    renderHeader(match?.r.nav ?? null)
    current?.dispose?.()
    current = null
    replace(main, loading())
    if (session.secondFactorEnrolmentRequired && path !== ENROLMENT_PATH) {
      location.replace(`#${ENROLMENT_PATH}`)
      return
    }
    if (!session.user.municipality && path !== ENROLMENT_PATH) {
      replace(main, h('div', { class: 'notice' }, h('p', null, t('login.nationalOnly'))))
      return
    }
    if (!match) {
      location.replace('#/')
      return
    }
    const params = Object.fromEntries(match.r.keys.map((k, i) => [k, decodeURIComponent(match.m![i + 1] ?? '')]))
    const ctx: ViewContext = {
      session,
      municipality,
      params,
      query,
      navigate: (hash) => { location.hash = hash },
      replaceQuery: (q) => {
        const text = q.toString()
        const next = `#${path}${text ? `?${text}` : ''}`
        // replaceState fires no hashchange, so the view is not rendered again.
        if (next !== location.hash) history.replaceState(null, '', next)
      },
      refreshSession: async () => {
        Object.assign(session, await request<StaffSession>('/staff/session'))
        setCsrf(session.csrf)
        renderHeader(match.r.nav)
      },
    }
    try {
      // A busy server may shed a chunk request with 503: ask once more after a moment before giving up.
      const factory = await match.r.load().catch(() => new Promise<void>((r) => setTimeout(r, 1500)).then(() => match.r.load()))
      const view = await factory(ctx)
      if (mine !== renderCount) { view.dispose?.(); return }
      current = view
      replace(main, view.el)
      document.title = `${view.title} · ${t('app.title')}`
      if (focus) main.focus()
    } catch (error) {
      if (mine === renderCount) replace(main, errorBox(error, () => void render(true)))
    }
  }

  const onHash = () => void render(true)
  window.addEventListener('hashchange', onHash)
  const offLang = onLangChange(() => void render(false))

  replace(root, header, main)
  renderHeader(null)
  replace(main, loading())
  void (async () => {
    municipality = await getCached<MunicipalitySummary[]>('/municipalities')
      .then((list) => list.find((m) => m.code === session.user.municipality?.code) ?? null)
      .catch(() => null)
    await render(false)
  })()

  return () => {
    window.removeEventListener('hashchange', onHash)
    offLang()
    current?.dispose?.()
  }
}
