// Turns an upstream MapLibre style into one that names only our own origin, and builds the style of a raster template.

export const OUR_TILES = '/basemap/tiles/{z}/{x}/{y}'
export const OUR_GLYPHS = '/basemap/glyphs/{fontstack}/{range}.pbf'
export const OUR_SPRITE = '/basemap/sprites/sprite'

type Source = { type?: string, url?: string, tiles?: string[], minzoom?: number, maxzoom?: number, attribution?: string, [k: string]: unknown }
type Layer = { id: string, source?: string, [k: string]: unknown }
export type StyleJson = { version: number, sources: Record<string, Source>, layers: Layer[], glyphs?: string, sprite?: unknown, [k: string]: unknown }

export type UpstreamResources = { glyphs?: string, sprite?: string }

export function isStyle(value: unknown): value is StyleJson {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return v.version === 8 && typeof v.sources === 'object' && v.sources !== null && Array.isArray(v.layers)
}

/**
 * Vector sources are pointed at our tile route (the tile URL is our configured template, not what the style
 * says, so the style cannot make us fetch elsewhere); sources we cannot proxy are dropped with their layers.
 */
export function rewriteStyle(upstream: StyleJson, attribution: string): { style: StyleJson, resources: UpstreamResources } {
  const sources: Record<string, Source> = {}
  for (const [id, source] of Object.entries(upstream.sources)) {
    if (source.type !== 'vector') continue
    sources[id] = {
      type: 'vector',
      tiles: [OUR_TILES],
      ...(source.minzoom !== undefined ? { minzoom: source.minzoom } : {}),
      ...(source.maxzoom !== undefined ? { maxzoom: source.maxzoom } : {}),
      attribution,
    }
  }
  const layers = upstream.layers.filter((l) => l.source === undefined || l.source in sources)
  const sprite = typeof upstream.sprite === 'string'
    ? upstream.sprite
    : Array.isArray(upstream.sprite) ? (upstream.sprite[0] as { url?: string } | undefined)?.url : undefined
  const style: StyleJson = { ...upstream, sources, layers }
  delete style.sprite
  delete style.glyphs
  if (upstream.glyphs) style.glyphs = OUR_GLYPHS
  if (sprite) style.sprite = OUR_SPRITE
  return { style, resources: { glyphs: upstream.glyphs, sprite } }
}

/** The style of a raster tile template: one layer, no glyphs or sprite. */
export function rasterStyle(attribution: string): StyleJson {
  return {
    version: 8,
    sources: { basemap: { type: 'raster', tiles: [OUR_TILES], tileSize: 256, attribution } },
    layers: [{ id: 'basemap', type: 'raster', source: 'basemap' }],
  }
}

/** Fills a `{z}/{x}/{y}` template (any order, as OGC API Tiles puts row before column). */
export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? encodeURIComponent(String(values[name])) : whole))
}
