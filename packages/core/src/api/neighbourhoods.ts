// GET /api/v1/staff/neighbourhoods and …/{code}/summary (+ .csv): the neighbourhood view for the safety meeting.
import { z } from 'zod'
import { Ci95, LocalizedOption, NeighbourhoodCode, Period } from './common.js'
import { HotspotQuery } from './hotspots.js'

export const Neighbourhood = z.object({ code: z.string(), name: z.string() })
export type Neighbourhood = z.infer<typeof Neighbourhood>

export const NeighbourhoodList = z.object({ items: z.array(Neighbourhood) })

export const NeighbourhoodParams = z.object({ code: NeighbourhoodCode.describe('CBS neighbourhood code, e.g. BU03630000') })

export const NeighbourhoodSummaryQuery = HotspotQuery.omit({ distanceBand: true })

export const CountRow = LocalizedOption.extend({ count: z.number().int(), previousCount: z.number().int() })
export type CountRow = z.infer<typeof CountRow>

export const NeighbourhoodSummary = z.object({
  neighbourhood: Neighbourhood,
  period: Period,
  previousPeriod: Period.describe('The same number of days right before the period'),
  total: z.number().int().describe('Reports placed in the neighbourhood; reports placed only to a 1 km square are left out (leftOutCoarse)'),
  previousTotal: z.number().int(),
  leftOutCoarse: z.number().int().describe('Reports of the period whose 1 km square centre lies in the neighbourhood: left out, since the square spans neighbourhoods'),
  trend: z.object({
    difference: z.number().int(),
    percentChange: z.number().nullable().describe('null when the previous period had no reports'),
    rateRatio: z.number().nullable(),
    rateRatioCi95: Ci95.nullable().describe('Wald interval on the log scale; null when either count is 0'),
  }),
  byCategory: z.array(CountRow),
  bySetting: z.array(CountRow),
  offenders: z
    .object({ count: z.array(CountRow), age: z.array(CountRow), known: z.array(CountRow) })
    .describe('Who the offenders were, as far as reporters saw (optional answers: the rows add up to the reports that gave one)'),
  timePattern: z.object({
    counts: z.array(z.array(z.number().nonnegative())).describe('counts[weekday][hour], weekday 0 = Sunday; aoristic: a report with a time window adds 1/k to each of the k hours it touches'),
    byWeekday: z.array(z.number().nonnegative()),
    byHour: z.array(z.number().nonnegative()),
  }),
  hotspots: z.object({
    status: z.enum(['ok', 'insufficient-data']),
    message: z.string().nullable(),
    cellSize: z.number().int(),
    hot: z.number().int().describe('Cells inside the neighbourhood with bin > 0'),
    cells: z
      .array(z.object({ id: z.string(), count: z.number().int(), z: z.number(), p: z.number(), bin: z.number().int(), lon: z.number(), lat: z.number() }))
      .describe('Cells centred inside the neighbourhood with reports or a significant bin, from the municipality-wide analysis, hottest first'),
  }),
})
export type NeighbourhoodSummary = z.infer<typeof NeighbourhoodSummary>
