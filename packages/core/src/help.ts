// Where to get help: national help services and referral rules as data, municipal overrides, and the ordered help list for one report.

import { z } from 'zod'
import { findCategory } from './taxonomy.js'
import type { AgeBand, CategoryId, Lang, Localized, RoleId } from './taxonomy.js'
import type { HelpEntry } from './api/referral.js'

export type { HelpEntry }

export const HELP_URGENCIES = ['emergency', 'time-critical', 'support', 'report', 'info'] as const
export type HelpUrgency = (typeof HELP_URGENCIES)[number]

const LocalizedText = z.object({ nl: z.string().min(1), en: z.string().min(1) })

export const HelpService = z.object({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  name: LocalizedText,
  /** As people read it, e.g. `0800-0188`. */
  phone: z.string().min(1).optional(),
  /** For `tel:` links: E.164 (`+318000188`), or a national short code such as `112`. */
  tel: z.string().regex(/^(?:\+[1-9]\d{1,14}|\d{3,6})$/).optional(),
  url: z.url({ protocol: /^https$/ }).optional(),
  text: LocalizedText,
  urgency: z.enum(HELP_URGENCIES),
  /** ISO 639-1 codes of the languages the service speaks (local services say so; national ones leave it out). */
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).optional(),
})
export type HelpService = z.infer<typeof HelpService>

/**
 * When a rule applies. Every condition given must hold; a rule without conditions never applies
 * (say `always: true` to mean always).
 */
export const ReferralCondition = z.object({
  /** The reporter is in danger now. */
  urgent: z.literal(true).optional(),
  /** The category is physical sexual contact (taxonomy flag `sexualViolence`). */
  sexualViolence: z.literal(true).optional(),
  /** The category is discriminatory, or the reporter said it was. */
  discriminatory: z.literal(true).optional(),
  categories: z.array(z.string()).min(1).optional(),
  /** It happened at most this many days ago; an unknown time counts as recent, to err towards urgent help. */
  withinDays: z.number().positive().optional(),
  roles: z.array(z.string()).min(1).optional(),
  ageBands: z.array(z.string()).min(1).optional(),
  always: z.literal(true).optional(),
})
export type ReferralCondition = z.infer<typeof ReferralCondition>

export const ReferralRule = z.object({
  service: z.string(),
  when: ReferralCondition,
  /** Lower comes first within the same urgency; when several rules pick one service, the lowest wins. */
  priority: z.number(),
  /** Replaces the service's urgency for this situation. */
  urgency: z.enum(HELP_URGENCIES).optional(),
  /** Added after the service's text for this situation. */
  note: LocalizedText.optional(),
  /** Why this service is listed; derived from the conditions when left out. */
  reason: LocalizedText.optional(),
})
export type ReferralRule = z.infer<typeof ReferralRule>

export const MunicipalityHelpOverrides = z
  .object({
    /** Added, or replacing the national service with the same id (whole service, rules kept). */
    services: z.array(HelpService).optional(),
    /** Added to the national rules. */
    rules: z.array(ReferralRule).optional(),
    /** Service ids to leave out, with their rules. */
    remove: z.array(z.string()).optional(),
  })
  .superRefine((o, ctx) => {
    const removed = new Set(o.remove ?? [])
    const known = new Set([...nationalHelpServices, ...(o.services ?? [])].map((s) => s.id))
    o.rules?.forEach((rule, i) => {
      if (!known.has(rule.service) || removed.has(rule.service)) {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'service'], message: `unknown service '${rule.service}'` })
      }
    })
  })
export type MunicipalityHelpOverrides = z.infer<typeof MunicipalityHelpOverrides>

