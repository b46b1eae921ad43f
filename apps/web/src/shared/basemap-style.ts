// The base map (served by our API under /basemap) as both apps' maps load it: every URL made absolute on our origin.
import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl'

/**
 * The proxied style names our own paths ('/basemap/...'); MapLibre fetches tiles from a worker, where a path has no
 * origin, so they are made absolute here. Anything that is not on our origin is refused rather than loaded.
 */
export function absoluteStyle(style: StyleSpecification, origin: string): StyleSpecification {
  const abs = (url: string) => {
    const resolved = new URL(url, origin)
    if (resolved.origin !== origin) throw new Error('A base-map style may only name this origin.')
    return resolved.href.replace(/%7B/g, '{').replace(/%7D/g, '}')
  }
  const sources = Object.fromEntries(Object.entries(style.sources).map(([id, source]) => {
    if ('tiles' in source && source.tiles) return [id, { ...source, tiles: source.tiles.map(abs) }]
    if ('url' in source && typeof source.url === 'string') return [id, { ...source, url: abs(source.url) }]
    return [id, source]
  }))
  return {
    ...style,
    sources: sources as StyleSpecification['sources'],
    ...(style.glyphs ? { glyphs: abs(style.glyphs) } : {}),
    ...(typeof style.sprite === 'string' ? { sprite: abs(style.sprite) } : {}),
  }
}

/**
 * Adds the base map's sources and layers under `beforeId` (the staff map keeps its own background and outlines).
 * Without a base map (BASEMAP=none, upstream down) the map simply stays as it was.
 */
export async function addBaseMap(map: MapLibreMap, beforeId: string): Promise<void> {
  let style: StyleSpecification
  try {
    // The deployment says whether it has a base map at all, so an installation without one asks for nothing more.
    const config = await fetch('/api/v1/config', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    const styleUrl = config.ok ? (await config.json() as { mapStyleUrl: string | null }).mapStyleUrl : null
    if (!styleUrl) return
    const res = await fetch(styleUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    if (!res.ok) return
    style = absoluteStyle(await res.json() as StyleSpecification, location.origin)
  } catch {
    return
  }
  if (style.glyphs) map.setGlyphs(style.glyphs)
  if (typeof style.sprite === 'string') map.setSprite(style.sprite)
  for (const [id, source] of Object.entries(style.sources)) if (!map.getSource(`basemap-${id}`)) map.addSource(`basemap-${id}`, source)
  for (const layer of style.layers) {
    if (layer.type === 'background' || !('source' in layer)) continue
    map.addLayer({ ...layer, id: `basemap-${layer.id}`, source: `basemap-${layer.source}` } as typeof layer, beforeId)
  }
}
