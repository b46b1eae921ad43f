import { describe, expect, it } from 'vitest'
import { ears } from './ears.js'

// No published EARS example with raw counts was found (earsC's own test uses the salmNewport
// data set, stored only as .RData), so these are hand-computed. Thresholds:
// z(C1, C2) = qnorm(0.999) = 3.090232306167813, z(C3) = qnorm(0.975) = 1.959963984540054.
// Index:     0  1  2  3  4  5  6  7  8  9  10 11 12 13  14  15
const counts = [4, 6, 5, 3, 7, 5, 4, 6, 5, 14, 6, 5, 4, 12, 15, 5]
const Z1 = 3.090232306167813
const Z3 = 1.959963984540054

describe('ears C1', () => {
  const out = ears(counts, { method: 'C1' })

  it('has no baseline for the first 7 periods', () => {
    for (let t = 0; t < 7; t++) expect(out[t]).toEqual({ expected: null, upperBound: null, alarm: false })
    expect(out).toHaveLength(counts.length)
  })

  it('flags the spike on day 9', () => {
    // Baseline days 2–8: 5 3 7 5 4 6 5, mean 35/7 = 5, deviations 0 −2 2 0 −1 1 0, SS 10,
    // sd = √(10/6) = 1.290994449; upper = 5 + 3.090232306·1.290994449 = 8.989472753;
    // statistic (14 − 5)/1.290994449 = 6.971370023.
    const p = out[9]!
    expect(p.expected).toBeCloseTo(5, 12)
    expect(p.upperBound).toBeCloseTo(5 + Z1 * Math.sqrt(10 / 6), 12)
    expect(p.upperBound).toBeCloseTo(8.989472752566693, 6)
    expect(p.statistic).toBeCloseTo(6.971370023173351, 6)
    expect(p.alarm).toBe(true)
  })

  it('lets the spike inflate the next baselines (why C2 has a guard band)', () => {
    // Day 10: baseline days 3–9 = 3 7 5 4 6 5 14, mean 44/7 = 6.285714286, sd 3.638419332,
    // upper 6.285714 + 3.090232·3.638419 = 17.529275250. Day 13's 12 reports stay below 17.096.
    expect(out[10]!.expected).toBeCloseTo(44 / 7, 12)
    expect(out[10]!.upperBound).toBeCloseTo(17.529275249960488, 6)
    expect(out[13]!.upperBound).toBeCloseTo(17.09627058271574, 6)
    expect(out.map((p) => p.alarm)).toEqual(counts.map((_, t) => t === 9))
  })
})

describe('ears C2', () => {
  const out = ears(counts, { method: 'C2' })

  it('uses days t−9…t−3', () => {
    for (let t = 0; t < 9; t++) expect(out[t]!.upperBound).toBeNull()
    // Day 9: baseline days 0–6 = 4 6 5 3 7 5 4, Σ = 34, Σx² = 176, SS = 176 − 34²/7 = 10.857142857,
    // sd = √(10.857142857/6) = 1.345185418; upper = 34/7 + 3.090232306·1.345185418 = 9.014078294;
    // statistic (14 − 4.857142857)/1.345185418 = 6.796726324.
    expect(out[9]!.expected).toBeCloseTo(34 / 7, 12)
    expect(out[9]!.upperBound).toBeCloseTo(34 / 7 + Z1 * Math.sqrt((176 - 34 ** 2 / 7) / 6), 12)
    expect(out[9]!.upperBound).toBeCloseTo(9.01407829446389, 6)
    expect(out[9]!.statistic).toBeCloseTo(6.79672632388597, 6)
    expect(out[9]!.alarm).toBe(true)
    // Day 11: baseline days 2–8, the same as C1's day 9: mean 5, count 5, statistic exactly 0.
    expect(out[11]!.statistic).toBe(0)
    expect(out[14]!.statistic).toBeCloseTo(2.514594403022006, 6)
    expect(out.filter((p) => p.alarm)).toHaveLength(1)
  })
})

