// The lazily loaded map: MapLibre with a self-contained style (municipality outlines, no tiles or fonts) and a draggable pin.
import { Map as MapLibreMap, Marker, NavigationControl, setWorkerUrl, type StyleSpecification } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'

setWorkerUrl(workerUrl)

/** The Netherlands, with a margin: the map opens here and cannot wander far off. */
const NL_BOUNDS: [number, number, number, number] = [3.2, 50.7, 7.3, 53.6]
const MAX_BOUNDS: [number, number, number, number] = [1.5, 49.8, 9.0, 54.5]
const BOUNDARY_SOURCE = 'meldpunt-municipalities'
const FILL_LAYER = 'meldpunt-municipality-fill'
const LINE_LAYER = 'meldpunt-municipality-line'

export type MapLabels = {
  map: string, pin: string, zoomIn: string, zoomOut: string
  /** Shown when a wheel or one finger meets the map: the page scrolls, the map needs Ctrl/⌘ or two fingers. */
  gestureWindows: string, gestureMac: string, gestureMobile: string
}

export type PinMapOptions = {
  container: HTMLElement
  /** A deployment's style (e.g. PDOK BRT-Achtergrondkaart); null: the built-in style. */
  styleUrl: string | null
  labels: MapLabels
  initialPin?: { lat: number, lon: number }
  onPin(pin: { lat: number, lon: number } | undefined, placeName: string | undefined): void
  /** Whether the map has settled, and its visible bounds [west, south, east, north] when it has. */
  onIdle(idle: boolean, bounds?: [number, number, number, number]): void
}

export type PinMap = {
  fitBbox(bbox: [number, number, number, number]): void
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

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches

export function createPinMap(options: PinMapOptions): PinMap {
  const { container, labels } = options
  const map = new MapLibreMap({
    container,
    style: options.styleUrl ?? builtInStyle(),
    bounds: NL_BOUNDS,
    maxBounds: MAX_BOUNDS,
    attributionControl: { compact: true },
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
    },
  })
  map.touchZoomRotate.disableRotation()
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right')

  // A deployment style does not carry our outlines; add them so the municipality under the pin can be named.
  if (options.styleUrl) {
    map.on('load', () => {
      if (map.getSource(BOUNDARY_SOURCE)) return
      map.addSource(BOUNDARY_SOURCE, { type: 'geojson', data: boundariesUrl() })
      map.addLayer({ id: FILL_LAYER, type: 'fill', source: BOUNDARY_SOURCE, paint: { 'fill-opacity': 0 } })
      map.addLayer({ id: LINE_LAYER, type: 'line', source: BOUNDARY_SOURCE, paint: { 'line-color': '#5f6b78', 'line-width': 1.5 } })
    })
  }

  let marker: Marker | undefined
  let currentLabels = labels

  const placeNameAt = (lngLat: { lng: number, lat: number }): string | undefined => {
    if (!map.getLayer(FILL_LAYER)) return undefined
    const features = map.queryRenderedFeatures(map.project([lngLat.lng, lngLat.lat]), { layers: [FILL_LAYER] })
    const name = features[0]?.properties?.name
    return typeof name === 'string' ? name : undefined
  }

  const report = () => {
    if (!marker) { options.onPin(undefined, undefined); return }
    const p = marker.getLngLat()
    options.onPin({ lat: p.lat, lon: p.lng }, placeNameAt(p))
  }

  const placeMarker = (lng: number, lat: number) => {
    if (!marker) {
      marker = new Marker({ draggable: true, color: '#b3261e' }).setLngLat([lng, lat]).addTo(map)
      marker.getElement().setAttribute('aria-label', currentLabels.pin)
      marker.on('dragend', report)
    } else {
      marker.setLngLat([lng, lat])
    }
  }

  map.on('click', (e) => { placeMarker(e.lngLat.lng, e.lngLat.lat); report() })
  map.on('movestart', () => options.onIdle(false))
  map.on('idle', () => {
    const b = map.getBounds()
    options.onIdle(true, [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()])
  })
  // The place name needs the boundaries drawn; name a pin set before they were.
  map.once('idle', () => { if (marker) report() })

  if (options.initialPin) placeMarker(options.initialPin.lon, options.initialPin.lat)

  const duration = () => (reducedMotion() ? 0 : 600)

  return {
    fitBbox(bbox) {
      map.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 16, duration: duration() })
    },
    setPin(lat, lon, zoom) {
      placeMarker(lon, lat)
      map.easeTo({ center: [lon, lat], zoom: Math.max(map.getZoom(), zoom ?? 14), duration: duration() })
      map.once('idle', report)
    },
    pinAtCentre() {
      const c = map.getCenter()
      placeMarker(c.lng, c.lat)
      report()
    },
    clearPin() {
      marker?.remove()
      marker = undefined
    },
    resize() { map.resize() },
    setLabels(next) {
      currentLabels = next
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