export const nationalHelpServices: HelpService[] = [
  {
    id: 'emergency-112',
    name: { nl: 'Alarmnummer 112', en: 'Emergency number 112' },
    phone: '112',
    tel: '112',
    text: {
      nl: 'Ben je nu in gevaar, of is iemand gewond? Bel 112 voor politie of ambulance.',
      en: 'In danger right now, or is someone hurt? Call 112 for police or ambulance.',
    },
    urgency: 'emergency',
  },
  {
    id: 'csg',
    name: { nl: 'Centrum Seksueel Geweld', en: 'Centrum Seksueel Geweld (Sexual Assault Centre)' },
    phone: '0800-0188',
    tel: '+318000188',
    url: 'https://centrumseksueelgeweld.nl',
    text: {
      nl: 'Gratis, dag en nacht, ook anoniem: medische zorg, onderzoek om sporen vast te leggen en steun na seksueel geweld. Medische en forensische hulp is tijdkritisch: binnen 7 dagen.',
      en: 'Free, day and night, anonymous if you wish: medical care, an examination to record evidence, and support after sexual violence. Medical and forensic help is time-critical: within 7 days.',
    },
    urgency: 'time-critical',
  },
  {
    id: 'slachtofferhulp',
    name: { nl: 'Slachtofferhulp Nederland', en: 'Slachtofferhulp Nederland (Victim Support)' },
    phone: '0900-0101',
    tel: '+319000101',
    url: 'https://www.slachtofferhulp.nl',
    text: {
      nl: 'Gratis steun en advies voor slachtoffers en getuigen: om erover te praten, en praktische en juridische hulp.',
      en: 'Free support and advice for victims and witnesses: someone to talk to, and practical and legal help.',
    },
    urgency: 'support',
  },
  {
    id: 'police-aangifte',
    name: { nl: 'Politie: aangifte doen', en: 'Police: making a police report (aangifte)' },
    phone: '0900-8844',
    tel: '+319008844',
    url: 'https://www.politie.nl/aangifte-of-melding-doen',
    text: {
      nl: 'Een melding bij dit meldpunt is geen aangifte: de politie krijgt je melding niet en gaat er niet op onderzoek. Wil je dat de dader wordt vervolgd, doe dan aangifte: bel 0900-8844 (geen spoed) voor een afspraak. Sinds 1 juli 2024 is seksuele intimidatie op straat strafbaar.',
      en: 'A report to this meldpunt is not a police report (aangifte): the police do not receive it and will not investigate. If you want the offender prosecuted, press charges: call 0900-8844 (non-urgent) for an appointment. Since 1 July 2024 sexual intimidation in public is a criminal offence.',
    },
    urgency: 'report',
  },
  {
    id: 'meld-misdaad-anoniem',
    name: { nl: 'Meld Misdaad Anoniem', en: 'Meld Misdaad Anoniem (report crime anonymously)' },
    phone: '0800-7000',
    tel: '+318007000',
    url: 'https://www.meldmisdaadanoniem.nl',
    text: {
      nl: 'Weet je wie het deed, maar wil je anoniem blijven? Geef het door aan Meld Misdaad Anoniem; zij sturen het zonder jouw gegevens naar de politie.',
      en: 'Know who did it, but want to stay anonymous? Tell Meld Misdaad Anoniem; they pass it to the police without your details.',
    },
    urgency: 'report',
  },
  {
    id: 'veilig-thuis',
    name: { nl: 'Veilig Thuis', en: 'Veilig Thuis (domestic violence and abuse)' },
    phone: '0800-2000',
    tel: '+318002000',
    url: 'https://www.veiligthuis.nl',
    text: {
      nl: 'Gratis, dag en nacht, ook anoniem: advies en hulp bij geweld of misbruik door iemand die je kent, zoals een (ex-)partner of iemand thuis.',
      en: 'Free, day and night, anonymous if you wish: advice and help with violence or abuse by someone you know, such as an (ex-)partner or someone at home.',
    },
    urgency: 'support',
  },
  {
    // The anti-discrimination services (ADVs) are regional and there is no verified national phone
    // number; municipalities replace this entry with their own ADV's phone number.
    id: 'anti-discrimination',
    name: { nl: 'Discriminatie.nl (antidiscriminatievoorziening)', en: 'Discriminatie.nl (anti-discrimination service)' },
    url: 'https://www.discriminatie.nl',
    text: {
      nl: 'Gratis en onafhankelijk: meld discriminatie en krijg advies en hulp van het antidiscriminatiebureau bij jou in de buurt.',
      en: 'Free and independent: report discrimination and get advice and help from the anti-discrimination office near you.',
    },
    urgency: 'report',
  },
]

