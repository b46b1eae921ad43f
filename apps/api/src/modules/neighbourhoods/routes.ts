// GET /neighbourhoods, and GET /neighbourhoods/{code}/summary (+ .csv) for the safety meeting: counts, trend, hotspots, time pattern.
import { categories, ErrorCode, offenderAges, offenderCounts, offenderKnown, settings } from '@meldpunt/core'
import {
  NeighbourhoodList,
  NeighbourhoodParams,
  NeighbourhoodSummary,
  NeighbourhoodSummaryQuery,
  Problem,
  type CountRow,
  type LocalizedOption,
  type HotspotQuery,
} from '@meldpunt/core/api'
import { cellId, waldRateRatio } from '@meldpunt/analytics'
import { getNeighbourhood, listNeighbourhoods, neighbourhoodBreakdown, writeAudit, type ReportFilter } from '@meldpunt/db'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { sendText } from '../../lib/send-text.js'
import { ProblemError } from '../../lib/problems.js'
import { BIN_LABELS, cellCentreLonLat, csvLine, gridFromBoundary, keyOf, visibleCells } from '../hotspots/service.js'
import { municipalityOf, principal, tenantRead } from '../staff/context.js'
import { addDays, auditFilter, daysBetween, insufficientMessage, toFilter } from '../report-views/filter.js'

/** This period against the one before it: difference, percentage and the rate ratio with its Wald interval. */
export function trend(current: number, previous: number): NeighbourhoodSummary['trend'] {
  const { rateRatio, ci95 } = waldRateRatio(current, previous)
  return {
    difference: current - previous,
    percentChange: rateRatio === null ? null : Math.round((rateRatio - 1) * 1000) / 10,
    rateRatio,
    rateRatioCi95: ci95,
  }
}

function countRows(options: readonly LocalizedOption[], now: readonly { key: string; n: number }[], before: readonly { key: string; n: number }[]): CountRow[] {
  const a = new Map(now.map((r) => [r.key, r.n]))
  const b = new Map(before.map((r) => [r.key, r.n]))
  return options.map((o) => ({ id: o.id, label: o.label, count: a.get(o.id) ?? 0, previousCount: b.get(o.id) ?? 0 }))
}

