// A small lazily loaded map to pick an intervention's place: click to set the point, a circle shows the radius.
import { Map as MapLibreMap, Marker, NavigationControl, setWorkerUrl, type GeoJSONSource } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import 'maplibre-gl/dist/maplibre-gl.css'
import { absoluteUrl, API } from './api.js'

setWorkerUrl(workerUrl)

export interface PlacePicker {
  set(place: { lat: number, lon: number, radius: number } | null): void
  destroy(): void
}

/** A circle as a polygon ring (64 points), good enough at city scale. */
function circle(lon: number, lat: number, radius: number): [number, number][] {
  const ring: [number, number][] = []
  const dLat = radius / 110_574
  const dLon = radius / (111_320 * Math.cos((lat * Math.PI) / 180))
  for (let k = 0; k <= 64; k++) {
    const a = (k / 64) * 2 * Math.PI
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)])
  }
  return ring
}

export function createPlacePicker(container: HTMLElement, opts: { bbox: [number, number, number, number] | null, municipality: string, label: string, onPick(lon: number, lat: number): void }): PlacePicker {
  const map = new MapLibreMap({
    container,
    bounds: opts.bbox ?? [3.2, 50.7, 7.3, 53.6],
    fitBoundsOptions: { padding: 8 },
    attributionControl: { compact: true },
    dragRotate: false,
    locale: { 'Map.Title': opts.label },
    style: {
      version: 8,
      sources: {
        municipalities: { type: 'geojson', data: absoluteUrl(`${API}/municipalities/boundaries`), attribution: '© CBS, Kadaster' },
        radius: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#dde5ec' } },
        { id: 'fill', type: 'fill', source: 'municipalities', paint: { 'fill-color': ['case', ['==', ['get', 'code'], opts.municipality], '#fcfbf8', '#e9edf1'] } },
        { id: 'line', type: 'line', source: 'municipalities', paint: { 'line-color': '#5f6b78', 'line-width': 1 } },
        { id: 'radius-fill', type: 'fill', source: 'radius', paint: { 'fill-color': '#b2182b', 'fill-opacity': 0.15 } },
        { id: 'radius-line', type: 'line', source: 'radius', paint: { 'line-color': '#b2182b', 'line-width': 2 } },
      ],
    },
  })
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
  const marker = new Marker({ color: '#b2182b' })
  let shown = false

  const api: PlacePicker = {
    set(place) {
      const apply = () => {
        const source = map.getSource('radius') as GeoJSONSource | undefined
        if (!place) {
          marker.remove()
          shown = false
          source?.setData({ type: 'FeatureCollection', features: [] })
          return
        }
        marker.setLngLat([place.lon, place.lat])
        if (!shown) { marker.addTo(map); shown = true }
        source?.setData({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [circle(place.lon, place.lat, place.radius)] } })
      }
      if (map.isStyleLoaded()) apply()
      else map.once('load', apply)
    },
    destroy() { map.remove() },
  }
  map.on('click', (e) => opts.onPick(Math.round(e.lngLat.lng * 1e6) / 1e6, Math.round(e.lngLat.lat * 1e6) / 1e6))
  return api
}