const reasons = {
  urgent: { nl: 'Je bent nu in gevaar.', en: 'You are in danger now.' },
  sexualViolence: { nl: 'Na seksueel geweld kun je hier terecht voor medische hulp en steun.', en: 'After sexual violence you can get medical help and support here.' },
  discriminatory: { nl: 'Het ging om wie je bent: dat is discriminatie.', en: 'It was about who you are: that is discrimination.' },
  always: { nl: 'Voor iedereen die dit meemaakt of ziet.', en: 'For everyone who experiences or witnesses this.' },
  generic: { nl: 'Past bij wat je meldt.', en: 'Fits what you are reporting.' },
} satisfies Record<string, Localized>

export const nationalReferralRules: ReferralRule[] = [
  { service: 'emergency-112', when: { urgent: true }, priority: 0, reason: reasons.urgent },
  {
    service: 'csg',
    when: { sexualViolence: true, withinDays: 7 },
    priority: 10,
    urgency: 'time-critical',
    note: {
      nl: 'Bel zo snel mogelijk: was het minder dan 7 dagen geleden, dan kunnen medische zorg en sporenonderzoek nog.',
      en: 'Call as soon as you can: if it was less than 7 days ago, medical care and evidence collection are still possible.',
    },
    reason: {
      nl: 'Na seksueel geweld telt de tijd: medische en forensische hulp binnen 7 dagen.',
      en: 'After sexual violence time matters: medical and forensic help within 7 days.',
    },
  },
  {
    service: 'csg',
    when: { sexualViolence: true },
    // Still the specialist after 7 days, so still above Slachtofferhulp (20).
    priority: 15,
    urgency: 'support',
    note: {
      nl: 'Is het langer dan 7 dagen geleden? Ook dan kun je bellen voor steun en advies.',
      en: 'More than 7 days ago? You can still call for support and advice.',
    },
    reason: reasons.sexualViolence,
  },
  { service: 'slachtofferhulp', when: { always: true }, priority: 20, reason: reasons.always },
  {
    service: 'police-aangifte',
    when: { always: true },
    priority: 40,
    reason: {
      nl: 'Een melding is geen aangifte; zo doe je aangifte als je dat wilt.',
      en: 'A report here is not a police report; this is how to press charges if you want to.',
    },
  },
  { service: 'anti-discrimination', when: { discriminatory: true }, priority: 45, reason: reasons.discriminatory },
  {
    service: 'meld-misdaad-anoniem',
    when: { roles: ['bystander'] },
    priority: 60,
    reason: { nl: 'Je zag het gebeuren en weet misschien wie het deed.', en: 'You saw it happen and may know who did it.' },
  },
  {
    service: 'meld-misdaad-anoniem',
    when: { categories: ['blocking', 'groping', 'sexual-assault'] },
    priority: 60,
    reason: { nl: 'Weet je wie het deed? Je kunt dat anoniem doorgeven.', en: 'Know who did it? You can pass that on anonymously.' },
  },
  {
    // Stalking is often by an (ex-)partner, which is Veilig Thuis's field.
    service: 'veilig-thuis',
    when: { categories: ['following'] },
    priority: 50,
    urgency: 'info',
    reason: {
      nl: 'Volgt iemand die je kent je, zoals een (ex-)partner? Veilig Thuis kan helpen.',
      en: 'Is someone you know following you, such as an (ex-)partner? Veilig Thuis can help.',
    },
  },
  {
    service: 'veilig-thuis',
    when: { sexualViolence: true, ageBands: ['under-16', '16-17'] },
    priority: 50,
    reason: {
      nl: 'Je bent jonger dan 18: Veilig Thuis denkt met je mee, ook over wie je het kunt vertellen.',
      en: 'You are under 18: Veilig Thuis can advise you, including on whom to tell.',
    },
  },
]


