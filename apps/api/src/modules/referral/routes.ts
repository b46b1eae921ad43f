// GET /api/v1/taxonomy and /api/v1/help: the categories people choose from and the help they are referred to.
import { buildReferrals, localizeTaxonomy, type MunicipalityHelpOverrides } from '@meldpunt/core'
import { HelpAnswer, HelpQuery, LangQuery } from '@meldpunt/core/api'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { pickLang } from '../../lib/language.js'
import { municipalitySettings } from '../municipalities/repository.js'
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
        querystring: HelpQuery,
        response: { 200: HelpAnswer },
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
