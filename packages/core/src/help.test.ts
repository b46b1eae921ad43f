import { describe, expect, it } from 'vitest'
import {
  HelpService,
  MunicipalityHelpOverrides,
  ReferralRule,
  buildReferrals,
  nationalHelpServices,
  nationalReferralRules,
  resolveHelpServices,
} from './help.js'
import type { HelpEntry } from './help.js'
import { CATEGORY_IDS } from './taxonomy.js'

const now = new Date('2026-11-28T22:00:00Z')
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000)
const ids = (entries: HelpEntry[]) => entries.map((e) => e.id)

describe('national help data', () => {
  it('is valid against its own schemas, with unique ids', () => {
    for (const s of nationalHelpServices) expect(HelpService.parse(s)).toEqual(s)
    for (const r of nationalReferralRules) expect(ReferralRule.parse(r)).toEqual(r)
    const serviceIds = nationalHelpServices.map((s) => s.id)
    expect(new Set(serviceIds).size).toBe(serviceIds.length)
    for (const r of nationalReferralRules) expect(serviceIds).toContain(r.service)
  })

  it('carries the agreed numbers', () => {
    const phone = Object.fromEntries(nationalHelpServices.map((s) => [s.id, s.phone]))
    expect(phone).toEqual({
      'emergency-112': '112',
      csg: '0800-0188',
      slachtofferhulp: '0900-0101',
      'police-aangifte': '0900-8844',
      'meld-misdaad-anoniem': '0800-7000',
      'veilig-thuis': '0800-2000',
      'anti-discrimination': undefined,
    })
  })

  it('the police entry says a melding is not an aangifte', () => {
    const police = nationalHelpServices.find((s) => s.id === 'police-aangifte')
    expect(police?.text.nl).toContain('geen aangifte')
    expect(police?.text.en).toContain('not a police report')
    expect(police?.text.nl).toContain('1 juli 2024')
  })
})

