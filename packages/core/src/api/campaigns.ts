// /api/v1/staff/campaigns: the campaign register, its link and QR code, its register options and each campaign's effect.
import { z } from 'zod'
import { withCodes as c } from '../report-schema.js'
import { Day, LocalizedOption } from './common.js'
import { ComparisonChoice, PeriodEffectOut } from './effects.js'
import { CAMPAIGN_CHANNELS, CampaignCode, intIn, periodRefine, PolygonGeometry, registerText, TARGET_GROUPS, uniqueList } from './register-fields.js'

const CampaignFields = {
  code: CampaignCode.describe('3–24 letters, digits or dashes; stored upper-case; unique in the municipality'),
  name: registerText(200).min(1, c),
  startsOn: Day,
  endsOn: Day.describe('Last day of the campaign (inclusive)'),
  lagDays: z.number(c).int(c).min(0, c).max(90, c).describe('Days after the end measured as an after-effect'),
  channels: uniqueList(CAMPAIGN_CHANNELS).min(1, c).describe(`Where the campaign ran: ${CAMPAIGN_CHANNELS.join(', ')} (the "heard via" answers)`),
  targetGroups: uniqueList(TARGET_GROUPS).describe(`Who it addressed: ${TARGET_GROUPS.join(', ')}`),
  area: PolygonGeometry.nullable(),
  notes: registerText(4000).nullable(),
}

export const NewCampaign = z
  .object({
    ...CampaignFields,
    code: CampaignFields.code.optional().describe('Leave out to have one generated'),
    lagDays: CampaignFields.lagDays.default(14),
    targetGroups: CampaignFields.targetGroups.default([]),
    area: CampaignFields.area.default(null),
    notes: CampaignFields.notes.default(null),
  }, c)
  .strict()
  .superRefine(periodRefine('startsOn', 'endsOn'))
export type NewCampaign = z.infer<typeof NewCampaign>
/** The body as a client writes it (defaults may be left out). */
export type NewCampaignBody = z.input<typeof NewCampaign>

export const CampaignPatch = z
  .object(CampaignFields, c)
  .partial()
  .strict()
  .superRefine(periodRefine('startsOn', 'endsOn'))
export type CampaignPatch = z.infer<typeof CampaignPatch>

export const CampaignOut = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  lagDays: z.number().int(),
  channels: z.array(z.string()),
  targetGroups: z.array(z.string()),
  area: z.unknown().nullable().describe('GeoJSON (Multi)Polygon or null'),
  notes: z.string().nullable(),
  link: z.string().describe('Relative link that opens the report flow with the code as "heard via": /?c=CODE'),
  url: z.string().describe('The link as an absolute URL (PUBLIC_BASE_URL, else the address of this request)'),
  qrSvg: z.string().describe('Path of the QR code (SVG) of `url`'),
  createdBy: z.string().nullable().describe('Email of who entered it, kept after the account is gone'),
  createdAt: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
})
export type CampaignOut = z.infer<typeof CampaignOut>

export const CampaignList = z.array(CampaignOut)

const OptionList = z.array(LocalizedOption)
export const RegisterOptions = z.object({ channels: OptionList, targetGroups: OptionList, interventionKinds: OptionList })
export type RegisterOptions = z.infer<typeof RegisterOptions>

export const CampaignEffectQuery = z.object({
  baselineDays: intIn(14, 364).default(56).describe('Days before the start the campaign is compared with (default 8 weeks)'),
  comparison: ComparisonChoice,
})

export const CampaignEffectOut = PeriodEffectOut.extend({ campaign: CampaignOut })
export type CampaignEffectOut = z.infer<typeof CampaignEffectOut>
