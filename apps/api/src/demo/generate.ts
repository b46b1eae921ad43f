// Deterministic synthetic demo reports: nightlife hotspots, weekday and hour rhythms, and a campaign that lifts reporting.
import type { ReportRow } from '@meldpunt/db'
import { createHash } from 'node:crypto'

/** mulberry32: tiny, fast, and the same sequence on every machine for the same seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function poisson(rand: () => number, lambda: number): number {
  // Knuth's method is exact and fast enough for the small daily rates used here.
  const limit = Math.exp(-lambda)
  let k = 0
  let p = rand()
  while (p > limit) {
    k++
    p *= rand()
  }
  return k
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
}

function pick<T>(rand: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0)
  let r = rand() * total
  for (const [item, w] of items) {
    r -= w
    if (r <= 0) return item
  }
  return items[items.length - 1]![0]
}

interface Hotspot {
  name: string
  lon: number
  lat: number
  /** Spread in metres (one standard deviation). */
  sigma: number
  share: number
  setting: string
  nightly: boolean
}

export interface DemoCity {
  code: string
  centre: [number, number]
  /** Radius in metres of the background scatter around the centre. */
  radius: number
  perDay: number
  hotspots: Hotspot[]
}

export interface DemoCampaign {
  municipalityCode: string
  code: string
  name: string
  /** Days before `until` the campaign starts, and how long it runs. */
  startDaysBeforeEnd: number
  days: number
  lagDays: number
  lift: number
  lagLift: number
}

export const DEMO_CITIES: DemoCity[] = [
  {
    code: 'GM0363',
    centre: [4.8932, 52.3731],
    radius: 3500,
    perDay: 5,
    hotspots: [
      { name: 'Leidseplein', lon: 4.8826, lat: 52.3641, sigma: 60, share: 0.16, setting: 'nightlife', nightly: true },
      { name: 'Rembrandtplein', lon: 4.8966, lat: 52.3663, sigma: 60, share: 0.13, setting: 'nightlife', nightly: true },
      { name: 'Centraal Station', lon: 4.9003, lat: 52.3789, sigma: 70, share: 0.08, setting: 'public-transport', nightly: false },
    ],
  },
  {
    code: 'GM0344',
    centre: [5.1214, 52.0907],
    radius: 2800,
    perDay: 2.5,
    hotspots: [
      { name: 'Neude', lon: 5.1195, lat: 52.0932, sigma: 55, share: 0.2, setting: 'nightlife', nightly: true },
      { name: 'Utrecht Centraal', lon: 5.1101, lat: 52.0894, sigma: 70, share: 0.1, setting: 'public-transport', nightly: false },
    ],
  },
]

export const DEMO_CAMPAIGN: DemoCampaign = {
  municipalityCode: 'GM0363',
  code: 'AMS-DEMO',
  name: 'Demo: "Niet normaal" poster campaign',
  startDaysBeforeEnd: 180,
  days: 28,
  lagDays: 14,
  lift: 1.9,
  lagLift: 1.3,
}

/**
 * Smaller demo municipalities with background reports only: the comparison group of the campaign effect needs
 * at least five municipalities without a campaign. Generated from their own random stream, after the two cities above,
 * so the Amsterdam and Utrecht reports are the same as before they were added.
 */
export const DEMO_COMPARISON_CITIES: DemoCity[] = [
  { code: 'GM0392', centre: [4.6368, 52.381], radius: 1200, perDay: 0.8, hotspots: [] }, // Haarlem
  { code: 'GM0546', centre: [4.4937, 52.1601], radius: 1200, perDay: 0.7, hotspots: [] }, // Leiden
  { code: 'GM0503', centre: [4.3571, 52.0116], radius: 1000, perDay: 0.6, hotspots: [] }, // Delft
  { code: 'GM0193', centre: [6.0919, 52.5125], radius: 1200, perDay: 0.9, hotspots: [] }, // Zwolle
  { code: 'GM0268', centre: [5.8528, 51.8426], radius: 1200, perDay: 0.7, hotspots: [] }, // Nijmegen
]

/**
 * A national rise with no registered campaign anywhere: a news story or a television campaign that makes people in
 * every municipality report more for four weeks. A before/after comparison of one municipality mistakes it for a local
 * effect; the comparison group shows it is not. Placed after the demo campaign's lag, with a clean baseline before it.
 */
export interface DemoNationalRise {
  /** Days before `until` the rise starts, and how long it lasts. */
  startDaysBeforeEnd: number
  days: number
  lift: number
}

export const DEMO_NATIONAL_RISE: DemoNationalRise = { startDaysBeforeEnd: 70, days: 28, lift: 1.8 }

/** The national rise as calendar days (first day, and the day after the last). */
export function demoNationalRiseWindow(until: Date, r: DemoNationalRise = DEMO_NATIONAL_RISE): { start: Date; end: Date } {
  const start = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate()) - r.startDaysBeforeEnd * DAY_MS)
  return { start, end: new Date(start.getTime() + r.days * DAY_MS) }
}

