// GET /api/v1/challenge: the ALTCHA proof-of-work challenge, passed through whole because its parameters are signed.
import { z } from 'zod'

export const Challenge = z.object({
  parameters: z
    .object({
      algorithm: z.string(),
      nonce: z.string(),
      salt: z.string(),
      cost: z.number(),
      keyLength: z.number(),
      keyPrefix: z.string(),
      keySignature: z.string().optional(),
      expiresAt: z.number().optional(),
    })
    .loose(),
  signature: z.string().optional(),
})
export type Challenge = z.infer<typeof Challenge>