const neighbourhoods: FastifyPluginAsyncZod = async (app) => {
  const config = app.config

  async function summarise(req: FastifyRequest, code: string, q: HotspotQuery, audit: boolean): Promise<NeighbourhoodSummary> {
    const municipality = municipalityOf(req)
    const filter = toFilter(q, municipality)
    const span = daysBetween(filter.from, filter.to)
    const previous: ReportFilter = { ...filter, to: addDays(filter.from, -1), from: addDays(filter.from, -1 - span) }
    const distanceBand = Math.max(config.HOTSPOT_DISTANCE_BAND_CELLS * q.cellSize, q.cellSize)
    const data = await tenantRead(req, municipality, async (tx) => {
      const nb = await getNeighbourhood(tx, municipality, code)
      if (!nb) return null
      const now = await neighbourhoodBreakdown(tx, filter, code)
      const before = await neighbourhoodBreakdown(tx, previous, code)
      const hot = await app.hotspots.compute(tx, { filter, cellSize: q.cellSize, distanceBand, minimum: config.HOTSPOT_MIN_REPORTS })
      if (audit) {
        await writeAudit(tx, {
          staffUserId: principal(req).userId,
          municipalityCode: municipality,
          action: 'export',
          resource: `neighbourhoods/${code}/summary.csv`,
          detail: { filter: auditFilter(filter), cellSize: q.cellSize, reports: now.total },
        })
      }
      return { nb, now, before, hot }
    })
    if (!data) throw new ProblemError(ErrorCode.NOT_FOUND, { detail: `No neighbourhood ${code} in your municipality. Import the neighbourhoods first if the list is empty.` })
    const { nb, now, before, hot } = data

    const counts = Array.from({ length: 7 }, () => new Array<number>(24).fill(0))
    // Float sums of 1/k, rounded to 1e-9 so whole reports stay whole numbers.
    for (const r of now.weekdayHour) counts[r.weekday]![r.hour] = Math.round(r.n * 1e9) / 1e9
    const inside = gridFromBoundary(nb.boundary, q.cellSize)
    const cells =
      hot.status === 'ok'
        ? visibleCells(hot, 'significant-or-occupied')
            .filter((c) => inside.index.has(keyOf(c.i, c.j)))
            .map((c) => {
              const [lon, lat] = cellCentreLonLat(c.i, c.j, q.cellSize)
              return { id: cellId(c.i, c.j, q.cellSize), count: c.count, z: c.z, p: c.p, bin: c.bin, lon, lat }
            })
        : []
    return {
      neighbourhood: { code: nb.code, name: nb.name },
      period: { from: filter.from, to: filter.to },
      previousPeriod: { from: previous.from, to: previous.to },
      total: now.total,
      previousTotal: before.total,
      leftOutCoarse: now.leftOutCoarse,
      trend: trend(now.total, before.total),
      byCategory: countRows(categories, now.byCategory, before.byCategory),
      bySetting: countRows(settings, now.bySetting, before.bySetting),
      offenders: {
        count: countRows(offenderCounts, now.offenders.count, before.offenders.count),
        age: countRows(offenderAges, now.offenders.age, before.offenders.age),
        known: countRows(offenderKnown, now.offenders.known, before.offenders.known),
      },
      timePattern: {
        counts,
        byWeekday: counts.map((row) => Math.round(row.reduce((s, v) => s + v, 0) * 1e9) / 1e9),
        byHour: Array.from({ length: 24 }, (_, h) => Math.round(counts.reduce((s, row) => s + row[h]!, 0) * 1e9) / 1e9),
      },
      hotspots: {
        status: hot.status,
        message: hot.status === 'ok' ? null : insufficientMessage(hot.reports, hot.minimum),
        cellSize: q.cellSize,
        hot: cells.filter((c) => c.bin > 0).length,
        cells,
      },
    }
  }

  app.get(
    '/neighbourhoods',
    {
      schema: {
        summary: 'Neighbourhoods of your municipality',
        tags: ['staff'],
        response: { 200: NeighbourhoodList, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      const municipality = municipalityOf(req)
      const items = await tenantRead(req, municipality, (tx) => listNeighbourhoods(tx, municipality))
      return { items: items.map(({ code, name }) => ({ code, name })) }
    },
  )

  const description =
    'For the safety meeting: counts by category and setting against the previous period of the same length, the hotspot cells inside ' +
    'the neighbourhood (from the municipality-wide Gi* analysis, same filters and cell size) and the weekday × hour pattern. ' +
    'Another municipality\'s neighbourhood is 404, like an unknown one.'

  app.get(
    '/neighbourhoods/:code/summary',
    {
      schema: {
        summary: 'Neighbourhood summary',
        description,
        tags: ['staff'],
        params: NeighbourhoodParams,
        querystring: NeighbourhoodSummaryQuery,
        response: { 200: NeighbourhoodSummary, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req) => summarise(req, req.params.code, req.query, false),
  )

  app.get(
    '/neighbourhoods/:code/summary.csv',
    {
      schema: {
        summary: 'Neighbourhood summary as CSV (audited)',
        description: `${description} One row per figure: section, key, label, count, previous_count.`,
        tags: ['staff'],
        params: NeighbourhoodParams,
        querystring: NeighbourhoodSummaryQuery,
        response: { 200: z.string().describe('text/csv'), 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (req, reply) => {
      const s = await summarise(req, req.params.code, req.query, true)
      let out = csvLine(['section', 'key', 'label', 'count', 'previous_count'])
      out += csvLine(['neighbourhood', s.neighbourhood.code, s.neighbourhood.name, '', ''])
      out += csvLine(['period', `${s.period.from}/${s.period.to}`, `previous ${s.previousPeriod.from}/${s.previousPeriod.to}`, '', ''])
      out += csvLine(['total', 'all', 'All reports', s.total, s.previousTotal])
      out += csvLine(['left-out', 'area', 'Reports placed only to a 1 km square (left out)', s.leftOutCoarse, ''])
      for (const r of s.byCategory) out += csvLine(['category', r.id, r.label.nl, r.count, r.previousCount])
      for (const r of s.bySetting) out += csvLine(['setting', r.id, r.label.nl, r.count, r.previousCount])
      for (const [section, rows] of [['offender-count', s.offenders.count], ['offender-age', s.offenders.age], ['offender-known', s.offenders.known]] as const) {
        for (const r of rows) out += csvLine([section, r.id, r.label.nl, r.count, r.previousCount])
      }
      s.timePattern.byWeekday.forEach((n, d) => (out += csvLine(['weekday', d, ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'][d], n, ''])))
      s.timePattern.byHour.forEach((n, h) => (out += csvLine(['hour', h, `${String(h).padStart(2, '0')}:00`, n, ''])))
      for (const c of s.hotspots.cells) out += csvLine(['hotspot-cell', c.id, `${BIN_LABELS[String(c.bin)]} (z ${c.z.toFixed(2)}; ${c.lat}, ${c.lon})`, c.count, ''])
      reply.header('content-disposition', `attachment; filename="buurt-${s.neighbourhood.code}-${s.period.from}-${s.period.to}.csv"`)
      return sendText(reply, out, 'text/csv; charset=utf-8')
    },
  )
}

export default neighbourhoods
