// The language of a public answer: `?lang=`, then Accept-Language, then Dutch.
import { LANGS, type Lang } from '@meldpunt/core'
import type { FastifyRequest } from 'fastify'

/** `?lang=` wins, then the first supported language in Accept-Language, then Dutch. */
export function pickLang(req: FastifyRequest): Lang {
  const q = (req.query as { lang?: Lang } | undefined)?.lang
  if (q) return q
  const header = req.headers['accept-language'] ?? ''
  for (const part of header.split(',')) {
    const tag = part.trim().slice(0, 2).toLowerCase()
    if ((LANGS as readonly string[]).includes(tag)) return tag as Lang
  }
  return 'nl'
}
