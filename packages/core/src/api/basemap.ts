// Wire shape of the base map setting the web app reads: where its style is, or that there is none.
import { z } from 'zod'

export const BasemapSettings = z.object({
  /** Our own path of the proxied style; null when the deployment runs without a base map. */
  styleUrl: z.string().nullable(),
  attribution: z.string().nullable(),
})
export type BasemapSettings = z.infer<typeof BasemapSettings>

export const BasemapTileParams = z.object({
  z: z.coerce.number().int().min(0).max(22),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
})

export const GlyphParams = z.object({
  fontstack: z.string().regex(/^[\w ,-]{1,200}$/, 'not a font stack'),
  range: z.string().regex(/^\d{1,5}-\d{1,5}$/, 'not a glyph range'),
})

export const SpriteParams = z.object({ file: z.enum(['sprite.json', 'sprite.png', 'sprite@2x.json', 'sprite@2x.png']) })

/** GET /api/v1/config: what this installation offers the web apps. */
export const SiteConfig = z.object({
  mapStyleUrl: z.string().nullable().describe('The base-map style on our own origin; null: the built-in outline map'),
  placeSearch: z.boolean().describe('Whether place search and the reverse lookup are on (BASEMAP/PLACES_URL not none)'),
})
export type SiteConfig = z.infer<typeof SiteConfig>