describe('ears C3', () => {
  const out = ears(counts, { method: 'C3' })

  it('needs C2 on the day and the two before, so starts at day 11', () => {
    for (let t = 0; t < 11; t++) expect(out[t]!.upperBound).toBeNull()
    expect(out[11]!.upperBound).not.toBeNull()
  })

  it('alarms on the day the three-day excess passes z, and bounds that day', () => {
    // C2 on days 12, 13, 14: (4 − 6.285714)/3.638419 = −0.628 → 0;
    // (12 − 6.714286)/3.352327 = 1.576730 → 0.576730; (15 − 6.428571)/3.408672 = 2.514594 → 1.514594.
    // C3 = 0 + 0.576730 + 1.514594 = 2.091324 > 1.959964: alarm.
    // Bound: 6.428571 + 3.408672·(1 + 1.959964 − 0.576730) = 6.428571 + 3.408672·2.383234 = 14.552235.
    const p = out[14]!
    expect(p.statistic).toBeCloseTo(2.091324399514809, 6)
    expect(p.alarm).toBe(true)
    expect(p.expected).toBeCloseTo(45 / 7, 12)
    expect(p.upperBound).toBeCloseTo(14.55223537731724, 6)
    expect(counts[14]!).toBeGreaterThan(p.upperBound!)
    // R's earsC code would not flag day 14 (its bound is 15 + 3.408672·(1.959964 − 0.576730) = 19.715)
    // and would flag day 15 instead; see the comment on ears().
  })

  it('carries an alarm for two days after a large excess, whatever the count', () => {
    // Day 15: lagged terms 0.576730 + 1.514594 = 2.091324 > z already, so even 5 reports alarm; bound 0.
    expect(out[15]).toMatchObject({ alarm: true, upperBound: 0 })
    expect(out[15]!.statistic).toBeCloseTo(2.091324399514809, 6)
    // Day 11: C2 on day 9 was 6.796726, so 5.796726 carries over.
    expect(out[11]).toMatchObject({ alarm: true, upperBound: 0 })
    expect(out[11]!.statistic).toBeCloseTo(5.79672632388597, 6)
  })

  it('keeps count > upperBound equivalent to alarm whenever the lagged terms are ≤ z', () => {
    // Day 13: lagged 0 + 0 (days 11, 12), bound 6.714286 + 3.352327·(1 + 1.959964) = 16.637052; 12 < that.
    expect(out[13]!.upperBound).toBeCloseTo(16.637052423287408, 6)
    expect(out[13]!.alarm).toBe(false)
    expect(out[12]!.upperBound).toBeCloseTo(17.055304470155885, 6)
  })
})

describe('ears low-count guard', () => {
  const quiet = [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4]

  it('does not alarm on a single report after a week of zeros', () => {
    // Baseline sd 0 is floored at 1: upper = 0 + 3.090232·1. One report stays below, four exceed it.
    const c1 = ears(quiet, { method: 'C1', minSigma: 1 })
    expect(c1[7]).toMatchObject({ expected: 0, alarm: false, statistic: 1 })
    expect(c1[7]!.upperBound).toBeCloseTo(Z1, 12)
    expect(c1[15]!.alarm).toBe(true)
    // C3: the single report has C2 = 1, excess max(0, 1 − 1) = 0.
    const c3 = ears([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0], { method: 'C3', minSigma: 1 })
    expect(c3[11]).toMatchObject({ statistic: 0, alarm: false })
    expect(c3[11]!.upperBound).toBeCloseTo(1 + Z3, 12)
  })

  it('uses the sample standard deviation unless a floor is asked for, as CDC EARS and earsC define it', () => {
    expect(ears(quiet, { method: 'C1' })).toEqual(ears(quiet, { method: 'C1', minSigma: 0 }))
    expect(ears(quiet, { method: 'C1' })[7]).toMatchObject({ upperBound: 0, alarm: true, statistic: Infinity })
  })

  it('reproduces earsC with minSigma 0, without NaN', () => {
    const c1 = ears(quiet, { method: 'C1', minSigma: 0 })
    expect(c1[7]).toEqual({ expected: 0, upperBound: 0, alarm: true, statistic: Infinity })
    // Day 8: baseline 0 0 0 0 0 0 1, mean 1/7, SS = 1 − 1/7, sd = √((6/7)/6) = 0.377964473.
    const sd = Math.sqrt((1 - 1 / 7) / 6)
    expect(c1[8]!.expected).toBeCloseTo(1 / 7, 14)
    expect(c1[8]!.upperBound).toBeCloseTo(1 / 7 + Z1 * sd, 12)
    expect(c1[8]!.statistic).toBeCloseTo(-1 / 7 / sd, 12)
    expect(c1[8]!.alarm).toBe(false)
    // A flat non-zero baseline matched exactly: 0/0 is reported as 0, not NaN.
    const flat = ears([3, 3, 3, 3, 3, 3, 3, 3], { method: 'C1', minSigma: 0 })
    expect(flat[7]).toEqual({ expected: 3, upperBound: 3, alarm: false, statistic: 0 })
    const c3 = ears([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], { method: 'C3', minSigma: 0 })
    expect(c3[12]).toEqual({ expected: 0, upperBound: 0, alarm: false, statistic: 0 })
  })

  it('honours alpha', () => {
    // alpha 0.05: z = 1.644853627, bound over an all-zero baseline = 1.644854, so 1 report stays below.
    const out = ears(quiet, { method: 'C1', alpha: 0.05, minSigma: 1 })
    expect(out[7]!.upperBound).toBeCloseTo(1.6448536269514722, 12)
    expect(out[7]!.alarm).toBe(false)
  })

  it('rejects bad input', () => {
    expect(() => ears([1, -1], { method: 'C1' })).toThrow(/count 1/)
    expect(() => ears([1, 2], { method: 'C2', alpha: 0 })).toThrow(/alpha/)
    expect(() => ears([1, 2], { method: 'C3', minSigma: -1 })).toThrow(/minSigma/)
    expect(ears([], { method: 'C1' })).toEqual([])
  })
})

