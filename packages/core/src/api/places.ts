// Wire shapes of place search (suggest, lookup) and reverse lookup, proxied to the Locatieserver by the API.
import { z } from 'zod'

/** The Netherlands with a margin of sea; a point outside is not a place anyone reports from. */
export const NL_LAT_RANGE = [50.6, 53.7] as const
export const NL_LON_RANGE = [3.1, 7.3] as const

/** Longest accepted search text: a street, number and town fit with room to spare. */
export const PLACE_QUERY_MAX = 100

// C0 and C1 control characters; a search box never produces them, so a request carrying them is refused.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/

export const PlaceSuggestQuery = z.object({
  q: z
    .string()
    .max(PLACE_QUERY_MAX, `at most ${PLACE_QUERY_MAX} characters`)
    .refine((q) => !CONTROL.test(q), 'must not contain control characters')
    .transform((q) => q.trim())
    .refine((q) => q.length >= 2, 'at least 2 characters'),
})

export const PlaceId = z.object({ id: z.string().regex(/^[a-z]{3}-[0-9a-f]{32}$/, 'not a place id') })

export const ReverseQuery = z.object({
  lat: z.coerce.number().min(NL_LAT_RANGE[0], 'outside the Netherlands').max(NL_LAT_RANGE[1], 'outside the Netherlands'),
  lon: z.coerce.number().min(NL_LON_RANGE[0], 'outside the Netherlands').max(NL_LON_RANGE[1], 'outside the Netherlands'),
})

/** What kind of place a suggestion is; it decides how precise a pin set from it may claim to be. */
export const PlaceKind = z.enum(['address', 'street', 'postcode', 'town', 'municipality', 'other'])
export type PlaceKind = z.infer<typeof PlaceKind>

export const PlaceSuggestion = z.object({ id: z.string(), label: z.string(), kind: PlaceKind })
export type PlaceSuggestion = z.infer<typeof PlaceSuggestion>
export const PlaceSuggestions = z.object({ suggestions: z.array(PlaceSuggestion) })

export const Place = z.object({
  id: z.string(),
  label: z.string(),
  kind: PlaceKind,
  lat: z.number(),
  lon: z.number(),
  municipality: z.object({ code: z.string(), name: z.string() }).nullable(),
})
export type Place = z.infer<typeof Place>

/** The nearest named place to a point: the street or public space, and the town it lies in. */
export const ReversePlace = z.object({
  label: z.string(),
  street: z.string().nullable(),
  town: z.string().nullable(),
  municipality: z.object({ code: z.string(), name: z.string() }).nullable(),
})
export type ReversePlace = z.infer<typeof ReversePlace>
