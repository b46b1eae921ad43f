import { describe, expect, it } from 'vitest'
import { campaignSentences, formatInterval, interventionSentences, comparisonSentence, seasonalSentence } from './effect-sentences.js'

describe('formatInterval', () => {
  it('uses one decimal, two when an end is near 1, and a Dutch decimal comma', () => {
    expect(formatInterval({ rateRatio: 1.83, ci95: [1.41, 2.34] }, 'en')).toEqual({ ratio: '1.8', low: '1.4', high: '2.3' })
    expect(formatInterval({ rateRatio: 1.83, ci95: [1.41, 2.34] }, 'nl')).toEqual({ ratio: '1,8', low: '1,4', high: '2,3' })
    expect(formatInterval({ rateRatio: 1.2, ci95: [0.97, 1.5] }, 'en')).toEqual({ ratio: '1.20', low: '0.97', high: '1.50' })
    expect(formatInterval({ rateRatio: 3, ci95: [1.2, null] }, 'en')?.high).toBe('unbounded')
  })
})

describe('campaignSentences', () => {
  const base = { kind: 'campaign' as const, from: '2025-03-03', to: '2025-03-30', baselineDays: 56, lag: null, share: null }

  it('says what the numbers show and that they measure reporting, in both languages', () => {
    const t = campaignSentences({ ...base, during: { rateRatio: 1.83, ci95: [1.41, 2.34] } })
    expect(t.headline.en).toBe('Reports were 1.8 times the baseline (95 % interval 1.4–2.3); this measures reporting, not harassment itself.')
    expect(t.headline.nl).toBe('Meldingen waren 1,8 keer de basislijn (95%-interval 1,4–2,3); dit meet melden, niet de intimidatie zelf.')
    expect(t.summary.en).toContain('During the campaign (3 March 2025 – 30 March 2025) there were 1.8 times as many reports per day as in the 8 weeks before')
    expect(t.summary.en).toContain('larger than chance alone explains')
    expect(t.summary.nl).toContain('Tijdens de campagne (3 maart 2025 – 30 maart 2025)')
  })

  it('says so when the interval includes 1, and when it is wide', () => {
    const t = campaignSentences({ ...base, during: { rateRatio: 1.1, ci95: [0.4, 2.9] } })
    expect(t.summary.en).toContain('The interval includes 1')
    expect(t.summary.en).toContain('The interval is wide')
    expect(t.summary.nl).toContain('Het interval bevat 1')
  })
})

describe('interventionSentences', () => {
  it('compares the area with the rest of the municipality', () => {
    const t = interventionSentences({
      kindLabel: { nl: 'Verlichting', en: 'Lighting' },
      name: 'Plein',
      day: '2025-01-10',
      windowDays: 182,
      ratio: { rateRatio: 0.6, ci95: [0.42, 0.86] },
      areaRateRatio: 0.7,
      restRateRatio: 1.17,
    })
    expect(t.headline.en).toBe('Around the intervention, 0.6 times the change in the rest of the municipality (95 % interval 0.4–0.9).')
    expect(t.summary.en).toContain('The decrease is larger than chance alone explains.')
  })
})

describe('comparisonSentence', () => {
  it('says the controlled ratio as the issue words it, in both languages', () => {
    const s = comparisonSentence({ status: 'ok', kind: 'size-class', municipalities: 24, minimum: 5, during: { rateRatio: 1.6, ci95: [1.3, 2.0] } })
    expect(s.headline.en).toBe('Compared with 24 similar municipalities (same size class) in the same weeks, reports were 1.6 times higher (95 % interval 1.3–2.0).')
    expect(s.headline.nl).toBe('Vergeleken met 24 vergelijkbare gemeenten (zelfde grootteklasse) in dezelfde weken waren er 1,6 keer zoveel meldingen (95%-interval 1,3–2,0).')
    expect(s.summary.en).toContain('The increase is larger than chance alone explains.')
  })

  it('says when the comparison is not possible, and why', () => {
    const s = comparisonSentence({ status: 'not-possible', kind: 'chosen', municipalities: 5, minimum: 10, during: null })
    expect(s.summary.en).toBe('A comparison with the 5 chosen municipalities is not possible: together they had fewer than 10 reports in at least one week.')
    expect(s.summary.nl).toContain('niet mogelijk')
  })
})

describe('seasonalSentence', () => {
  it('asks for 13 months, and otherwise gives the ratio with its interval', () => {
    expect(seasonalSentence({ status: 'too-little-history', historyMonths: 9, estimate: null }).en).toBe('Allowing for seasons needs at least 13 months of reports; there are 9.')
    expect(seasonalSentence({ status: 'ok', historyMonths: 18, estimate: { rateRatio: 1.49, ci95: [1.25, 1.77] } }).en).toBe(
      'Allowing for the season and the trend over 18 months, reports in the period were 1.5 times the expected number (95 % interval 1.3–1.8).',
    )
  })
})