describe('buildReferrals', () => {
  it('catcalling, not urgent: Slachtofferhulp, then the police', () => {
    expect(ids(buildReferrals({ category: 'catcalling', now, occurredAt: now, lang: 'en' }))).toEqual([
      'slachtofferhulp',
      'police-aangifte',
    ])
  })

  it('groping today: CSG before Slachtofferhulp, saying time matters', () => {
    const help = buildReferrals({ category: 'groping', occurredAt: daysAgo(0), now, lang: 'en' })
    expect(ids(help)).toEqual(['csg', 'slachtofferhulp', 'police-aangifte', 'meld-misdaad-anoniem'])
    const csg = help[0]
    expect(csg).toMatchObject({ urgency: 'time-critical', phone: '0800-0188', tel: '+318000188' })
    expect(csg?.text).toContain('7 days')
    expect(csg?.reason).toContain('time matters')
  })

  it('urgent puts 112 first', () => {
    const help = buildReferrals({ category: 'sexual-assault', urgent: true, now, lang: 'nl' })
    expect(ids(help).slice(0, 3)).toEqual(['emergency-112', 'csg', 'slachtofferhulp'])
    expect(help[0]).toMatchObject({ urgency: 'emergency', tel: '112', reason: 'Je bent nu in gevaar.' })
    expect(ids(buildReferrals({ category: 'insults', urgent: true, lang: 'en' }))[0]).toBe('emergency-112')
  })

  it('sexual violence 10 days ago: CSG still listed, with other text, still above Slachtofferhulp', () => {
    const today = buildReferrals({ category: 'groping', occurredAt: daysAgo(1), now, lang: 'en' })
    const late = buildReferrals({ category: 'groping', occurredAt: daysAgo(10), now, lang: 'en' })
    const csgToday = today.find((e) => e.id === 'csg')
    const csgLate = late.find((e) => e.id === 'csg')
    expect(csgLate).toBeDefined()
    expect(csgLate?.text).not.toBe(csgToday?.text)
    expect(csgLate?.text).toContain('still call')
    expect(csgLate?.urgency).toBe('support')
    expect(ids(late).slice(0, 2)).toEqual(['csg', 'slachtofferhulp'])
  })

  it('treats 7 days exactly as within, takes the end of a range, and an unknown time as recent', () => {
    const within = (occurredAt: Parameters<typeof buildReferrals>[0]['occurredAt']) =>
      buildReferrals({ category: 'groping', occurredAt, now, lang: 'en' })[0]?.urgency
    expect(within(daysAgo(7))).toBe('time-critical')
    expect(within(daysAgo(7.01))).toBe('support')
    expect(within({ from: daysAgo(9).toISOString(), to: daysAgo(6).toISOString() })).toBe('time-critical')
    expect(within(undefined)).toBe('time-critical')
    expect(within('not a date')).toBe('time-critical')
    expect(within(new Date(now.getTime() + 60_000))).toBe('time-critical')
  })

  it('discriminatory category or flag adds the anti-discrimination service', () => {
    expect(ids(buildReferrals({ category: 'discriminatory-remarks', lang: 'en' }))).toContain('anti-discrimination')
    expect(ids(buildReferrals({ category: 'insults', lang: 'en' }))).not.toContain('anti-discrimination')
    const flagged = buildReferrals({ category: 'insults', discriminatory: true, lang: 'en' })
    expect(ids(flagged)).toEqual(['slachtofferhulp', 'police-aangifte', 'anti-discrimination'])
    expect(flagged[2]).toMatchObject({ url: 'https://www.discriminatie.nl', urgency: 'report' })
    expect(flagged[2]?.phone).toBeUndefined()
  })

  it('bystanders and physical categories get Meld Misdaad Anoniem; following gets Veilig Thuis last', () => {
    expect(ids(buildReferrals({ category: 'catcalling', role: 'bystander', lang: 'en' }))).toContain('meld-misdaad-anoniem')
    expect(ids(buildReferrals({ category: 'following', lang: 'en' }))).toEqual(['slachtofferhulp', 'police-aangifte', 'veilig-thuis'])
    expect(ids(buildReferrals({ category: 'groping', ageBand: '16-17', now, occurredAt: now, lang: 'en' }))).toContain('veilig-thuis')
    expect(ids(buildReferrals({ category: 'catcalling', ageBand: '16-17', lang: 'en' }))).not.toContain('veilig-thuis')
  })

  it('never lists a service twice', () => {
    for (const category of CATEGORY_IDS) {
      for (const urgent of [true, false]) {
        const list = ids(buildReferrals({ category, urgent, role: 'bystander', ageBand: 'under-16', discriminatory: true, lang: 'nl' }))
        expect(new Set(list).size).toBe(list.length)
        expect(list).toContain('slachtofferhulp')
        expect(list).toContain('police-aangifte')
      }
    }
  })

  it('every entry is fully localized', () => {
    for (const lang of ['nl', 'en'] as const) {
      for (const e of buildReferrals({ category: 'groping', urgent: true, role: 'bystander', ageBand: 'under-16', lang })) {
        expect(e.name).not.toBe('')
        expect(e.text).not.toBe('')
        expect(e.reason).not.toBe('')
      }
    }
  })

  describe('municipality overrides', () => {
    const overrides: MunicipalityHelpOverrides = {
      services: [
        {
          id: 'anti-discrimination',
          name: { nl: 'Bureau Gelijke Behandeling', en: 'Equal Treatment Office' },
          phone: '010-123 45 67',
          tel: '+31101234567',
          text: { nl: 'Lokaal antidiscriminatiebureau.', en: 'Local anti-discrimination office.' },
          urgency: 'report',
        },
        {
          id: 'night-line',
          name: { nl: 'Nachtlijn', en: 'Night line' },
          phone: '010-765 43 21',
          text: { nl: 'Gemeentelijke hulplijn voor uitgaansgebied.', en: 'Municipal help line for the nightlife area.' },
          urgency: 'support',
        },
      ],
      rules: [{ service: 'night-line', when: { categories: ['groping', 'catcalling'] }, priority: 25 }],
      remove: ['meld-misdaad-anoniem'],
    }

    it('validates against the overrides schema', () => {
      expect(MunicipalityHelpOverrides.parse(overrides)).toEqual(overrides)
      const bad = MunicipalityHelpOverrides.safeParse({ rules: [{ service: 'nope', when: { always: true }, priority: 1 }] })
      expect(bad.error?.issues[0]?.path).toEqual(['rules', 0, 'service'])
      const removedTarget = MunicipalityHelpOverrides.safeParse({ rules: [{ service: 'csg', when: { always: true }, priority: 1 }], remove: ['csg'] })
      expect(removedTarget.success).toBe(false)
    })

    it('replaces by id, adds with own rules, removes', () => {
      const help = buildReferrals({ category: 'groping', discriminatory: true, occurredAt: now, now, overrides, lang: 'en' })
      expect(ids(help)).toEqual(['csg', 'slachtofferhulp', 'night-line', 'police-aangifte', 'anti-discrimination'])
      expect(help.find((e) => e.id === 'anti-discrimination')).toMatchObject({
        name: 'Equal Treatment Office',
        phone: '010-123 45 67',
        text: 'Local anti-discrimination office.',
      })
      expect(help.find((e) => e.id === 'anti-discrimination')?.url).toBeUndefined()
      expect(help.find((e) => e.id === 'night-line')?.reason).toBe('Fits what you are reporting.')
      expect(ids(buildReferrals({ category: 'insults', overrides, lang: 'en' }))).not.toContain('night-line')
    })

    it('a replaced service keeps the national time note', () => {
      const csgLocal: MunicipalityHelpOverrides = {
        services: [{ ...nationalHelpServices.find((s) => s.id === 'csg')!, phone: '0800-0188 (regio)', text: { nl: 'Lokaal CSG.', en: 'Local CSG.' } }],
      }
      const [csg] = buildReferrals({ category: 'groping', occurredAt: now, now, overrides: csgLocal, lang: 'en' })
      expect(csg?.phone).toBe('0800-0188 (regio)')
      expect(csg?.text.startsWith('Local CSG. ')).toBe(true)
      expect(csg?.text).toContain('7 days')
    })

    it('can remove even a national default, and ignores rules for unknown services', () => {
      const help = buildReferrals({
        category: 'catcalling',
        overrides: { remove: ['police-aangifte'], rules: [{ service: 'ghost', when: { always: true }, priority: 0 }] },
        lang: 'en',
      })
      expect(ids(help)).toEqual(['slachtofferhulp'])
      expect(resolveHelpServices({ remove: ['police-aangifte'] }).map((s) => s.id)).not.toContain('police-aangifte')
    })

    it('a rule without conditions never applies', () => {
      const help = buildReferrals({
        category: 'catcalling',
        overrides: { services: overrides.services, rules: [{ service: 'night-line', when: {}, priority: 0 }] },
        lang: 'en',
      })
      expect(ids(help)).not.toContain('night-line')
    })
  })
})
