// The "where" step: place search, a pin on the map (loaded only here), or municipality plus neighbourhood or words.
import type { Place, PlaceSuggestion, ReversePlace } from '@meldpunt/core/api'
import { direction } from '../../shared/i18n.js'
import { getJson } from '../api.js'
import { h, uid } from '../dom.js'
import type { AppContext, Municipality, StepView } from '../context.js'
import { PLACE_TEXT_MAX, resolveLocation, type Where } from '../report.js'
import type { MapLabels, PinEvent, PinMap } from '../map-view.js'

/**
 * Below this zoom a pixel is more than about 5 m, so a tap cannot claim to be an exact spot: the national view is
 * about 900 m a pixel. Such a pin is sent as approximate (snapped to the coarse grid).
 */
export const EXACT_MIN_ZOOM = 15
/** A located position less accurate than this (metres) is approximate too. */
export const EXACT_MAX_ACCURACY_M = 100

/** The zoom that shows a chosen place whole: an address up close, a street or square around it, a town wide. */
const ZOOM_FOR_KIND: Record<Place['kind'], number> = { address: 17, street: 16, postcode: 15, town: 12, municipality: 11, other: 14 }

/** What people call a municipality that its official name does not start with. */
const MUNICIPALITY_ALIASES: Record<string, string> = {
  'den haag': 'GM0518',
  'the hague': 'GM0518',
  'la haye': 'GM0518',
  'den bosch': 'GM0796',
  'hertogenbosch': 'GM0796',
  'gravenhage': 'GM0518',
}

const normalise = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/^'s[- ]/, '').trim()

/** Municipalities a search text names, by official name or by a common name, best first. */
export function matchMunicipalities(query: string, list: Municipality[]): Municipality[] {
  const q = normalise(query)
  if (q.length < 2) return []
  const aliased = Object.entries(MUNICIPALITY_ALIASES).filter(([alias]) => alias.startsWith(q) || q.startsWith(alias)).map(([, code]) => code)
  const byName = list.filter((m) => normalise(m.name).startsWith(q))
  const byAlias = list.filter((m) => aliased.includes(m.code) && !byName.includes(m))
  return [...byAlias, ...byName].slice(0, 3)
}

/** The pin as sent: 5 decimals (about 1 m) at most, since nobody sets a pin finer than that. */
const round5 = (v: number) => Number(v.toFixed(5))

/** The map lives across renders (language switch, back and forth) so it is built and downloaded once. */
let mapHostElement: HTMLElement | undefined
function mapHostOnce(): HTMLElement {
  if (!mapHostElement) {
    mapHostElement = document.createElement('div')
    mapHostElement.className = 'map'
    mapHostElement.dataset.mapIdle = 'false'
  }
  return mapHostElement
}
let pinMap: PinMap | undefined
let mapLoading: Promise<PinMap | undefined> | undefined
let mapFailed = false
/** Set by the screen being shown, so map events update the current DOM. */
let onMapPin: (pin: PinEvent | undefined, municipality: { code: string, name: string } | null | undefined) => void = () => undefined
let onPlainStyle: () => void = () => undefined
let plainStyle = false

export function whereSummary(ctx: AppContext, where: Where): string | undefined {
  const { t } = ctx
  const location = resolveLocation(where)
  if (!location) return undefined
  if (where.pin) {
    const name = where.pinPlaceName
    if (where.notExact) return name ? t('where.summary.pinApproxIn', { name }) : t('where.summary.pinApprox')
    return name ? t('where.summary.pinIn', { name }) : t('where.summary.pin')
  }
  const municipality = where.municipality?.name ?? ''
  const base = where.neighbourhood
    ? t('where.summary.neighbourhood', { neighbourhood: where.neighbourhood.name, municipality })
    : t('where.summary.area', { name: municipality })
  const place = where.placeText.trim()
  return place ? `${base} (${place})` : base
}

function mapLabels(ctx: AppContext): MapLabels {
  const { t } = ctx
  return {
    map: t('where.map.label'), pin: t('where.pin.label'), zoomIn: t('where.zoomIn'), zoomOut: t('where.zoomOut'),
    attribution: t('where.attribution'), rtl: direction(ctx.lang) === 'rtl',
    gestureWindows: t('where.gesture.windows'), gestureMac: t('where.gesture.mac'), gestureMobile: t('where.gesture.mobile'),
  }
}

