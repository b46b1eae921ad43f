// Intervention effect: reports in the cells around a place before and after, against the rest of the municipality.
import { addDays, daysFromTo, minDay } from '@meldpunt/core'
import { rateRatio } from '@meldpunt/analytics'
import type { GroupCounts, InterventionEffectOut } from '@meldpunt/core/api'
import type { Queryable } from '@meldpunt/db'
import { differenceInDifferences, finiteOrNull } from '@meldpunt/analytics'
import { interventionSentences } from '../effects/effect-sentences.js'
import { cellGroupDailyCounts, interventionCells } from './repository.js'
import type { Intervention } from './service.js'
import { interventionKindLabels } from '../campaigns/register-options.js'

export const DEFAULT_WINDOW_DAYS = 182
/** Fewer days after the intervention than this say nothing yet. */
export const MIN_AFTER_DAYS = 7

/** The effect as the route sends it, without the intervention it belongs to. */
export type InterventionEffect = Omit<InterventionEffectOut, 'intervention'>

/** The place or area as a geometry in RD New (metres), as SQL over the intervention row. */

function groupCounts(before: number, after: number, beforeDays: number, afterDays: number): GroupCounts {
  if (afterDays <= 0) return { before, after, rateRatio: null, ci95: null }
  const r = rateRatio({ during: { count: after, days: afterDays }, baseline: { count: before, days: beforeDays } })
  return { before, after, rateRatio: finiteOrNull(r.rateRatio), ci95: r.rateRatio === null ? null : [r.ci95[0], finiteOrNull(r.ci95[1])] }
}

export async function interventionEffect(
  tx: Queryable,
  municipality: string,
  intervention: Intervention,
  options: { windowDays: number; dataThrough: string },
): Promise<InterventionEffect> {
  const { windowDays, dataThrough } = options
  const day = intervention.startedOn
  const beforeFrom = addDays(day, -windowDays)
  const beforeTo = addDays(day, -1)
  const afterTo = minDay(addDays(day, windowDays - 1), dataThrough)
  const lastDay = afterTo >= day ? afterTo : beforeTo

  // The place's cells against every other cell of the municipality (the rest).
  const cells = await interventionCells(tx, municipality, intervention.id)
  const rows = await cellGroupDailyCounts(tx, municipality, beforeFrom, lastDay, cells)
  const byDay = new Map(rows.map((r) => [r.day, r]))
  const days = daysFromTo(beforeFrom, lastDay)
  const area = days.map((d) => Number(byDay.get(d)?.inside ?? 0))
  const rest = days.map((d) => Number(byDay.get(d)?.total ?? 0) - Number(byDay.get(d)?.inside ?? 0))
  const after = days.map((d) => d >= day)

  const beforeDays = windowDays
  const afterDays = afterTo >= day ? days.length - windowDays : 0
  const sum = (values: number[], a: boolean) => values.reduce((s, x, i) => s + (after[i] === a ? x : 0), 0)
  const areaCounts = groupCounts(sum(area, false), sum(area, true), beforeDays, afterDays)
  const restCounts = groupCounts(sum(rest, false), sum(rest, true), beforeDays, afterDays)

  const series: InterventionEffect['series'] = []
  // Bins are laid out from the intervention day in both directions; a leftover short bin comes first.
  const binStarts: number[] = []
  for (let i = windowDays; i - 7 >= 0; i -= 7) binStarts.unshift(i - 7)
  if (windowDays % 7) binStarts.unshift(0)
  for (let i = windowDays; i < days.length; i += 7) binStarts.push(i)
  binStarts.forEach((startIdx, k) => {
    const endIdx = Math.min((binStarts[k + 1] ?? days.length) - 1, days.length - 1)
    if (startIdx < windowDays && endIdx >= windowDays) return
    let a = 0
    let r = 0
    for (let i = startIdx; i <= endIdx; i++) {
      a += area[i]!
      r += rest[i]!
    }
    series.push({ from: days[startIdx]!, to: days[endIdx]!, phase: startIdx >= windowDays ? 'after' : 'before', area: a, rest: r })
  })

  let status: InterventionEffect['status'] = 'ok'
  let estimate: InterventionEffect['ratioOfRateRatios'] = { estimate: null, ci95: null, pValue: null, dispersion: null, method: 'poisson-glm-did' }
  if (afterDays < MIN_AFTER_DAYS) status = 'too-early'
  else {
    // The days are consecutive, so weekday class i mod 7 is the calendar weekday up to a relabelling.
    const did = differenceInDifferences({ treated: area, control: rest, start: windowDays, weekday: true, overdispersion: true })
    if (did.estimable) estimate = { estimate: did.rateRatio, ci95: did.ci95, pValue: did.pValue, dispersion: finiteOrNull(did.dispersion) ?? 1, method: 'poisson-glm-did' }
    else status = 'not-enough-data'
  }

  const text = interventionSentences({
    kindLabel: interventionKindLabels[intervention.kind],
    name: intervention.name,
    day,
    windowDays,
    ratio: { rateRatio: estimate.estimate, ci95: estimate.ci95 },
    areaRateRatio: areaCounts.rateRatio,
    restRateRatio: restCounts.rateRatio,
    tooEarly: status === 'too-early',
  })

  return {
    status,
    dataThrough,
    windows: {
      before: { from: beforeFrom, to: beforeTo, days: beforeDays },
      after: afterDays > 0 ? { from: day, to: afterTo, days: afterDays } : null,
    },
    cells: { size: 100, count: cells.xs.length, areaSquareMetres: Math.round(cells.area) },
    area: areaCounts,
    rest: restCounts,
    ratioOfRateRatios: estimate,
    series,
    text,
  }
}
