// Wire shape of the base map setting the web app reads: where its style is, or that there is none.
import { z } from 'zod'

export const BasemapSettings = z.object({
  /** Our own path of the proxied style; null when the deployment runs without a base map. */
  styleUrl: z.string().nullable(),
  attribution: z.string().nullable(),
})
export type BasemapSettings = z.infer<typeof BasemapSettings>

export const TileParams = z.object({
  z: z.coerce.number().int().min(0).max(22),
  x: z.coerce.number().int().min(0),
  y: z.coerce.number().int().min(0),
})

export const GlyphParams = z.object({
  fontstack: z.string().regex(/^[\w ,-]{1,200}$/, 'not a font stack'),
  range: z.string().regex(/^\d{1,5}-\d{1,5}$/, 'not a glyph range'),
})

export const SpriteParams = z.object({ file: z.enum(['sprite.json', 'sprite.png', 'sprite@2x.json', 'sprite@2x.png']) })
