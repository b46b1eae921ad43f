// Wire pieces several capabilities share: texts in both staff languages, calendar days, periods, ids, the language choice.
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { withCodes } from '../report-schema.js'
import { LANGS, type Localized as TaxonomyText } from '../taxonomy.js'
import { isCalendarDay } from '../time-rules.js'

export { FieldError, Problem } from '../errors.js'

/** A text in every language the staff dashboard and the taxonomy carry. */
export const Localized = z.object({ nl: z.string(), en: z.string() }) satisfies z.ZodType<TaxonomyText>
export type Localized = z.infer<typeof Localized>

export const LocalizedOption = z.object({ id: z.string(), label: Localized })
export type LocalizedOption = z.infer<typeof LocalizedOption>

export const LangQuery = z.object({ lang: z.enum(LANGS).optional() })

export const Day = z.string(withCodes).refine(isCalendarDay, FieldErrorCode.INVALID_FORMAT).describe('Local calendar day, YYYY-MM-DD')

export const Period = z.object({ from: z.string(), to: z.string() })
export type Period = z.infer<typeof Period>

/** A GeoJSON position as this API writes it: [lon, lat]. */
export const Position = z.tuple([z.number(), z.number()])

export const MunicipalityRef = z.object({ code: z.string(), name: z.string() })
export type MunicipalityRef = z.infer<typeof MunicipalityRef>

export const MunicipalityCode = z.string().regex(/^GM\d{4}$/)

export const NeighbourhoodCode = z.string().regex(/^BU[0-9]{8}$/)

export const IdParams = z.object({ id: z.uuid(withCodes) })

/** A count that disclosure control may withhold. */
export const SuppressibleCount = z.number().int().nullable().describe('null when suppressed')

/** 95 % interval with both ends known. */
export const Ci95 = z.tuple([z.number(), z.number()])
