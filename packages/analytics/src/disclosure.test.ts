// Disclosure control against hand-worked groups: primary and complementary suppression, nesting, rounding, ISO weeks.
import { describe, expect, it } from 'vitest'
import {
  coarsenToWeeks,
  isoWeek,
  isoWeekStart,
  roundCount,
  snapToIsoWeeks,
  suppressNestedCounts,
  suppressSmallCounts,
  type CountCell,
  type DisclosedGroup,
} from './disclosure.js'

/** Cells a, b, c, … with these counts. */
const cells = (...counts: number[]): CountCell[] => counts.map((count, i) => ({ key: String.fromCharCode(97 + i), count }))
const published = (g: DisclosedGroup): (number | null)[] => g.cells.map((c) => c.count)

describe('suppressSmallCounts', () => {
  it('publishes a group with nothing below the minimum unchanged', () => {
    const g = suppressSmallCounts(cells(5, 6, 9), { minimum: 5 })
    expect(g).toEqual({
      cells: [
        { key: 'a', count: 5, suppressed: false },
        { key: 'b', count: 6, suppressed: false },
        { key: 'c', count: 9, suppressed: false },
      ],
      total: 20,
      totalSuppressed: false,
    })
  })

  it('publishes a zero exactly like a small count, and a lone hidden zero takes the smallest cell with it', () => {
    // Primary: the 0. R = 0, k = 1: an outsider would know b is empty. Add the smallest published cell, 5:
    // R = 5, k = 2, so b may be anything from 0 to 5.
    const g = suppressSmallCounts(cells(5, 0, 9), { minimum: 5 })
    expect(g.cells).toEqual([
      { key: 'a', count: null, suppressed: true },
      { key: 'b', count: null, suppressed: true },
      { key: 'c', count: 9, suppressed: false },
    ])
    expect(g.total).toBe(14)
  })

  it('publishes one report exactly as it publishes none', () => {
    // The village attack: one report in one category (or week) of a quarter, every other one empty.
    const none = suppressSmallCounts(cells(0, 0, 0, 0), { minimum: 5 })
    const one = suppressSmallCounts(cells(0, 1, 0, 0), { minimum: 5 })
    expect(one).toEqual(none)
    expect(one).toEqual({ cells: cells(0, 0, 0, 0).map((c) => ({ key: c.key, count: null, suppressed: true })), total: null, totalSuppressed: true })
    expect(suppressSmallCounts(cells(0, 4, 0, 0), { minimum: 5 })).toEqual(none)
  })

  it('suppresses the next smallest cell when one alone is suppressed: 18 − 9 no longer gives the 3', () => {
    // Primary: 3. R = 3, k = 1: add the smallest published cell, 6. R = 9, k = 2: stop. An outsider learns
    // a + b = 9, so a is anything from 0 to 9.
    const g = suppressSmallCounts(cells(3, 6, 9), { minimum: 5 })
    expect(published(g)).toEqual([null, null, 9])
    expect(g.cells.map((c) => c.suppressed)).toEqual([true, true, false])
    expect(g.total).toBe(18)
  })

  it('needs no second cell when the suppressed ones already hide each other', () => {
    // Primary: 4, 4. R = 8 ≥ 5, k = 2.
    expect(published(suppressSmallCounts(cells(4, 4, 20), { minimum: 5 }))).toEqual([null, null, 20])
  })

  it('adds a cell when the suppressed ones sum to less than the minimum', () => {
    // Primary: 1, 2. R = 3 < 5: add 7. R = 10, k = 3.
    expect(published(suppressSmallCounts(cells(1, 2, 7, 30), { minimum: 5 }))).toEqual([null, null, null, 30])
  })

  it('takes the first of equal smallest cells, so the same counts always give the same answer', () => {
    expect(published(suppressSmallCounts(cells(2, 6, 6), { minimum: 5 }))).toEqual([null, null, 6])
  })

  it('suppresses the total and every cell when the total is below the minimum', () => {
    const g = suppressSmallCounts(cells(1, 2, 0), { minimum: 5 })
    expect(g).toMatchObject({ total: null, totalSuppressed: true })
    expect(published(g)).toEqual([null, null, null])
  })

  it('publishes only the total when every cell is small', () => {
    // 2, 2, 2, 0 with total 6: every cell is below 5, so each may be anything from 0 to 6.
    expect(suppressSmallCounts(cells(2, 2, 2, 0), { minimum: 5 })).toMatchObject({ total: 6, totalSuppressed: false })
    expect(published(suppressSmallCounts(cells(2, 2, 2, 0), { minimum: 5 }))).toEqual([null, null, null, null])
    expect(published(suppressSmallCounts(cells(1, 1, 1, 1, 1, 0), { minimum: 5 })).every((c) => c === null)).toBe(true)
    expect(published(suppressSmallCounts(cells(3, 3, 0), { minimum: 5 }))).toEqual([null, null, null])
  })

  it('uses the minimum it is given', () => {
    // Minimum 8. Primary: 5, 7 and the 0. R = 12 ≥ 8, k = 3.
    const g = suppressSmallCounts(cells(5, 7, 10, 0), { minimum: 8 })
    expect(published(g)).toEqual([null, null, 10, null])
    expect(g.total).toBe(22)
  })

  it('counts the empty rest of a map as a suppressed cell', () => {
    // Listed: 7 and 12, total 19. Without the rest nothing is hidden. With it, k = 1 and R = 0 (the rest would be
    // known to be empty): add 7, so R = 7, k = 2, and no listed cell adds up to the total any more.
    expect(published(suppressSmallCounts(cells(7, 12), { minimum: 5 }))).toEqual([7, 12])
    expect(published(suppressSmallCounts(cells(7, 12), { minimum: 5, unlistedZeros: true }))).toEqual([null, 12])
  })

  it('handles empty groups and groups of zeros', () => {
    expect(suppressSmallCounts([], { minimum: 5 })).toEqual({ cells: [], total: null, totalSuppressed: true })
    expect(published(suppressSmallCounts(cells(0, 0), { minimum: 5 }))).toEqual([null, null])
  })

  it('keeps its promise for every group of three cells with counts 0 … 7', () => {
    // Exhaustive over 512 groups: nothing in 0 … 4 is published, and while the total is published, any suppression
    // hides at least two cells whose sum (what subtraction gives) reaches the minimum, so none is known empty.
    for (let a = 0; a <= 7; a++) {
      for (let b = 0; b <= 7; b++) {
        for (let c = 0; c <= 7; c++) {
          const g = suppressSmallCounts(cells(a, b, c), { minimum: 5 })
          const where = `${a},${b},${c}`
          for (const cell of g.cells) if (cell.count !== null) expect(cell.count, where).toBeGreaterThanOrEqual(5)
          if (g.total === null) {
            expect(g.cells.every((x) => x.suppressed), where).toBe(true)
            continue
          }
          expect(g.total, where).toBeGreaterThanOrEqual(5)
          const hidden = g.cells.filter((x) => x.suppressed)
          if (hidden.length === 0) continue
          expect(hidden.length, where).toBeGreaterThanOrEqual(2)
          const remainder = g.total - g.cells.reduce((s, x) => s + (x.count ?? 0), 0)
          expect(remainder, where).toBeGreaterThanOrEqual(5)
        }
      }
    }
  })

  it('lets no free text through: keys must be identifiers, and nothing but key, count and flag comes out', () => {
    expect(() => suppressSmallCounts([{ key: 'Two men shouted at me near the station', count: 7 }], { minimum: 5 })).toThrow(/identifier/)
    const withText = { key: 'groping', count: 7, description: 'Two men shouted at me near the station.' }
    expect(suppressSmallCounts([withText], { minimum: 5 }).cells).toEqual([{ key: 'groping', count: 7, suppressed: false }])
  })

  it('refuses counts and options that cannot be right', () => {
    expect(() => suppressSmallCounts(cells(-1), { minimum: 5 })).toThrow(RangeError)
    expect(() => suppressSmallCounts(cells(2.5), { minimum: 5 })).toThrow(RangeError)
    expect(() => suppressSmallCounts(cells(1), { minimum: 0 })).toThrow(RangeError)
    expect(() => suppressSmallCounts(cells(1), { minimum: 5, rounding: 0 })).toThrow(RangeError)
  })
})

