// Request and response schemas of the campaign, intervention and effect routes; issues carry field error codes.
import { CAMPAIGN_CODE_PATTERN, FieldErrorCode, withCodes } from '@meldpunt/core'
import { z } from 'zod'
import { daysBetween, isCalendarDay } from '../../lib/calendar-days.js'
import { CAMPAIGN_CHANNELS, INTERVENTION_KINDS, TARGET_GROUPS } from './register-options.js'

const c = withCodes

/** Longest campaign or period: a year. Longer says nothing about a campaign's effect. */
export const MAX_CAMPAIGN_DAYS = 366

export const Day = z.string(c).refine(isCalendarDay, FieldErrorCode.INVALID_FORMAT).describe('Local calendar day, YYYY-MM-DD')

function text(max: number) {
  return z
    .string(c)
    .normalize('NFC')
    .overwrite((s) => s.replaceAll('\u0000', ''))
    .trim()
    .max(max, c)
}

function uniqueList<const T extends readonly [string, ...string[]]>(ids: T) {
  return z.array(z.enum(ids, c), c).max(ids.length, c).superRefine((list, ctx) => {
    list.forEach((id, i) => {
      if (list.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i], message: FieldErrorCode.DUPLICATE, input: id })
    })
  })
}

const lon = z.number(c).min(-180, c).max(180, c)
const lat = z.number(c).min(-90, c).max(90, c)
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

const CampaignFields = {
  code: z.string(c).trim().regex(CAMPAIGN_CODE_PATTERN, c).toUpperCase().describe('3–24 letters, digits or dashes; stored upper-case; unique in the municipality'),
  name: text(200).min(1, c),
  startsOn: Day,
  endsOn: Day.describe('Last day of the campaign (inclusive)'),
  lagDays: z.number(c).int(c).min(0, c).max(90, c).describe('Days after the end measured as an after-effect'),
  channels: uniqueList(CAMPAIGN_CHANNELS).min(1, c).describe(`Where the campaign ran: ${CAMPAIGN_CHANNELS.join(', ')} (the "heard via" answers)`),
  targetGroups: uniqueList(TARGET_GROUPS).describe(`Who it addressed: ${TARGET_GROUPS.join(', ')}`),
  area: PolygonGeometry.nullable(),
  notes: text(4000).nullable(),
}

function periodRefine(from: 'startsOn', to: 'endsOn') {
  return (v: Record<string, unknown>, ctx: z.core.$RefinementCtx) => {
    const a = v[from]
    const b = v[to]
    if (typeof a !== 'string' || typeof b !== 'string' || !isCalendarDay(a) || !isCalendarDay(b)) return
    if (b < a) ctx.addIssue({ code: 'custom', path: [to], message: FieldErrorCode.END_BEFORE_START, input: b })
    else if (daysBetween(a, b) + 1 > MAX_CAMPAIGN_DAYS) ctx.addIssue({ code: 'custom', path: [to], message: FieldErrorCode.RANGE_TOO_LONG, input: b })
  }
}

export const NewCampaign = z
  .object({
    ...CampaignFields,
    code: CampaignFields.code.optional().describe('Leave out to have one generated'),
    lagDays: CampaignFields.lagDays.default(14),
    targetGroups: CampaignFields.targetGroups.default([]),
    area: CampaignFields.area.default(null),
    notes: CampaignFields.notes.default(null),
  }, c)
  .strict()
  .superRefine(periodRefine('startsOn', 'endsOn'))

export const CampaignPatch = z
  .object({
    code: CampaignFields.code.optional(),
    name: CampaignFields.name.optional(),
    startsOn: CampaignFields.startsOn.optional(),
    endsOn: CampaignFields.endsOn.optional(),
    lagDays: CampaignFields.lagDays.optional(),
    channels: CampaignFields.channels.optional(),
    targetGroups: CampaignFields.targetGroups.optional(),
    area: CampaignFields.area.optional(),
    notes: CampaignFields.notes.optional(),
  }, c)
  .strict()
  .superRefine(periodRefine('startsOn', 'endsOn'))

export const CampaignOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  lagDays: z.number().int(),
  channels: z.array(z.string()),
  targetGroups: z.array(z.string()),
  area: z.unknown().nullable().describe('GeoJSON (Multi)Polygon or null'),
  notes: z.string().nullable(),
  link: z.string().describe('Relative link that opens the report flow with the code as "heard via": /?c=CODE'),
  url: z.string().describe('The link as an absolute URL (PUBLIC_BASE_URL, else the address of this request)'),
  qrSvg: z.string().describe('Path of the QR code (SVG) of `url`'),
  createdBy: z.string().nullable().describe('Email of who entered it, kept after the account is gone'),
  createdAt: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
})

const Place = z.object({ lat, lon, radiusMetres: z.number(c).int(c).min(25, c).max(2000, c) }, c).strict()

const InterventionFields = {
  kind: z.enum(INTERVENTION_KINDS, c),
  name: text(200).min(1, c),
  startedOn: Day.describe('Day it took effect: the before/after split'),
  endedOn: Day.nullable(),
  place: Place.nullable().describe('A point with a radius in metres (25–2000); or give an area'),
  area: PolygonGeometry.nullable(),
  notes: text(4000).nullable(),
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

export const InterventionPatch = z
  .object({
    kind: InterventionFields.kind.optional(),
    name: InterventionFields.name.optional(),
    startedOn: InterventionFields.startedOn.optional(),
    endedOn: InterventionFields.endedOn.optional(),
    place: InterventionFields.place.optional(),
    area: InterventionFields.area.optional(),
    notes: InterventionFields.notes.optional(),
  }, c)
  .strict()
  .superRefine(interventionRefine)

export const InterventionOut = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  place: z.object({ lat: z.number(), lon: z.number(), radiusMetres: z.number() }).nullable(),
  area: z.unknown().nullable(),
  notes: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
})