const WEEKDAY_FACTOR = [1.2, 0.75, 0.75, 0.8, 0.9, 1.5, 1.8] // Sunday … Saturday
const NIGHT_HOURS: readonly (readonly [number, number])[] = [[21, 2], [22, 4], [23, 5], [0, 5], [1, 4], [2, 3], [3, 1.5], [20, 1]]
const DAY_HOURS: readonly (readonly [number, number])[] = [
  [7, 1.5], [8, 2.5], [9, 1], [12, 1], [13, 1], [15, 1.2], [16, 2], [17, 2.5], [18, 2], [19, 1.5], [20, 1.2], [21, 1], [22, 1], [23, 0.8], [10, 0.6], [11, 0.7], [14, 0.9],
]

const CATEGORY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['catcalling', 30], ['sexual-comments', 18], ['insults', 8], ['discriminatory-remarks', 7], ['staring-gestures', 9], ['following', 9],
  ['indecent-exposure', 2], ['filming', 3], ['blocking', 4], ['groping', 7], ['sexual-assault', 1], ['other', 2],
]
const BACKGROUND_SETTINGS: readonly (readonly [string, number])[] = [
  ['street', 50], ['public-transport', 15], ['park', 8], ['shop', 6], ['school', 5], ['sports', 3], ['nightlife', 8], ['other', 5],
]
const AGE_BANDS: readonly (readonly [string, number])[] = [['under-16', 3], ['16-17', 6], ['18-24', 35], ['25-34', 28], ['35-44', 12], ['45-64', 8], ['65+', 2]]
const DESCRIPTIONS = [
  'Demo: a group shouted at me when I walked past.',
  'Demo: someone followed me from the tram stop.',
  'Demo: a man made comments about my body.',
  'Demo: I saw a woman being harassed near the entrance.',
]

const DAY_MS = 86_400_000

/** Metres to degrees near the Netherlands (good to a few percent, enough for scatter). */
function offset(lon: number, lat: number, dx: number, dy: number): [number, number] {
  return [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 110_574]
}

export interface DemoOptions {
  seed?: number
  /** Default DEMO_COMPARISON_CITIES; [] for none. */
  comparisonCities?: DemoCity[]
  /** Default DEMO_NATIONAL_RISE; null for none. */
  nationalRise?: DemoNationalRise | null
  /** Last day (exclusive, UTC midnight) of the generated period. */
  until: Date
  days?: number
  cities?: DemoCity[]
  campaign?: DemoCampaign
}

/** Campaign dates as calendar days, for registering the demo campaign and for tests. */
export function demoCampaignWindow(until: Date, c: DemoCampaign = DEMO_CAMPAIGN): { start: Date; end: Date; lagEnd: Date } {
  const start = new Date(until.getTime() - c.startDaysBeforeEnd * DAY_MS)
  return { start, end: new Date(start.getTime() + c.days * DAY_MS), lagEnd: new Date(start.getTime() + (c.days + c.lagDays) * DAY_MS) }
}

