// The answers a person gives, and the pure rules that turn them into the API's report body.

export type LngLatPair = [number, number]
export type Place = { code: string, name: string, centroid: LngLatPair }
export type TimeOfDay = 'unknown' | 'night' | 'morning' | 'afternoon' | 'evening'
export const TIMES_OF_DAY: TimeOfDay[] = ['unknown', 'night', 'morning', 'afternoon', 'evening']
export type WhenKind = 'just-now' | 'earlier-today' | 'other-day'
export type Precision = 'exact' | 'approximate' | 'area'

export type Where = {
  pin?: { lat: number, lon: number }
  /** Municipality name under the pin, from the map's boundaries (display only). */
  pinPlaceName?: string
  municipality?: Place
  neighbourhood?: Place
  placeText: string
  notExact: boolean
}

export type When = { kind: WhenKind, from: string, to?: string, date?: string, timeOfDay?: TimeOfDay }

export type Answers = {
  category?: string
  role?: string
  where: Where
  setting?: string
  when?: When
  about: { ageBand?: string, gender?: string, groups: string[], skipped: boolean }
  /** Who did it (optional screen): how many, estimated age, whether the reporter knew them. */
  offenders: { count?: string, age?: string, known?: string }
  heardVia?: string
  campaignCode?: string
  description: string
  urgent: boolean
}

export type ReportBody = {
  category: string
  setting: string
  role: string
  occurredAt: { from: string, to?: string }
  location: { lat: number, lon: number, precision: Precision }
  urgent?: boolean
  about?: { ageBand?: string, gender?: string, groups?: string[] }
  offenders?: { count?: string, age?: string, known?: string }
  description?: string
  heardVia?: string
  campaignCode?: string
}

export const DESCRIPTION_MAX = 4000
export const PLACE_TEXT_MAX = 300

export function emptyAnswers(): Answers {
  return { where: { placeText: '', notExact: false }, about: { groups: [], skipped: false }, offenders: {}, description: '', urgent: false }
}

/** Grid step for coarsened points: 0.005° is about 550 m north–south and 340 m east–west in the Netherlands. */
export const COARSE_STEP = 0.005

/** Snaps a point to a coarse grid, so the stored point does not reveal the exact spot. */
export function coarsen(lat: number, lon: number, step = COARSE_STEP): { lat: number, lon: number } {
  const snap = (v: number) => Number((Math.round(v / step) * step).toFixed(6))
  return { lat: snap(lat), lon: snap(lon) }
}

/** The location to send: an exact or coarsened pin, else the neighbourhood or municipality centroid as an area. */
export function resolveLocation(where: Where): ReportBody['location'] | undefined {
  if (where.pin) {
    if (!where.notExact) return { lat: round6(where.pin.lat), lon: round6(where.pin.lon), precision: 'exact' }
    return { ...coarsen(where.pin.lat, where.pin.lon), precision: 'approximate' }
  }
  const place = where.neighbourhood ?? where.municipality
  if (!place) return undefined
  return { lat: round6(place.centroid[1]), lon: round6(place.centroid[0]), precision: 'area' }
}

function round6(v: number): number {
  return Number(v.toFixed(6))
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
/** Client clocks run ahead of the server's now and then; keep "to" safely in the past. */
const CLOCK_MARGIN = 2 * MINUTE
const hoursOf: Record<TimeOfDay, [number, number]> = {
  unknown: [0, 24], night: [0, 6], morning: [6, 12], afternoon: [12, 18], evening: [18, 24],
}

export type WhenError = 'date-required' | 'date-future' | 'date-too-old'

/** Turns a "when" answer into an occurredAt range, or says what is wrong with it. */
export function occurredRange(
  kind: WhenKind, now: Date, date?: string, timeOfDay: TimeOfDay = 'unknown',
): { from: string, to: string } | { error: WhenError } {
  const latest = new Date(now.getTime() - CLOCK_MARGIN)
  if (kind === 'just-now') return { from: new Date(now.getTime() - 30 * MINUTE).toISOString(), to: latest.toISOString() }
  if (kind === 'earlier-today') {
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate())
    return { from: midnight.toISOString(), to: latest.toISOString() }
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '')
  if (!match) return { error: 'date-required' }
  const [startHour, endHour] = hoursOf[timeOfDay]
  const y = Number(match[1]), m = Number(match[2]) - 1, d = Number(match[3])
  const from = new Date(y, m, d, startHour)
  const end = new Date(y, m, d, endHour)
  if (Number.isNaN(from.getTime())) return { error: 'date-required' }
  if (from.getTime() > latest.getTime()) return { error: 'date-future' }
  if (from.getTime() < now.getTime() - 365 * DAY) return { error: 'date-too-old' }
  const to = end.getTime() > latest.getTime() ? latest : end
  return { from: from.toISOString(), to: to.toISOString() }
}

