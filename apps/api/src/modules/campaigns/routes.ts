// /api/v1/staff/campaigns: the campaign register, its link and QR code, and each campaign's effect.
import {
  CAMPAIGN_ROLES,
  CampaignEffectOut,
  CampaignEffectQuery,
  CampaignList,
  CampaignOut,
  CampaignPatch,
  IdParams,
  NewCampaign,
  Problem,
  RegisterOptions,
} from '@meldpunt/core/api'
import { writeAudit } from '@meldpunt/db'
import type { FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { randomInt } from 'node:crypto'
import QRCode from 'qrcode'
import { z } from 'zod'
import { sendText } from '../../lib/send-text.js'
import { createCampaign, deleteCampaign, getCampaign, listCampaigns, updateCampaign, type Campaign } from './service.js'
import { registerAdminRoutes } from '../registers/routes.js'
import { comparisonSeries } from '../effects/comparison.js'
import { measuredDays, periodEffect } from '../effects/service.js'
import { registerOptions } from './register-options.js'
import { actorOf, municipalityOf, tenantRead } from '../staff/context.js'

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

/** No 0/O or 1/I/L: a code is read off a poster and typed in by hand. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
function generatedCode(): string {
  return Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')
}

const campaigns: FastifyPluginAsyncZod = async (app) => {
  // Never from the request: Host and the scheme are the client's to choose, so a printed QR code could point at an
  // attacker's site. Unset, the server's own address stands in (right for a demo; production sets PUBLIC_BASE_URL).
  const ownAddress = `http://${app.config.HOST === '0.0.0.0' || app.config.HOST === '::' ? '127.0.0.1' : app.config.HOST}:${app.config.PORT}`
  const base = (app.config.PUBLIC_BASE_URL ?? ownAddress).replace(/\/+$/, '')
  const publicBase = (_req: FastifyRequest): string => base
  const out = (req: FastifyRequest, c: Campaign): CampaignOut => ({
    ...c,
    url: `${publicBase(req)}${c.link}`,
    qrSvg: `/api/v1/staff/campaigns/${c.id}/qr.svg`,
  })
  const effectContext = () => ({ dataThrough: app.spikes.dataThrough(), spikeRule: app.spikes.rule })
  await app.register(registerAdminRoutes('campaign', deleteCampaign))

  app.get(
    '/options',
    {
      schema: {
        summary: 'Channels, target groups and intervention kinds the register offers',
        tags: ['campaigns'],
        response: { 200: RegisterOptions, 401: Problem, 403: Problem },
      },
    },
    async (req) => {
      municipalityOf(req, ['analyst', ...CAMPAIGN_ROLES])
      return registerOptions()
    },
  )

  app.get(
    '/',
    { schema: { summary: 'Campaigns of your municipality, newest first', tags: ['campaigns'], response: { 200: CampaignList, 401: Problem, 403: Problem } } },
    async (req) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      return (await tenantRead(req, m, (tx) => listCampaigns(tx, m))).map((c) => out(req, c))
    },
  )

  app.post(
    '/',
    {
      schema: {
        summary: 'Register a campaign',
        description: 'The code (given or generated) goes on the campaign\'s link and QR code; reports that come in through it name the campaign.',
        tags: ['campaigns'],
        body: NewCampaign,
        response: { 201: CampaignOut, 409: Problem, 422: Problem, ...errors },
      },
    },
    async (req, reply) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      const actor = actorOf(req)
      const created = await tenantRead(req, m, async (tx) => {
        const c = await createCampaign(tx, m, { ...req.body, code: req.body.code ?? generatedCode() }, actor)
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'campaign.create', resource: `campaign:${c.id}` })
        return c
      })
      return reply.code(201).send(out(req, created))
    },
  )

  app.get(
    '/:id',
    { schema: { summary: 'One campaign', tags: ['campaigns'], params: IdParams, response: { 200: CampaignOut, ...errors } } },
    async (req) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      return out(req, await tenantRead(req, m, (tx) => getCampaign(tx, m, req.params.id)))
    },
  )

  app.patch(
    '/:id',
    {
      schema: {
        summary: 'Change a campaign',
        description: 'Only the fields given change; `area: null` removes the area.',
        tags: ['campaigns'],
        params: IdParams,
        body: CampaignPatch,
        response: { 200: CampaignOut, 409: Problem, 422: Problem, ...errors },
      },
    },
    async (req) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      const actor = actorOf(req)
      return out(
        req,
        await tenantRead(req, m, async (tx) => {
          const c = await updateCampaign(tx, m, req.params.id, req.body, actor)
          await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'campaign.update', resource: `campaign:${c.id}`, detail: { fields: Object.keys(req.body) } })
          return c
        }),
      )
    },
  )

  app.get(
    '/:id/qr.svg',
    {
      schema: {
        summary: 'QR code (SVG) of the campaign link',
        tags: ['campaigns'],
        params: IdParams,
        response: { 200: z.string().describe('image/svg+xml'), ...errors },
      },
    },
    async (req, reply) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      const c = await tenantRead(req, m, (tx) => getCampaign(tx, m, req.params.id))
      // Error correction M survives a poster's wear; the quiet zone of 4 modules is what scanners expect.
      const svg = await QRCode.toString(`${publicBase(req)}${c.link}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
      reply.header('content-disposition', `inline; filename="campaign-${c.code}.svg"`)
      return sendText(reply, svg, 'image/svg+xml; charset=utf-8')
    },
  )

  app.get(
    '/:id/effect',
    {
      schema: {
        summary: 'Campaign effect: series with baseline band and spikes, rate ratios during and after, attribution, plain text',
        description:
          'Reports per day during the campaign (and in its lag window) against the baselineDays before it, weekday-adjusted (Poisson GLM ' +
          'with weekday factors, quasi-Poisson 95 % interval). Attribution counts reports naming the campaign code or one of its channels.',
        tags: ['campaigns'],
        params: IdParams,
        querystring: CampaignEffectQuery,
        response: { 200: CampaignEffectOut, ...errors },
      },
    },
    async (req) => {
      const m = municipalityOf(req, CAMPAIGN_ROLES)
      const actor = actorOf(req)
      // The campaign's dates first; then the comparison group's summed series as the national reader, outside the tenant
      // transaction (PGlite has one connection); then the effect itself.
      const found = await tenantRead(req, m, (tx) => getCampaign(tx, m, req.params.id))
      const spec = { kind: 'campaign' as const, from: found.startsOn, to: found.endsOn, lagDays: found.lagDays, baselineDays: req.query.baselineDays, code: found.code, channels: found.channels }
      const ctx = effectContext()
      const chosen = req.query.comparison
      const comparison = await comparisonSeries(app.db, { municipality: m, ...measuredDays(spec, ctx.dataThrough), ...(chosen ? { chosen } : {}) })
      return tenantRead(req, m, async (tx) => {
        const c = await getCampaign(tx, m, req.params.id)
        const effect = await periodEffect(tx, m, spec, { ...ctx, comparison })
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'campaign.effect', resource: `campaign:${c.id}`, detail: { baselineDays: req.query.baselineDays } })
        return { ...effect, campaign: out(req, c) }
      })
    },
  )
}

export default campaigns
