// The help entry a reporter is referred to, as the help route and the intake answer send it.
import { z } from 'zod'

export const HelpEntrySchema = z.object({
  id: z.string(),
  name: z.string(),
  phone: z.string().optional(),
  tel: z.string().optional(),
  url: z.string().optional(),
  text: z.string(),
  urgency: z.string(),
  reason: z.string(),
})