// Published example: the Salmonella Newport series of R's surveillance package (`salmNewport`,
// aggregated over Germany's states), weekly counts. The values R prints for it come from two sources:
//
// 1. surveillance's own test, cran/surveillance tests/testthat/test-earsC.R at commit
//    014b5f73d95b868de606499d2f2e9c308c0a419e (also 41a3c9d3e9ab08b3357f0bbb2586f3f7bc77f561, test-earsc.R):
//      earsC(aggregate(salmNewport, by = "unit"), control = list(range = <ISO year 2011>, method = "C1", alpha = 0.05))
//      upperbound[1:4] == c(3.278854, 3.278854, 3.436517, 3.855617)   (printed to 6 decimals)
//    salmNewport itself ships only as .RData, so the raw counts are taken from
// 2. the Python wrapper epysurv (github.com/JarnoRFB/epysurv, commit 5281cbf58a9c31f7a7f11963a0673bac0448db67),
//    which exported that same aggregated series to CSV: epysurv/data/salmonella_train.csv (2004–2010) and
//    tests/data/EarsC{1,2,3}_pred.csv (2011–2012, with n_cases). The *_pred.csv files are regression fixtures
//    written by R's earsC through rpy2 with epysurv's defaults — alpha 0.001, baseline 7, minSigma 0 (all
//    three methods, C3 included), range = the 105 weeks 2011-01-03 … 2012-12-31 — and record R's alarm for each week.
//    That the CSV is salmNewport is checked by (1): its counts reproduce R's four printed bounds.
describe('ears against R surveillance::earsC on salmNewport (published values)', () => {
  // 2010-09-27 … 2010-12-27: the 14 weeks before 2011 that the baselines reach back into
  // (C3 needs 11), from epysurv/data/salmonella_train.csv.
  const late2010 = [0, 0, 4, 3, 3, 5, 3, 1, 1, 1, 3, 3, 1, 2]
  // 2011-01-03 … 2012-12-31 (ISO weeks 2011-W01 … 2013-W01 start), n_cases of tests/data/EarsC1_pred.csv.
  const y2011 = [
    1, 0, 3, 3, 3, 1, 0, 0, 0, 1, 3, 0, 2, 2, 3, 3, 0, 3, 2, 1, 2, 1, 1, 0, 3, 1, 2, 0, 0, 2, 5, 2, 0, 3, 6, 1,
    2, 1, 2, 0, 2, 0, 3, 9, 41, 45, 17, 3, 3, 5, 11, 5,
  ]
  const y2012 = [
    4, 5, 2, 6, 3, 0, 5, 3, 3, 4, 1, 1, 3, 0, 0, 1, 1, 2, 2, 0, 1, 0, 2, 4, 1, 6, 3, 3, 0, 3, 6, 1, 5, 1, 2, 3,
    7, 2, 7, 3, 2, 4, 8, 1, 2, 4, 3, 2, 4, 3, 0, 0, 1,
  ]
  const series = [...late2010, ...y2011, ...y2012]
  const start = late2010.length
  const range = (out: { alarm: boolean }[]) => out.slice(start).map((p) => p.alarm)
  /** Positions (0-based, within 2011–2012) of R's alarms in tests/data/EarsC{1,2,3}_pred.csv. */
  const alarmsAt = (weeks: number[]) => y2011.concat(y2012).map((_, i) => weeks.includes(i))

  it('has the 105 weeks 2011-01-03 … 2012-12-31 of the fixtures', () => {
    expect(y2011.length + y2012.length).toBe(105)
  })

  it('C1, alpha 0.05: reproduces the upper bounds printed in surveillance\'s test-earsC.R', () => {
    // Printed to 6 decimals, so checked to ±5e-7 (toBeCloseTo(v, 6)), i.e. to the printed precision 1e-6.
    // Week 2011-01: baseline 2010-11-15 … 2010-12-27 = 1 1 1 3 3 1 2, mean 12/7, SS = 26 − 144/7,
    // sd = √((38/7)/6) = 0.951190; 12/7 + 1.644854·0.951190 = 3.2788536.
    const out = ears(series, { method: 'C1', alpha: 0.05, minSigma: 0 })
    const printed = [3.278854, 3.278854, 3.436517, 3.855617]
    printed.forEach((v, k) => expect(out[start + k]!.upperBound).toBeCloseTo(v, 6))
    expect(out[start]!.expected).toBeCloseTo(12 / 7, 12)
    expect(out[start]!.upperBound).toBeCloseTo(12 / 7 + 1.6448536269514722 * Math.sqrt((26 - 144 / 7) / 6), 12)
  })

  it('C1, alpha 0.001: alarms in exactly R\'s weeks (epysurv tests/data/EarsC1_pred.csv)', () => {
    // R: 2011-08-01, 2011-10-31, 2011-11-07, 2012-06-11, 2012-06-25.
    const out = ears(series, { method: 'C1', minSigma: 0 })
    expect(range(out)).toEqual(alarmsAt([30, 43, 44, 75, 77]))
  })

  it('C2, alpha 0.001: alarms in exactly R\'s weeks (epysurv tests/data/EarsC2_pred.csv)', () => {
    // R: 2011-08-01, 2011-10-31, 2011-11-07, 2011-11-14, 2011-11-21, 2012-06-11, 2012-06-25.
    const out = ears(series, { method: 'C2', minSigma: 0 })
    expect(range(out)).toEqual(alarmsAt([30, 43, 44, 45, 46, 75, 77]))
  })

  it('C3: R\'s alarms follow from our C3 terms under R\'s documented-different bound', () => {
    // R's C3 bound is x_t + σ_t·(z − L), floored at 0, with L = the two lagged terms max(0, C2 − 1).
    // So R alarms (x_t > bound) exactly when L > z and x_t > 0; today's count never matters otherwise.
    // Our C3 differs on purpose (see ears()), so only the shared parts are checked: our statistic minus
    // today's term is L, and R's rule applied to it must give R's alarms (alpha 0.001, minSigma 0 as in
    // the fixture): 2011-11-14, 2011-11-21, 2011-11-28, 2011-12-05, 2012-07-02, 2012-07-09.
    const z = 3.090232306167813
    const c2 = ears(series, { method: 'C2', alpha: 0.001, minSigma: 0 })
    const c3 = ears(series, { method: 'C3', alpha: 0.001, minSigma: 0 })
    const rAlarm = series.map((x, t) => {
      const today = Math.max(0, c2[t]!.statistic! - 1)
      const lagged = c3[t]!.statistic! - today
      return lagged > z && x > 0
    })
    expect(rAlarm.slice(start)).toEqual(alarmsAt([45, 46, 47, 48, 78, 79]))
    // Our C3 alarms where the three-day sum passes z, so it also flags the outbreak's first big week
    // (2011-11-07, 41 cases) that R's C3 only flags a week later.
    expect(c3[start + 44]!.alarm).toBe(true)
  })
})
