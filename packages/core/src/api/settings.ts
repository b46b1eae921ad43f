// /api/v1/staff/settings: what a municipality's administrators set for their meldpunt (local help, retention,
// disclosure minimum, public map); the webhook stays under /staff/alerts/settings, where campaign teams set it too.
import { z } from 'zod'
import { FieldErrorCode } from '../field-errors.js'
import { HELP_URGENCIES, HelpService, ReferralCondition } from '../help.js'
import { withCodes as c } from '../report-schema.js'
import { CATEGORY_IDS, LANGS } from '../taxonomy.js'
import { HelpAnswer } from './referral.js'

/** Retention of free text in calendar months; anything longer than ten years is a typo, not a policy. */
export const RETENTION_MONTHS_RANGE = { min: 1, max: 120 } as const
/** The disclosure minimum: never below the programme's 5 (packages/db PROGRAMME_MINIMUM_COUNT). */
export const MINIMUM_CELL_COUNT_RANGE = { min: 5, max: 1000 } as const
export const LOCAL_HELP_SERVICES_MAX = 30

const text = (max: number) => z.string(c).trim().min(1, c).max(max, c)
const LocalText = z.object({ nl: text(300), en: text(300) }, c)

/**
 * When a local service is shown: the referral rules' own conditions (packages/core/src/help.ts ReferralCondition),
 * with categories limited to the taxonomy's. At least one condition; `always: true` means for every report.
 */
export const LocalHelpWhen = z
  .object({
    always: z.literal(true, c).optional(),
    urgent: z.literal(true, c).optional(),
    sexualViolence: z.literal(true, c).optional(),
    discriminatory: z.literal(true, c).optional(),
    categories: z.array(z.enum(CATEGORY_IDS, c), c).min(1, c).max(CATEGORY_IDS.length, c).optional(),
    withinDays: z.number(c).int(c).min(1, c).max(366, c).optional(),
  }, c)
  .strict()
  .refine((w) => Object.values(w).some((v) => v !== undefined), { message: FieldErrorCode.REQUIRED, path: ['always'] })
export type LocalHelpWhen = z.infer<typeof LocalHelpWhen>

/** A service of the municipality's own, as the settings form edits it: the service and the one rule that shows it. */
export const LocalHelpService = z
  .object({
    /** Given for an existing service; a new one gets `local-<name>`. The id of a national service replaces that service. */
    id: HelpService.shape.id.optional(),
    name: LocalText,
    /** As people read it, e.g. `020 123 4567`; the `tel:` link is derived from it. */
    phone: z.string(c).trim().min(3, c).max(40, c).regex(/^\+?[\d\s()-]+$/, c).optional(),
    url: z.url({ protocol: /^https$/, ...c }).max(500, c).optional(),
    text: LocalText,
    /** ISO 639-1 codes of the languages the service speaks. */
    languages: z.array(z.string(c).regex(/^[a-z]{2,3}$/, c), c).max(12, c).optional(),
    urgency: z.enum(HELP_URGENCIES, c),
    when: LocalHelpWhen,
    /** Lower comes first among services of the same urgency (national rules use 0–50). */
    priority: z.number(c).int(c).min(0, c).max(1000, c).default(40),
  }, c)
  .strict()
  .refine((s) => s.phone !== undefined || s.url !== undefined, { message: FieldErrorCode.REQUIRED, path: ['phone'] })
export type LocalHelpService = z.infer<typeof LocalHelpService>
export type LocalHelpServiceInput = z.input<typeof LocalHelpService>

export const LocalHelpSettings = z.object({ services: z.array(LocalHelpService, c).max(LOCAL_HELP_SERVICES_MAX, c) }, c).strict()
export type LocalHelpSettings = z.infer<typeof LocalHelpSettings>

export const LocalHelpServiceOut = z.object({
  id: z.string(),
  name: z.object({ nl: z.string(), en: z.string() }),
  phone: z.string().optional(),
  url: z.string().optional(),
  text: z.object({ nl: z.string(), en: z.string() }),
  languages: z.array(z.string()).optional(),
  urgency: z.enum(HELP_URGENCIES),
  when: ReferralCondition,
  priority: z.number(),
})
export type LocalHelpServiceOut = z.infer<typeof LocalHelpServiceOut>

export const MunicipalSettings = z.object({
  municipality: z.object({ code: z.string(), name: z.string() }),
  help: z.object({ services: z.array(LocalHelpServiceOut) }),
  retentionMonths: z.number().int(),
  minimumCellCount: z.number().int(),
  publicMap: z.boolean().describe('Whether /api/v1/public serves this municipality\'s map and weekly series'),
  limits: z.object({
    retentionMonths: z.object({ min: z.number(), max: z.number() }),
    minimumCellCount: z.object({ min: z.number(), max: z.number() }),
  }),
})
export type MunicipalSettings = z.infer<typeof MunicipalSettings>

export const SettingsPatch = z
  .object({
    retentionMonths: z.number(c).int(c).min(RETENTION_MONTHS_RANGE.min, c).max(RETENTION_MONTHS_RANGE.max, c).optional(),
    minimumCellCount: z.number(c).int(c).min(MINIMUM_CELL_COUNT_RANGE.min, c).max(MINIMUM_CELL_COUNT_RANGE.max, c).optional(),
    publicMap: z.boolean(c).optional(),
  }, c)
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: FieldErrorCode.REQUIRED, path: ['retentionMonths'] })
export type SettingsPatch = z.infer<typeof SettingsPatch>

/** The help screen a resident would see for one situation, with the draft services instead of the saved ones. */
export const HelpPreviewBody = z
  .object({
    help: LocalHelpSettings,
    category: z.enum(CATEGORY_IDS, c),
    urgent: z.boolean(c).default(false),
    /** The resident said it was about who they are. */
    discriminatory: z.boolean(c).default(false),
    lang: z.enum(LANGS, c).default('nl'),
  }, c)
  .strict()
export type HelpPreviewBody = z.input<typeof HelpPreviewBody>

export const HelpPreview = HelpAnswer
export type HelpPreview = z.infer<typeof HelpPreview>

/** What a test delivery to the webhook gave. */
export const WebhookTestResult = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  error: z.string().nullable().describe('A class only (address not allowed, not reachable, HTTP <status>), never the receiver\'s words'),
})
export type WebhookTestResult = z.infer<typeof WebhookTestResult>
