// The lazily loaded map: MapLibre with the base map from our own origin (or outlines only) and a draggable pin.
import { AttributionControl, Map as MapLibreMap, Marker, NavigationControl, setWorkerUrl, type StyleSpecification } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { absoluteStyle } from '../shared/basemap-style.js'

setWorkerUrl(workerUrl)

/** The Netherlands, with a margin: the map opens here and cannot wander far off. */
const NL_BOUNDS: [number, number, number, number] = [3.2, 50.7, 7.3, 53.6]
const MAX_BOUNDS: [number, number, number, number] = [1.5, 49.8, 9.0, 54.5]
const BOUNDARY_SOURCE = 'meldpunt-municipalities'
const FILL_LAYER = 'meldpunt-municipality-fill'
const LINE_LAYER = 'meldpunt-municipality-line'
const HIGHLIGHT_LAYER = 'meldpunt-municipality-chosen'

export type MapLabels = {
  map: string, pin: string, zoomIn: string, zoomOut: string, attribution: string, rtl: boolean
  /** Shown when a wheel or one finger meets the map: the page scrolls, the map needs Ctrl/⌘ or two fingers. */
  gestureWindows: string, gestureMac: string, gestureMobile: string
}

/**
 * A pin, the zoom it was set at (how much the person could actually see), and whether the person put it there
 * (tap, drag) rather than the app (a chosen place, the located position), whose precision is known otherwise.
 */
export type PinEvent = { lat: number, lon: number, zoom: number, byPerson: boolean }

export type PinMapOptions = {
  container: HTMLElement
  /** The base-map style on our own origin (/basemap/style.json); null: the built-in style. */
  styleUrl: string | null
  labels: MapLabels
  initialPin?: { lat: number, lon: number }
  /** The pin and the municipality under it: null over sea or abroad, undefined before the outlines are drawn. */
  onPin(pin: PinEvent | undefined, municipality: { code: string, name: string } | null | undefined): void
  /** The base map could not be loaded and the outlines-only style is shown instead. */
  onPlainStyle(): void
  /** Whether the map has settled, and its visible bounds [west, south, east, north] when it has. */
  onIdle(idle: boolean, bounds?: [number, number, number, number]): void
}

export type PinMap = {
  fitBbox(bbox: [number, number, number, number]): void
  /** Highlights one municipality's outline (the chosen one); null clears it. */
  highlight(code: string | null): void
  setPin(lat: number, lon: number, zoom?: number): void
  pinAtCentre(): void
  clearPin(): void
  resize(): void
  setLabels(labels: MapLabels): void
}

function boundariesUrl(): string {
  return new URL('/api/v1/municipalities/boundaries', location.href).href
}

/** The built-in style: background, municipality fill and outline from the API, nothing else (no glyphs, no sprite). */
export function builtInStyle(): StyleSpecification {
  return {
    version: 8,
    sources: { [BOUNDARY_SOURCE]: { type: 'geojson', data: boundariesUrl(), attribution: '© CBS, Kadaster' } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#dfe8ef' } },
      { id: FILL_LAYER, type: 'fill', source: BOUNDARY_SOURCE, paint: { 'fill-color': '#fbfaf7', 'fill-opacity': 1 } },
      {
        id: LINE_LAYER,
        type: 'line',
        source: BOUNDARY_SOURCE,
        paint: { 'line-color': '#5f6b78', 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.5, 12, 2] },
      },
    ],
  }
}