export const IdParams = z.object({ id: z.uuid(c) })

const intIn = (min: number, max: number) => z.coerce.number(c).int(c).min(min, c).max(max, c)

export const CampaignEffectQuery = z.object({
  baselineDays: intIn(14, 364).default(56).describe('Days before the start the campaign is compared with (default 8 weeks)'),
})

export const PeriodEffectQuery = z
  .object({
    from: Day,
    to: Day,
    lagDays: intIn(0, 90).default(14),
    baselineDays: intIn(14, 364).default(56),
    code: z.string(c).trim().regex(CAMPAIGN_CODE_PATTERN, c).toUpperCase().optional().describe('Count reports naming this campaign code'),
    channels: z
      .string(c)
      .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
      .pipe(uniqueList(CAMPAIGN_CHANNELS))
      .optional()
      .describe(`Count reports that heard via these channels, comma-separated: ${CAMPAIGN_CHANNELS.join(', ')}`),
  })
  .superRefine((v, ctx) => {
    if (typeof v.from !== 'string' || typeof v.to !== 'string') return
    if (v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: FieldErrorCode.END_BEFORE_START, input: v.to })
    else if (daysBetween(v.from, v.to) + 1 > MAX_CAMPAIGN_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: FieldErrorCode.RANGE_TOO_LONG, input: v.to })
  })

export const InterventionEffectQuery = z.object({
  windowDays: intIn(28, 730).default(182).describe('Days compared before and after the intervention (default 26 weeks)'),
})

const Interval = z.tuple([z.number(), z.number().nullable()]).describe('95 % interval; upper end null when unbounded')

const Ratio = z.object({
  rateRatio: z.number().nullable(),
  ci95: Interval.nullable(),
  method: z.enum(['weekday-adjusted', 'exact']).describe('weekday-adjusted: Poisson GLM with weekday factors, quasi-Poisson interval; exact: conditional binomial (a window without reports)'),
  dispersion: z.number().nullable(),
})

const EffectWindow = z.object({ from: z.string(), to: z.string(), days: z.number().int(), reports: z.number().int(), rate: z.number().describe('Reports per day') })

const Share = z.object({ count: z.number().int(), total: z.number().int(), share: z.number().nullable(), ci95: z.tuple([z.number(), z.number()]).nullable() })

const Attribution = z.object({
  reports: z.number().int(),
  namingCode: z.number().int(),
  namingChannel: z.number().int(),
  namingCodeOrChannel: Share.describe('Share of the window\'s reports naming the code or a channel, Clopper–Pearson interval'),
})

export const Localized = z.object({ nl: z.string(), en: z.string() })

export const SpikeRuleOut = z.object({
  method: z.enum(['C1', 'C2', 'C3']),
  alpha: z.number(),
  minSigma: z.number(),
  minCount: z.number().int(),
})

export const PeriodEffectOut = z.object({
  status: z.enum(['planned', 'running', 'lag', 'finished']),
  dataThrough: z.string().describe('Last complete day in the numbers (today is still filling up)'),
  windows: z.object({ baseline: EffectWindow.nullable(), during: EffectWindow.nullable(), lag: EffectWindow.nullable() }),
  effect: z.object({ during: Ratio.nullable(), lag: Ratio.nullable() }),
  baseline: z.object({ weekdayMeans: z.array(z.number()).describe('Expected reports per weekday, 0 = Sunday'), dispersion: z.number() }).nullable(),
  series: z.array(
    z.object({
      day: z.string(),
      weekday: z.number().int(),
      count: z.number().int(),
      phase: z.enum(['baseline', 'during', 'lag', 'after']),
      expected: z.number().nullable(),
      band: z.tuple([z.number(), z.number()]).nullable().describe('Central 95 % range of a day\'s count if nothing changed'),
      spike: z.boolean().describe('The day passes the spike alert rule'),
    }),
  ),
  alerts: z.array(z.object({ day: z.string(), scope: z.string(), scopeKey: z.string().nullable(), observed: z.number().int(), expected: z.number(), method: z.string() })),
  attribution: z
    .object({ code: z.string().nullable(), channels: z.array(z.string()), baseline: Attribution.nullable(), during: Attribution.nullable(), lag: Attribution.nullable() })
    .nullable(),
  spikeRule: SpikeRuleOut,
  text: z.object({ headline: Localized, summary: Localized }),
})

export const CampaignEffectOut = PeriodEffectOut.extend({ campaign: CampaignOut })

const GroupCounts = z.object({ before: z.number().int(), after: z.number().int(), rateRatio: z.number().nullable(), ci95: Interval.nullable() })

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
    ci95: z.tuple([z.number(), z.number()]).nullable(),
    pValue: z.number().nullable(),
    dispersion: z.number().nullable(),
    method: z.literal('poisson-glm-did'),
  }),
  series: z.array(z.object({ from: z.string(), to: z.string(), phase: z.enum(['before', 'after']), area: z.number().int(), rest: z.number().int() })),
  text: z.object({ headline: Localized, summary: Localized }),
})
