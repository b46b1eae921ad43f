// /api/v1/staff/alerts: spike alerts, a check on demand, and the webhook they are sent to; issues carry field error codes.
import { z } from 'zod'
import { withCodes as c } from '../report-schema.js'
import { Day, Localized } from './common.js'
import { SpikeRuleOut } from './effects.js'

export const SpikeScope = z.enum(['municipality', 'neighbourhood', 'category'])
export type SpikeScope = z.infer<typeof SpikeScope>

export const SpikeSignalOut = z.object({
  scope: SpikeScope,
  key: z.string().nullable(),
  observed: z.number().int(),
  expected: z.number().describe('EARS baseline mean'),
  upperBound: z.number().describe('EARS alarm threshold'),
  weekdayExpected: z.number().describe('Mean of the same weekday in the 4 weeks before'),
  pValue: z.number().describe('Exact Poisson test of the day against those 4 days'),
})
export type SpikeSignalOut = z.infer<typeof SpikeSignalOut>

export const AlertDelivery = z.object({
  state: z.enum(['delivered', 'pending', 'failed', 'not-configured']),
  deliveredAt: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
})
export type AlertDelivery = z.infer<typeof AlertDelivery>

export const AlertOut = z.object({
  id: z.string(),
  day: z.string(),
  scope: SpikeScope,
  scopeKey: z.string().nullable(),
  method: z.string(),
  observed: z.number().int(),
  expected: z.number(),
  upperBound: z.number(),
  weekdayExpected: z.number(),
  pValue: z.number(),
  signals: z.array(SpikeSignalOut).describe('Every series that alarmed that day, the headline first'),
  createdAt: z.string(),
  delivery: AlertDelivery,
  text: Localized,
})
export type AlertOut = z.infer<typeof AlertOut>

export const AlertsQuery = z.object({ from: Day.optional(), to: Day.optional() })

export const AlertList = z.object({ from: z.string(), to: z.string(), rule: SpikeRuleOut, webhookConfigured: z.boolean(), alerts: z.array(AlertOut) })
export type AlertList = z.infer<typeof AlertList>

export const CheckBody = z.object({ day: Day.optional().describe('Default: yesterday. Today may be checked; its count is still growing.') }, c).strict()

export const CheckResult = z.object({ day: z.string(), raised: z.boolean(), alert: AlertOut.nullable() })
export type CheckResult = z.infer<typeof CheckResult>

export const AlertSettingsBody = z
  .object({
    webhookUrl: z.url({ protocol: /^https?$/, ...c }).max(2000, c).nullable().describe('POST target for alerts; null turns the webhook off'),
    rotateSecret: z.boolean(c).default(false).describe('Make a new signing secret (one is made when the first URL is set)'),
  }, c)
  .strict()

export const AlertSettingsOut = z.object({
  webhookUrl: z.string().nullable(),
  hasSecret: z.boolean(),
  secret: z.string().optional().describe('Shown once, when made: verify X-Meldpunt-Signature (sha256=HMAC of the body) with it'),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
})
export type AlertSettingsOut = z.infer<typeof AlertSettingsOut>
