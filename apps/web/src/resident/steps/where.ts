// The "where" step: a pin on the map (loaded only here), or municipality plus neighbourhood or words, optionally coarsened.
import { h, uid } from '../dom.js'
import type { AppContext, Municipality, StepView } from '../context.js'
import { PLACE_TEXT_MAX, resolveLocation, type Where } from '../report.js'
import type { MapLabels, PinMap } from '../map-view.js'

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
let onMapPin: (pin: { lat: number, lon: number } | undefined, placeName: string | undefined) => void = () => undefined

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
      pinMap = createPinMap({
        container: mapHost,
        styleUrl,
        labels: mapLabels(ctx),
        initialPin: pin,
        onPin: (p, name) => onMapPin(p, name),
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

  const removePin = h('button', {
    type: 'button', class: 'button secondary', 'data-action': 'remove-pin', hidden: !where.pin,
    onclick: () => { pinMap?.clearPin(); delete where.pin; delete where.pinPlaceName; updatePinStatus(); municipalitySelect.focus() },
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

  onMapPin = (pin, placeName) => {
    if (pin) {
      where.pin = pin
      if (placeName) where.pinPlaceName = placeName
      else delete where.pinPlaceName
    } else {
      delete where.pin
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

  municipalitySelect.addEventListener('change', () => {
    const chosen = municipalities.find((m) => m.code === municipalitySelect.value)
    delete where.neighbourhood
    if (!chosen) { delete where.municipality; neighbourhoodField.hidden = true; return }
    where.municipality = { code: chosen.code, name: chosen.name, centroid: chosen.centroid }
    // A pin in another municipality no longer says where it happened.
    if (where.pin && where.pinPlaceName && where.pinPlaceName !== chosen.name) {
      pinMap?.clearPin()
      delete where.pin
      delete where.pinPlaceName
    }
    pinMap?.fitBbox(chosen.bbox)
    updatePinStatus()
    void showNeighbourhoods(chosen.code)
  })

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
  if (pinMap) {
    pinMap.setLabels(mapLabels(ctx))
    requestAnimationFrame(() => pinMap?.resize())
  } else if (!mapFailed) {
    mapStatus.textContent = t('where.map.loading')
    mapHost.classList.add('loading')
    void loadMap(ctx).then((m) => {
      mapHost.classList.remove('loading')
      if (m) {
        mapStatus.textContent = ''
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
          const pin = { lat: pos.coords.latitude, lon: pos.coords.longitude }
          where.pin = pin
          delete where.pinPlaceName
          if (pinMap) pinMap.setPin(pin.lat, pin.lon, 15)
          updatePinStatus()
        },
        () => { pinStatus.textContent = t('where.locationFailed') },
        { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
      )
    },
  }, t('where.myLocation'))

  const notExactId = uid('not-exact')
  const notExactHintId = uid('not-exact-hint')
  const notExact = h('div', { class: 'option' },
    h('input', {
      type: 'checkbox', id: notExactId, checked: where.notExact, 'aria-describedby': notExactHintId,
      onchange: (e: Event) => { where.notExact = (e.target as HTMLInputElement).checked },
    }),
    h('label', { for: notExactId }, t('where.notExact')))

  updatePinStatus()

  return {
    title: t('step.where'),
    body: [
      h('p', { class: 'hint' }, t('where.hint')),
      h('div', { class: 'field' },
        h('label', { for: municipalityId }, t('where.municipality')),
        municipalitySelect,
        municipalityStatus),
      h('section', { class: 'map-block', 'aria-label': t('where.map') },
        mapHost,
        mapStatus,
        pinStatus,
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
    leave: () => { onMapPin = () => undefined },
  }
}
