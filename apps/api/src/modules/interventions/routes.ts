// /api/v1/staff/interventions: the register of measures taken at places, and each one's before/after effect.
import {
  IdParams,
  InterventionEffectOut,
  InterventionEffectQuery,
  InterventionList,
  InterventionOut,
  InterventionPatch,
  MUNICIPAL_ROLES,
  NewIntervention,
  Problem,
} from '@meldpunt/core/api'
import { writeAudit } from '@meldpunt/db'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { interventionEffect } from './effect.js'
import { createIntervention, deleteIntervention, getIntervention, listInterventions, updateIntervention } from './service.js'
import { registerAdminRoutes } from '../registers/routes.js'
import { actorOf, municipalityOf, tenantRead } from '../staff/context.js'

/** Analysts weigh what changed at a place as much as campaign teams do. */
const INTERVENTION_ROLES = MUNICIPAL_ROLES

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem }

const interventions: FastifyPluginAsyncZod = async (app) => {
  await app.register(registerAdminRoutes('intervention', deleteIntervention))
  app.get(
    '/',
    { schema: { summary: 'Interventions of your municipality, newest first', tags: ['campaigns'], response: { 200: InterventionList, 401: Problem, 403: Problem } } },
    async (req) => {
      const m = municipalityOf(req, INTERVENTION_ROLES)
      return tenantRead(req, m, (tx) => listInterventions(tx, m))
    },
  )

  app.post(
    '/',
    {
      schema: {
        summary: 'Register an intervention at a place (point and radius) or in an area',
        tags: ['campaigns'],
        body: NewIntervention,
        response: { 201: InterventionOut, 422: Problem, ...errors },
      },
    },
    async (req, reply) => {
      const m = municipalityOf(req, INTERVENTION_ROLES)
      const actor = actorOf(req)
      const created = await tenantRead(req, m, async (tx) => {
        const i = await createIntervention(tx, m, req.body, actor)
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'intervention.create', resource: `intervention:${i.id}` })
        return i
      })
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/:id',
    { schema: { summary: 'One intervention', tags: ['campaigns'], params: IdParams, response: { 200: InterventionOut, ...errors } } },
    async (req) => {
      const m = municipalityOf(req, INTERVENTION_ROLES)
      return tenantRead(req, m, (tx) => getIntervention(tx, m, req.params.id))
    },
  )

  app.patch(
    '/:id',
    {
      schema: {
        summary: 'Change an intervention',
        description: 'Only the fields given change. Giving a place replaces the area, and the other way round.',
        tags: ['campaigns'],
        params: IdParams,
        body: InterventionPatch,
        response: { 200: InterventionOut, 422: Problem, ...errors },
      },
    },
    async (req) => {
      const m = municipalityOf(req, INTERVENTION_ROLES)
      const actor = actorOf(req)
      return tenantRead(req, m, async (tx) => {
        const i = await updateIntervention(tx, m, req.params.id, req.body, actor)
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'intervention.update', resource: `intervention:${i.id}`, detail: { fields: Object.keys(req.body) } })
        return i
      })
    },
  )

  app.get(
    '/:id/effect',
    {
      schema: {
        summary: 'Before/after around the intervention against the rest of the municipality',
        description:
          'Reports per day in the 100 m cells overlapping the place or area, windowDays before and after the start day, against the rest of the ' +
          'municipality: the ratio of rate ratios exp(β) of the area × after term of a Poisson GLM on daily counts with weekday factors ' +
          '(difference in differences), Wald 95 % interval widened by √max(1, dispersion).',
        tags: ['campaigns'],
        params: IdParams,
        querystring: InterventionEffectQuery,
        response: { 200: InterventionEffectOut, ...errors },
      },
    },
    async (req) => {
      const m = municipalityOf(req, INTERVENTION_ROLES)
      const actor = actorOf(req)
      return tenantRead(req, m, async (tx) => {
        const i = await getIntervention(tx, m, req.params.id)
        const effect = await interventionEffect(tx, m, i, { windowDays: req.query.windowDays, dataThrough: app.spikes.dataThrough() })
        await writeAudit(tx, { staffUserId: actor.userId, municipalityCode: m, action: 'intervention.effect', resource: `intervention:${i.id}`, detail: { windowDays: req.query.windowDays } })
        return { ...effect, intervention: i }
      })
    },
  )
}

export default interventions