type When = Date | string
export type ReferralInput = {
  category: CategoryId
  /** The reporter is in danger now. */
  urgent?: boolean
  /** The reporter says it was about who they are, whatever the category. */
  discriminatory?: boolean
  role?: RoleId
  ageBand?: AgeBand
  /** When it happened; for a range the end counts, as the most recent possibility. */
  occurredAt?: When | { from: When, to?: When }
  now?: Date
  overrides?: MunicipalityHelpOverrides
  lang: Lang
}

const DAY_MS = 86_400_000
const urgencyRank: Record<HelpUrgency, number> = { emergency: 0, 'time-critical': 1, support: 2, report: 3, info: 4 }

function toTime(value: When | undefined): number | undefined {
  if (value === undefined) return undefined
  const t = value instanceof Date ? value.getTime() : Date.parse(value)
  return Number.isNaN(t) ? undefined : t
}

function occurredTime(occurredAt: ReferralInput['occurredAt']): number | undefined {
  if (occurredAt === undefined || occurredAt instanceof Date || typeof occurredAt === 'string') return toTime(occurredAt)
  return toTime(occurredAt.to) ?? toTime(occurredAt.from)
}

/** Every help service for a municipality: national ones, replaced or added by its overrides, minus removed ones. */
export function resolveHelpServices(overrides?: MunicipalityHelpOverrides): HelpService[] {
  const byId = new Map(nationalHelpServices.map((s) => [s.id, s]))
  for (const s of overrides?.services ?? []) byId.set(s.id, s)
  for (const id of overrides?.remove ?? []) byId.delete(id)
  return [...byId.values()]
}

/** Every referral rule for a municipality: national plus its own, without rules for removed services. */
export function resolveReferralRules(overrides?: MunicipalityHelpOverrides): ReferralRule[] {
  const removed = new Set(overrides?.remove ?? [])
  return [...nationalReferralRules, ...(overrides?.rules ?? [])].filter((r) => !removed.has(r.service))
}

type Situation = {
  category: CategoryId
  urgent: boolean
  sexualViolence: boolean
  discriminatory: boolean
  role: RoleId | undefined
  ageBand: AgeBand | undefined
  ageDays: number | undefined
}

function ruleApplies(when: ReferralCondition, s: Situation): boolean {
  const checks: boolean[] = []
  if (when.always) checks.push(true)
  if (when.urgent) checks.push(s.urgent)
  if (when.sexualViolence) checks.push(s.sexualViolence)
  if (when.discriminatory) checks.push(s.discriminatory)
  if (when.categories) checks.push(when.categories.includes(s.category))
  if (when.withinDays !== undefined) checks.push(s.ageDays === undefined || s.ageDays <= when.withinDays)
  if (when.roles) checks.push(s.role !== undefined && when.roles.includes(s.role))
  if (when.ageBands) checks.push(s.ageBand !== undefined && when.ageBands.includes(s.ageBand))
  return checks.length > 0 && checks.every(Boolean)
}

function defaultReason(when: ReferralCondition): Localized {
  if (when.urgent) return reasons.urgent
  if (when.sexualViolence) return reasons.sexualViolence
  if (when.discriminatory) return reasons.discriminatory
  if (when.always) return reasons.always
  return reasons.generic
}

/**
 * The help list for one report, most urgent first: by urgency, then rule priority, then id.
 * Each service appears once, shaped by its best (lowest-priority-number) applicable rule.
 */
