// A small lazily loaded map of an uploaded neighbourhood file: the buurten as outlines over the municipalities and our base map.
import { Map as MapLibreMap, NavigationControl, setWorkerUrl } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { addBaseMap } from '../shared/basemap-style.js'
import { absoluteUrl, API } from './api.js'

setWorkerUrl(workerUrl)

export function createNeighbourhoodPreviewMap(
  container: HTMLElement,
  opts: { bbox: [number, number, number, number], preview: unknown, label: string },
): { destroy(): void } {
  const map = new MapLibreMap({
    container,
    bounds: opts.bbox,
    fitBoundsOptions: { padding: 16 },
    attributionControl: { compact: true },
    dragRotate: false,
    locale: { 'Map.Title': opts.label },
    style: {
      version: 8,
      sources: {
        municipalities: { type: 'geojson', data: absoluteUrl(`${API}/municipalities/boundaries`), attribution: '© CBS, Kadaster' },
        upload: { type: 'geojson', data: opts.preview as never },
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#dde5ec' } },
        { id: 'municipality-line', type: 'line', source: 'municipalities', paint: { 'line-color': '#5f6b78', 'line-width': 1 } },
        { id: 'upload-fill', type: 'fill', source: 'upload', paint: { 'fill-color': '#2166ac', 'fill-opacity': 0.2 } },
        { id: 'upload-line', type: 'line', source: 'upload', paint: { 'line-color': '#2166ac', 'line-width': 2 } },
      ],
    },
  })
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
  map.once('load', () => { void addBaseMap(map, 'municipality-line') })
  container.dataset.mapState = 'loading'
  map.on('idle', () => { container.dataset.mapState = 'idle' })
  return { destroy: () => map.remove() }
}
