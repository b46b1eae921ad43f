// GET /api/v1/staff/effects/period: the effect of any period against the days before it, as campaigns measure it.
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { withCodes as c } from '../report-schema.js'
import { daysBetween } from '../time-rules.js'
import { Ci95, Day, Localized, MunicipalityCode } from './common.js'
import { CAMPAIGN_CHANNELS, CampaignCode, intIn, MAX_CAMPAIGN_DAYS, uniqueList } from './register-fields.js'

/** The smallest comparison group an analyst may choose: fewer would come close to showing one municipality's counts. */
export const MIN_COMPARISON_MUNICIPALITIES = 5

/** `comparison=GM0344,GM0392,…`: the analyst's own comparison group instead of the default (same size class). */
export const ComparisonChoice = z
  .string(c)
  .transform((s) => s.split(',').map((x) => x.trim().toUpperCase()).filter(Boolean))
  .pipe(
    z
      .array(MunicipalityCode, c)
      .min(MIN_COMPARISON_MUNICIPALITIES, c)
      .max(400, c)
      .superRefine((list, ctx) => {
        list.forEach((id, i) => {
          if (list.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i], message: FieldErrorCode.DUPLICATE, input: id })
        })
      }),
  )
  .optional()
  .describe(`Comparison municipalities (CBS codes, comma-separated, at least ${MIN_COMPARISON_MUNICIPALITIES}); default: the same size class`)

export const PeriodEffectQuery = z
  .object({
    comparison: ComparisonChoice,
    from: Day,
    to: Day,
    lagDays: intIn(0, 90).default(14),
    baselineDays: intIn(14, 364).default(56),
    code: CampaignCode.optional().describe('Count reports naming this campaign code'),
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

export const Interval = z.tuple([z.number(), z.number().nullable()]).describe('95 % interval; upper end null when unbounded')
export type Interval = z.infer<typeof Interval>

export const Ratio = z.object({
  rateRatio: z.number().nullable(),
  ci95: Interval.nullable(),
  method: z.enum(['weekday-adjusted', 'exact']).describe('weekday-adjusted: Poisson GLM with weekday factors, quasi-Poisson interval; exact: conditional binomial (a window without reports)'),
  dispersion: z.number().nullable(),
})
export type Ratio = z.infer<typeof Ratio>

export const EffectWindow = z.object({ from: z.string(), to: z.string(), days: z.number().int(), reports: z.number().int(), rate: z.number().describe('Reports per day') })
export type EffectWindow = z.infer<typeof EffectWindow>

export const Share = z.object({ count: z.number().int(), total: z.number().int(), share: z.number().nullable(), ci95: Ci95.nullable() })
export type Share = z.infer<typeof Share>

export const Attribution = z.object({
  reports: z.number().int(),
  namingCode: z.number().int(),
  namingChannel: z.number().int(),
  namingCodeOrChannel: Share.describe('Share of the window\'s reports naming the code or a channel, Clopper–Pearson interval'),
})
export type Attribution = z.infer<typeof Attribution>

export const SpikeRuleOut = z.object({
  method: z.enum(['C1', 'C2', 'C3']),
  alpha: z.number(),
  minSigma: z.number(),
  minCount: z.number().int(),
})
export type SpikeRuleOut = z.infer<typeof SpikeRuleOut>

/** An effect's plain-language explanation, in both staff languages. */
export const EffectText = z.object({ headline: Localized, summary: Localized })
export type EffectText = z.infer<typeof EffectText>

export const EffectPhase = z.enum(['baseline', 'during', 'lag', 'after'])
export type EffectPhase = z.infer<typeof EffectPhase>

export const ComparisonRatio = z.object({
  rateRatio: z.number().nullable(),
  ci95: Interval.nullable(),
  dispersion: z.number().nullable(),
})
export type ComparisonRatio = z.infer<typeof ComparisonRatio>

export const Comparison = z
  .object({
    status: z
      .enum(['ok', 'not-possible', 'too-few-municipalities', 'not-yet'])
      .describe('not-possible: the summed group has fewer reports than the minimum count in some week; too-few-municipalities: fewer than 5 usable; not-yet: no full baseline or period'),
    group: z.object({
      kind: z.enum(['size-class', 'all-others', 'chosen']).describe('size-class: same CBS size class; all-others: every other municipality (size unknown or class too small); chosen: the analyst\'s set'),
      sizeClass: z.string().nullable().describe('CBS size class of the municipality, e.g. "100000-150000"; null when its population is unknown'),
      municipalities: z.number().int().describe('How many municipalities the summed series holds'),
      excluded: z.number().int().describe('Chosen or same-class municipalities left out: a registered campaign in the weeks measured, or no reports throughout'),
    }),
    minimum: z.number().int().describe('Fewest reports per week the summed group must have'),
    during: ComparisonRatio.nullable().describe('Difference-in-differences rate ratio: change in this municipality beyond the change in the group'),
    lag: ComparisonRatio.nullable(),
    headline: Localized.describe('The one sentence that says the comparison, for the top of the page'),
    text: Localized,
  })
  .describe('The before/after change relative to comparable municipalities over the same days; only their summed series is used, never shown')
export type Comparison = z.infer<typeof Comparison>

export const Seasonal = z
  .object({
    status: z.enum(['ok', 'too-little-history', 'not-yet', 'not-estimable']),
    historyMonths: z.number().int().describe('Whole months of reports before the start'),
    weeks: z.number().int().describe('Weeks in the segmented regression'),
    rateRatio: z.number().nullable(),
    ci95: Interval.nullable(),
    text: Localized,
  })
  .describe('Segmented Poisson regression of weekly counts with trend and yearly Fourier terms (from 13 months of history)')
export type Seasonal = z.infer<typeof Seasonal>

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
      phase: EffectPhase,
      expected: z.number().nullable(),
      band: Ci95.nullable().describe('Central 95 % range of a day\'s count if nothing changed'),
      spike: z.boolean().describe('The day passes the spike alert rule'),
    }),
  ),
  alerts: z.array(z.object({ day: z.string(), scope: z.string(), scopeKey: z.string().nullable(), observed: z.number().int(), expected: z.number(), method: z.string() })),
  attribution: z
    .object({ code: z.string().nullable(), channels: z.array(z.string()), baseline: Attribution.nullable(), during: Attribution.nullable(), lag: Attribution.nullable() })
    .nullable(),
  spikeRule: SpikeRuleOut,
  text: EffectText,
  comparison: Comparison,
  seasonal: Seasonal,
  headlineMethod: z
    .enum(['comparison', 'seasonal', 'before-after'])
    .describe('Which estimate leads (docs/adr/0120): the comparison group when possible, else the seasonal model, else before/after'),
})
export type PeriodEffectOut = z.infer<typeof PeriodEffectOut>
