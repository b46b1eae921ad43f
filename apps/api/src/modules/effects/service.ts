// Campaign (or any period) effect: daily series with baseline band and spikes, rate ratios during and after, attribution.
import { addDays, daysBetween, daysFromTo, maxDay, minDay, weekdayOf } from '@meldpunt/core'
import { rateRatio, type RateRatioResult } from '@meldpunt/analytics'
import type { Attribution, EffectPhase, EffectWindow, PeriodEffectOut, Ratio } from '@meldpunt/core/api'
import type { Queryable } from '@meldpunt/db'
import { alertsBetween, dailyTotals, namingCounts } from './repository.js'
import { countBand, finiteOrNull, proportion, weekdayBaseline } from '@meldpunt/analytics'
import { campaignSentences } from './effect-sentences.js'
import { checkSpikes, SPIKE_HISTORY_DAYS, type SpikeRuleOptions } from '@meldpunt/analytics'

/** Days after the lag window the series still shows, so the page can show the return to normal. */
export const AFTER_DAYS = 28
export const DEFAULT_BASELINE_DAYS = 56

export interface PeriodSpec {
  kind: 'campaign' | 'period'
  /** First and last day (inclusive) of the campaign or period. */
  from: string
  to: string
  lagDays: number
  baselineDays: number
  /** Attribution: reports naming this code or one of these channels. */
  code: string | null
  channels: readonly string[]
}

export interface EffectContext {
  /** Last complete local day: today is still filling up, so it is never part of a window. */
  dataThrough: string
  spikeRule: SpikeRuleOptions
}

/** The effect as the route sends it; the spike rule is the one the alerts apply. */
export type PeriodEffect = Omit<PeriodEffectOut, 'spikeRule'> & { spikeRule: SpikeRuleOptions }
type SeriesPoint = PeriodEffect['series'][number]

/** Reports per local day from the hour rollup (kept current on intake), zero-filled. */
export async function dailyCounts(tx: Queryable, municipality: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await dailyTotals(tx, municipality, from, to)
  const out = new Map<string, number>()
  for (const d of daysFromTo(from, to)) out.set(d, 0)
  for (const r of rows) out.set(r.day, Number(r.n))
  return out
}

function window(counts: Map<string, number>, from: string, to: string): EffectWindow | null {
  if (to < from) return null
  const days = daysFromTo(from, to)
  const reports = days.reduce((s, d) => s + (counts.get(d) ?? 0), 0)
  return { from, to, days: days.length, reports, rate: reports / days.length }
}

function ratio(counts: Map<string, number>, w: EffectWindow, base: EffectWindow): Ratio {
  const daily = (x: EffectWindow) => daysFromTo(x.from, x.to).map((d) => counts.get(d) ?? 0)
  const weekdays = (x: EffectWindow) => daysFromTo(x.from, x.to).map(weekdayOf)
  const r: RateRatioResult = rateRatio({
    during: { daily: daily(w), weekdays: weekdays(w) },
    baseline: { daily: daily(base), weekdays: weekdays(base) },
  })
  return {
    rateRatio: finiteOrNull(r.rateRatio),
    ci95: r.rateRatio === null ? null : [r.ci95[0], finiteOrNull(r.ci95[1])],
    method: r.method,
    dispersion: finiteOrNull(r.dispersion),
  }
}

async function attributionCounts(
  tx: Queryable,
  municipality: string,
  spec: PeriodSpec,
  windows: Record<'baseline' | 'during' | 'lag', EffectWindow | null>,
): Promise<Record<'baseline' | 'during' | 'lag', Attribution | null>> {
  const out: Record<'baseline' | 'during' | 'lag', Attribution | null> = { baseline: null, during: null, lag: null }
  for (const name of ['baseline', 'during', 'lag'] as const) {
    const w = windows[name]
    if (!w) continue
    const row = await namingCounts(tx, municipality, w.from, w.to, spec.code, spec.channels)
    const total = Number(row?.total ?? 0)
    out[name] = {
      reports: total,
      namingCode: Number(row?.code ?? 0),
      namingChannel: Number(row?.channel ?? 0),
      namingCodeOrChannel: proportion(Number(row?.either ?? 0), total),
    }
  }
  return out
}

