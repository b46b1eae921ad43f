// GET /timeseries (reports per day or week, from rollup_hour_day) and GET /matrix (weekday × hour, aoristic weights from rollup_hour_weight).
import { FilterQuery, Problem, TimeSeries, TimeSeriesQuery, WeekdayHourMatrix } from '@meldpunt/core/api'
import { dailyCounts, weekdayHourCounts } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { municipalityOf, tenantRead } from '../staff/context.js'
import { addDays, daysBetween, toFilter } from './filter.js'

const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']

/** Monday on or before the day: ISO weeks, as Dutch calendars count them. */
export function weekStart(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay()
  return addDays(day, -((dow + 6) % 7))
}

/** Fills every day (or week) of the period, so a chart never skips an empty stretch. */
export function toSeries(from: string, to: string, interval: TimeSeries['interval'], rows: readonly { day: string; n: number }[]): TimeSeries['points'] {
  const byDay = new Map(rows.map((r) => [r.day, r.n]))
  const points: TimeSeries['points'] = []
  const span = daysBetween(from, to)
  for (let d = 0; d <= span; d++) {
    const day = addDays(from, d)
    const start = interval === 'day' ? day : weekStart(day)
    const last = points[points.length - 1]
    if (last && last.start === start) {
      last.days++
      last.count += byDay.get(day) ?? 0
    } else points.push({ start, days: 1, count: byDay.get(day) ?? 0 })
  }
  return points
}

const time: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/timeseries',
    {
      schema: {
        summary: 'Reports per day or per week',
        description: 'Counted on the local day the incident happened (the middle of its time range). Same filters as /hotspots.',
        tags: ['staff'],
        querystring: TimeSeriesQuery,
        response: { 200: TimeSeries, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const municipality = municipalityOf(req)
      const f = toFilter(req.query, municipality)
      const rows = await tenantRead(req, municipality, (tx) => dailyCounts(tx, f))
      const points = toSeries(f.from, f.to, req.query.interval, rows)
      return { period: { from: f.from, to: f.to }, interval: req.query.interval, total: rows.reduce((s, r) => s + r.n, 0), points }
    },
  )

  app.get(
    '/matrix',
    {
      schema: {
        summary: 'Reports per weekday × local hour, aoristically weighted',
        description:
          'For a heat grid of when things happen. Each report spreads a weight of 1 evenly over the local hours its time window ' +
          'touches (Ratcliffe 2002), so counts are fractional; hour and weekday filters select those weights. Same filters as /hotspots.',
        tags: ['staff'],
        querystring: FilterQuery,
        response: { 200: WeekdayHourMatrix, 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const municipality = municipalityOf(req)
      const f = toFilter(req.query, municipality)
      const rows = await tenantRead(req, municipality, (tx) => weekdayHourCounts(tx, f))
      const counts = Array.from({ length: 7 }, () => new Array<number>(24).fill(0))
      let total = 0
      for (const r of rows) {
        counts[r.weekday]![r.hour] = (counts[r.weekday]![r.hour] ?? 0) + r.n
        total += r.n
      }
      // Float sums of 1/k: rounded to 1e-9 so a grid of whole reports sums to a whole number.
      const tidy = (v: number) => Math.round(v * 1e9) / 1e9
      return { period: { from: f.from, to: f.to }, total: tidy(total), weekdays: WEEKDAY_NAMES, counts: counts.map((row) => row.map(tidy)) }
    },
  )
}

export default time
