// /api/v1/staff/interventions: the register of measures taken at places, and each one's before/after effect.
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { withCodes as c } from '../report-schema.js'
import { isCalendarDay } from '../time-rules.js'
import { Ci95, Day } from './common.js'
import { EffectText, Interval } from './effects.js'
import { INTERVENTION_KINDS, intIn, lat, lon, PolygonGeometry, registerText } from './register-fields.js'

const Place = z.object({ lat, lon, radiusMetres: z.number(c).int(c).min(25, c).max(2000, c) }, c).strict()

const InterventionFields = {
  kind: z.enum(INTERVENTION_KINDS, c),
  name: registerText(200).min(1, c),
  startedOn: Day.describe('Day it took effect: the before/after split'),
  endedOn: Day.nullable(),
  place: Place.nullable().describe('A point with a radius in metres (25–2000); or give an area'),
  area: PolygonGeometry.nullable(),
  notes: registerText(4000).nullable(),
}

function interventionRefine(v: Record<string, unknown>, ctx: z.core.$RefinementCtx): void {
  const a = v.startedOn
  const b = v.endedOn
  if (typeof a === 'string' && typeof b === 'string' && isCalendarDay(a) && isCalendarDay(b) && b < a) {
    ctx.addIssue({ code: 'custom', path: ['endedOn'], message: FieldErrorCode.END_BEFORE_START, input: b })
  }
}

export const NewIntervention = z
  .object({
    ...InterventionFields,
    endedOn: InterventionFields.endedOn.default(null),
    place: InterventionFields.place.default(null),
    area: InterventionFields.area.default(null),
    notes: InterventionFields.notes.default(null),
  }, c)
  .strict()
  .superRefine(interventionRefine)
export type NewIntervention = z.infer<typeof NewIntervention>
/** The body as a client writes it (defaults may be left out). */
export type NewInterventionBody = z.input<typeof NewIntervention>

export const InterventionPatch = z
  .object(InterventionFields, c)
  .partial()
  .strict()
  .superRefine(interventionRefine)
export type InterventionPatch = z.infer<typeof InterventionPatch>

export const InterventionPlace = z.object({ lat: z.number(), lon: z.number(), radiusMetres: z.number() })
export type InterventionPlace = z.infer<typeof InterventionPlace>

export const InterventionOut = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  place: InterventionPlace.nullable(),
  area: z.unknown().nullable(),
  notes: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
})
export type InterventionOut = z.infer<typeof InterventionOut>

export const InterventionList = z.array(InterventionOut)

export const InterventionEffectQuery = z.object({
  windowDays: intIn(28, 730).default(182).describe('Days compared before and after the intervention (default 26 weeks)'),
})

export const GroupCounts = z.object({ before: z.number().int(), after: z.number().int(), rateRatio: z.number().nullable(), ci95: Interval.nullable() })
export type GroupCounts = z.infer<typeof GroupCounts>

export const InterventionEffectOut = z.object({
  intervention: InterventionOut,
  status: z.enum(['ok', 'not-enough-data', 'too-early']),
  dataThrough: z.string(),
  windows: z.object({
    before: z.object({ from: z.string(), to: z.string(), days: z.number().int() }),
    after: z.object({ from: z.string(), to: z.string(), days: z.number().int() }).nullable(),
  }),
  cells: z.object({ size: z.number().int(), count: z.number().int(), areaSquareMetres: z.number() }),
  area: GroupCounts.describe('Reports in the cells around the intervention'),
  rest: GroupCounts.describe('Reports in the rest of the municipality'),
  ratioOfRateRatios: z.object({
    estimate: z.number().nullable(),
    ci95: Ci95.nullable(),
    pValue: z.number().nullable(),
    dispersion: z.number().nullable(),
    method: z.literal('poisson-glm-did'),
  }),
  series: z.array(z.object({ from: z.string(), to: z.string(), phase: z.enum(['before', 'after']), area: z.number().int(), rest: z.number().int() })),
  text: EffectText,
})
export type InterventionEffectOut = z.infer<typeof InterventionEffectOut>