export function generateDemoReports(options: DemoOptions): ReportRow[] {
  const rand = seededRandom(options.seed ?? 20181)
  const days = options.days ?? 730
  const cities = options.cities ?? DEMO_CITIES
  const campaign = options.campaign ?? DEMO_CAMPAIGN
  const until = Date.UTC(options.until.getUTCFullYear(), options.until.getUTCMonth(), options.until.getUTCDate())
  const window = demoCampaignWindow(new Date(until), campaign)
  const rows: ReportRow[] = []
  let serial = 0

  const seed = options.seed ?? 20181
  /** Pushes n reports of one city on one day, drawing from `r` exactly as the original single loop did. */
  const emit = (rand: () => number, city: DemoCity, dayStart: number, weekday: number, n: number, inCampaign: boolean) => {
    for (let k = 0; k < n; k++) {
      serial++
      const hotspot = pickHotspot(rand, city, weekday)
      const nightly = hotspot?.nightly ?? false
      const hour = pick(rand, nightly ? NIGHT_HOURS : DAY_HOURS)
      // Early-morning hours belong to the night that started the day before.
      const dayOffset = nightly && hour < 12 ? DAY_MS : 0
      const minute = Math.floor(rand() * 60)
      // Local Amsterdam time is UTC+1/+2; subtracting one hour keeps the pattern within the hour.
      const from = new Date(dayStart + dayOffset + (hour - 1) * 3_600_000 + minute * 60_000)
      if (from.getTime() >= until) continue
      const to = new Date(from.getTime() + (rand() < 0.5 ? 0 : 30 * 60_000))
      let lon: number
      let lat: number
      if (hotspot) {
        ;[lon, lat] = offset(hotspot.lon, hotspot.lat, gaussian(rand) * hotspot.sigma, gaussian(rand) * hotspot.sigma)
      } else {
        const r = city.radius * Math.sqrt(rand())
        const a = rand() * 2 * Math.PI
        ;[lon, lat] = offset(city.centre[0], city.centre[1], r * Math.cos(a), r * Math.sin(a))
      }
      const category = pick(rand, CATEGORY_WEIGHTS)
      const heardRoll = rand()
      rows.push({
        id: uuidFrom(seed, serial),
        occurredFrom: from,
        occurredTo: to,
        receivedAt: new Date(to.getTime() + Math.floor(rand() * 6 * 3_600_000)),
        lon,
        lat,
        precision: rand() < 0.8 ? 'exact' : rand() < 0.5 ? 'approximate' : 'area',
        category,
        setting: hotspot ? hotspot.setting : pick(rand, BACKGROUND_SETTINGS),
        role: rand() < 0.78 ? 'victim' : 'bystander',
        urgent: rand() < 0.03,
        ageBand: rand() < 0.7 ? pick(rand, AGE_BANDS) : undefined,
        gender: rand() < 0.7 ? pick(rand, [['woman', 80], ['man', 12], ['non-binary', 6], ['other', 2]] as const) : undefined,
        groups: rand() < 0.15 ? [pick(rand, [['lgbti', 4], ['person-of-colour', 3], ['migrant', 2], ['religious', 2], ['disability', 1]] as const)] : [],
        description: rand() < 0.2 ? DESCRIPTIONS[Math.floor(rand() * DESCRIPTIONS.length)] : undefined,
        heardVia: inCampaign && heardRoll < 0.45 ? (heardRoll < 0.3 ? 'poster' : 'social-media') : heardRoll < 0.5 ? pick(rand, [['social-media', 3], ['friend', 3], ['news', 2], ['police', 1], ['school', 1]] as const) : undefined,
        campaignCode: inCampaign && heardRoll < 0.25 ? campaign.code : undefined,
        receiptHash: createHash('sha256').update(`demo-receipt-${seed}-${serial}`).digest(),
      })
    }
  }

  for (let d = days; d >= 1; d--) {
    const dayStart = until - d * DAY_MS
    const weekday = new Date(dayStart).getUTCDay()
    const month = new Date(dayStart).getUTCMonth()
    const season = 1 + 0.2 * Math.sin(((month - 3) / 12) * 2 * Math.PI) // more reports in late spring and summer
    for (const city of cities) {
      let lift = 1
      if (city.code === campaign.municipalityCode) {
        if (dayStart >= window.start.getTime() && dayStart < window.end.getTime()) lift = campaign.lift
        else if (dayStart >= window.end.getTime() && dayStart < window.lagEnd.getTime()) lift = campaign.lagLift
      }
      const n = poisson(rand, city.perDay * WEEKDAY_FACTOR[weekday]! * season * lift)
      emit(rand, city, dayStart, weekday, n, lift > 1)
    }
  }

  // The comparison cities and the national rise draw from their own stream, so the reports above stay as they were.
  // A rise of factor r in a city above adds Poisson(λ(r − 1)) reports: with the Poisson(λ) above, Poisson(λr) in all.
  const extraCities = options.comparisonCities ?? DEMO_COMPARISON_CITIES
  const rise = options.nationalRise === undefined ? DEMO_NATIONAL_RISE : options.nationalRise
  const riseWindow = rise ? demoNationalRiseWindow(new Date(until), rise) : null
  const rand2 = seededRandom(seed ^ 0x13a13a)
  for (let d = days; d >= 1; d--) {
    const dayStart = until - d * DAY_MS
    const weekday = new Date(dayStart).getUTCDay()
    const month = new Date(dayStart).getUTCMonth()
    const season = 1 + 0.2 * Math.sin(((month - 3) / 12) * 2 * Math.PI)
    const riseLift = rise && riseWindow && dayStart >= riseWindow.start.getTime() && dayStart < riseWindow.end.getTime() ? rise.lift : 1
    const expected = (city: DemoCity) => city.perDay * WEEKDAY_FACTOR[weekday]! * season
    if (riseLift > 1) for (const city of cities) emit(rand2, city, dayStart, weekday, poisson(rand2, expected(city) * (riseLift - 1)), false)
    for (const city of extraCities) emit(rand2, city, dayStart, weekday, poisson(rand2, expected(city) * riseLift), false)
  }
  return rows
}

function pickHotspot(rand: () => number, city: DemoCity, weekday: number): Hotspot | undefined {
  // Nightlife hotspots draw most of their reports on Friday and Saturday nights.
  const weekend = weekday === 5 || weekday === 6
  let r = rand()
  for (const h of city.hotspots) {
    const share = h.nightly ? h.share * (weekend ? 1.6 : 0.7) : h.share
    r -= share
    if (r < 0) return h
  }
  return undefined
}

/** A stable UUID (v4 layout) from the seed and a serial number, so demo data is identical on every run. */
function uuidFrom(seed: number, serial: number): string {
  const h = createHash('sha256').update(`demo-${seed}-${serial}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}
