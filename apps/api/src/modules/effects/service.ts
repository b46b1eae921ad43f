// Campaign (or any period) effect: daily series with baseline band and spikes, rate ratios during and after, attribution.
import { addDays, daysBetween, daysFromTo, maxDay, minDay, weekdayOf } from '@meldpunt/core'
import { rateRatio, type RateRatioResult } from '@meldpunt/analytics'
import type { Attribution, EffectPhase, EffectWindow, PeriodEffectOut, Ratio } from '@meldpunt/core/api'
import type { Queryable } from '@meldpunt/db'
import { alertsBetween, dailyTotals, firstReportDay, namingCounts } from './repository.js'
import { countBand, finiteOrNull, proportion, weekdayBaseline } from '@meldpunt/analytics'
import { campaignSentences, comparisonSentence, seasonalSentence } from './effect-sentences.js'
import { differenceInDifferences, interruptedTimeSeries } from '@meldpunt/analytics'
import type { Comparison, ComparisonRatio, Seasonal } from '@meldpunt/core/api'
import { weeklyTotals, type ComparisonSeries } from './comparison.js'
import { checkSpikes, LAST_YEAR_HISTORY_DAYS, type SpikeRuleOptions } from '@meldpunt/analytics'

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
  /** The comparison group's summed series over measuredDays(spec, dataThrough), read before (comparison.ts). */
  comparison?: ComparisonSeries
}

/** Months of history the seasonal model needs: a full year plus one month to tell the season from the period. */
export const SEASONAL_MIN_MONTHS = 13
/** At most this much history enters the seasonal model: older years say little about this one's level. */
export const SEASONAL_MAX_DAYS = 3 * 364

/** The days an effect measures: baseline start to the end of the lag window, or to the data's end when sooner. */
export function measuredDays(spec: Pick<PeriodSpec, 'from' | 'to' | 'lagDays' | 'baselineDays'>, dataThrough: string): { from: string; to: string } {
  return { from: addDays(spec.from, -spec.baselineDays), to: minDay(addDays(spec.to, spec.lagDays), dataThrough) }
}

/** Whole calendar months from one day to another. */
export function wholeMonths(from: string, to: string): number {
  const [y1, m1, d1] = from.split('-').map(Number) as [number, number, number]
  const [y2, m2, d2] = to.split('-').map(Number) as [number, number, number]
  return Math.max(0, (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0))
}

type Windows = Record<'baseline' | 'during' | 'lag', EffectWindow | null>

function didRatio(treated: number[], control: number[], start: number): ComparisonRatio {
  const r = differenceInDifferences({ treated, control, start, weekday: true, overdispersion: true })
  if (!r.estimable) return { rateRatio: null, ci95: null, dispersion: null }
  return { rateRatio: finiteOrNull(r.rateRatio), ci95: [r.ci95[0], finiteOrNull(r.ci95[1])], dispersion: finiteOrNull(r.dispersion) }
}

/** The change beyond the comparison group's over the same days; only its weekly sums are checked, none is shown. */
function comparisonEffect(counts: Map<string, number>, w: Windows, cmp: ComparisonSeries | undefined, fullBaseline: boolean): Comparison {
  const group = cmp?.group ?? { kind: 'all-others' as const, sizeClass: null, municipalities: 0, excluded: 0 }
  const minimum = cmp?.minimum ?? 0
  const result = (status: Comparison['status'], during: ComparisonRatio | null = null, lag: ComparisonRatio | null = null): Comparison => {
    const { headline, summary } = comparisonSentence({ status, kind: group.kind, municipalities: group.municipalities, minimum, during })
    return { status, group, minimum, during, lag, headline, text: summary }
  }
  if (!cmp || !fullBaseline || !w.baseline || !w.during) return result('not-yet')
  if (!cmp.daily) return result('too-few-municipalities')
  const last = w.lag?.to ?? w.during.to
  const days = daysFromTo(w.baseline.from, last)
  if (weeklyTotals(days.map((d) => cmp.daily!.get(d) ?? 0)).some((n) => n < minimum)) return result('not-possible')
  const series = (win: EffectWindow) => {
    const ds = [...daysFromTo(w.baseline!.from, w.baseline!.to), ...daysFromTo(win.from, win.to)]
    return didRatio(ds.map((d) => counts.get(d) ?? 0), ds.map((d) => cmp.daily!.get(d) ?? 0), w.baseline!.days)
  }
  return result('ok', series(w.during), w.lag ? series(w.lag) : null)
}

/** Segmented regression of weekly counts with trend and yearly Fourier terms, weeks aligned on the period's start. */
async function seasonalEffect(tx: Queryable, municipality: string, spec: PeriodSpec, during: EffectWindow | null): Promise<Seasonal> {
  const first = await firstReportDay(tx, municipality)
  const historyMonths = first && first < spec.from ? wholeMonths(first, spec.from) : 0
  const result = (status: Seasonal['status'], weeks = 0, estimate: { rateRatio: number | null; ci95: [number, number | null] | null } | null = null): Seasonal => ({
    status,
    historyMonths,
    weeks,
    rateRatio: estimate?.rateRatio ?? null,
    ci95: estimate?.ci95 ?? null,
    text: seasonalSentence({ status, historyMonths, estimate }),
  })
  if (!first || historyMonths < SEASONAL_MIN_MONTHS) return result('too-little-history')
  const weeksAfter = during ? Math.floor(during.days / 7) : 0
  if (weeksAfter === 0) return result('not-yet')
  const weeksBefore = Math.floor(Math.min(daysBetween(first, spec.from), SEASONAL_MAX_DAYS) / 7)
  const seriesFrom = addDays(spec.from, -7 * weeksBefore)
  const counts = await dailyCounts(tx, municipality, seriesFrom, addDays(spec.from, 7 * weeksAfter - 1))
  const weekly = weeklyTotals(daysFromTo(seriesFrom, addDays(spec.from, 7 * weeksAfter - 1)).map((d) => counts.get(d) ?? 0))
  try {
    const r = interruptedTimeSeries({ counts: weekly, start: weeksBefore, seasonality: { period: 365.25 / 7, harmonics: 2 }, overdispersion: true })
    return result('ok', weekly.length, { rateRatio: finiteOrNull(r.rateRatio), ci95: [r.ci95[0], finiteOrNull(r.ci95[1])] })
  } catch (e) {
    if (e instanceof RangeError) return result('not-estimable', weekly.length)
    throw e
  }
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
  // Spike flags need their own history before the first day shown: EARS's 4 weeks and the same weeks last year.
  const counts = await dailyCounts(tx, municipality, addDays(baselineFrom, -LAST_YEAR_HISTORY_DAYS), maxDay(seriesTo, addDays(baselineFrom, -1)))

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

  const windows = { baseline: baselineWin, during: duringWin, lag: lagWin }
  const comparison = comparisonEffect(counts, windows, ctx.comparison, fullBaseline !== null)
  const seasonal = await seasonalEffect(tx, municipality, spec, duringWin)
  const headlineMethod: PeriodEffect['headlineMethod'] =
    comparison.status === 'ok' && comparison.during?.rateRatio != null ? 'comparison' : seasonal.status === 'ok' && seasonal.rateRatio !== null ? 'seasonal' : 'before-after'

  return {
    status,
    dataThrough,
    windows,
    effect: { during, lag },
    baseline: model ? { weekdayMeans: model.means, dispersion: model.dispersion } : null,
    series,
    alerts,
    attribution,
    spikeRule: ctx.spikeRule,
    text,
    comparison,
    seasonal,
    headlineMethod,
  }
}
