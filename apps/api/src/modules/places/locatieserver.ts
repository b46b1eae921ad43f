// Reads PDOK Locatieserver v3.1 answers (Solr documents) into our place shapes.
import type { Place, PlaceKind, PlaceSuggestion, ReversePlace } from '@meldpunt/core/api'
import { z } from 'zod'

const Doc = z.object({
  id: z.string(),
  type: z.string(),
  weergavenaam: z.string(),
  centroide_ll: z.string().optional(),
  gemeentecode: z.string().optional(),
  gemeentenaam: z.string().optional(),
  straatnaam: z.string().optional(),
  woonplaatsnaam: z.string().optional(),
})
type Doc = z.infer<typeof Doc>

export const SolrAnswer = z.object({ response: z.object({ numFound: z.number(), docs: z.array(z.unknown()) }) })

/** Only the documents that have what we need; a partial upstream answer never becomes a 500. */
export function docsOf(answer: unknown): Doc[] {
  const parsed = SolrAnswer.safeParse(answer)
  if (!parsed.success) return []
  return parsed.data.response.docs.flatMap((d) => {
    const doc = Doc.safeParse(d)
    return doc.success ? [doc.data] : []
  })
}

const KINDS: Record<string, PlaceKind> = {
  adres: 'address',
  weg: 'street',
  postcode: 'postcode',
  woonplaats: 'town',
  gemeente: 'municipality',
}

export const kindOf = (type: string): PlaceKind => KINDS[type] ?? 'other'

export function suggestionOf(doc: Doc): PlaceSuggestion {
  return { id: doc.id, label: doc.weergavenaam, kind: kindOf(doc.type) }
}

function municipalityOf(doc: Doc): Place['municipality'] {
  if (!doc.gemeentecode || !doc.gemeentenaam) return null
  return { code: `GM${doc.gemeentecode.padStart(4, '0')}`, name: doc.gemeentenaam }
}

/** `POINT(4.88 52.36)` (longitude first) → lat/lon, or undefined for anything else. */
export function pointOf(wkt: string | undefined): { lat: number, lon: number } | undefined {
  const m = /^POINT\((-?\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?)\)$/.exec(wkt ?? '')
  return m ? { lon: Number(m[1]), lat: Number(m[2]) } : undefined
}

export function placeOf(doc: Doc): Place | undefined {
  const point = pointOf(doc.centroide_ll)
  if (!point) return undefined
  return { id: doc.id, label: doc.weergavenaam, kind: kindOf(doc.type), ...point, municipality: municipalityOf(doc) }
}

/** "Leidseplein, Amsterdam" from the nearest address or street: the street and its town, never a house number. */
export function reversePlaceOf(doc: Doc): ReversePlace {
  const street = doc.straatnaam ?? null
  const town = doc.woonplaatsnaam ?? null
  const label = [street, town].filter((p): p is string => !!p).join(', ') || doc.weergavenaam
  return { label, street, town, municipality: municipalityOf(doc) }
}