describe('rounding', () => {
  it('rounds to the nearest multiple, halves up, never below the minimum', () => {
    expect(roundCount(7, 5, 5)).toBe(5)
    expect(roundCount(8, 5, 5)).toBe(10)
    expect(roundCount(12, 5, 5)).toBe(10)
    expect(roundCount(13, 5, 5)).toBe(15)
    expect(roundCount(6, 10, 5)).toBe(10)
    // 6 would round to 5, below a minimum of 6: it goes up to the first multiple at or above the minimum.
    expect(roundCount(6, 5, 6)).toBe(10)
    expect(roundCount(0, 5, 5)).toBe(0)
    expect(roundCount(22, 1, 5)).toBe(22)
  })

  it('decides suppression on exact counts, then rounds what is published and the total', () => {
    // Exact: 3 primary, 6 complementary (R = 9, bound 8). Published 9 → 10, 12 → 10; total 30 → 30.
    const g = suppressSmallCounts(cells(3, 6, 9, 12), { minimum: 5, rounding: 5 })
    expect(published(g)).toEqual([null, null, 10, 10])
    expect(g.total).toBe(30)
  })
})

describe('suppressNestedCounts', () => {
  const parentOf = (key: string) => key[0]!

  it('hides children a published parent minus its published children would give away', () => {
    // Children A1 7, A2 2, B1 6, C1 3; parents A 9, B 6, C 3, total 18.
    // Parents: C 3 primary, B 6 complementary (R = 9, k = 2): A 9 published.
    // A's children 7, 2 and two empty ones: 2 and the empty rest primary (R = 2), 7 complementary (R = 9).
    // B's and C's children go with their parent.
    const n = suppressNestedCounts([{ key: 'A1', count: 7 }, { key: 'A2', count: 2 }, { key: 'B1', count: 6 }, { key: 'C1', count: 3 }], parentOf, { minimum: 5 })
    expect(n.parents).toEqual([
      { key: 'A', count: 9, suppressed: false },
      { key: 'B', count: null, suppressed: true },
      { key: 'C', count: null, suppressed: true },
    ])
    expect(n.children.map((c) => c.count)).toEqual([null, null, null, null])
    expect(n.total).toBe(18)
    // The flat group alone would publish A1 = 7, and 9 − 7 = 2 would name A2.
    expect(published(suppressSmallCounts([{ key: 'A1', count: 7 }, { key: 'A2', count: 2 }, { key: 'B1', count: 6 }, { key: 'C1', count: 3 }], { minimum: 5 }))).toEqual([7, null, 6, null])
  })

  it('publishes children whose remainder under the parent stays protected', () => {
    // Parents A 15, B 10. A's children 8, 6, 1 and an empty fourth: 1 and the empty one primary (R = 1), 6
    // complementary (R = 7): A − 8 = 7 ≥ 5. B's only child 10 would say its three siblings are empty: hidden (R = 10).
    const children = [{ key: 'A1', count: 8 }, { key: 'A2', count: 6 }, { key: 'A3', count: 1 }, { key: 'B1', count: 10 }]
    const n = suppressNestedCounts(children, parentOf, { minimum: 5, childrenPerParent: 4 })
    expect(n.parents.map((p) => p.count)).toEqual([15, 10])
    expect(n.children.map((c) => c.count)).toEqual([8, null, null, null])
    expect(n.total).toBe(25)
  })

  it('publishes every child of a parent whose children are all listed and large enough', () => {
    const children = [{ key: 'A1', count: 5 }, { key: 'A2', count: 6 }, { key: 'B1', count: 9 }, { key: 'B2', count: 8 }]
    const n = suppressNestedCounts(children, parentOf, { minimum: 5, childrenPerParent: 2 })
    expect(n.children.map((c) => c.count)).toEqual([5, 6, 9, 8])
    // Without knowing how many children a parent has, unlisted empty ones are assumed and one child per parent hides.
    expect(suppressNestedCounts(children, parentOf, { minimum: 5 }).children.map((c) => c.count)).toEqual([null, 6, 9, null])
  })

  it('gives the parents exactly as the parents alone would', () => {
    const children = [{ key: 'A1', count: 4 }, { key: 'A2', count: 4 }, { key: 'B1', count: 1 }, { key: 'C1', count: 30 }]
    const alone = suppressSmallCounts([{ key: 'A', count: 8 }, { key: 'B', count: 1 }, { key: 'C', count: 30 }], { minimum: 5 })
    expect(suppressNestedCounts(children, parentOf, { minimum: 5 }).parents).toEqual(alone.cells)
  })
})

