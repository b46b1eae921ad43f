// The lazily loaded hotspot map: MapLibre with the base map from our origin, Gi* cells from the staff MVT tiles, a density view.
import { Map as MapLibreMap, NavigationControl, Popup, setWorkerUrl, type GeoJSONSource, type MapGeoJSONFeature, type StyleSpecification, type VectorTileSource } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { addBaseMap } from '../shared/basemap-style.js'
import { absoluteUrl, API, type Query } from './api.js'

setWorkerUrl(workerUrl)

/** Diverging classes −3…+3 (ColorBrewer RdBu): red hot, blue cold, near-white not significant. */
export const BIN_COLOURS: Record<number, string> = {
  3: '#b2182b',
  2: '#ef8a62',
  1: '#fddbc7',
  0: '#f0f0f0',
  [-1]: '#d1e5f0',
  [-2]: '#67a9cf',
  [-3]: '#2166ac',
}

export type MapView = 'classes' | 'density'
export type MapState = 'loading' | 'idle' | 'failed'

export interface MapLabels {
  map: string
  zoomIn: string
  zoomOut: string
  resetNorth: string
  popup(props: { bin: number, count: number, z: number, id: string }): HTMLElement
}

export interface HotspotMapOptions {
  container: HTMLElement
  municipality: string
  bbox: [number, number, number, number] | null
  tileQuery: Query
  view: MapView
  labels: MapLabels
  onState(state: MapState): void
}

export interface HotspotMap {
  setTileQuery(query: Query): void
  setView(view: MapView): void
  showCell(cell: { lon: number, lat: number, ring: [number, number][] | null }): void
  fitBounds(bbox: [number, number, number, number]): void
  setLabels(labels: MapLabels): void
  destroy(): void
}

const BOUNDARIES = 'municipalities'
const CELLS = 'hotspots'
const SELECTED = 'selected-cell'

function tileUrl(query: Query): string {
  // {z}/{x}/{y} must survive URL encoding, so the template is assembled around the encoded query.
  return absoluteUrl(`${API}/staff/tiles/`, query).replace('/tiles/?', '/tiles/{z}/{x}/{y}.mvt?').replace(/\/tiles\/$/, '/tiles/{z}/{x}/{y}.mvt')
}

function style(opts: HotspotMapOptions): StyleSpecification {
  const binColour = ['match', ['get', 'bin'], 3, BIN_COLOURS[3]!, 2, BIN_COLOURS[2]!, 1, BIN_COLOURS[1]!, -1, BIN_COLOURS[-1]!, -2, BIN_COLOURS[-2]!, -3, BIN_COLOURS[-3]!, BIN_COLOURS[0]!]
  return {
    version: 8,
    sources: {
      [BOUNDARIES]: { type: 'geojson', data: absoluteUrl(`${API}/municipalities/boundaries`), attribution: '© CBS, Kadaster' },
      [CELLS]: { type: 'vector', tiles: [tileUrl(opts.tileQuery)], minzoom: 0, maxzoom: 16 },
      [SELECTED]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#dde5ec' } },
      {
        id: 'municipality-fill',
        type: 'fill',
        source: BOUNDARIES,
        // The analyst's own municipality is lighter, so the eye stays inside it.
        paint: { 'fill-color': ['case', ['==', ['get', 'code'], opts.municipality], '#fcfbf8', '#e9edf1'] },
      },
      {
        id: 'municipality-line',
        type: 'line',
        source: BOUNDARIES,
        paint: {
          'line-color': ['case', ['==', ['get', 'code'], opts.municipality], '#2d3a48', '#8a96a3'],
          'line-width': ['case', ['==', ['get', 'code'], opts.municipality], 2, 0.8],
        },
      },
      {
        id: 'hotspot-fill',
        type: 'fill',
        source: CELLS,
        'source-layer': 'hotspot_cells',
        layout: { visibility: opts.view === 'classes' ? 'visible' : 'none' },
        paint: {
          'fill-color': binColour as never,
          'fill-opacity': ['case', ['==', ['get', 'bin'], 0], 0.55, 0.9],
        },
      },
      {
        id: 'hotspot-outline',
        type: 'line',
        source: CELLS,
        'source-layer': 'hotspot_cells',
        filter: ['>=', ['abs', ['get', 'bin']], 2],
        layout: { visibility: opts.view === 'classes' ? 'visible' : 'none' },
        paint: { 'line-color': ['case', ['>', ['get', 'bin'], 0], '#67001f', '#053061'], 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 0.3, 15, 1.2] },
      },
      {
        id: 'density',
        type: 'heatmap',
        source: CELLS,
        'source-layer': 'density',
        layout: { visibility: opts.view === 'density' ? 'visible' : 'none' },
        paint: {
          'heatmap-weight': ['interpolate', ['linear'], ['get', 'count'], 0, 0, 8, 1],
          'heatmap-radius': ['interpolate', ['exponential', 2], ['zoom'], 10, 6, 13, 20, 16, 64],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 10, 1, 15, 2.5],
          'heatmap-opacity': 0.85,
          'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'],
            0, 'rgba(255,255,178,0)', 0.15, '#fed976', 0.35, '#feb24c', 0.55, '#fd8d3c', 0.75, '#f03b20', 1, '#bd0026'],
        },
      },
      { id: 'selected-outline', type: 'line', source: SELECTED, paint: { 'line-color': '#111', 'line-width': 3 } },
    ],
  }
}