function situationOf(input: ReferralInput): Situation {
  const category = findCategory(input.category)
  const occurred = occurredTime(input.occurredAt)
  const nowMs = (input.now ?? new Date()).getTime()
  return {
    category: input.category,
    urgent: input.urgent === true,
    sexualViolence: category?.sexualViolence ?? false,
    discriminatory: input.discriminatory === true || (category?.discriminatory ?? false),
    role: input.role,
    ageBand: input.ageBand,
    // A time slightly ahead of the server clock counts as "just now".
    ageDays: occurred === undefined ? undefined : Math.max(0, nowMs - occurred) / DAY_MS,
  }
}

export function buildReferrals(input: ReferralInput): HelpEntry[] {
  return referralsFor(situationOf(input), input.overrides, input.lang)
}

/**
 * buildReferrals, remembered: the same list for every report in the same situation. A situation is everything
 * ruleApplies reads, with the age in days reduced to the side of each rule's `withinDays` it falls on, so a
 * remembered list is exactly the list buildReferrals would build. Lists are shared: treat them as read-only.
 * Overrides are told apart by object identity (a municipality's settings are a new object when they change).
 */
export function createReferralMemo(limit = 2000): (input: ReferralInput) => readonly HelpEntry[] {
  // Per set of overrides (the national rules under a key of their own): a number for the cache key, and its day limits.
  const rulesets = new WeakMap<object, { id: number; dayLimits: number[] }>()
  const NATIONAL = {}
  const lists = new Map<string, HelpEntry[]>()
  let rulesetCount = 0
  return (input) => {
    const situation = situationOf(input)
    const owner = input.overrides ?? NATIONAL
    let ruleset = rulesets.get(owner)
    if (ruleset === undefined) {
      const dayLimits = [...new Set(resolveReferralRules(input.overrides).flatMap((r) => (r.when.withinDays === undefined ? [] : [r.when.withinDays])))]
      ruleset = { id: ++rulesetCount, dayLimits }
      rulesets.set(owner, ruleset)
    }
    const { ageDays } = situation
    const key = [
      ruleset.id, input.lang, situation.category, situation.urgent, situation.sexualViolence, situation.discriminatory, situation.role, situation.ageBand,
      ...ruleset.dayLimits.map((t) => (ageDays === undefined ? 'u' : ageDays <= t ? 'y' : 'n')),
    ].join('|')
    let list = lists.get(key)
    if (list === undefined) {
      if (lists.size >= limit) lists.clear()
      list = referralsFor(situation, input.overrides, input.lang)
      lists.set(key, list)
    }
    return list
  }
}

function referralsFor(situation: Situation, overrides: MunicipalityHelpOverrides | undefined, lang: Lang): HelpEntry[] {
  const services = new Map(resolveHelpServices(overrides).map((s) => [s.id, s]))
  const chosen = new Map<string, ReferralRule>()
  for (const rule of resolveReferralRules(overrides)) {
    if (!services.has(rule.service) || !ruleApplies(rule.when, situation)) continue
    const current = chosen.get(rule.service)
    if (current === undefined || rule.priority < current.priority) chosen.set(rule.service, rule)
  }

  const ranked: { entry: HelpEntry, priority: number }[] = []
  for (const [id, rule] of chosen) {
    const service = services.get(id)
    if (service === undefined) continue
    const entry: HelpEntry = {
      id,
      name: service.name[lang],
      text: rule.note ? `${service.text[lang]} ${rule.note[lang]}` : service.text[lang],
      urgency: rule.urgency ?? service.urgency,
      reason: (rule.reason ?? defaultReason(rule.when))[lang],
    }
    if (service.phone !== undefined) entry.phone = service.phone
    if (service.languages?.length) entry.languages = service.languages
    if (service.tel !== undefined) entry.tel = service.tel
    if (service.url !== undefined) entry.url = service.url
    ranked.push({ entry, priority: rule.priority })
  }
  ranked.sort((a, b) =>
    urgencyRank[a.entry.urgency] - urgencyRank[b.entry.urgency]
    || a.priority - b.priority
    || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0))
  return ranked.map((r) => r.entry)
}
