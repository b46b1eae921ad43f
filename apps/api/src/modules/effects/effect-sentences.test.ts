import { describe, expect, it } from 'vitest'
import { campaignSentences, formatInterval, interventionSentences } from './effect-sentences.js'

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
