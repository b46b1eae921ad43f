// Request pieces the campaign, intervention and effect routes share: register lists, texts, drawn areas, day ranges.
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { CAMPAIGN_CODE_PATTERN, withCodes as c } from '../report-schema.js'
import type { HeardViaId } from '../taxonomy.js'
import { daysBetween, isCalendarDay } from '../time-rules.js'

/**
 * A campaign's channels are the "heard via" answers a report can give, so the share of reports that name
 * a campaign's channel is a plain match on reports.heard_via.
 */
export const CAMPAIGN_CHANNELS = ['poster', 'social-media', 'school', 'nightlife-venue', 'public-transport', 'other'] as const satisfies readonly HeardViaId[]
export type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number]

export const TARGET_GROUPS = [
  'everyone',
  'women-and-girls',
  'young-people',
  'students',
  'nightlife-visitors',
  'public-transport-users',
  'bystanders',
  'lgbti',
  'disability',
  'migrant',
  'person-of-colour',
  'religious',
  'other',
] as const
export type TargetGroup = (typeof TARGET_GROUPS)[number]

export const INTERVENTION_KINDS = ['lighting', 'cameras', 'hosts', 'redesign', 'enforcement', 'other'] as const
export type InterventionKind = (typeof INTERVENTION_KINDS)[number]

/** Longest campaign or period: a year. Longer says nothing about a campaign's effect. */
export const MAX_CAMPAIGN_DAYS = 366

export function registerText(max: number) {
  return z
    .string(c)
    .normalize('NFC')
    .overwrite((s) => s.replaceAll('\u0000', ''))
    .trim()
    .max(max, c)
}

export function uniqueList<const T extends readonly [string, ...string[]]>(ids: T) {
  return z.array(z.enum(ids, c), c).max(ids.length, c).superRefine((list, ctx) => {
    list.forEach((id, i) => {
      if (list.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i], message: FieldErrorCode.DUPLICATE, input: id })
    })
  })
}

export const CampaignCode = z.string(c).trim().regex(CAMPAIGN_CODE_PATTERN, c).toUpperCase()

export const intIn = (min: number, max: number) => z.coerce.number(c).int(c).min(min, c).max(max, c)

export const lon = z.number(c).min(-180, c).max(180, c)
export const lat = z.number(c).min(-90, c).max(90, c)
/** GeoJSON position [lon, lat] (an altitude is accepted and ignored by PostGIS's 2D geometry). */
const GeoPosition = z.tuple([lon, lat], c).rest(z.number(c))
const Ring = z
  .array(GeoPosition, c)
  .min(4, c)
  .max(5000, c)
  .refine((r) => r.length < 2 || (r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]), FieldErrorCode.INVALID)
  .describe('Closed ring: the last position repeats the first')

export const PolygonGeometry = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon', c), coordinates: z.array(Ring, c).min(1, c).max(50, c) }, c),
    z.object({ type: z.literal('MultiPolygon', c), coordinates: z.array(z.array(Ring, c).min(1, c).max(50, c), c).min(1, c).max(50, c) }, c),
  ], c)
  .describe('GeoJSON Polygon or MultiPolygon in WGS84, at least 95 % inside the municipality')
export type PolygonGeometry = z.infer<typeof PolygonGeometry>

/** `to` on or after `from`, and the two at most MAX_CAMPAIGN_DAYS apart (both included). */
export function periodRefine(from: string, to: string) {
  return (v: Record<string, unknown>, ctx: z.core.$RefinementCtx) => {
    const a = v[from]
    const b = v[to]
    if (typeof a !== 'string' || typeof b !== 'string' || !isCalendarDay(a) || !isCalendarDay(b)) return
    if (b < a) ctx.addIssue({ code: 'custom', path: [to], message: FieldErrorCode.END_BEFORE_START, input: b })
    else if (daysBetween(a, b) + 1 > MAX_CAMPAIGN_DAYS) ctx.addIssue({ code: 'custom', path: [to], message: FieldErrorCode.RANGE_TOO_LONG, input: b })
  }
}

/** Who did something to a register entry, and when. */
export const RegisterStamp = z.object({ at: z.string().describe('ISO 8601'), by: z.string().nullable().describe('Email of the staff member') })

/** One change of a campaign or intervention: the version it replaced, as the register showed it. */
export const RegisterChange = z.object({
  at: z.string().describe('ISO 8601'),
  by: z.string().nullable().describe('Email of the staff member'),
  change: z.enum(['update', 'delete']),
  fields: z.array(z.string()).describe('Fields this change gave another value (empty for a delete)'),
  previous: z.record(z.string(), z.unknown()).describe('The entry before this change'),
})
export type RegisterChange = z.infer<typeof RegisterChange>

/** GET /api/v1/staff/{campaigns,interventions}/:id/history: how an entry came to be, oldest change first. */
export const RegisterHistory = z.object({
  id: z.string(),
  created: RegisterStamp,
  deleted: RegisterStamp.nullable(),
  changes: z.array(RegisterChange),
})
export type RegisterHistory = z.infer<typeof RegisterHistory>
