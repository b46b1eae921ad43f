// Request and response schemas of the spike alert routes; issues carry field error codes.
import { withCodes } from '@meldpunt/core'
import { z } from 'zod'
import { Day, Localized } from '../campaigns/schemas.js'

const c = withCodes

const Signal = z.object({
  scope: z.enum(['municipality', 'neighbourhood', 'category']),
  key: z.string().nullable(),
  observed: z.number().int(),
  expected: z.number().describe('EARS baseline mean'),
  upperBound: z.number().describe('EARS alarm threshold'),
  weekdayExpected: z.number().describe('Mean of the same weekday in the 4 weeks before'),
  pValue: z.number().describe('Exact Poisson test of the day against those 4 days'),
})

export const AlertOut = z.object({
  id: z.string(),
  day: z.string(),
  scope: z.enum(['municipality', 'neighbourhood', 'category']),
  scopeKey: z.string().nullable(),
  method: z.string(),
  observed: z.number().int(),
  expected: z.number(),
  upperBound: z.number(),
  weekdayExpected: z.number(),
  pValue: z.number(),
  signals: z.array(Signal).describe('Every series that alarmed that day, the headline first'),
  createdAt: z.string(),
  delivery: z.object({
    state: z.enum(['delivered', 'pending', 'failed', 'not-configured']),
    deliveredAt: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
  }),
  text: Localized,
})

export const AlertsQuery = z.object({ from: Day.optional(), to: Day.optional() })

export const CheckBody = z.object({ day: Day.optional().describe('Default: yesterday. Today may be checked; its count is still growing.') }, c).strict()

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
