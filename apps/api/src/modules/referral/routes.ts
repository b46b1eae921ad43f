// GET /api/v1/taxonomy and /api/v1/help: the categories people choose from and the help they are referred to.
import { buildReferrals, CATEGORY_IDS, localizeTaxonomy, type MunicipalityHelpOverrides } from '@meldpunt/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { LangQuery, pickLang } from '../../lib/language.js'
import { municipalitySettings } from '../municipalities/repository.js'
import { HelpEntrySchema } from './schemas.js'
import { helpOverrides } from './service.js'

const help: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/taxonomy',
    { schema: { summary: 'Categories, settings and answer options with labels', tags: ['public'], querystring: LangQuery } },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=3600')
      return localizeTaxonomy(pickLang(req))
    },
  )

  app.get(
    '/help',
    {
      schema: {
        summary: 'Help and referral for a kind of incident, most urgent first',
        tags: ['public'],
        querystring: LangQuery.extend({
          category: z.enum(CATEGORY_IDS),
          urgent: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
          municipality: z.string().regex(/^GM\d{4}$/).optional(),
        }),
        response: { 200: z.object({ help: z.array(HelpEntrySchema) }) },
      },
    },
    async (req) => {
      let overrides: MunicipalityHelpOverrides | undefined
      if (req.query.municipality) {
        overrides = helpOverrides((await municipalitySettings(app.db, req.query.municipality)) ?? {})
      }
      return { help: buildReferrals({ category: req.query.category, urgent: req.query.urgent, overrides, lang: pickLang(req) }) }
    },
  )
}

export default help
