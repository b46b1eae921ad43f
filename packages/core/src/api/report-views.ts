// GET /api/v1/staff/reports (+ /:id), /timeseries and /matrix: the staff report list and the time patterns.
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { NeighbourhoodCode, Period } from './common.js'
import { isHotspotCellId } from './hotspots.js'
import { FilterQuery, OffenderFilterQuery } from './report-filter.js'

export const StaffReport = z.object({
  id: z.string().uuid(),
  receivedAt: z.string().describe('The hour the report arrived (minutes and seconds are never shown)'),
  occurredFrom: z.string(),
  occurredTo: z.string(),
  location: z.object({
    lon: z.number(),
    lat: z.number(),
    precision: z.string().describe('exact, approximate (stored at a 250 m cell centre) or area (1 km)'),
    place: z.string().nullable().optional().describe('Nearest street or public space and town (not for area reports)'),
  }),
  category: z.string(),
  setting: z.string(),
  role: z.string(),
  urgent: z.boolean(),
  ageBand: z.string().nullable(),
  gender: z.string().nullable(),
  groups: z.array(z.string()),
  description: z.string().nullable(),
  descriptionPurged: z.boolean().describe('The free text was removed after the retention period'),
  heardVia: z.string().nullable(),
  campaignCode: z.string().nullable(),
  neighbourhoodCode: z.string().nullable(),
  status: z.string(),
  offenders: z
    .object({ count: z.string().nullable(), age: z.string().nullable(), known: z.string().nullable() })
    .describe('Who did it, as far as the reporter saw; null where not said'),
})
export type StaffReport = z.infer<typeof StaffReport>

export const ReportWithAdditions = StaffReport.extend({
  additions: z.array(z.object({ id: z.string(), at: z.string(), text: z.string().nullable(), purged: z.boolean() })),
})
export type ReportWithAdditions = z.infer<typeof ReportWithAdditions>

export const ReportList = z.object({
  total: z.number().int().describe('Reports matching the filters'),
  items: z.array(StaffReport),
  next: z.string().nullable().describe('Pass as `after` for the next page; null on the last page'),
})
export type ReportList = z.infer<typeof ReportList>

export const ReportListQuery = FilterQuery.extend({
  neighbourhood: NeighbourhoodCode.optional().describe('CBS neighbourhood code'),
  cell: z
    .string()
    .refine(isHotspotCellId, FieldErrorCode.INVALID_FORMAT)
    .optional()
    .describe('Only reports in this hotspot cell (the `id` of a hotspot feature, e.g. 100:1207:4860)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(200).optional().describe('The `next` value of the previous page'),
}).extend(OffenderFilterQuery.shape)

export const ReportParams = z.object({ id: z.string().uuid() })

export const TimeInterval = z.enum(['day', 'week'])

export const TimeSeriesQuery = FilterQuery.extend({ interval: TimeInterval.default('day') })

export const TimeSeries = z.object({
  period: Period,
  interval: TimeInterval,
  total: z.number().int(),
  points: z
    .array(
      z.object({
        start: z.string().describe('First day of the interval (weeks start on Monday)'),
        days: z.number().int().describe('Days of the interval inside the period: fewer than 7 marks a partial first or last week'),
        count: z.number().int(),
      }),
    )
    .describe('Every interval of the period, zeros included'),
})
export type TimeSeries = z.infer<typeof TimeSeries>

export const WeekdayHourMatrix = z.object({
  period: Period,
  total: z.number().nonnegative().describe('Sum of the grid: the number of reports, up to windows reaching outside the period'),
  weekdays: z.array(z.string()).describe('Row labels: index 0 is Sunday'),
  counts: z
    .array(z.array(z.number().nonnegative()))
    .describe('counts[weekday][hour]: 7 rows (0 = Sunday) × 24 local hours. Aoristic: a report with a time window adds 1/k to each of the k hours it touches'),
})
export type WeekdayHourMatrix = z.infer<typeof WeekdayHourMatrix>
