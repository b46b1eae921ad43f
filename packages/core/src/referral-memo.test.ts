import { describe, expect, it } from 'vitest'
import { buildReferrals, createReferralMemo, nationalReferralRules, type MunicipalityHelpOverrides, type ReferralInput } from './help.js'
import { AGE_BANDS, CATEGORY_IDS, LANGS, ROLE_IDS } from './taxonomy.js'

const DAY = 86_400_000
const now = new Date('2026-11-28T12:00:00Z')
const overrides: MunicipalityHelpOverrides = {
  services: [{ id: 'night-line', name: { nl: 'Nachtlijn', en: 'Night line' }, text: { nl: 'Hulplijn.', en: 'Help line.' }, urgency: 'support' }],
  rules: [{ service: 'night-line', when: { categories: ['catcalling'], withinDays: 2 }, priority: 25 }],
}

describe('createReferralMemo', () => {
  it('gives exactly the list buildReferrals builds, for every situation, on both sides of every day limit', () => {
    const limits = [...new Set([...nationalReferralRules, ...overrides.rules!].flatMap((r) => (r.when.withinDays === undefined ? [] : [r.when.withinDays])))]
    expect(limits.length).toBeGreaterThan(1)
    const ages = [undefined, 0, ...limits.flatMap((d) => [d - 0.01, d, d + 0.01])]
    const memo = createReferralMemo()
    let compared = 0
    for (const withOverrides of [undefined, overrides]) {
      for (const category of CATEGORY_IDS) {
        for (const urgent of [false, true]) {
          for (const role of [undefined, ...ROLE_IDS]) {
            for (const ageBand of [undefined, AGE_BANDS[0], AGE_BANDS[3]]) {
              for (const lang of LANGS) {
                for (const age of ages) {
                  const input: ReferralInput = {
                    category, urgent, role, ageBand, lang, now, overrides: withOverrides,
                    occurredAt: age === undefined ? undefined : new Date(now.getTime() - age * DAY),
                  }
                  // Twice: the second answer comes from the memo.
                  expect(memo(input)).toEqual(buildReferrals(input))
                  expect(memo(input)).toEqual(buildReferrals(input))
                  compared++
                }
              }
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000)
  })

  it('tells new overrides from old ones, and stays within its size limit', () => {
    const memo = createReferralMemo(3)
    const base = { category: 'catcalling', lang: 'en', now, occurredAt: now } as const
    const withNightLine = memo({ ...base, overrides })
    expect(withNightLine.map((e) => e.id)).toContain('night-line')
    const changed: MunicipalityHelpOverrides = { ...overrides, remove: ['night-line'] }
    expect(memo({ ...base, overrides: changed }).map((e) => e.id)).not.toContain('night-line')
    for (const category of CATEGORY_IDS) memo({ ...base, category })
    expect(memo({ ...base, overrides })).toEqual(buildReferrals({ ...base, overrides }))
  })
})