export function createHotspotMap(opts: HotspotMapOptions): HotspotMap {
  let labels = opts.labels
  const map = new MapLibreMap({
    container: opts.container,
    style: style(opts),
    bounds: opts.bbox ?? [3.2, 50.7, 7.3, 53.6],
    fitBoundsOptions: { padding: 16 },
    maxBounds: [1.5, 49.8, 9.0, 54.5],
    attributionControl: { compact: true },
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    // The screenshot in tests and a print of the page need the drawn canvas.
    canvasContextAttributes: { preserveDrawingBuffer: true },
    locale: {
      'Map.Title': labels.map,
      'NavigationControl.ZoomIn': labels.zoomIn,
      'NavigationControl.ZoomOut': labels.zoomOut,
      'NavigationControl.ResetBearing': labels.resetNorth,
    },
  })
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
  map.touchZoomRotate.disableRotation()
  map.keyboard.disableRotation()

  let state: MapState = 'loading'
  const report = (next: MapState) => {
    if (next === state) return
    state = next
    opts.onState(next)
  }
  opts.onState('loading')
  map.on('idle', () => report('idle'))
  map.on('dataloading', () => { if (state !== 'failed') report('loading') })
  map.on('error', (event) => {
    // A failed tile is not a failed map; only a missing WebGL context is.
    const message = String((event as unknown as { error?: Error }).error?.message ?? '')
    if (/webgl/i.test(message)) report('failed')
  })

  const popup = new Popup({ closeButton: true, closeOnClick: true, maxWidth: '18rem' })
  map.on('click', 'hotspot-fill', (event) => {
    const feature = event.features?.[0] as MapGeoJSONFeature | undefined
    if (!feature) return
    const p = feature.properties as { bin: number, count: number, z: number, id: string }
    popup.setLngLat(event.lngLat).setDOMContent(labels.popup(p)).addTo(map)
  })
  map.on('mouseenter', 'hotspot-fill', () => { map.getCanvas().style.cursor = 'pointer' })
  map.on('mouseleave', 'hotspot-fill', () => { map.getCanvas().style.cursor = '' })

  const visibility = (view: MapView) => {
    const classes = view === 'classes' ? 'visible' : 'none'
    map.setLayoutProperty('hotspot-fill', 'visibility', classes)
    map.setLayoutProperty('hotspot-outline', 'visibility', classes)
    map.setLayoutProperty('density', 'visibility', view === 'density' ? 'visible' : 'none')
  }

  const whenStyled = (fn: () => void) => (map.isStyleLoaded() ? fn() : map.once('load', fn))
  // Streets and names under the cells, from our own origin; the outlines and cells stay on top.
  map.once('load', () => { void addBaseMap(map, 'municipality-line') })

  return {
    setTileQuery(query) {
      whenStyled(() => {
        report('loading')
        ;(map.getSource(CELLS) as VectorTileSource).setTiles([tileUrl(query)])
        ;(map.getSource(SELECTED) as GeoJSONSource).setData({ type: 'FeatureCollection', features: [] })
        popup.remove()
      })
    },
    setView(view) { whenStyled(() => visibility(view)) },
    showCell(cell) {
      whenStyled(() => {
        ;(map.getSource(SELECTED) as GeoJSONSource).setData(cell.ring
          ? { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: cell.ring } }
          : { type: 'FeatureCollection', features: [] })
        const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches
        map.easeTo({ center: [cell.lon, cell.lat], zoom: Math.max(map.getZoom(), 15), duration: reduce ? 0 : 600 })
      })
    },
    fitBounds(bbox) { map.fitBounds(bbox, { padding: 24, maxZoom: 15, duration: 0 }) },
    setLabels(next) { labels = next },
    destroy() {
      popup.remove()
      map.remove()
    },
  }
}
