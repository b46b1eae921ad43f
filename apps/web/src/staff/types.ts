// Shapes of the staff API answers the dashboard reads (mirrors the zod schemas in apps/api/src/routes/staff).

export type Role = 'analyst' | 'campaign' | 'admin' | 'national'

export interface Session {
  user: { id: string, email: string, role: Role, municipality: { code: string, name: string } | null }
  csrf: string
  expiresAt: string
  idleTimeoutSeconds: number
}

export interface Period { from: string, to: string }

export interface HotspotProperties {
  id: string, count: number, z: number, p: number, bin: number, lon: number, lat: number, inside: boolean
  /** Nearest street or square and town of the cell centre, and its neighbourhood; null when unknown. */
  place?: string | null, neighbourhood?: string | null
}
export interface HotspotFeature {
  type: 'Feature'
  id: string
  geometry: { type: 'Polygon', coordinates: [number, number][][] }
  properties: HotspotProperties
}
export interface HotspotCollection {
  type: 'FeatureCollection'
  status: 'ok'
  period: Period
  cellSize: number
  distanceBand: number
  reports: number
  cells: number
  hot: number
  cold: number
  features: HotspotFeature[]
}
export interface InsufficientData { status: 'insufficient-data', period: Period, cellSize: number, reports: number, minimum: number, message: string }
export type HotspotAnswer = HotspotCollection | InsufficientData

export interface TimeSeries { period: Period, interval: 'day' | 'week', total: number, points: { start: string, days: number, count: number }[] }
export interface WeekdayHourMatrix { period: Period, total: number, weekdays: string[], counts: number[][] }

export interface StaffReport {
  id: string
  receivedAt: string
  occurredFrom: string
  occurredTo: string
  location: { lon: number, lat: number, precision: string, place?: string | null }
  category: string
  setting: string
  role: string
  urgent: boolean
  ageBand: string | null
  gender: string | null
  groups: string[]
  description: string | null
  descriptionPurged: boolean
  heardVia: string | null
  campaignCode: string | null
  neighbourhoodCode: string | null
  status: string
}
export interface ReportList { total: number, items: StaffReport[], next: string | null }

export interface Neighbourhood { code: string, name: string }
export interface CountRow { id: string, label: { nl: string, en: string }, count: number, previousCount: number }
export interface NeighbourhoodSummary {
  neighbourhood: Neighbourhood
  period: Period
  previousPeriod: Period
  total: number
  previousTotal: number
  trend: { difference: number, percentChange: number | null, rateRatio: number | null, rateRatioCi95: [number, number] | null }
  byCategory: CountRow[]
  bySetting: CountRow[]
  timePattern: { counts: number[][], byWeekday: number[], byHour: number[] }
  hotspots: {
    status: 'ok' | 'insufficient-data'
    message: string | null
    cellSize: number
    hot: number
    cells: { id: string, count: number, z: number, p: number, bin: number, lon: number, lat: number }[]
  }
}

export interface MunicipalitySummary { code: string, name: string, centroid: [number, number], bbox: [number, number, number, number] }

export interface Taxonomy {
  categories: { id: string, group: string, label: string, description: string }[]
  settings: { id: string, label: string }[]
  heardVia: { id: string, label: string }[]
  roles: { id: string, label: string }[]
  ageBands: { id: string, label: string }[]
  genders: { id: string, label: string }[]
  identityGroups: { id: string, label: string }[]
  precisions: { id: string, label: string }[]
}

export interface Localized { nl: string, en: string }