describe('ISO weeks', () => {
  it('starts weeks on Monday and numbers them by their Thursday', () => {
    expect(isoWeekStart('2025-03-05')).toBe('2025-03-03')
    expect(isoWeekStart('2025-03-09')).toBe('2025-03-03')
    expect(isoWeekStart('2025-03-03')).toBe('2025-03-03')
    expect(isoWeek('2024-12-30')).toBe('2025-W01')
    expect(isoWeek('2021-01-03')).toBe('2020-W53')
    expect(isoWeek('2026-12-31')).toBe('2026-W53')
    expect(isoWeek('2025-06-01')).toBe('2025-W22')
  })

  it('snaps a period outward to whole weeks', () => {
    expect(snapToIsoWeeks('2025-03-05', '2025-03-18')).toEqual({ from: '2025-03-03', to: '2025-03-23' })
    expect(snapToIsoWeeks('2025-03-03', '2025-03-09')).toEqual({ from: '2025-03-03', to: '2025-03-09' })
    expect(() => snapToIsoWeeks('2025-03-10', '2025-03-09')).toThrow(RangeError)
    expect(() => snapToIsoWeeks('2025-02-30', '2025-03-09')).toThrow(/calendar day/)
  })

  it('sums days per week with empty weeks filled in', () => {
    const daily = [
      { day: '2025-03-03', count: 1 },
      { day: '2025-03-09', count: 2 },
      { day: '2025-03-10', count: 4 },
      { day: '2025-03-24', count: 1 },
    ]
    expect(coarsenToWeeks(daily)).toEqual([
      { week: '2025-03-03', isoWeek: '2025-W10', count: 3 },
      { week: '2025-03-10', isoWeek: '2025-W11', count: 4 },
      { week: '2025-03-17', isoWeek: '2025-W12', count: 0 },
      { week: '2025-03-24', isoWeek: '2025-W13', count: 1 },
    ])
    expect(coarsenToWeeks([])).toEqual([])
  })

  it('covers a whole period and refuses days outside it', () => {
    const daily = [
      { day: '2025-03-03', count: 1 },
      { day: '2025-03-09', count: 2 },
      { day: '2025-03-10', count: 4 },
    ]
    expect(coarsenToWeeks(daily, { from: '2025-02-26', to: '2025-03-12' })).toEqual([
      { week: '2025-02-24', isoWeek: '2025-W09', count: 0 },
      { week: '2025-03-03', isoWeek: '2025-W10', count: 3 },
      { week: '2025-03-10', isoWeek: '2025-W11', count: 4 },
    ])
    expect(() => coarsenToWeeks([...daily, { day: '2025-03-24', count: 1 }], { from: '2025-02-26', to: '2025-03-12' })).toThrow(/outside/)
  })

  it('crosses a year boundary inside one week', () => {
    expect(coarsenToWeeks([{ day: '2020-12-31', count: 1 }, { day: '2021-01-03', count: 1 }, { day: '2021-01-04', count: 1 }])).toEqual([
      { week: '2020-12-28', isoWeek: '2020-W53', count: 2 },
      { week: '2021-01-04', isoWeek: '2021-W01', count: 1 },
    ])
  })
})
