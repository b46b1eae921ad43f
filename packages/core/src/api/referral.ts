// GET /api/v1/taxonomy and /api/v1/help: the help entries a reporter is referred to (also part of the intake answer).
import { z } from 'zod'
import { HELP_URGENCIES } from '../help.js'
import { CATEGORY_IDS } from '../taxonomy.js'
import { LangQuery, MunicipalityCode } from './common.js'

export const HelpEntry = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().optional(),
  tel: z.string().optional(),
  url: z.string().optional(),
  text: z.string(),
  urgency: z.enum(HELP_URGENCIES),
  reason: z.string(),
  /** ISO 639-1 codes of the languages the service speaks, when the municipality said so. */
  languages: z.array(z.string()).optional(),
})
export type HelpEntry = z.infer<typeof HelpEntry>

export const HelpQuery = LangQuery.extend({
  category: z.enum(CATEGORY_IDS),
  urgent: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  municipality: MunicipalityCode.optional(),
})

export const HelpAnswer = z.object({ help: z.array(HelpEntry) })
export type HelpAnswer = z.infer<typeof HelpAnswer>
