// Disclosure control for figures that leave the staff dashboard: small-count and complementary suppression, rounding, ISO weeks.

/** The programme's minimum count: below it a figure is never published (DESIGN.md, "Disclosure control"). */
export const DEFAULT_MINIMUM_COUNT = 5

/**
 * A count to publish. The key names what is counted (a cell id, a week, a category id) and must look like an
 * identifier: free text cannot travel through these functions, not even by mistake as a key.
 */
export interface CountCell {
  key: string
  count: number
}

/** Only these three fields come out, whatever else the input carried. */
export interface DisclosedCell {
  key: string
  /** null when suppressed. */
  count: number | null
  suppressed: boolean
}

export interface DisclosedGroup {
  cells: DisclosedCell[]
  /** Sum of every cell (the group's margin); null when below the minimum, 0 included. */
  total: number | null
  totalSuppressed: boolean
}

export interface DisclosureOptions {
  /** Smallest count that may be published; counts 0 … minimum − 1 are suppressed alike. */
  minimum: number
  /**
   * The group has more cells than those listed, all empty (a map lists only cells holding reports). They count as
   * suppressed cells, so the listed ones never add up to the total exactly and show where nothing happened.
   */
  unlistedZeros?: boolean
  /**
   * Publish counts and totals rounded to the nearest multiple of this (halves up), after suppression was decided on
   * the exact counts. Never rounded below the minimum, so a published figure never looks like a suppressed one.
   * 1 (default) publishes exact counts.
   */
  rounding?: number
}

const KEY = /^[A-Za-z0-9:._-]{1,64}$/

function checkOptions({ minimum, rounding = 1 }: DisclosureOptions): void {
  if (!(Number.isInteger(minimum) && minimum >= 1)) throw new RangeError(`minimum must be a whole number of at least 1, got ${minimum}`)
  if (!(Number.isInteger(rounding) && rounding >= 1)) throw new RangeError(`rounding must be a whole number of at least 1, got ${rounding}`)
}

function checkCell(c: CountCell): void {
  if (typeof c.key !== 'string' || !KEY.test(c.key)) throw new RangeError(`a cell key must be an identifier (letters, digits, : . _ -), got ${JSON.stringify(c.key)}`)
  if (!(Number.isInteger(c.count) && c.count >= 0)) throw new RangeError(`count of ${c.key} must be a whole number ≥ 0, got ${c.count}`)
}

/** n rounded to the nearest multiple of base (halves up), but a non-zero count never below the minimum. */
export function roundCount(n: number, base: number, minimum: number): number {
  if (base === 1 || n === 0) return n
  return Math.max(Math.floor(n / base + 0.5) * base, Math.ceil(minimum / base) * base)
}

/**
 * Suppresses the small counts of one group of cells whose total is published alongside them (a map's cells, a
 * series' weeks, a municipality's categories: every cell is counted in exactly one of them).
 *
 * The promise: a count of 0 and a count of 1 … minimum − 1 are published identically ("fewer than minimum"), and no
 * subtraction within the group tells them apart again.
 *
 * 1. Primary: every cell below the minimum is suppressed, zero included. A published zero next to a suppressed 1
 *    would say which categories, weeks or cells hold one report.
 * 2. The total is a count too: a total below the minimum is suppressed, so a group with one report publishes exactly
 *    what a group with none publishes (every cell and the total "fewer than minimum").
 * 3. Complementary: with the total published, the suppressed cells' sum R is total − published. An outsider can tell
 *    a suppressed cell is 0 when R is 0, and can pin it down when it is the only one suppressed. So while any cell is
 *    suppressed and either fewer than two are or R is below the minimum, the smallest published cell (the first on a
 *    tie) is suppressed too. Published cells hold at least the minimum, so each step raises R by that much; when all
 *    cells are suppressed R is the total, which is published only when it reaches the minimum.
 *
 * What that guarantees: every suppressed cell may hold anything from 0 up to R ≥ minimum as far as the group's
 * figures tell, so it is as likely empty as holding a few reports. It holds for one group; figures from other groups
 * or other periods are the caller's to keep apart (see suppressNestedCounts).
 */
export function suppressSmallCounts(cells: readonly CountCell[], options: DisclosureOptions): DisclosedGroup {
  checkOptions(options)
  const { minimum, rounding = 1, unlistedZeros = false } = options
  for (const c of cells) checkCell(c)
  const counts = cells.map((c) => c.count)
  const total = counts.reduce((s, n) => s + n, 0)
  const suppressed = counts.map((n) => n < minimum)
  const totalSuppressed = total < minimum

  if (!totalSuppressed) {
    let remainder = 0
    // The empty rest of a map is one more suppressed cell, holding nothing.
    let k = unlistedZeros ? 1 : 0
    counts.forEach((n, i) => {
      if (suppressed[i]) {
        remainder += n
        k++
      }
    })
    while (k > 0 && (k < 2 || remainder < minimum)) {
      let pick = -1
      counts.forEach((n, i) => {
        if (!suppressed[i] && (pick < 0 || n < counts[pick]!)) pick = i
      })
      // Unreachable: with every cell suppressed, k ≥ 2 or the rest is listed, and R is the published total.
      if (pick < 0) break
      suppressed[pick] = true
      remainder += counts[pick]!
      k++
    }
  }

  return {
    cells: cells.map((c, i) => ({ key: c.key, count: suppressed[i] ? null : roundCount(c.count, rounding, minimum), suppressed: suppressed[i]! })),
    total: totalSuppressed ? null : roundCount(total, rounding, minimum),
    totalSuppressed,
  }
}