/** The base-map style, or the built-in one when it cannot be had (upstream down, BASEMAP=none). */
async function loadStyle(styleUrl: string | null): Promise<{ style: StyleSpecification, plain: boolean }> {
  if (!styleUrl) return { style: builtInStyle(), plain: false }
  try {
    const res = await fetch(styleUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    if (!res.ok) throw new Error(`style ${res.status}`)
    return { style: absoluteStyle(await res.json() as StyleSpecification, location.origin), plain: false }
  } catch {
    return { style: builtInStyle(), plain: true }
  }
}

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches

export async function createPinMap(options: PinMapOptions): Promise<PinMap> {
  const { container, labels } = options
  const { style, plain } = await loadStyle(options.styleUrl)
  if (plain) options.onPlainStyle()
  const withBaseMap = style.layers.some((l) => l.id !== 'background' && !l.id.startsWith('meldpunt-'))
  const map = new MapLibreMap({
    container,
    style,
    bounds: NL_BOUNDS,
    maxBounds: MAX_BOUNDS,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    // The map sits inside a scrolling page: a wheel or one finger scrolls the page, not the map.
    cooperativeGestures: true,
    locale: {
      'CooperativeGesturesHandler.WindowsHelpText': labels.gestureWindows,
      'CooperativeGesturesHandler.MacHelpText': labels.gestureMac,
      'CooperativeGesturesHandler.MobileHelpText': labels.gestureMobile,
      'Map.Title': labels.map,
      'Marker.Title': labels.pin,
      'NavigationControl.ZoomIn': labels.zoomIn,
      'NavigationControl.ZoomOut': labels.zoomOut,
      'AttributionControl.ToggleAttribution': labels.attribution,
    },
  })
  map.touchZoomRotate.disableRotation()

  // Controls sit on the reading side's end: top-right for Dutch, top-left for Arabic.
  let controls: [NavigationControl, AttributionControl] | undefined
  const placeControls = (rtl: boolean) => {
    if (controls) for (const c of controls) map.removeControl(c)
    controls = [new NavigationControl({ showCompass: false }), new AttributionControl({ compact: true })]
    map.addControl(controls[0], rtl ? 'top-left' : 'top-right')
    map.addControl(controls[1], rtl ? 'bottom-left' : 'bottom-right')
  }
  placeControls(labels.rtl)

  // The base map does not carry our outlines; add them so the municipality under the pin can be named.
  if (withBaseMap || plain) {
    map.on('load', () => {
      if (map.getSource(BOUNDARY_SOURCE)) return
      map.addSource(BOUNDARY_SOURCE, { type: 'geojson', data: boundariesUrl() })
      map.addLayer({ id: FILL_LAYER, type: 'fill', source: BOUNDARY_SOURCE, paint: { 'fill-opacity': 0 } })
      map.addLayer({ id: LINE_LAYER, type: 'line', source: BOUNDARY_SOURCE, paint: { 'line-color': '#5f6b78', 'line-width': 1.5 } })
    })
  }
  map.on('load', () => {
    map.addLayer({
      id: HIGHLIGHT_LAYER, type: 'line', source: BOUNDARY_SOURCE, filter: ['==', ['get', 'code'], ''],
      paint: { 'line-color': '#b3261e', 'line-width': 3 },
    })
  })

  let marker: Marker | undefined
  let currentLabels = labels

  const municipalityAt = (lngLat: { lng: number, lat: number }): { code: string, name: string } | null | undefined => {
    if (!map.getLayer(FILL_LAYER) || !map.isSourceLoaded(BOUNDARY_SOURCE)) return undefined
    const features = map.queryRenderedFeatures(map.project([lngLat.lng, lngLat.lat]), { layers: [FILL_LAYER] })
    const props = features[0]?.properties
    return typeof props?.name === 'string' && typeof props.code === 'string' ? { code: props.code, name: props.name } : null
  }

  const report = (byPerson: boolean) => {
    if (!marker) { options.onPin(undefined, undefined); return }
    const p = marker.getLngLat()
    options.onPin({ lat: p.lat, lon: p.lng, zoom: map.getZoom(), byPerson }, municipalityAt(p))
  }
  const reportByPerson = () => report(true)

  const placeMarker = (lng: number, lat: number) => {
    if (!marker) {
      marker = new Marker({ draggable: true, color: '#b3261e' }).setLngLat([lng, lat]).addTo(map)
      marker.getElement().setAttribute('aria-label', currentLabels.pin)
      marker.on('dragend', reportByPerson)
    } else {
      marker.setLngLat([lng, lat])
    }
  }

  map.on('click', (e) => { placeMarker(e.lngLat.lng, e.lngLat.lat); report(true) })
  map.on('movestart', () => options.onIdle(false))
  map.on('idle', () => {
    const b = map.getBounds()
    options.onIdle(true, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()])
  })
  // The place name needs the boundaries drawn; name a pin set before they were.
  map.once('idle', () => { if (marker) report(false) })

  if (options.initialPin) placeMarker(options.initialPin.lon, options.initialPin.lat)

  const duration = () => (reducedMotion() ? 0 : 600)

  return {
    fitBbox(bbox) {
      map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 16, duration: duration() })
    },
    highlight(code) {
      const apply = () => { if (map.getLayer(HIGHLIGHT_LAYER)) map.setFilter(HIGHLIGHT_LAYER, ['==', ['get', 'code'], code ?? '']) }
      if (map.isStyleLoaded()) apply()
      else map.once('idle', apply)
    },
    setPin(lat, lon, zoom) {
      placeMarker(lon, lat)
      map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), zoom ?? 14), duration: duration() })
      map.once('idle', () => report(false))
    },
    pinAtCentre() {
      const c = map.getCenter()
      placeMarker(c.lng, c.lat)
      report(true)
    },
    clearPin() {
      marker?.remove()
      marker = undefined
    },
    resize() { map.resize() },
    setLabels(next) {
      if (next.rtl !== currentLabels.rtl) placeControls(next.rtl)
      currentLabels = next
      container.querySelector('.maplibregl-ctrl-attrib-button')?.setAttribute('title', next.attribution)
      container.querySelector('.maplibregl-ctrl-attrib-button')?.setAttribute('aria-label', next.attribution)
      map.getCanvas().setAttribute('aria-label', next.map)
      marker?.getElement().setAttribute('aria-label', next.pin)
      const zoomIn = container.querySelector('.maplibregl-ctrl-zoom-in')
      const zoomOut = container.querySelector('.maplibregl-ctrl-zoom-out')
      zoomIn?.setAttribute('aria-label', next.zoomIn)
      zoomIn?.setAttribute('title', next.zoomIn)
      zoomOut?.setAttribute('aria-label', next.zoomOut)
      zoomOut?.setAttribute('title', next.zoomOut)
    },
  }
}