function loadMap(ctx: AppContext): Promise<PinMap | undefined> {
  const mapHost = mapHostOnce()
  mapLoading ??= (async () => {
    try {
      const [{ createPinMap }, styleUrl] = await Promise.all([import('../map-view.js'), ctx.mapStyleUrl()])
      mapHost.replaceChildren()
      const pin = ctx.answers.where.pin
      pinMap = await createPinMap({
        container: mapHost,
        styleUrl,
        labels: mapLabels(ctx),
        initialPin: pin,
        onPin: (p, municipality) => onMapPin(p, municipality),
        onPlainStyle: () => { plainStyle = true; onPlainStyle() },
        onIdle: (idle, bounds) => {
          mapHost.dataset.mapIdle = String(idle)
          // The visible bounds let a test (or a person with a screenshot) tell where a tap lands.
          if (bounds) mapHost.dataset.bounds = bounds.map((v) => v.toFixed(6)).join(',')
        },
      })
      return pinMap
    } catch {
      mapFailed = true
      mapLoading = undefined
      return undefined
    }
  })()
  return mapLoading
}

export function renderWhere(ctx: AppContext): StepView {
  const { t, answers } = ctx
  const where = answers.where
  const mapHost = mapHostOnce()

  // Status lines and errors.
  const notExactId = uid('not-exact')
  const notExactHintId = uid('not-exact-hint')
  const notExactInput = h('input', {
    type: 'checkbox', id: notExactId, checked: where.notExact, 'aria-describedby': notExactHintId,
    onchange: (e: Event) => { where.notExact = (e.target as HTMLInputElement).checked; autoCoarse = false; precisionNote.hidden = true },
  })
  const errorId = uid('where-error')
  const error = h('p', { class: 'field-error', id: errorId, role: 'alert' })
  const pinStatus = h('p', { class: 'pin-status', role: 'status' })
  const mapStatus = h('p', { class: 'map-status', role: 'status' })

  // Municipality picker: zooms the map, and is the start of the path without the map.
  const municipalityId = uid('municipality')
  const municipalitySelect = h('select', { id: municipalityId, disabled: true, 'aria-describedby': errorId },
    h('option', { value: '' }, t('where.municipality.loading')))
  const municipalityStatus = h('div', { class: 'inline-status' })
  let municipalities: Municipality[] = []

  // Neighbourhood or words, for the path without the map.
  const neighbourhoodId = uid('neighbourhood')
  const neighbourhoodSelect = h('select', { id: neighbourhoodId })
  const neighbourhoodField = h('div', { class: 'field', hidden: true },
    h('label', { for: neighbourhoodId }, t('where.neighbourhood')), neighbourhoodSelect)
  const placeId = uid('place')
  const placeHintId = uid('place-hint')
  const placeInput = h('input', {
    id: placeId, type: 'text', maxlength: PLACE_TEXT_MAX, autocomplete: 'off', 'aria-describedby': placeHintId,
    value: where.placeText,
    oninput: () => { where.placeText = placeInput.value },
  })

  // The line under the map that says in words where the pin is, from the reverse lookup on our own API.
  const confirmation = h('p', { class: 'pin-confirm', role: 'status', 'data-testid': 'pin-confirm' })
  const precisionNote = h('p', { class: 'hint precision-note', hidden: true }, t('where.pin.coarse'))
  let reverseSeq = 0
  async function confirmPin(): Promise<void> {
    const pin = where.pin
    const seq = ++reverseSeq
    confirmation.textContent = ''
    if (!pin || !(await ctx.placeSearch())) return
    try {
      // Four decimals (about 10 m) is enough to name the street, and keeps the lookup coarser than the pin.
      const place = await getJson<ReversePlace>(`/api/v1/places/reverse?lat=${pin.lat.toFixed(4)}&lon=${pin.lon.toFixed(4)}`, 5_000)
      if (seq === reverseSeq) confirmation.textContent = t('where.pin.near', { place: place.label })
    } catch {
      // Without a name the municipality line above still says where the pin is.
    }
  }

  const removePin = h('button', {
    type: 'button', class: 'button secondary', 'data-action': 'remove-pin', hidden: !where.pin,
    onclick: () => {
      pinMap?.clearPin(); delete where.pin; delete where.pinPlaceName; confirmation.textContent = ''; updatePinStatus(); municipalitySelect.focus()
    },
  }, t('where.pin.remove'))

  function updatePinStatus(): void {
    if (where.pin) {
      pinStatus.textContent = where.pinPlaceName ? t('where.pin.placedIn', { name: where.pinPlaceName }) : t('where.pin.placed')
    } else {
      pinStatus.textContent = t('where.pin.none')
    }
    removePin.hidden = !where.pin
    if (resolveLocation(where)) error.textContent = ''
  }

  /** Whether "not exact" was ticked by the precision rule rather than by the person (then it may be unticked again). */
  let autoCoarse = false
  function setCoarse(coarse: boolean): void {
    if (coarse && !where.notExact) { where.notExact = true; autoCoarse = true }
    else if (!coarse && autoCoarse) { where.notExact = false; autoCoarse = false }
    notExactInput.checked = where.notExact
    precisionNote.hidden = !(where.notExact && autoCoarse)
  }

  function placePin(lat: number, lon: number): void {
    where.pin = { lat: round5(lat), lon: round5(lon) }
    error.textContent = ''
    void confirmPin()
  }

  onMapPin = (pin, municipality) => {
    if (!pin) {
      delete where.pin
      delete where.pinPlaceName
      updatePinStatus()
      return
    }
    if (municipality === null) {
      // Over the sea or abroad: no municipality would accept the report, so say so now, not after Send.
      pinMap?.clearPin()
      delete where.pin
      delete where.pinPlaceName
      confirmation.textContent = ''
      updatePinStatus()
      error.textContent = t('where.pin.sea')
      return
    }
    placePin(pin.lat, pin.lon)
    if (pin.byPerson) setCoarse(pin.zoom < EXACT_MIN_ZOOM)
    if (municipality) {
      where.pinPlaceName = municipality.name
      chooseMunicipality(municipality.code, { fit: false })
    } else {
      delete where.pinPlaceName
    }
    updatePinStatus()
  }

  async function showNeighbourhoods(code: string): Promise<void> {
    neighbourhoodField.hidden = true
    neighbourhoodSelect.replaceChildren()
    try {
      const list = await ctx.neighbourhoods(code)
      if (where.municipality?.code !== code || list.length === 0) return
      neighbourhoodSelect.replaceChildren(
        h('option', { value: '' }, t('where.neighbourhood.any')),
        ...list.map((n) => h('option', { value: n.code, selected: where.neighbourhood?.code === n.code }, n.name)))
      neighbourhoodSelect.onchange = () => {
        const chosen = list.find((n) => n.code === neighbourhoodSelect.value)
        if (chosen) where.neighbourhood = chosen
        else delete where.neighbourhood
      }
      neighbourhoodField.hidden = false
    } catch {
      // Without neighbourhoods the municipality (and the words) still place the report.
    }
  }

  /** Sets the municipality (from the list, the search or the pin) and outlines it on the map. */
  function chooseMunicipality(code: string, opts: { fit: boolean }): void {
    const chosen = municipalities.find((m) => m.code === code)
    if (where.municipality?.code === code && municipalitySelect.value === code) return
    delete where.neighbourhood
    pinMap?.highlight(chosen?.code ?? null)
    if (!chosen) { delete where.municipality; neighbourhoodField.hidden = true; return }
    municipalitySelect.value = chosen.code
    where.municipality = { code: chosen.code, name: chosen.name, centroid: chosen.centroid }
    // A pin in another municipality no longer says where it happened.
    if (where.pin && where.pinPlaceName && where.pinPlaceName !== chosen.name) {
      pinMap?.clearPin()
      delete where.pin
      delete where.pinPlaceName
      confirmation.textContent = ''
    }
    if (opts.fit) pinMap?.fitBbox(chosen.bbox)
    updatePinStatus()
    void showNeighbourhoods(chosen.code)
  }
  municipalitySelect.addEventListener('change', () => chooseMunicipality(municipalitySelect.value, { fit: true }))

  // Place search: suggestions from our API (which asks PDOK), plus municipalities by name or common name.
  const searchId = uid('place-search')
  const listId = uid('place-suggestions')
  const searchStatus = h('p', { class: 'hint search-status', role: 'status' })
  const searchInput = h('input', {
    id: searchId, type: 'search', role: 'combobox', autocomplete: 'off', spellcheck: false, maxlength: 100,
    placeholder: t('where.search.placeholder'), 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
  })
  const suggestionList = h('ul', { id: listId, role: 'listbox', class: 'suggestions', 'aria-label': t('where.search'), hidden: true })
  type Option = { label: string, choose: () => Promise<void> }
  let options: Option[] = []
  let active = -1
  let searchSeq = 0
  let searchTimer: ReturnType<typeof setTimeout> | undefined

  function closeSuggestions(): void {
    suggestionList.hidden = true
    suggestionList.replaceChildren()
    searchInput.setAttribute('aria-expanded', 'false')
    searchInput.removeAttribute('aria-activedescendant')
    options = []
    active = -1
  }

  function showOptions(next: Option[]): void {
    options = next
    active = -1
    suggestionList.replaceChildren(...next.map((o, i) => h('li', {
      id: `${listId}-${i}`, role: 'option', 'aria-selected': 'false', class: 'suggestion',
      onmousedown: (e: Event) => e.preventDefault(),
      onclick: () => { void pick(i) },
    }, o.label)))
    suggestionList.hidden = next.length === 0
    searchInput.setAttribute('aria-expanded', String(next.length > 0))
    searchStatus.textContent = next.length ? t('where.search.count', { count: next.length }) : t('where.search.none')
  }

  function setActive(i: number): void {
    active = (i + options.length) % options.length
    suggestionList.querySelectorAll('[role=option]').forEach((el, j) => el.setAttribute('aria-selected', String(j === active)))
    searchInput.setAttribute('aria-activedescendant', `${listId}-${active}`)
  }

  async function pick(i: number): Promise<void> {
    const option = options[i]
    if (!option) return
    searchInput.value = option.label
    closeSuggestions()
    searchStatus.textContent = ''
    await option.choose()
  }

  async function choosePlace(s: PlaceSuggestion): Promise<void> {
    try {
      const place = await getJson<Place>(`/api/v1/places/${encodeURIComponent(s.id)}`, 5_000)
      placePin(place.lat, place.lon)
      // A street, square or town is chosen by its centre: that is not the exact spot.
      setCoarse(place.kind !== 'address')
      if (place.municipality) {
        where.pinPlaceName = place.municipality.name
        chooseMunicipality(place.municipality.code, { fit: false })
      }
      pinMap?.setPin(place.lat, place.lon, ZOOM_FOR_KIND[place.kind])
      confirmation.textContent = t('where.pin.near', { place: place.label })
      updatePinStatus()
    } catch {
      searchStatus.textContent = t('where.search.unavailable')
    }
  }

  async function search(query: string): Promise<void> {
    const seq = ++searchSeq
    const local: Option[] = matchMunicipalities(query, municipalities).map((m) => ({
      label: m.name, choose: async () => { chooseMunicipality(m.code, { fit: true }) },
    }))
    let remote: Option[] = []
    let failed = false
    if (await ctx.placeSearch()) try {
      const answer = await getJson<{ suggestions: PlaceSuggestion[] }>(`/api/v1/places/suggest?q=${encodeURIComponent(query)}`, 5_000)
      remote = answer.suggestions.filter((s) => s.kind !== 'municipality' || local.length === 0).map((s) => ({ label: s.label, choose: () => choosePlace(s) }))
    } catch {
      failed = true
    }
    if (seq !== searchSeq || searchInput.value.trim() !== query) return
    showOptions([...local, ...remote])
    if (failed && local.length === 0) searchStatus.textContent = t('where.search.unavailable')
  }

  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer)
    const query = searchInput.value.trim()
    if (query.length < 2) { closeSuggestions(); searchStatus.textContent = ''; return }
    searchTimer = setTimeout(() => { void search(query) }, 250)
  })
  searchInput.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' && options.length) { e.preventDefault(); setActive(active + 1) }
    else if (e.key === 'ArrowUp' && options.length) { e.preventDefault(); setActive(active - 1) }
    else if (e.key === 'Enter' && options.length) { e.preventDefault(); void pick(active < 0 ? 0 : active) }
    else if (e.key === 'Escape') closeSuggestions()
  })
  searchInput.addEventListener('blur', () => setTimeout(closeSuggestions, 150))

  async function fillMunicipalities(): Promise<void> {
    municipalityStatus.replaceChildren()
    try {
      municipalities = await ctx.municipalities()
      municipalitySelect.replaceChildren(
        h('option', { value: '' }, t('where.municipality.choose')),
        ...municipalities.map((m) => h('option', { value: m.code, selected: where.municipality?.code === m.code }, m.name)))
      municipalitySelect.disabled = false
      if (where.municipality) void showNeighbourhoods(where.municipality.code)
    } catch {
      municipalitySelect.replaceChildren(h('option', { value: '' }, t('where.municipality.failed')))
      municipalityStatus.replaceChildren(
        h('p', { class: 'field-error' }, t('where.municipality.failed')),
        h('button', { type: 'button', class: 'button secondary', onclick: () => { void fillMunicipalities() } }, t('where.retry')))
    }
  }
  void fillMunicipalities()

  // The map: downloaded on the first visit to this step, then kept.
  onPlainStyle = () => { mapStatus.textContent = t('where.map.plain') }
  if (plainStyle) mapStatus.textContent = t('where.map.plain')
  if (where.pin) void confirmPin()
  if (pinMap) {
    pinMap.setLabels(mapLabels(ctx))
    requestAnimationFrame(() => pinMap?.resize())
  } else if (!mapFailed) {
    mapStatus.textContent = t('where.map.loading')
    mapHost.classList.add('loading')
    void loadMap(ctx).then((m) => {
      mapHost.classList.remove('loading')
      if (m) {
        mapStatus.textContent = plainStyle ? t('where.map.plain') : ''
        if (where.municipality) m.highlight(where.municipality.code)
        if (where.municipality) {
          const chosen = municipalities.find((x) => x.code === where.municipality?.code)
          if (chosen && !where.pin) m.fitBbox(chosen.bbox)
        }
      } else {
        mapStatus.textContent = t('where.map.failed')
      }
    })
  } else {
    mapStatus.textContent = t('where.map.failed')
  }

  const locateButton = h('button', {
    type: 'button', class: 'button secondary', 'data-action': 'my-location',
    onclick: () => {
      if (!('geolocation' in navigator)) { pinStatus.textContent = t('where.locationFailed'); return }
      pinStatus.textContent = t('where.locating')
      navigator.geolocation.getCurrentPosition(
        (pos) => {
          placePin(pos.coords.latitude, pos.coords.longitude)
          delete where.pinPlaceName
          // The browser says how sure it is; a position known to 500 m is not an exact spot.
          setCoarse(pos.coords.accuracy > EXACT_MAX_ACCURACY_M)
          if (pinMap) pinMap.setPin(pos.coords.latitude, pos.coords.longitude, pos.coords.accuracy > EXACT_MAX_ACCURACY_M ? 14 : 16)
          updatePinStatus()
        },
        () => { pinStatus.textContent = t('where.locationFailed') },
        { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
      )
    },
  }, t('where.myLocation'))

  const notExact = h('div', { class: 'option' },
    notExactInput,
    h('label', { for: notExactId }, t('where.notExact')))

  updatePinStatus()

  return {
    title: t('step.where'),
    body: [
      h('p', { class: 'hint' }, t('where.hint')),
      h('div', { class: 'field place-search' },
        h('label', { for: searchId }, t('where.search')),
        searchInput,
        suggestionList,
        searchStatus),
      h('div', { class: 'field' },
        h('label', { for: municipalityId }, t('where.municipality')),
        municipalitySelect,
        municipalityStatus),
      h('section', { class: 'map-block', 'aria-label': t('where.map') },
        mapHost,
        mapStatus,
        pinStatus,
        confirmation,
        precisionNote,
        h('div', { class: 'map-actions' },
          locateButton,
          h('button', { type: 'button', class: 'button secondary', hidden: mapFailed, onclick: () => pinMap?.pinAtCentre() }, t('where.pinAtCentre')),
          removePin)),
      h('section', { class: 'no-map' },
        h('h2', null, t('where.noMap')),
        h('p', { class: 'hint' }, t('where.noMap.hint')),
        neighbourhoodField,
        h('div', { class: 'field' },
          h('label', { for: placeId }, t('where.placeText')),
          h('p', { class: 'hint', id: placeHintId }, t('where.placeText.hint')),
          placeInput)),
      h('div', { class: 'not-exact' }, notExact, h('p', { class: 'hint', id: notExactHintId }, t('where.notExact.hint'))),
      error,
    ],
    next: () => {
      where.placeText = placeInput.value
      if (resolveLocation(where)) return true
      error.textContent = t('where.required')
      municipalitySelect.focus()
      return false
    },
    leave: () => { onMapPin = () => undefined; onPlainStyle = () => undefined; clearTimeout(searchTimer) },
  }
}
