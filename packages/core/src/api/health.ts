// /healthz and /readyz.
import { z } from 'zod'

export const Healthy = z.object({ status: z.literal('ok') })

export const Ready = z.object({ status: z.literal('ready'), database: z.string() })

export const Unavailable = z.object({ status: z.literal('unavailable'), reason: z.string() })
export type Unavailable = z.infer<typeof Unavailable>
