// /healthz and /readyz.
import { z } from 'zod'
import { Problem } from '../errors.js'

export const Healthy = z.object({ status: z.literal('ok') })

export const Ready = z.object({ status: z.literal('ready'), database: z.string() })

/** Not ready: a problem (503) whose `reason` says why, for a balancer's log. */
export const Unavailable = Problem.extend({ reason: z.string() })
export type Unavailable = z.infer<typeof Unavailable>