export interface NestedDisclosure {
  total: number | null
  totalSuppressed: boolean
  /** One per parent key, in order of first appearance among the children. */
  parents: DisclosedCell[]
  /** In input order. */
  children: DisclosedCell[]
}

/**
 * Suppression for two nested levels published from the same counts (500 m cells inside 1000 m cells): anyone can
 * ask for both, and a parent minus its published children is a subtraction like any other. The parents are one
 * group under the total; each published parent's children are one group under that parent; every child of a
 * suppressed parent is suppressed, so no child can narrow a suppressed parent down. The parents come out exactly as
 * suppressSmallCounts gives them for the parents alone, so the coarse level is the same whichever level was asked.
 */
export function suppressNestedCounts(
  children: readonly CountCell[],
  parentOf: (childKey: string) => string,
  options: DisclosureOptions & { childrenPerParent?: number },
): NestedDisclosure {
  checkOptions(options)
  for (const c of children) checkCell(c)
  const members = new Map<string, number[]>()
  children.forEach((c, i) => {
    const p = parentOf(c.key)
    const list = members.get(p)
    if (list) list.push(i)
    else members.set(p, [i])
  })
  const parentCells = [...members].map(([key, idx]) => ({ key, count: idx.reduce((s, i) => s + children[i]!.count, 0) }))
  const { childrenPerParent, ...groupOptions } = options
  const top = suppressSmallCounts(parentCells, groupOptions)
  const out: DisclosedCell[] = children.map((c) => ({ key: c.key, count: null, suppressed: true }))
  top.cells.forEach((parent) => {
    if (parent.suppressed) return
    const idx = members.get(parent.key)!
    // Children not listed are empty: unless every one of them is listed, they are suppressed cells of the group.
    const unlistedZeros = childrenPerParent === undefined || idx.length < childrenPerParent
    const group = suppressSmallCounts(idx.map((i) => children[i]!), { ...groupOptions, unlistedZeros })
    group.cells.forEach((cell, n) => (out[idx[n]!] = cell))
  })
  return { total: top.total, totalSuppressed: top.totalSuppressed, parents: top.cells, children: out }
}

// ISO weeks: Monday to Sunday, numbered by the year their Thursday falls in.

const DAY = /^\d{4}-\d{2}-\d{2}$/
const DAY_MS = 86_400_000

function dayMs(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`)
  if (!DAY.test(day) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`)
  return ms
}

function shift(day: string, days: number): string {
  return new Date(dayMs(day) + days * DAY_MS).toISOString().slice(0, 10)
}

/** The Monday on or before the day. */
export function isoWeekStart(day: string): string {
  return shift(day, -((new Date(dayMs(day)).getUTCDay() + 6) % 7))
}

/** ISO week label, e.g. 2024-12-30 → "2025-W01", 2021-01-03 → "2020-W53". */
export function isoWeek(day: string): string {
  const thursday = shift(isoWeekStart(day), 3)
  const year = thursday.slice(0, 4)
  const week = Math.floor((dayMs(thursday) - dayMs(`${year}-01-01`)) / DAY_MS / 7) + 1
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The smallest run of whole ISO weeks holding [from, to]: from back to its Monday, to on to its Sunday. */
export function snapToIsoWeeks(from: string, to: string): { from: string; to: string } {
  if (dayMs(from) > dayMs(to)) throw new RangeError(`period ends (${to}) before it starts (${from})`)
  return { from: isoWeekStart(from), to: shift(isoWeekStart(to), 6) }
}

export interface DailyCount {
  day: string
  count: number
}

export interface WeeklyCount {
  /** Monday of the week. */
  week: string
  /** e.g. "2025-W01". */
  isoWeek: string
  count: number
}

/**
 * Daily counts summed per ISO week. Every week from the first to the last is present, zeros included; with a period,
 * every week of the period snapped outward, and a day outside it is an error rather than silently dropped.
 */
export function coarsenToWeeks(daily: readonly DailyCount[], period?: { from: string; to: string }): WeeklyCount[] {
  const byWeek = new Map<string, number>()
  let first: string | undefined
  let last: string | undefined
  for (const d of daily) {
    if (!(Number.isInteger(d.count) && d.count >= 0)) throw new RangeError(`count of ${d.day} must be a whole number ≥ 0, got ${d.count}`)
    const week = isoWeekStart(d.day)
    byWeek.set(week, (byWeek.get(week) ?? 0) + d.count)
    if (first === undefined || week < first) first = week
    if (last === undefined || week > last) last = week
  }
  if (period) {
    const snapped = snapToIsoWeeks(period.from, period.to)
    if ((first !== undefined && first < snapped.from) || (last !== undefined && last > snapped.to)) {
      throw new RangeError(`daily counts fall outside the period ${period.from} … ${period.to}`)
    }
    first = snapped.from
    last = isoWeekStart(snapped.to)
  }
  const out: WeeklyCount[] = []
  if (first === undefined || last === undefined) return out
  for (let week = first; week <= last; week = shift(week, 7)) out.push({ week, isoWeek: isoWeek(week), count: byWeek.get(week) ?? 0 })
  return out
}
