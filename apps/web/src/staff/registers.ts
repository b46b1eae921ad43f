// Client of the campaign, intervention, effect and alert endpoints; their answer shapes come from @meldpunt/core/api.
import type {
  AlertList,
  AlertOut,
  CampaignEffectOut,
  CampaignOut,
  CheckResult,
  InterventionEffectOut,
  InterventionOut,
  Interval,
  LocalizedOption,
  NewCampaignBody,
  NewInterventionBody,
  RegisterOptions,
} from '@meldpunt/core/api'
import { getCached, request } from './api.js'
import { fmtDay, fmtNumber, lang, pick, t } from './i18n/index.js'

/** What the campaign form sends: the ids come from the register options, which the server checks against its lists. */
export type CampaignInput = Omit<NewCampaignBody, 'channels' | 'targetGroups'> & { channels: string[], targetGroups: string[] }
/** What the intervention form sends: a place picked on the map, never a drawn area. */
export type InterventionInput = Omit<NewInterventionBody, 'kind' | 'area'> & { kind: string, area: null }

export const loadOptions = (): Promise<RegisterOptions> => getCached<RegisterOptions>('/staff/campaigns/options')
export const loadCampaigns = (): Promise<CampaignOut[]> => getCached<CampaignOut[]>('/staff/campaigns')
export const loadCampaign = (id: string): Promise<CampaignOut> => getCached<CampaignOut>(`/staff/campaigns/${encodeURIComponent(id)}`)
export const loadCampaignEffect = (id: string, baselineDays?: number, comparison?: string): Promise<CampaignEffectOut> => {
  const params = { ...(baselineDays ? { baselineDays } : {}), ...(comparison ? { comparison } : {}) }
  return getCached<CampaignEffectOut>(`/staff/campaigns/${encodeURIComponent(id)}/effect`, Object.keys(params).length ? params : undefined)
}
export const saveCampaign = (input: CampaignInput, id?: string): Promise<CampaignOut> =>
  id ? request<CampaignOut>(`/staff/campaigns/${encodeURIComponent(id)}`, { method: 'PATCH', body: input })
    : request<CampaignOut>('/staff/campaigns', { method: 'POST', body: input })

export const loadInterventions = (): Promise<InterventionOut[]> => getCached<InterventionOut[]>('/staff/interventions')
export const loadInterventionEffect = (id: string): Promise<InterventionEffectOut> => getCached<InterventionEffectOut>(`/staff/interventions/${encodeURIComponent(id)}/effect`)
export const saveIntervention = (input: InterventionInput): Promise<InterventionOut> => request<InterventionOut>('/staff/interventions', { method: 'POST', body: input })

export const loadAlertList = (range: { from?: string, to?: string } = {}): Promise<AlertList> => getCached<AlertList>('/staff/alerts', range)
export const loadAlerts = async (range: { from?: string, to?: string } = {}): Promise<AlertOut[]> => (await loadAlertList(range)).alerts
export const checkAlerts = (): Promise<CheckResult> => request('/staff/alerts/check', { method: 'POST', body: {} })

export function optionLabel(list: LocalizedOption[] | undefined, id: string): string {
  const found = list?.find((o) => o.id === id)
  return found ? pick(found.label) : id
}

/** An alert in one line; the server's own sentence when it has one. */
export function alertSentence(a: AlertOut): string {
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
