// Client of the campaign, intervention, effect and alert endpoints (issue 5), with their answer shapes.
import { getCached, request } from './api.js'
import { fmtDay, fmtNumber, lang, pick, t } from './i18n/index.js'
import type { Localized } from './types.js'

export type Interval = [number, number | null]

export interface Campaign {
  id: string
  code: string
  name: string
  startsOn: string
  endsOn: string
  lagDays: number
  channels: string[]
  targetGroups: string[]
  area: unknown
  notes: string | null
  link: string
  url: string
  qrSvg: string
  createdBy: string | null
  createdAt: string
  updatedBy: string | null
  updatedAt: string
}

export interface CampaignInput {
  code?: string
  name: string
  startsOn: string
  endsOn: string
  lagDays: number
  channels: string[]
  targetGroups: string[]
  area: { type: 'Polygon', coordinates: [number, number][][] } | null
  notes: string | null
}

export interface EffectWindow { from: string, to: string, days: number, reports: number, rate: number }
export interface Ratio { rateRatio: number | null, ci95: Interval | null, method: 'weekday-adjusted' | 'exact', dispersion: number | null }
export interface Share { count: number, total: number, share: number | null, ci95: [number, number] | null }
export interface Attribution { reports: number, namingCode: number, namingChannel: number, namingCodeOrChannel: Share }

export interface PeriodEffect {
  status: 'planned' | 'running' | 'lag' | 'finished'
  dataThrough: string
  windows: { baseline: EffectWindow | null, during: EffectWindow | null, lag: EffectWindow | null }
  effect: { during: Ratio | null, lag: Ratio | null }
  baseline: { weekdayMeans: number[], dispersion: number } | null
  series: { day: string, weekday: number, count: number, phase: 'baseline' | 'during' | 'lag' | 'after', expected: number | null, band: [number, number] | null, spike: boolean }[]
  alerts: { day: string, scope: string, scopeKey: string | null, observed: number, expected: number, method: string }[]
  attribution: { code: string | null, channels: string[], baseline: Attribution | null, during: Attribution | null, lag: Attribution | null } | null
  spikeRule: { method: string, alpha: number, minSigma: number, minCount: number }
  text: { headline: Localized, summary: Localized }
}
export interface CampaignEffect extends PeriodEffect { campaign: Campaign }

export interface InterventionPlace { lat: number, lon: number, radiusMetres: number }
export interface Intervention {
  id: string
  kind: string
  name: string
  startedOn: string
  endedOn: string | null
  place: InterventionPlace | null
  area: unknown
  notes: string | null
  createdBy: string | null
  createdAt: string
  updatedBy: string | null
  updatedAt: string
}
export interface InterventionInput {
  kind: string
  name: string
  startedOn: string
  endedOn: string | null
  place: InterventionPlace | null
  area: null
  notes: string | null
}
export interface GroupCounts { before: number, after: number, rateRatio: number | null, ci95: Interval | null }
export interface InterventionEffect {
  intervention: Intervention
  status: 'ok' | 'not-enough-data' | 'too-early'
  dataThrough: string
  windows: { before: { from: string, to: string, days: number }, after: { from: string, to: string, days: number } | null }
  cells: { size: number, count: number, areaSquareMetres: number }
  area: GroupCounts
  rest: GroupCounts
  ratioOfRateRatios: { estimate: number | null, ci95: [number, number] | null, pValue: number | null, dispersion: number | null, method: string }
  series: { from: string, to: string, phase: 'before' | 'after', area: number, rest: number }[]
  text: { headline: Localized, summary: Localized }
}

export interface Alert {
  id: string
  day: string
  scope: 'municipality' | 'neighbourhood' | 'category'
  scopeKey: string | null
  method: string
  observed: number
  expected: number
  upperBound: number
  pValue: number
  createdAt: string
  delivery: { state: 'delivered' | 'pending' | 'failed' | 'not-configured', deliveredAt: string | null, attempts: number, lastError: string | null }
  text: Localized
}
export interface AlertList { from: string, to: string, rule: { method: string, alpha: number, minSigma: number, minCount: number }, webhookConfigured: boolean, alerts: Alert[] }

export interface RegisterOptions {
  channels: { id: string, label: Localized }[]
  targetGroups: { id: string, label: Localized }[]
  interventionKinds: { id: string, label: Localized }[]
}

export const loadOptions = (): Promise<RegisterOptions> => getCached<RegisterOptions>('/staff/campaigns/options')
export const loadCampaigns = (): Promise<Campaign[]> => getCached<Campaign[]>('/staff/campaigns')
export const loadCampaign = (id: string): Promise<Campaign> => getCached<Campaign>(`/staff/campaigns/${encodeURIComponent(id)}`)
export const loadCampaignEffect = (id: string, baselineDays?: number): Promise<CampaignEffect> =>
  getCached<CampaignEffect>(`/staff/campaigns/${encodeURIComponent(id)}/effect`, baselineDays ? { baselineDays } : undefined)
export const saveCampaign = (input: CampaignInput, id?: string): Promise<Campaign> =>
  id ? request<Campaign>(`/staff/campaigns/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })
    : request<Campaign>('/staff/campaigns', { method: 'POST', body: input })

export const loadInterventions = (): Promise<Intervention[]> => getCached<Intervention[]>('/staff/interventions')
export const loadInterventionEffect = (id: string): Promise<InterventionEffect> => getCached<InterventionEffect>(`/staff/interventions/${encodeURIComponent(id)}/effect`)
export const saveIntervention = (input: InterventionInput): Promise<Intervention> => request<Intervention>('/staff/interventions', { method: 'POST', body: input })

export const loadAlertList = (range: { from?: string, to?: string } = {}): Promise<AlertList> => getCached<AlertList>('/staff/alerts', range)
export const loadAlerts = async (range: { from?: string, to?: string } = {}): Promise<Alert[]> => (await loadAlertList(range)).alerts
export const checkAlerts = (): Promise<{ day: string, raised: boolean, alert: Alert | null }> => request('/staff/alerts/check', { method: 'POST', body: {} })

export function optionLabel(list: { id: string, label: Localized }[] | undefined, id: string): string {
  const found = list?.find((o) => o.id === id)
  return found ? pick(found.label) : id
}

/** An alert in one line; the server's own sentence when it has one. */
export function alertSentence(a: Alert): string {
  const text = a.text?.[lang()]
  if (text) return text
  return t('alerts.sentence', { day: fmtDay(a.day), observed: fmtNumber(a.observed), expected: fmtNumber(a.expected, 1), method: a.method })
}

/** "1.83 (95 % interval 1.52–2.20)" with an open upper end as "unbounded". */
export function fmtRatio(r: { rateRatio: number | null, ci95: Interval | [number, number] | null } | null): string {
  if (!r || r.rateRatio === null) return t('campaigns.noEstimate')
  const ci = r.ci95 ? ` (${t('campaigns.interval95')} ${fmtNumber(r.ci95[0], 2)}–${r.ci95[1] === null ? t('campaigns.upperUnbounded') : fmtNumber(r.ci95[1], 2)})` : ''
  return `${fmtNumber(r.rateRatio, 2)}${ci}`
}
