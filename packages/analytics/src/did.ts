// Difference-in-differences of two daily count series (treated, control) around one period, by a Poisson GLM.
import { poissonRegression, RankDeficientError } from './glm.js'
import { normalQuantile, twoSidedP } from './normal.js'

const Z975 = normalQuantile(0.975)

export interface DidInput {
  /** Daily counts of the treated unit (the campaign's municipality, the intervention's cells), oldest first. */
  treated: readonly number[]
  /** Daily counts of the comparison group over the same days; same length as `treated`. */
  control: readonly number[]
  /** Index of the first day of the period. */
  start: number
  /** Index after the period's last day; days at or after it are left out. Default: the series length. */
  end?: number
  /**
   * Day-of-week effects shared by both groups. Index i belongs to weekday class i mod 7: the series are consecutive
   * days, so this is the calendar weekday up to a relabelling, which does not change the fit. A class without a single
   * report in either group is left out (its coefficient would be −∞ and says nothing about the effect).
   */
  weekday?: boolean
  /** Widen the interval by √dispersion (quasi-Poisson), with the dispersion floored at 1 as every interval here. */
  overdispersion?: boolean
}

export interface DidTotals {
  treatedBefore: number
  treatedDuring: number
  controlBefore: number
  controlDuring: number
}

export type DidResult =
  | {
      estimable: true
      /** exp(d): how the treated series changed beyond what the control did over the same days. */
      rateRatio: number
      ci95: [number, number]
      /** Pearson χ²/(n − p) as estimated (NaN without residual degrees of freedom). */
      dispersion: number
      /** Observations in the fit: two per day before `end` (minus left-out weekday classes). */
      n: number
      pValue: number
      totals: DidTotals
    }
  | { estimable: false; reason: 'no-reports-in-a-window'; n: number; totals: DidTotals }

function validate(input: DidInput, end: number): void {
  const { treated, control, start } = input
  if (treated.length !== control.length) throw new RangeError(`treated has ${treated.length} days but control has ${control.length}`)
  if (!(Number.isInteger(end) && end >= 2 && end <= treated.length)) throw new RangeError(`end must be a day index in 2 … ${treated.length}, got ${end}`)
  if (!(Number.isInteger(start) && start >= 1 && start < end)) throw new RangeError(`start must leave days before it and in the period (1 … ${end - 1}), got ${start}`)
  for (const [name, s] of [['treated', treated], ['control', control]] as const) {
    s.forEach((y, i) => {
      if (!(Number.isFinite(y) && y >= 0)) throw new RangeError(`${name}[${i}] must be a finite number ≥ 0, got ${y}`)
    })
  }
}

/**
 * log E[y] = a_group + b·period + d·(treated × period) [+ γ_weekday], period = 1 on [start, end), two rows per day.
 * Without weekdays the model is saturated in the four group × period cells, so exp(d) is the closed form
 * (T_during/T_before) ÷ (C_during/C_before) with SE √(1/T_b + 1/T_d + 1/C_b + 1/C_d); with weekdays it is fitted by
 * IRLS (glm.ts, as R's glm). Wald interval on the log scale.
 */
export function differenceInDifferences(input: DidInput): DidResult {
  const { treated, control, start, weekday = false, overdispersion = false } = input
  const end = input.end ?? treated.length
  validate(input, end)
  const totals: DidTotals = { treatedBefore: 0, treatedDuring: 0, controlBefore: 0, controlDuring: 0 }
  for (let i = 0; i < end; i++) {
    if (i < start) {
      totals.treatedBefore += treated[i]!
      totals.controlBefore += control[i]!
    } else {
      totals.treatedDuring += treated[i]!
      totals.controlDuring += control[i]!
    }
  }
  const perClass = new Array<number>(7).fill(0)
  for (let i = 0; i < end; i++) perClass[i % 7]! += treated[i]! + control[i]!
  const levels = weekday ? perClass.flatMap((t, w) => (t > 0 ? [w] : [])) : []
  const used = (i: number) => !weekday || perClass[i % 7]! > 0
  let n = 0
  for (let i = 0; i < end; i++) if (used(i)) n += 2
  // A zero in any of the four cells puts d at ±∞: no finite estimate, so say so instead of fitting.
  if (!(totals.treatedBefore > 0 && totals.treatedDuring > 0 && totals.controlBefore > 0 && totals.controlDuring > 0)) {
    return { estimable: false, reason: 'no-reports-in-a-window', n, totals }
  }
  const counts: number[] = []
  const design: number[][] = []
  for (let i = 0; i < end; i++) {
    if (!used(i)) continue
    const dummies = levels.slice(1).map((l) => (l === i % 7 ? 1 : 0))
    const p = i >= start ? 1 : 0
    counts.push(treated[i]!)
    design.push([1, 1, p, p, ...dummies])
    counts.push(control[i]!)
    design.push([1, 0, p, 0, ...dummies])
  }
  let fit
  try {
    fit = poissonRegression({ counts, design })
  } catch (e) {
    if (e instanceof RankDeficientError) return { estimable: false, reason: 'no-reports-in-a-window', n, totals }
    throw e
  }
  const d = fit.coefficients[3]!
  const dispersion = fit.dispersion
  const inflate = overdispersion && Number.isFinite(dispersion) ? Math.sqrt(Math.max(1, dispersion)) : 1
  const se = fit.standardErrors[3]! * inflate
  return {
    estimable: true,
    rateRatio: Math.exp(d),
    ci95: [Math.exp(d - Z975 * se), Math.exp(d + Z975 * se)],
    dispersion,
    n,
    pValue: twoSidedP(d / se),
    totals,
  }
}