export async function periodEffect(tx: Queryable, municipality: string, spec: PeriodSpec, ctx: EffectContext): Promise<PeriodEffect> {
  const { dataThrough } = ctx
  const baselineFrom = addDays(spec.from, -spec.baselineDays)
  const lagEnd = addDays(spec.to, spec.lagDays)
  const seriesTo = minDay(addDays(lagEnd, AFTER_DAYS), dataThrough)
  // Spike flags need their own EARS history before the first day shown.
  const counts = await dailyCounts(tx, municipality, addDays(baselineFrom, -SPIKE_HISTORY_DAYS), maxDay(seriesTo, addDays(baselineFrom, -1)))

  const baselineWin = window(counts, baselineFrom, minDay(addDays(spec.from, -1), dataThrough))
  const duringWin = spec.from <= dataThrough ? window(counts, spec.from, minDay(spec.to, dataThrough)) : null
  const lagWin = spec.lagDays > 0 && addDays(spec.to, 1) <= dataThrough ? window(counts, addDays(spec.to, 1), minDay(lagEnd, dataThrough)) : null
  const status: PeriodEffect['status'] =
    spec.from > dataThrough ? 'planned' : spec.to > dataThrough ? 'running' : lagEnd > dataThrough && spec.lagDays > 0 ? 'lag' : 'finished'

  // A baseline cut short by the data's end (a planned campaign) is not a baseline to measure against yet.
  const fullBaseline = baselineWin && baselineWin.days === spec.baselineDays ? baselineWin : null
  const baseDays = fullBaseline ? daysFromTo(fullBaseline.from, fullBaseline.to) : []
  const model = fullBaseline ? weekdayBaseline(baseDays.map((d) => counts.get(d) ?? 0), baseDays.map(weekdayOf)) : null

  const allDays = [...counts.keys()]
  const checks = checkSpikes(allDays.map((d) => counts.get(d)!), ctx.spikeRule)
  const series: SeriesPoint[] = []
  allDays.forEach((day, i) => {
    if (day < baselineFrom || day > seriesTo) return
    const phase: EffectPhase = day < spec.from ? 'baseline' : day <= spec.to ? 'during' : day <= lagEnd ? 'lag' : 'after'
    const expected = model ? model.means[weekdayOf(day)]! : null
    series.push({
      day,
      weekday: weekdayOf(day),
      count: counts.get(day)!,
      phase,
      expected,
      band: model && expected !== null ? countBand(expected, model.dispersion) : null,
      spike: checks[i]!.alarm,
    })
  })

  const during = fullBaseline && duringWin ? ratio(counts, duringWin, fullBaseline) : null
  const lag = fullBaseline && lagWin ? ratio(counts, lagWin, fullBaseline) : null

  const attribution =
    spec.code !== null || spec.channels.length > 0
      ? { code: spec.code, channels: [...spec.channels], ...(await attributionCounts(tx, municipality, spec, { baseline: baselineWin, during: duringWin, lag: lagWin })) }
      : null

  const alerts = await alertsBetween(tx, municipality, baselineFrom, seriesTo)

  const text = campaignSentences({
    kind: spec.kind,
    from: spec.from,
    to: spec.to,
    baselineDays: spec.baselineDays,
    during: during ?? { rateRatio: null, ci95: null },
    lag: lag && lagWin ? { ...lag, days: lagWin.days } : null,
    share: attribution ? { during: attribution.during?.namingCodeOrChannel.share ?? null, baseline: attribution.baseline?.namingCodeOrChannel.share ?? null } : null,
    coveredDays: duringWin ? { covered: duringWin.days, total: daysBetween(spec.from, spec.to) + 1 } : undefined,
    planned: status === 'planned',
  })

  return {
    status,
    dataThrough,
    windows: { baseline: baselineWin, during: duringWin, lag: lagWin },
    effect: { during, lag },
    baseline: model ? { weekdayMeans: model.means, dispersion: model.dispersion } : null,
    series,
    alerts,
    attribution,
    spikeRule: ctx.spikeRule,
    text,
  }
}