/** The description sent: the place in words (from the no-map path) first, then the person's own text. */
export function combinedDescription(answers: Answers, placePrefix: string): string {
  const place = answers.where.placeText.trim()
  const text = answers.description.trim()
  if (place && text) return `${placePrefix}: ${place}\n\n${text}`
  if (place) return `${placePrefix}: ${place}`
  return text
}

/** Room left for the description after the place text, so the combination stays within the API's limit. */
export function descriptionRoom(answers: Answers, placePrefix: string): number {
  const place = answers.where.placeText.trim()
  return place ? DESCRIPTION_MAX - (placePrefix.length + 4 + place.length) : DESCRIPTION_MAX
}

export type MissingAnswer = 'category' | 'role' | 'where' | 'setting' | 'when'

/** Required answers not given yet, in step order. */
export function missingAnswers(answers: Answers): MissingAnswer[] {
  const missing: MissingAnswer[] = []
  if (!answers.category) missing.push('category')
  if (!answers.role) missing.push('role')
  if (!resolveLocation(answers.where)) missing.push('where')
  if (!answers.setting) missing.push('setting')
  if (!answers.when) missing.push('when')
  return missing
}

/** The POST /api/v1/reports body; only what the person chose to give. */
export function buildReportBody(answers: Answers, placePrefix: string): ReportBody {
  const location = resolveLocation(answers.where)
  if (!answers.category || !answers.role || !answers.setting || !answers.when || !location) {
    throw new Error('buildReportBody: required answers missing')
  }
  const body: ReportBody = {
    category: answers.category,
    setting: answers.setting,
    role: answers.role,
    occurredAt: answers.when.to ? { from: answers.when.from, to: answers.when.to } : { from: answers.when.from },
    location,
  }
  if (answers.urgent) body.urgent = true
  if (!answers.about.skipped) {
    const about: NonNullable<ReportBody['about']> = {}
    if (answers.about.ageBand) about.ageBand = answers.about.ageBand
    if (answers.about.gender) about.gender = answers.about.gender
    if (answers.about.groups.length > 0) about.groups = [...answers.about.groups]
    if (Object.keys(about).length > 0) body.about = about
  }
  if (Object.keys(answers.offenders).length > 0) body.offenders = { ...answers.offenders }
  if (answers.heardVia) body.heardVia = answers.heardVia
  const description = combinedDescription(answers, placePrefix)
  if (description) body.description = description.slice(0, DESCRIPTION_MAX)
  if (answers.campaignCode) body.campaignCode = answers.campaignCode
  return body
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
const LOOK_ALIKES: Record<string, string> = { O: '0', I: '1', L: '1' }

/**
 * A typed receipt code in canonical form (XXXXX-XXXXX-XXXXX-XXXXX, Crockford base32), or undefined when it
 * cannot be one. Case, spaces and dashes are ignored; O reads as 0 and I or L as 1, as the API does.
 */
export function normaliseReceipt(input: string): string | undefined {
  const cleaned = input.toUpperCase().replace(/[\s\-\u2010-\u2015\u2212]/g, '')
  if (cleaned.length !== 20) return undefined
  let symbols = ''
  for (const c of cleaned) {
    const symbol = LOOK_ALIKES[c] ?? c
    if (!CROCKFORD.includes(symbol)) return undefined
    symbols += symbol
  }
  return symbols.match(/.{5}/g)!.join('-')
}

/** A campaign code from the `c` query parameter, if it looks like one. */
export function campaignFromQuery(search: string): { code?: string, heardVia?: string } {
  const params = new URLSearchParams(search)
  const code = params.get('c') ?? undefined
  const via = params.get('via') ?? undefined
  return {
    code: code && /^[A-Za-z0-9-]{3,24}$/.test(code) ? code : undefined,
    heardVia: via && /^[a-z-]{1,40}$/.test(via) ? via : undefined,
  }
}
